// `domfw build` on the examples: every artifact, an xl.cfg that xl 4.17 accepts (peer: the
// xl dry run), the module bundle that core's reader accepts, and all-or-nothing output.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/byte_reader.hpp"
#include "core/module_reader.hpp"
#include "domain/load.hpp"
#include "emit/build_output.hpp"
#include "plan/from_domain.hpp"
#include "plan/loader_file.hpp"
#include "run.hpp"
#include "support/files.hpp"
#include "support/sha256.hpp"
#include "temp_dir.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

const fs::path kExamples = fs::path(DOMFW_SOURCE_DIR) / "examples";

struct Built {
    domain::LoadResult load;
    plan::DomainPlan input;
    plan::BuildPlan plan;
};

Built plan_of(const fs::path& cfg) {
    Built b;
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    b.load = domain::load(cfg, lo);
    EXPECT_TRUE(b.load.ok()) << b.load.diagnostics.render_all(b.load.source);
    auto in = plan::plan_input_from_domain(b.load.config);
    EXPECT_TRUE(in) << (in ? "" : in.error().message);
    if (!in) return b;
    b.input = *in;
    auto p = plan::make_plan(b.input.input);
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    if (p) b.plan = *p;
    return b;
}

// DIR/NAME, absent, in a fresh DIR that the test removes.
fs::path temp_dir(const std::string& name) { return domfw::test::fresh_dir("emit") / name; }

// stdout of a shell command.
std::string run(const std::string& cmd) {
    domfw::test::RunOptions o;
    o.merge_stderr = false;
    return domfw::test::run(cmd, o).out;
}

TEST(BuildOutput, HvmExampleWritesEveryArtifact) {
    if (!fs::exists("/usr/lib/xen-4.17/boot/hvmloader")) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    auto b = plan_of(kExamples / "hvm-passthrough.cfg");
    ASSERT_FALSE(HasFailure());
    const fs::path out = temp_dir("hvm");
    auto r = emit::write_build(b.load.document, b.load.config, b.input, b.plan, out);
    ASSERT_TRUE(r) << r.error().message;
    for (const char* f : {"plan.json", "plan.txt", "memory-map.svg", "launch-log.json", "xenstore.txt",
                          "start_info.bin", "hvm_info_table.bin", "bundle.dfwb", "modules/smbios.dfwm",
                          "modules/acpi.dfwm", "smbios.bin", "acpi.bin", "xl.cfg"})
        EXPECT_TRUE(fs::exists(out / f)) << f;
    auto bundle = support::read_file(out / "bundle.dfwb");
    ASSERT_TRUE(bundle);
    auto v = core::read_bundle(*bundle);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->module_count, 2u);
    // The launch log covers loader, 3 modules, start_info and hvm_info, in load order.
    auto log = nlohmann::json::parse(*support::read_text_file(out / "launch-log.json"));
    ASSERT_EQ(log["entries"].size(), 6u);
    EXPECT_EQ(log["entries"][0]["kind"], "loader");
    EXPECT_EQ(log["entries"][1]["name"], "firmware");
    // xenstore values as libxl writes them.
    const std::string xs = *support::read_text_file(out / "xenstore.txt");
    EXPECT_NE(xs.find("hvmloader/smbios/address = \"0x241000\""), std::string::npos) << xs;
    EXPECT_NE(xs.find("bios-strings/oem-1 = \"domfw example\""), std::string::npos) << xs;

    // Peer: stock xl 4.17 (dry run) accepts the generated xl.cfg and sees the intended fields.
    const fs::path xl = fs::path(DOMFW_SHARED_DIR) / "tools/xl-dryrun/xl_dryrun.sh";
    if (!fs::exists(xl) || !fs::exists("/usr/lib/xen-4.17/bin/xl")) GTEST_SKIP() << "xl dry run is not available";
    const std::string json = run(xl.string() + " " + (out / "xl.cfg").string() + " 2>/dev/null");
    ASSERT_FALSE(json.empty()) << "xl -N create printed nothing";
    auto j = nlohmann::json::parse(json);
    const auto& hvm = j["b_info"]["type.hvm"];
    EXPECT_EQ(hvm["smbios_firmware"], (out / "smbios.bin").string());
    EXPECT_EQ(hvm["acpi_firmware"], (out / "acpi.bin").string());
    EXPECT_EQ(j["b_info"]["max_memkb"], 512 * 1024);
    fs::remove_all(out.parent_path());
}

TEST(BuildOutput, PvhExampleXlSeesKernelRamdiskCmdline) {
    auto b = plan_of(kExamples / "pvh-direct.cfg");
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(b.plan.entry, 0x100000u);
    const fs::path out = temp_dir("pvh");
    auto r = emit::write_build(b.load.document, b.load.config, b.input, b.plan, out);
    ASSERT_TRUE(r) << r.error().message;
    const std::string cfg = *support::read_text_file(out / "xl.cfg");
    EXPECT_EQ(cfg.find("modules"), std::string::npos) << "domfw-only key leaked to xl.cfg";
    const fs::path xl = fs::path(DOMFW_SHARED_DIR) / "tools/xl-dryrun/xl_dryrun.sh";
    if (!fs::exists(xl) || !fs::exists("/usr/lib/xen-4.17/bin/xl")) GTEST_SKIP() << "xl dry run is not available";
    auto j = nlohmann::json::parse(run(xl.string() + " " + (out / "xl.cfg").string() + " 2>/dev/null"));
    EXPECT_EQ(j["b_info"]["kernel"], (kExamples / "firmware/pvh-kernel.elf").lexically_normal().string());
    EXPECT_EQ(j["b_info"]["cmdline"], "console=hvc0 example=1");
    fs::remove_all(out.parent_path());
}

// The real domfw-loader.elf of this build (it sits next to domfw, not next to this test binary,
// so the DOMFW_LOADER override names it; docs/plan.md).
const fs::path kLoader = DOMFW_LOADER_ELF;

struct LoaderEnv {
    LoaderEnv() { ::setenv("DOMFW_LOADER", kLoader.c_str(), 1); }
    ~LoaderEnv() { ::unsetenv("DOMFW_LOADER"); }
    LoaderEnv(const LoaderEnv&) = delete;
    LoaderEnv& operator=(const LoaderEnv&) = delete;
};

std::string blob_name(const core::ModuleView& m) { return {m.blob.name.begin(), m.blob.name.end()}; }

TEST(BuildOutput, PvhPassthroughBootsThroughTheLoaderWithOneBundle) {
    const LoaderEnv env;
    auto b = plan_of(kExamples / "pvh-host-passthrough.cfg");
    ASSERT_FALSE(HasFailure());
    ASSERT_TRUE(b.input.through_loader);
    // Stage 1 on Xen: the loader as the kernel at 1 MiB, the bundle its one module behind it.
    EXPECT_EQ(b.plan.entry, 0x100000u);
    ASSERT_EQ(b.plan.modules.size(), 1u);
    const auto& m = b.plan.modules[0];
    EXPECT_EQ(m.name, "bundle.dfwb");
    EXPECT_EQ(m.cmdline, "");
    ASSERT_EQ(b.plan.stages.size(), 3u);
    const fs::path out = temp_dir("pvh-host");
    auto r = emit::write_build(b.load.document, b.load.config, b.input, b.plan, out);
    ASSERT_TRUE(r) << r.error().message;
    // The loader is copied into DIR: the build is self-contained.
    EXPECT_EQ(*support::read_file(out / "domfw-loader.elf"), *support::read_file(kLoader));
    // The one bundle: kernel, ramdisk, the module with its command line, ACPI, SMBIOS.
    auto bundle = support::read_file(out / "bundle.dfwb");
    ASSERT_TRUE(bundle);
    EXPECT_EQ(bundle->size(), m.size);
    auto v = core::read_bundle(*bundle);
    ASSERT_TRUE(v);
    ASSERT_EQ(v->module_count, 5u);
    std::vector<core::ModuleView> mods;
    for (std::uint32_t i = 0; i < 5; ++i) {
        auto mv = core::bundle_module(*v, i);
        ASSERT_TRUE(mv) << i;
        mods.push_back(*mv);
    }
    EXPECT_EQ(blob_name(mods[0]), "kernel");
    const auto kernel = *support::read_file(kExamples / "firmware/pvh-kernel-16m.elf");
    EXPECT_TRUE(std::equal(mods[0].payload.begin(), mods[0].payload.end(), kernel.begin(), kernel.end()));
    EXPECT_EQ(blob_name(mods[1]), "ramdisk");
    EXPECT_FALSE(mods[1].blob.has_cmdline);
    EXPECT_EQ(blob_name(mods[2]), "user-data");
    EXPECT_EQ(std::string(mods[2].blob.cmdline.begin(), mods[2].blob.cmdline.end()), "ds=nocloud");
    EXPECT_EQ(mods[3].type, DOMFW_MODULE_TYPE_ACPI);
    EXPECT_EQ(mods[4].type, DOMFW_MODULE_TYPE_SMBIOS);
    // Each blob's payload is page-aligned in the bundle, so it is handed on in place.
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ((mods[i].payload.data() - bundle->data()) % 0x1000, 0) << i;
    const auto& handed = b.plan.stages[0].modules;
    ASSERT_EQ(handed.size(), 2u);
    EXPECT_EQ(handed[0].name, "ramdisk");
    EXPECT_EQ(handed[0].paddr - m.paddr, static_cast<std::uint64_t>(mods[1].payload.data() - bundle->data()));
    EXPECT_EQ(handed[1].cmdline, "ds=nocloud");
    // start_info (XEN-FACTS §1): one module, the bundle, with no command line (libxc's ramdisk).
    auto si = support::read_file(out / "start_info.bin");
    ASSERT_TRUE(si);
    const core::ByteReader rd(*si);
    EXPECT_EQ(rd.u32_at(0).value(), 0x336ec578u);
    ASSERT_EQ(rd.u32_at(12).value(), 1u);
    const std::uint64_t modlist = rd.u64_at(16).value() - b.plan.start_info_paddr;
    EXPECT_EQ(rd.u64_at(modlist).value(), m.paddr);
    EXPECT_EQ(rd.u64_at(modlist + 8).value(), m.size);
    EXPECT_EQ(rd.u64_at(modlist + 16).value(), 0u);
    EXPECT_EQ(rd.u64_at(32).value(), 0xFC008000u) << "Xen 4.17's PVH RSDP";
    // Measured: the loader, then the bundle.
    auto log = nlohmann::json::parse(*support::read_text_file(out / "launch-log.json"));
    EXPECT_EQ(log["entries"][1]["sha256"], support::sha256_hex(*bundle));
    EXPECT_FALSE(fs::exists(out / "smbios.bin"));
    EXPECT_FALSE(fs::exists(out / "acpi.bin"));
    const std::string cfg = *support::read_text_file(out / "xl.cfg");
    EXPECT_NE(cfg.find("kernel = \"" + (out / "domfw-loader.elf").string() + "\"\n"), std::string::npos) << cfg;
    EXPECT_NE(cfg.find("ramdisk = \"" + (out / "bundle.dfwb").string() + "\"\n"), std::string::npos) << cfg;
    EXPECT_EQ(cfg.find("_passthrough"), std::string::npos) << cfg;
    EXPECT_EQ(cfg.find("modules"), std::string::npos) << cfg;
    // Stock xl 4.17 accepts it: the loader as kernel, the bundle as ramdisk, the cmdline unchanged.
    const fs::path xl = fs::path(DOMFW_SHARED_DIR) / "tools/xl-dryrun/xl_dryrun.sh";
    if (!fs::exists(xl) || !fs::exists("/usr/lib/xen-4.17/bin/xl")) GTEST_SKIP() << "xl dry run is not available";
    auto j = nlohmann::json::parse(run(xl.string() + " " + (out / "xl.cfg").string() + " 2>/dev/null"));
    EXPECT_EQ(j["b_info"]["kernel"], (out / "domfw-loader.elf").string());
    EXPECT_EQ(j["b_info"]["ramdisk"], (out / "bundle.dfwb").string());
    EXPECT_EQ(j["b_info"]["cmdline"], "console=hvc0");
    EXPECT_EQ(j["c_info"]["type"], "pvh");
    fs::remove_all(out.parent_path());
}

TEST(BuildOutput, MoreModulesThanXlLoadsGoThroughTheLoader) {
    const LoaderEnv env;
    const fs::path work = temp_dir("modules-kernel");
    fs::create_directories(work);
    fs::copy(kExamples / "firmware", work / "firmware");
    std::ofstream(work / "g.cfg")
        << "name = \"g\"\ntype = \"pvh\"\nmemory = 128\n"
           "modules = [ \"path=firmware/pvh-kernel-16m.elf,cmdline=console=hvc0 quiet\", \"firmware/ramdisk.img\",\n"
           "            \"path=firmware/acpi-64k.bin,cmdline=extra\" ]\n";
    auto b = plan_of(work / "g.cfg");
    ASSERT_FALSE(HasFailure());
    ASSERT_TRUE(b.input.through_loader);
    const fs::path out = work / "out";
    auto r = emit::write_build(b.load.document, b.load.config, b.input, b.plan, out);
    ASSERT_TRUE(r) << r.error().message;
    const auto bytes = *support::read_file(out / "bundle.dfwb");
    auto v = core::read_bundle(bytes);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->module_count, 3u); // kernel, ramdisk, acpi-64k.bin; no pass-through
    auto extra = core::bundle_module(*v, 2);
    ASSERT_TRUE(extra);
    EXPECT_EQ(blob_name(*extra), "acpi-64k.bin");
    EXPECT_EQ(std::string(extra->blob.cmdline.begin(), extra->blob.cmdline.end()), "extra");
    const fs::path xl = fs::path(DOMFW_SHARED_DIR) / "tools/xl-dryrun/xl_dryrun.sh";
    if (!fs::exists(xl) || !fs::exists("/usr/lib/xen-4.17/bin/xl")) GTEST_SKIP() << "xl dry run is not available";
    auto j = nlohmann::json::parse(run(xl.string() + " " + (out / "xl.cfg").string() + " 2>/dev/null"));
    EXPECT_EQ(j["b_info"]["kernel"], (out / "domfw-loader.elf").string());
    EXPECT_EQ(j["b_info"]["ramdisk"], (out / "bundle.dfwb").string());
    EXPECT_EQ(j["b_info"]["cmdline"], "console=hvc0 quiet");
    fs::remove_all(work.parent_path());
}

TEST(BuildOutput, TheLoaderIsLookedForAndNamedWhenMissing) {
    ::setenv("DOMFW_LOADER", "/nonexistent/domfw-loader.elf", 1);
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    auto load = domain::load(kExamples / "pvh-host-passthrough.cfg", lo);
    ASSERT_TRUE(load.ok());
    auto in = plan::plan_input_from_domain(load.config);
    ::unsetenv("DOMFW_LOADER");
    ASSERT_FALSE(in);
    EXPECT_EQ(in.error().message, "DOMFW_LOADER names '/nonexistent/domfw-loader.elf', which is not a regular file");
    // Without the override: every place looked at is named (the test binary's directory first).
    auto missing = plan::plan_input_from_domain(load.config);
    ASSERT_FALSE(missing);
    const auto places = plan::loader_search_path();
    ASSERT_GE(places.size(), 3u);
    EXPECT_EQ(places[0].filename(), "domfw-loader.elf");
    EXPECT_NE(missing.error().message.find("domfw-loader.elf not found (looked in " + places[0].string() + ", "),
              std::string::npos)
        << missing.error().message;
    EXPECT_NE(missing.error().message.find("; build the loader target or set DOMFW_LOADER to its path"),
              std::string::npos);
}

TEST(BuildOutput, FailedBuildLeavesThePreviousDirectory) {
    const fs::path work = temp_dir("atomic");
    fs::create_directories(work);
    fs::copy(kExamples / "firmware", work / "firmware");
    std::ofstream(work / "g.cfg") << "name = \"g\"\ntype = \"pvh\"\nmemory = 64\nkernel = \"firmware/pvh-kernel.elf\"\n"
                                     "ramdisk = \"firmware/ramdisk.img\"\n";
    const fs::path out = work / "out";
    {
        auto b = plan_of(work / "g.cfg");
        ASSERT_FALSE(HasFailure());
        ASSERT_TRUE(emit::write_build(b.load.document, b.load.config, b.input, b.plan, out));
    }
    const std::string before = *support::read_text_file(out / "plan.json");
    auto b = plan_of(work / "g.cfg");
    ASSERT_FALSE(HasFailure());
    fs::remove(work / "firmware/ramdisk.img"); // disappears between planning and writing
    auto r = emit::write_build(b.load.document, b.load.config, b.input, b.plan, out);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("ramdisk.img: cannot open"), std::string::npos) << r.error().message;
    EXPECT_EQ(*support::read_text_file(out / "plan.json"), before);
    for (const auto& e : fs::directory_iterator(work))
        EXPECT_EQ(e.path().filename().string().find(".staging"), std::string::npos) << e.path();
    fs::remove_all(work.parent_path());
}

} // namespace

// Boot files are hashed at build time, after planning checked them: one swapped for a FIFO in
// between is refused at once, not waited on (the build would block on a FIFO without a writer).
TEST(BuildOutput, HashingABootFileRefusesAFifoWithoutWaiting) {
    const fs::path dir = temp_dir("fifo");
    fs::create_directories(dir);
    const fs::path fifo = dir / "ramdisk";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto h = emit::sha256_file(fifo);
    ASSERT_FALSE(h.has_value());
    EXPECT_EQ(h.error().message,
              fifo.string() + ": not a regular file (a FIFO): a kernel, ramdisk or module is read from a regular file");
    std::ofstream(dir / "kernel") << "abc";

    auto k = emit::sha256_file(dir / "kernel");
    ASSERT_TRUE(k.has_value());
    EXPECT_EQ(*k, support::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>("abc"), 3)));
}

namespace {
mode_t mode_of(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}
} // namespace

// Whether a file is private is decided once, while planning: the plan records that the ACPI blob
// holds an MSDM and that the SMBIOS blob keeps the host's identity, and emit only reads that.
TEST(BuildOutput, PrivacyIsThePlansDecision) {
    const LoaderEnv loader;
    const fs::path work = temp_dir("privacy-decision");
    fs::create_directories(work);
    fs::copy(kExamples / "firmware", work / "firmware", fs::copy_options::recursive);
    const std::string base = "name = \"g\"\ntype = \"pvh\"\nuuid = \"0b7e2f4a-51c3-4d8e-a9f0-3c6d1e2b4a5f\"\n"
                             "memory = 256\nkernel = \"firmware/pvh-kernel-16m.elf\"\n"
                             "firmware_source = \"firmware/laptop-host\"\nsmbios_passthrough = [ \"0-3\" ]\n";
    std::ofstream(work / "key.cfg") << base << "acpi_passthrough = [ \"MSDM\" ]\n";
    std::ofstream(work / "nokey.cfg") << base << "acpi_passthrough = [ \"SLIC\" ]\n";
    std::ofstream(work / "identity.cfg") << base << "smbios_copy_identity = 1\n";
    std::ofstream(work / "scrubbed.cfg") << base << "smbios_copy_identity = 0\n";
    auto key = plan_of(work / "key.cfg");
    auto nokey = plan_of(work / "nokey.cfg");
    auto identity = plan_of(work / "identity.cfg");
    auto scrubbed = plan_of(work / "scrubbed.cfg");
    ASSERT_FALSE(HasFailure());
    EXPECT_TRUE(key.input.firmware_modules.holds_product_key);
    EXPECT_FALSE(nokey.input.firmware_modules.holds_product_key);
    EXPECT_TRUE(identity.input.smbios_holds_host_identity);
    EXPECT_FALSE(scrubbed.input.smbios_holds_host_identity);
    EXPECT_FALSE(key.input.smbios_holds_host_identity);

    // emit follows the recorded decision, whatever the config's keys say.
    const mode_t old = ::umask(022);
    nokey.input.firmware_modules.holds_product_key = true;
    ASSERT_TRUE(emit::write_build(nokey.load.document, nokey.load.config, nokey.input, nokey.plan, work / "o1"));
    EXPECT_EQ(mode_of(work / "o1"), 0700u);
    EXPECT_EQ(mode_of(work / "o1/modules/acpi.dfwm"), 0600u);
    EXPECT_EQ(mode_of(work / "o1/modules/smbios.dfwm"), 0644u);
    identity.input.smbios_holds_host_identity = false;
    ASSERT_TRUE(
        emit::write_build(identity.load.document, identity.load.config, identity.input, identity.plan, work / "o2"));
    EXPECT_EQ(mode_of(work / "o2/modules/smbios.dfwm"), 0644u);
    EXPECT_EQ(mode_of(work / "o2/bundle.dfwb"), 0644u);
    scrubbed.input.smbios_holds_host_identity = true;
    ASSERT_TRUE(
        emit::write_build(scrubbed.load.document, scrubbed.load.config, scrubbed.input, scrubbed.plan, work / "o3"));
    EXPECT_EQ(mode_of(work / "o3/modules/smbios.dfwm"), 0600u);
    EXPECT_EQ(mode_of(work / "o3/bundle.dfwb"), 0600u);
    ::umask(old);
    fs::remove_all(work.parent_path());
}
