// Differential test against the real `xl -N create` (Debian's xl 4.17 through
// ../shared/tools/xl-dryrun): on every corpus config and on generated configs covering every key
// the model covers, `domfw show --libxl-json` equals xl's JSON for the covered fields, and domfw
// rejects exactly what xl rejects, except for the differences kept on purpose
// (docs/differences-from-xl.md), which are checked to be exactly those.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/keys.hpp"
#include "domain/libxl_json.hpp"
#include "domain/load.hpp"
#include "generators/domain_config_text.hpp"
#include "support/files.hpp"
#include "xl_dryrun.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace domfw;

namespace {

using test::run_xl;
using test::XlRun;

std::string resolve_like_domfw(const std::string& v, const fs::path& dir, bool firmware_name) {
    if (v.empty() || v.front() == '/') return v;
    if (firmware_name && v.find('/') == std::string::npos) return (fs::path(domain::kDefaultFirmwareDir) / v).string();
    return (dir / v).lexically_normal().string();
}

// The host CPUs ../shared/tools/xl-dryrun/xlshim.c reports.
constexpr std::uint64_t kShimCpus = 8;

// Parts of libxl_domain_config the model leaves to others or does not cover yet (device lists are
// the top-level keys other than c_info, b_info and on_*): docs/differences-from-xl.md.
bool uncovered_path(const std::string& ptr) {
    for (auto prefix : {"/c_info/uuid", "/b_info/type.hvm/ms_vm_genid", "/b_info/type.hvm/smbios/"})
        if (ptr.starts_with(prefix)) return true;
    // The device lists the build keys make or change: pci (rdm, e820_host), dtdev, a PV guest's vfb.
    for (auto prefix : {"/pcidevs/", "/dtdevs/", "/vfbs/", "/vkbs/"})
        if (ptr.starts_with(prefix)) return false;
    return !(ptr.starts_with("/c_info/") || ptr.starts_with("/b_info/") || ptr.starts_with("/on_"));
}

// Every field of c_info, b_info and the actions (flattened to JSON pointers; empty objects and
// lists dropped), with xl's relative paths mapped the way domfw resolves them.
json covered(const json& j, const fs::path* xl_dir) {
    json p = json::object();
    const json flat = j.flatten();
    for (const auto& [ptr, value] : flat.items()) {
        // xl sizes a cpumap to the host (the shim's has kShimCpus CPUs: "all" is 0-7); domfw
        // keeps CPUs up to 4095 as written (docs/differences-from-xl.md). Bits are ascending,
        // so the ones below kShimCpus keep their indices.
        bool affinity = ptr.find("_affinity/") != std::string::npos;
        if (affinity && value.is_number() && value.get<std::uint64_t>() >= kShimCpus) continue;
        if (!value.is_null() && !uncovered_path(ptr)) p[ptr] = value;
    }
    for (auto t : {"type.pv", "type.pvh", "type.hvm"})
        if (j.contains("b_info") && j["b_info"].contains(t)) p[fmt::format("/b_info/{}", t)] = true;
    if (xl_dir != nullptr) {
        bool bootloader = p.contains("/b_info/bootloader") && p["/c_info/type"] != "hvm";
        for (auto ptr : {"/b_info/kernel", "/b_info/ramdisk"})
            if (p.contains(ptr) && !bootloader && !p[ptr].get<std::string>().starts_with(domain::kDefaultFirmwareDir))
                p[ptr] = resolve_like_domfw(p[ptr], *xl_dir, false);
        for (auto ptr :
             {"/b_info/type.hvm/system_firmware", "/b_info/type.hvm/smbios_firmware", "/b_info/type.hvm/acpi_firmware"})
            if (p.contains(ptr)) p[ptr] = resolve_like_domfw(p[ptr], *xl_dir, false);
        if (p.contains("/b_info/type.hvm/firmware"))
            p["/b_info/type.hvm/firmware"] = resolve_like_domfw(p["/b_info/type.hvm/firmware"], *xl_dir, true);
    }
    return p;
}

// Errors domfw reports on purpose where xl 4.17 accepts (docs/differences-from-xl.md).
bool intentional(const std::string& message) {
    for (auto s : {"cannot boot an HVM guest", "choose how the guest boots; keep one",
                   "asks for OVMF with a SeaBIOS CSM", "xl: unknown smbios type", "into pair", "Unable to parse smbios",
                   "Unable to get element", "more than 99 \"oem\"", "\"modules\"", "the most vCPUs Xen supports",
                   "is below 1 MiB: the guest would have no RAM", "MiB (2^52 bytes less 4 GiB)",
                   "a guest needs at least one vCPU", "maxvcpus = -", "videoram = -", "is not above the video RAM",
                   "videoram must be at least", "(MAX_GUEST_CMDLINE)", "NUMA node sets",
                   "the largest CPU number Xen supports", "(xl would wrap its KiB)", "ends before it starts",
                   // vnuma and cpuid: what xl -N lets through (docs/differences-from-xl.md, 11b)
                   "while parsing CPUID", "is not a decimal number (in", "invalid vcpus range",
                   "assigned more than once", "is in no node", "vCPUs the nodes name", "size is given twice",
                   "entries for", "is not a decimal number below 2^32", "no node has a size=", "rdm = \"",
                   "qemu upstream required for qxl vga"})
        if (message.find(s) != std::string::npos) return true;
    return false;
}

// xl's messages for the keys the model covers (and for syntax): a rejection for anything else
// (cpus = "...", a malformed disk spec, ...) is outside the model and only counted.
bool covered_rejection(const std::string& xl_err) {
    for (auto s : {"Invalid domain type",
                   "Contradicting",
                   "Domain name must be specified",
                   "Failed to parse UUID",
                   "maxvcpus < vcpus",
                   "Unknown on_",
                   "both kernel and firmware",
                   "only pvgrub",
                   "Neither kernel nor bootloader",
                   "for \"bios\"",
                   "config parsing error",
                   "Failed to parse config",
                   "Unable to allocate cpumap",
                   "Invalid pcpu range",
                   "Can't combine",
                   "for \"tsc_mode\"",
                   "timer_mode",
                   "for \"altp2m\"",
                   "vuart",
                   "hdtype",
                   "vendor_device",
                   "gic_version",
                   "Unknown tee",
                   "passthrough option",
                   "Unknown vga",
                   "gfx_passthru",
                   "viridian enlightenment",
                   "MCA capability",
                   "mca_caps",
                   "ms_vm_genid",
                   "device_model_version",
                   "device_model_args",
                   "ioport",
                   "parsing irq",
                   "iomem",
                   "Display specified both",
                   "for \"mmio_hole\"",

                   "cannot get vnode config option list",
                   "into pair",
                   "failed to convert",
                   "vnuma vcpus and maxvcpus= mismatch",
                   "maxmem and vnuma memory size mismatch"})
        if (xl_err.find(s) != std::string::npos) return true;
    return false;
}

struct Counts {
    int agree_accept = 0, agree_reject = 0, intentional_reject = 0, uncovered_reject = 0, failures = 0;
};

struct Tally : Counts {
    // Per family of build_info.cpp: the configs that set one of its keys, by outcome.
    std::map<std::string, std::pair<int, Counts>> families;
};

// Counts the outcome of one config for the total and for each family its keys belong to.
void count(Tally& t, const std::set<std::string>& families, int Counts::*outcome) {
    ++(t.*outcome);
    for (const auto& f : families) {
        auto& [configs, c] = t.families[f];
        ++configs;
        ++(c.*outcome);
    }
}

void compare(const fs::path& file, const XlRun& xl, Tally& t) {
    domain::LoadOptions o;
    o.missing_file = domain::MissingFile::ignore; // like xl -N, which never opens the files
    auto r = domain::load(file, o);
    std::set<std::string> families;
    for (const auto& key : r.document.keys())
        if (auto f = domain::build_info_family(key); !f.empty()) families.emplace(f);
    // Two device-side families: dtdev, and the vfb a PV guest's top-level vnc makes.
    if (r.document.get("dtdev") != nullptr) families.emplace("dtdev");
    if (r.document.get("vnc") != nullptr && r.config.type.is_set() && *r.config.type == domain::GuestType::pv)
        families.emplace("pv_vfb");
    bool xl_ok = xl.rc == 0 && !xl.out.empty();
    if (!xl_ok) {
        if (r.ok() && !covered_rejection(xl.err)) {
            std::cout << file.filename().string()
                      << ": xl rejects it for a key outside the model: " << xl.err.substr(xl.err.find('\n') + 1);
            count(t, families, &Counts::uncovered_reject);
        } else if (r.ok()) {
            ADD_FAILURE() << file << ": xl rejects, domfw accepts\nxl: " << xl.err;
            count(t, families, &Counts::failures);
        } else {
            count(t, families, &Counts::agree_reject);
        }
        return;
    }
    if (!r.ok()) {
        for (const auto& d : r.diagnostics.items())
            if (d.severity == support::Severity::error && !intentional(d.message)) {
                ADD_FAILURE() << file << ": xl accepts, domfw rejects: " << d.message;
                count(t, families, &Counts::failures);
                return;
            }
        count(t, families, &Counts::intentional_reject);
        return;
    }
    auto xj = json::parse(xl.out);
    xj["c_info"].erase("uuid");
    auto dir = fs::absolute(file).parent_path();
    auto expected = covered(xj, &dir);
    auto actual = covered(json::parse(domain::to_libxl_json(r.config).dump()), nullptr);
    // rdm = "strategy=host" without a policy: xl 4.17 copies an uninitialized one into every pci
    // device (null in its JSON; docs/differences-from-xl.md): not compared.
    const json xl_flat = xj.flatten();
    for (const auto& [ptr, value] : xl_flat.items())
        if (value.is_null() && ptr.starts_with("/pcidevs/") && ptr.ends_with("/rdm_policy")) actual.erase(ptr);
    if (expected != actual) {
        ADD_FAILURE() << file << ": JSON differs\nxl:    " << expected.dump() << "\ndomfw: " << actual.dump();
        count(t, families, &Counts::failures);
        return;
    }
    count(t, families, &Counts::agree_accept);
}

// Runs xl on every file, compares each with domfw and prints the tally under `label`.
Tally compare_with_xl(const std::vector<fs::path>& files, const fs::path& work, std::string_view label) {
    const auto runs = run_xl(files, work);
    Tally t;
    for (std::size_t i = 0; i < files.size(); ++i)
        compare(files[i], runs[i], t);
    std::cout << fmt::format("{}: {} configs: {} accepted by both with equal JSON, {} rejected by both, {} rejected by "
                             "domfw only (documented), {} rejected by xl for keys outside the model, {} failures\n",
                             label, files.size(), t.agree_accept, t.agree_reject, t.intentional_reject,
                             t.uncovered_reject, t.failures);
    for (const auto& [family, entry] : t.families) {
        const auto& [configs, c] = entry;
        std::cout << fmt::format("  family {}: {} configs: {} equal, {} rejected by both, {} documented differences, "
                                 "{} rejected by xl outside the model, {} failures\n",
                                 family, configs, c.agree_accept, c.agree_reject, c.intentional_reject,
                                 c.uncovered_reject, c.failures);
    }
    return t;
}

} // namespace

TEST(XlDiff, CorpusConfigs) {
    if (auto why = test::xl_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    fs::path corpus = fs::path(DOMFW_SHARED_DIR) / "corpus/xlcfg";
    if (!fs::exists(corpus)) GTEST_SKIP() << "no corpus";
    auto work = test::xl_work_dir("xlcorpus");
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(corpus)) {
        if (!e.is_regular_file()) continue;
        // Copied so that xl's outputs land next to them; relative paths keep their meaning
        // because the comparison maps both sides through the copy's directory.
        auto rel = fs::relative(e.path(), corpus);
        auto dst = work / rel;
        fs::create_directories(dst.parent_path());
        fs::copy_file(e.path(), dst);
        files.push_back(dst);
    }
    ASSERT_GE(files.size(), 30U);
    const Tally t = compare_with_xl(files, work, "corpus");
    EXPECT_GT(t.agree_accept, 10);
    fs::remove_all(work);
}

TEST(XlDiff, GeneratedConfigs) {
    if (auto why = test::xl_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    auto work = test::xl_work_dir("xlgen");
    std::vector<fs::path> files;
    constexpr int kConfigs = 2000;
    for (int seed = 1; seed <= kConfigs; ++seed) {
        auto f = work / fmt::format("g{:04}.cfg", seed);
        ASSERT_TRUE(support::write_file_atomic(f, generators::generate_config(static_cast<std::uint64_t>(seed))));
        files.push_back(f);
    }
    const Tally t = compare_with_xl(files, work, "generated");
    // The set must exercise both outcomes in earnest: half the configs are all-valid, the other half
    // have one to three keys drawn invalid (generate_config), and some of those xl accepts too.
    EXPECT_GT(t.agree_accept, kConfigs * 2 / 3);
    EXPECT_GT(t.agree_reject, kConfigs / 10);
    // Every family is exercised, accepted with equal JSON and rejected by both, often enough that
    // the accept path covers its keys' values (a run gives 88 to 643 equal and 15 to 160
    // rejected per family).
    for (auto family : {"c_info", "b_info", "sched", "hvm", "display", "dm", "affinity", "io", "arm", "pvh", "rdm",
                        "mmio_hole", "e820", "dtdev", "pv_vfb", "vnuma"}) {
        ASSERT_TRUE(t.families.contains(family)) << family;
        const auto& c = t.families.at(family).second;
        EXPECT_GT(c.agree_accept, 60) << family;
        EXPECT_GT(c.agree_reject, 8) << family;
    }
    // xl never refuses a cpuid entry (it prints the error and goes on); domfw does.
    ASSERT_TRUE(t.families.contains("cpuid"));
    EXPECT_GT(t.families.at("cpuid").second.agree_accept, 60);
    EXPECT_GT(t.families.at("cpuid").second.intentional_reject, 10);
    if (!HasFailure()) fs::remove_all(work);
}

TEST(XlDiff, Examples) {
    if (auto why = test::xl_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    auto work = test::xl_work_dir("xlexamples");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(DOMFW_SOURCE_DIR) / "examples")) {
        if (e.path().extension() != ".cfg") continue;
        files.push_back(work / e.path().filename());
        fs::copy_file(e.path(), files.back());
    }
    ASSERT_GE(files.size(), 3U);
    const Tally t = compare_with_xl(files, work, "examples");
    EXPECT_EQ(t.failures, 0);
    if (!HasFailure()) fs::remove_all(work);
}

// Each difference kept on purpose (docs/differences-from-xl.md), shown against the real xl.
TEST(XlDiff, DocumentedDifferences) {
    if (auto why = test::xl_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    auto work = test::xl_work_dir("xldiffs");
    struct Case {
        const char* name;
        const char* text;
    };
    const Case cases[] = {
        {"relative.cfg", "name = \"r\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\nramdisk = \"boot/initrd.img\"\n"},
        {"modules-only.cfg", "name = \"m\"\ntype = \"pvh\"\nmodules = [\"vmlinuz\", \"path=initrd.img,cmdline=x\"]\n"},
        {"modules-kernel.cfg", "name = \"k\"\ntype = \"pvh\"\nkernel = \"/boot/vmlinuz\"\nmodules = [\"cloud.iso\"]\n"},
        {"hvm-bootloader.cfg", "name = \"h\"\ntype = \"hvm\"\nbootloader = \"pygrub\"\n"},
        {"smbios-bad.cfg", "name = \"s\"\ntype = \"hvm\"\nsmbios = [\"vendor=x\"]\n"},
        {"csm.cfg", "name = \"c\"\ntype = \"hvm\"\nbios = \"seabios\"\nfirmware = \"ovmf\"\n"},
        {"fw-bootloader.cfg", "name = \"f\"\nfirmware = \"pvgrub64\"\nbootloader = \"pygrub\"\n"},
        // Numbers out of range (4.): xl wraps MiB * 1024 or passes the count on; domfw refuses.
        {"mem-wraps.cfg", "name = \"w\"\ntype = \"pvh\"\nkernel = \"/k\"\nmemory = 9223372036854775807\n"},
        {"mem-16eib.cfg", "name = \"e\"\ntype = \"pvh\"\nkernel = \"/k\"\nmemory = 17592186044415\n"},
        {"mem-zero.cfg", "name = \"z\"\ntype = \"pvh\"\nkernel = \"/k\"\nmemory = 0\n"},
        {"maxmem-long.cfg", "name = \"l\"\ntype = \"pvh\"\nkernel = \"/k\"\nmaxmem = 0x10000000000000000\n"},
        {"vcpus-zero.cfg", "name = \"v\"\ntype = \"pvh\"\nkernel = \"/k\"\nvcpus = 0\n"},
        {"maxvcpus-big.cfg", "name = \"x\"\ntype = \"pvh\"\nkernel = \"/k\"\nmaxvcpus = 100000\n"},
        {"hvm-vcpus.cfg", "name = \"h\"\ntype = \"hvm\"\nvcpus = 129\n"},
        {"hvm-video.cfg", "name = \"v\"\ntype = \"hvm\"\nmemory = 8\nvideoram = 4\n"},
        // 6. rdm values xl complains about (or not) and then goes on with; mmio_hole that wraps.
        {"rdm-policy.cfg", "name = \"r\"\ntype = \"hvm\"\nrdm = \"strategy=host,policy=xx\"\n"},
        {"rdm-open.cfg", "name = \"r\"\ntype = \"hvm\"\nrdm = \"strategy=host,\"\n"},
        {"mmio-wraps.cfg", "name = \"m\"\ntype = \"hvm\"\nmmio_hole = 17592186044672\n"},
    };
    const std::string long_cmdline =
        "name = \"c\"\ntype = \"pvh\"\nkernel = \"/k\"\ncmdline = \"" + std::string(1100, 'x') + "\"\n";
    std::vector<fs::path> files;
    for (const auto& c : cases) {
        files.push_back(work / c.name);
        ASSERT_TRUE(support::write_file_atomic(files.back(), c.text));
    }
    files.push_back(work / "pvh-cmdline.cfg"); // 5. above MAX_GUEST_CMDLINE: xl passes it on whole
    ASSERT_TRUE(support::write_file_atomic(files.back(), long_cmdline));
    auto runs = run_xl(files, work);
    domain::LoadOptions o;
    o.missing_file = domain::MissingFile::ignore;
    auto xl_json = [&](std::size_t i) { return json::parse(runs[i].out); };
    auto ours = [&](std::size_t i) { return domain::load(files[i], o); };

    // 1. Relative paths: xl keeps them (opened from its working directory), domfw resolves them
    //    against the config file's directory.
    ASSERT_EQ(runs[0].rc, 0);
    EXPECT_EQ(xl_json(0)["b_info"]["kernel"], "vmlinuz");
    EXPECT_EQ(domain::to_libxl_json(ours(0).config)["b_info"]["kernel"], (work / "vmlinuz").string());
    EXPECT_EQ(domain::to_libxl_json(ours(0).config)["b_info"]["ramdisk"], (work / "boot/initrd.img").string());
    // 2. `modules`: xl ignores the key, so without `kernel` it finds no boot method; domfw boots
    //    modules[0] as the kernel and passes the rest as guest modules.
    EXPECT_NE(runs[1].rc, 0);
    EXPECT_NE(runs[1].err.find("Neither kernel nor bootloader specified"), std::string::npos);
    auto m = ours(1);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(domain::to_libxl_json(m.config)["b_info"]["kernel"], (work / "vmlinuz").string());
    ASSERT_EQ(m.config.guest_modules().size(), 1U);
    //    With `kernel`, both accept and the libxl JSON is the same (modules are not libxl fields).
    ASSERT_EQ(runs[2].rc, 0);
    auto xj = xl_json(2);
    xj["c_info"].erase("uuid");
    auto d = fs::path(work);
    EXPECT_EQ(covered(xj, &d), covered(json::parse(domain::to_libxl_json(ours(2).config).dump()), nullptr));
    // 4. What xl makes of the numbers domfw refuses: memory in KiB wrapped modulo 2^64, or 16 EiB.
    const auto find = [&](std::string_view name) {
        for (std::size_t i = 0; i < files.size(); ++i)
            if (files[i].filename() == name) return i;
        return files.size();
    };
    ASSERT_EQ(runs[find("mem-wraps.cfg")].rc, 0);
    EXPECT_EQ(xl_json(find("mem-wraps.cfg"))["b_info"]["target_memkb"], 18446744073709550592ULL); // 2^64 - 1024
    EXPECT_EQ(xl_json(find("mem-16eib.cfg"))["b_info"]["max_memkb"], 18014398509480960ULL);
    EXPECT_EQ(xl_json(find("maxvcpus-big.cfg"))["b_info"]["max_vcpus"], 100000);
    EXPECT_EQ(xl_json(find("hvm-vcpus.cfg"))["b_info"]["max_vcpus"], 129);
    EXPECT_EQ(xl_json(find("hvm-video.cfg"))["b_info"]["video_memkb"], 4096); // libxl refuses it at create time
    EXPECT_EQ(xl_json(find("pvh-cmdline.cfg"))["b_info"]["cmdline"].get<std::string>().size(), 1100U);
    EXPECT_NE(runs[find("rdm-policy.cfg")].err.find("Unknown RDM policy: xx"), std::string::npos);
    EXPECT_TRUE(xl_json(find("rdm-policy.cfg"))["b_info"]["type.hvm"]["rdm"]["policy"].is_null()); // uninitialized
    EXPECT_EQ(xl_json(find("rdm-open.cfg"))["b_info"]["type.hvm"]["rdm"], json::object());
    EXPECT_EQ(xl_json(find("mmio-wraps.cfg"))["b_info"]["type.hvm"]["mmio_hole_memkb"], 18014398509744128ULL);
    // 3. Stricter boot rules, Xen 4.18 smbios and numbers out of range: xl 4.17 accepts, domfw refuses.
    for (std::size_t i = 3; i < files.size(); ++i) {
        EXPECT_EQ(runs[i].rc, 0) << files[i] << ": " << runs[i].err;
        auto r = ours(i);
        EXPECT_FALSE(r.ok()) << files[i];
        for (const auto& diag : r.diagnostics.items())
            if (diag.severity == support::Severity::error) {
                EXPECT_TRUE(intentional(diag.message)) << diag.message;
            }
    }
    fs::remove_all(work);
}

// Row 24: rdm without a policy. xl 4.17 copies an uninitialized policy (null in its JSON) into
// b_info and the pci devices; domfw leaves libxl's default, which prints nothing.
TEST(XlDiff, RdmWithoutAPolicy) {
    if (auto why = test::xl_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    auto work = test::xl_work_dir("xlrdm");
    const std::vector<fs::path> files{work / "rdm.cfg"};
    ASSERT_TRUE(support::write_file_atomic(
        files[0], "name = \"r\"\ntype = \"hvm\"\nrdm = \"strategy=host\"\npci = [\"01:00.0\"]\n"));
    auto runs = run_xl(files, work);
    ASSERT_EQ(runs[0].rc, 0) << runs[0].err;
    auto xj = json::parse(runs[0].out);
    EXPECT_EQ(xj["b_info"]["type.hvm"]["rdm"]["strategy"], "host");
    EXPECT_TRUE(xj["b_info"]["type.hvm"]["rdm"]["policy"].is_null());
    EXPECT_TRUE(xj["pcidevs"][0]["rdm_policy"].is_null());
    domain::LoadOptions o;
    o.missing_file = domain::MissingFile::ignore;
    auto r = domain::load(files[0], o);
    ASSERT_TRUE(r.ok());
    auto ours = domain::to_libxl_json(r.config);
    EXPECT_EQ(ours["b_info"]["type.hvm"]["rdm"].dump(), R"({"strategy":"host"})");
    EXPECT_FALSE(ours["pcidevs"][0].contains("rdm_policy"));
    fs::remove_all(work);
}

// Rows 11c-11f of docs/differences-from-xl.md (vnuma, cpuid, virtio), shown against the real xl.
TEST(XlDiff, VnumaCpuidVirtioDifferences) {
    if (auto why = test::xl_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    auto work = test::xl_work_dir("xlnuma");
    const std::string head = "name = \"n\"\ntype = \"pvh\"\nkernel = \"/k\"\n";
    const std::vector<std::pair<std::string, std::string>> cases{
        {"size-suffix.cfg", "vnuma = [[\"size=512M\", \"vcpus=0\"]]\n"},       // 0: 11c, xl reads 512
        {"bad-range.cfg", "vnuma = [[\"size=5\", \"vcpus=x\"]]\n"},            // 1: 11c, xl makes it vCPU 0
        {"vcpu-twice.cfg", "vnuma = [[\"size=5\", \"vcpus=0,0\"]]\n"},         // 2: 11c, libxl refuses later
        {"pnode-1.cfg", "vnuma = [[\"pnode=1\", \"size=5\", \"vcpus=0\"]]\n"}, // 3: 11d, the shim has 1 node
        {"cpuid-flag.cfg", "cpuid = \"host,foo=1,tm=0\"\n"},                   // 4: 11e
        {"cpuid-line.cfg", "cpuid = [\"1:eax=01\"]\n"},                        // 5: 11e
        {"key-418.cfg", "virtio = [\"type=virtio,device\"]\n"},                // 6: 11f
    };
    std::vector<fs::path> files;
    for (const auto& [name, text] : cases) {
        files.push_back(work / name);
        ASSERT_TRUE(support::write_file_atomic(files.back(), head + text));
    }
    auto runs = run_xl(files, work);
    domain::LoadOptions o;
    o.missing_file = domain::MissingFile::ignore;
    auto ours = [&](std::size_t i) { return domain::load(files[i], o); };
    auto refused_on_purpose = [&](std::size_t i) {
        auto r = ours(i);
        EXPECT_FALSE(r.ok()) << files[i];
        for (const auto& d : r.diagnostics.items())
            if (d.severity == support::Severity::error) {
                EXPECT_TRUE(intentional(d.message)) << d.message;
            }
    };
    for (std::size_t i : {0U, 1U, 2U, 4U, 5U}) {
        ASSERT_EQ(runs[i].rc, 0) << files[i] << ": " << runs[i].err;
        refused_on_purpose(i);
    }
    auto b = [&](std::size_t i) { return json::parse(runs[i].out)["b_info"]; };
    EXPECT_EQ(b(0)["max_memkb"], 512 * 1024);
    EXPECT_EQ(b(1)["vnuma_nodes"][0]["vcpus"], json::array({0}));
    EXPECT_EQ(b(2)["max_vcpus"], 2); // two vCPUs counted, one set
    // 11d: the host decides; domfw accepts the node number.
    EXPECT_NE(runs[3].rc, 0);
    EXPECT_NE(runs[3].err.find("xl: invalid pnode number: 1"), std::string::npos);
    EXPECT_TRUE(ours(3).ok());
    // 11e: xl names the error, then creates the domain with the rest of the policy.
    EXPECT_NE(runs[4].err.find("error #2: unknown CPUID flag name"), std::string::npos);
    EXPECT_EQ(b(4)["cpuid"]["cpuid"][0]["edx"], "xx0xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    EXPECT_NE(runs[5].err.find("error #5: policy string must be exactly 32 characters long"), std::string::npos);
    // 11f: xl 4.17 says nothing about virtio and creates no such device; domfw warns.
    ASSERT_EQ(runs[6].rc, 0);
    EXPECT_EQ(runs[6].err.find("virtio"), std::string::npos);
    EXPECT_FALSE(json::parse(runs[6].out).contains("virtios"));
    auto v = ours(6);
    EXPECT_TRUE(v.ok());
    bool warned = false;
    for (const auto& d : v.diagnostics.items())
        warned = warned || d.message.find("\"virtio\" is a Xen 4.18 key") != std::string::npos;
    EXPECT_TRUE(warned);
    if (!HasFailure()) fs::remove_all(work);
}
