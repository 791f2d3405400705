// domfw-loader.elf under QEMU TCG (label guest): QEMU's own PVH boot enters it with the bundle
// as the one -initrd module (LOADER-FACTS.md), on `-machine pc` and `q35`. Alone (`domfw.exit`)
// it must report and exit through isa-debug-exit; without it, it must start the PVH test kernel
// (pvh_kernel/), which hashes every module it receives, so each must arrive intact. The report is
// read from the serial port (stdout with -nographic) and from port 0xE9 (-debugcon).
// Skips when qemu-system-x86_64 is not installed.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "guest_fixture.hpp"
#include "smbios_dump.hpp"

using namespace domfw::loader::test;
namespace fs = std::filesystem;

namespace {

struct QemuRun {
    int status = -1; // QEMU's exit status: 33 = isa-debug-exit 0x10, 35 = 0x11
    std::string serial;
    std::string debugcon;
};

ByteVector slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string text(const ByteVector& v) {
    std::string s;
    for (auto c : v)
        if (c != '\r') s.push_back(static_cast<char>(c));
    return s;
}

bool have_qemu() { return std::system("command -v qemu-system-x86_64 >/dev/null 2>&1") == 0; }

class LoaderGuest : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        if (!have_qemu()) GTEST_SKIP() << "qemu-system-x86_64 is not installed";
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        for (auto& c : name)
            if (c == '/') c = '_'; // "Test/0": one directory, not two
        dir_ = fs::temp_directory_path() / ("domfw-loader-guest-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override {
        if (!dir_.empty() && std::getenv("DOMFW_KEEP") == nullptr) fs::remove_all(dir_);
    }

    QemuRun boot(const ByteVector& bundle, const std::string& append, unsigned mib = 256,
                 const std::string& loader = DOMFW_LOADER_ELF) {
        const fs::path b = dir_ / "bundle", e9 = dir_ / "e9.log", out = dir_ / "serial.log";
        std::ofstream(b, std::ios::binary)
            .write(reinterpret_cast<const char*>(bundle.data()), static_cast<std::streamsize>(bundle.size()));
        const std::string cmd = "timeout 60 qemu-system-x86_64 -machine " + std::string(GetParam()) + " -m " +
                                std::to_string(mib) + " -nographic -no-reboot -nodefaults -serial stdio -kernel " +
                                loader + " -initrd " + b.string() + " -append '" + append +
                                "' -debugcon file:" + e9.string() +
                                " -device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >" + out.string() + " 2>&1";
        QemuRun r;
        const int rc = std::system(cmd.c_str());
        r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
        r.serial = text(slurp(out));
        r.debugcon = text(slurp(e9));
        return r;
    }

    fs::path dir_;
};

std::string hex(std::uint64_t v) {
    std::ostringstream out;
    out << "0x" << std::hex << v;
    return out.str();
}

std::uint64_t fnv1a64(const ByteVector& v) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (auto c : v) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

bool has(const std::string& log, const std::string& line) { return log.find(line + "\n") != std::string::npos; }

} // namespace

TEST_P(LoaderGuest, AloneReportsAndExitsWithSuccess) {
    const ByteVector kernel = slurp(DOMFW_TEST_KERNEL);
    ASSERT_FALSE(kernel.empty());
    const ByteVector bundle =
        bundle_of({blob("kernel", kernel), blob("ramdisk", patterned(0x12345, 1)), smbios_module()});
    const QemuRun r = boot(bundle, "domfw.exit");
    EXPECT_EQ(r.status, 33) << r.serial;
    for (const std::string* log : {&r.serial, &r.debugcon}) {
        EXPECT_TRUE(has(*log, "domfw-loader: command line \"domfw.exit\"")) << *log;
        EXPECT_TRUE(has(*log, "domfw-loader: module 2: SMBIOS 3.0, 1 structure, 0x2a bytes")) << *log;
        EXPECT_TRUE(has(*log, "domfw-loader: kernel: ELF32, PVH entry 0x1000000 (8-byte note), 1 segment")) << *log;
        // The hand-off area is in the loader's .bss: its address is the build's.
        EXPECT_TRUE(std::regex_search(*log, std::regex("\ndomfw-loader: domfw.exit: kernel ready at 0x1000000 with "
                                                       "start_info 0x1[0-9a-f]{5}; exiting instead of starting "
                                                       "it\n")))
            << *log;
    }
}

TEST_P(LoaderGuest, BadBundleStopsWithItsMessageAndFailure) {
    ByteVector bundle = bundle_of({blob("ramdisk", patterned(0x100, 1))});
    QemuRun r = boot(bundle, "domfw.exit");
    EXPECT_EQ(r.status, 35) << r.serial;
    EXPECT_TRUE(has(r.serial, "domfw-loader: error: bundle has no valid blob named 'kernel' (1 modules)")) << r.serial;
    EXPECT_TRUE(has(r.serial, "domfw-loader: stopped; domfw.exit: exiting with failure")) << r.serial;
    bundle[4] = 2; // a bundle newer than this loader
    r = boot(bundle, "domfw.exit");
    EXPECT_EQ(r.status, 35) << r.serial;
    EXPECT_NE(
        r.serial.find(
            "): bundle format version 0x2 is newer than this reader, which knows version 0x1: use a newer domfw\n"),
        std::string::npos)
        << r.serial;
}

TEST_P(LoaderGuest, StartsTheKernelAndEveryModuleArrivesIntact) {
    const ByteVector kernel = slurp(DOMFW_TEST_KERNEL);
    const ByteVector ramdisk = patterned(0x54321, 2), cloud = patterned(0x777, 3), data = patterned(0x10000, 4);
    const ByteVector bundle = bundle_of({blob("kernel", kernel), blob("cloud-init", cloud), blob("ramdisk", ramdisk),
                                         smbios_module(), blob("data.bin", data)});
    const QemuRun r = boot(bundle, "console=ttyS0 root=/dev/ram0");
    EXPECT_EQ(r.status, 33) << r.serial;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.serial, m,
                                  std::regex("\ndomfw-loader: starting the kernel at 0x1000000 with start_info "
                                             "(0x1[0-9a-f]{5})\n")))
        << r.serial;
    const std::string start_info = m[1];
    // The start_info the kernel got: version 1, 3 modules, the loader's new RSDP (not SeaBIOS's),
    // the same command line.
    ASSERT_TRUE(std::regex_search(r.serial, m, std::regex("\ndomfw-loader: acpi: new RSDP at (0x[0-9a-f]+) ")))
        << r.serial;
    const std::string rsdp = m[1];
    EXPECT_FALSE(
        has(r.serial, "domfw-loader: start_info at 0x21e0: version 1, 7 memory map entries, 1 module, rsdp " + rsdp))
        << r.serial;
    EXPECT_TRUE(has(r.serial, "test-kernel: start_info " + start_info + " version 1, 3 modules, rsdp " + rsdp +
                                  ", cmdline \"console=ttyS0 root=/dev/ram0\""))
        << r.serial;
    // Module 0 is the ramdisk (no command line), then the other blobs in bundle order, named.
    const struct {
        const ByteVector* bytes;
        const char* cmdline;
    } want[] = {{&ramdisk, "(none)"}, {&cloud, "\"cloud-init\""}, {&data, "\"data.bin\""}};
    for (unsigned i = 0; i < 3; ++i) {
        const std::string prefix = "test-kernel: module " + std::to_string(i) + " at ";
        const auto at = r.serial.find(prefix);
        ASSERT_NE(at, std::string::npos) << r.serial;
        const std::string line = r.serial.substr(at, r.serial.find('\n', at) - at);
        EXPECT_NE(line.find(" size " + hex(want[i].bytes->size()) + " fnv1a64 " + hex(fnv1a64(*want[i].bytes)) +
                            " cmdline " + want[i].cmdline),
                  std::string::npos)
            << line;
    }
    EXPECT_TRUE(has(r.serial, "test-kernel: done")) << r.serial;
}

// The same test kernel as an ELF64 (objcopy'd, as vmlinux is ELF64 with an 8-byte note).
TEST_P(LoaderGuest, StartsAnElf64Kernel) {
    const ByteVector kernel = slurp(DOMFW_TEST_KERNEL64);
    ASSERT_FALSE(kernel.empty());
    ASSERT_EQ(kernel[4], 2); // ELFCLASS64
    const ByteVector ramdisk = patterned(0x4321, 6);
    const QemuRun r = boot(bundle_of({blob("kernel", kernel), blob("ramdisk", ramdisk)}), "x");
    EXPECT_EQ(r.status, 33) << r.serial;
    EXPECT_TRUE(has(r.serial, "domfw-loader: kernel: ELF64, PVH entry 0x1000000 (8-byte note), 1 segment")) << r.serial;
    EXPECT_NE(r.serial.find("test-kernel: module 0 at "), std::string::npos) << r.serial;
    EXPECT_NE(r.serial.find(" size " + hex(ramdisk.size()) + " fnv1a64 " + hex(fnv1a64(ramdisk)) + " cmdline (none)"),
              std::string::npos)
        << r.serial;
}

// 18 MiB of RAM: QEMU puts the 2 MiB bundle across 16 MiB, where the kernel must go; the loader
// moves it below and the modules must still arrive intact.
TEST_P(LoaderGuest, MovesTheBundleOutOfTheKernelsWay) {
    const ByteVector kernel = slurp(DOMFW_TEST_KERNEL);
    const ByteVector ramdisk = patterned(2u << 20, 5);
    const QemuRun r = boot(bundle_of({blob("kernel", kernel), blob("ramdisk", ramdisk)}), "", 18);
    EXPECT_EQ(r.status, 33) << r.serial;
    EXPECT_NE(r.serial.find("domfw-loader: bundle moved from "), std::string::npos) << r.serial;
    EXPECT_NE(r.serial.find(" size " + hex(ramdisk.size()) + " fnv1a64 " + hex(fnv1a64(ramdisk)) + " cmdline (none)"),
              std::string::npos)
        << r.serial;
}

INSTANTIATE_TEST_SUITE_P(Machines, LoaderGuest, ::testing::Values("pc", "q35"));

namespace {

ByteVector unhex(const std::string& h) {
    ByteVector out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

using domfw::test::smbios_structure;

// The test kernel's "smbios <anchor> at A <entry hex> <table hex>" line, decoded by dmidecode.
std::string dmidecode_line(const std::string& serial, const std::string& anchor, const std::string& dir) {
    std::smatch m;
    if (!std::regex_search(serial, m,
                           std::regex("test-kernel: smbios " + anchor + " at 0x[0-9a-f]+ ([0-9a-f]+) ([0-9a-f]+)\n")))
        return "(no " + anchor + " line)";
    return domfw::test::dmidecode_of(unhex(m[1]), unhex(m[2]), dir + "/dmi-" + anchor + ".bin");
}

} // namespace

// SeaBIOS's table merged with the bundle's: the test kernel finds the entry points in the
// F-segment as Linux does and prints them with their tables; dmidecode decodes both without a
// warning, type 1 is the module's, type 11 and the vendor type 200 are added, nothing else changes.
TEST_P(LoaderGuest, SmbiosMergedIntoSeabiosTableDecodesWithDmidecode) {
    if (!domfw::test::have_dmidecode()) GTEST_SKIP() << "dmidecode not installed";
    // Type 1's body after its 4-byte header, built in reserved space: GCC 12 -O3 reports a false
    // -Warray-bounds when a 4-byte initializer-list vector grows.
    ByteVector t1;
    t1.reserve(32);
    t1.assign(4, 0);
    t1[0] = 1;
    t1.resize(4 + 16, 0x22);
    for (const std::uint8_t b : std::initializer_list<std::uint8_t>{6, 0, 0})
        t1.push_back(b);
    const auto mod = domfw::module::write_smbios_module(
        {3,
         0,
         0,
         {smbios_structure(1, 0x100, t1, {"Acme"}), smbios_structure(11, 0xB00, {1}, {"io.systemd.credential:a=b"}),
          smbios_structure(200, 0xC800, {7, 7}, {"vendor"})}});
    ASSERT_TRUE(mod);
    const QemuRun r = boot(bundle_of({blob("kernel", slurp(DOMFW_TEST_KERNEL)), *mod}), "console=ttyS0");
    EXPECT_EQ(r.status, 33) << r.serial;
    EXPECT_NE(r.serial.find("domfw-loader: smbios: host bridge "), std::string::npos) << r.serial;
    EXPECT_NE(r.serial.find(": PAM0 0x10 unlocked for the write and restored\n"), std::string::npos) << r.serial;
    for (const char* anchor : {"_SM3_", "_SM_"}) {
        SCOPED_TRACE(anchor);
        const std::string d = dmidecode_line(r.serial, anchor, dir_.string());
        for (const char* bad :
             {"Invalid", "Wrong", "wrong", "broken", "Warning", "truncated", "OUT OF SPEC", "BAD INDEX"})
            EXPECT_EQ(d.find(bad), std::string::npos) << bad << " in:\n" << d;
        EXPECT_NE(d.find(std::string(anchor) == "_SM3_" ? "SMBIOS 3.0.0 present." : "SMBIOS 2.8 present."),
                  std::string::npos)
            << d;
        // SeaBIOS's structures in order, type 11 where hvmloader's order puts it, type 200 before 127.
        std::string types;
        const std::regex h("Handle 0x[0-9A-F]{4}, DMI type ([0-9]+),");
        for (auto it = std::sregex_iterator(d.begin(), d.end(), h); it != std::sregex_iterator(); ++it)
            types += (*it)[1].str() + " ";
        EXPECT_EQ(types, "0 1 3 4 11 16 17 19 32 200 127 ") << d;
        EXPECT_NE(d.find("Manufacturer: Acme"), std::string::npos) << d;
        EXPECT_NE(d.find("String 1: io.systemd.credential:a=b"), std::string::npos) << d;
    }
}

namespace {

bool have_iasl() { return std::system("iasl -v >/dev/null 2>&1") == 0; }

// iasl -d on one table written to `dir`: "" when it decoded with no warning or error, else its output.
std::string iasl_problems(const ByteVector& t, const std::string& name, const fs::path& dir) {
    std::ofstream(dir / (name + ".dat"), std::ios::binary)
        .write(reinterpret_cast<const char*>(t.data()), static_cast<std::streamsize>(t.size()));
    std::string out;
    FILE* p = popen(("cd " + dir.string() + " && iasl -d " + name + ".dat 2>&1").c_str(), "r");
    if (p == nullptr) return "(popen failed)";
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) != 0;)
        out.append(buf, n);
    const int rc = pclose(p);
    for (const char* bad : {"Warning", "WARNING", "Error", "ERROR", "Invalid", "invalid"})
        if (out.find(bad) != std::string::npos) return out;
    return rc == 0 && fs::exists(dir / (name + ".dsl")) ? "" : out;
}

std::string id_of(const ByteVector& t) { return t.size() < 24 ? "" : std::string(t.begin() + 10, t.begin() + 24); }

} // namespace

// The bundle's ACPI module (the checked-in SSDT and the corpus' SLIC, MATCH_SLIC_OEM_IDS) merged
// with SeaBIOS's tables: the test kernel follows start_info's rsdp_paddr as Linux does and prints
// every table the new XSDT lists; each decodes with iasl -d without a warning, the SSDT and SLIC
// are the bundle's byte for byte, and RSDT, XSDT and FACP carry the SLIC's OEM IDs.
TEST_P(LoaderGuest, AcpiMergedWithSeabiosTablesDecodesWithIasl) {
    if (!have_iasl()) GTEST_SKIP() << "iasl not installed";
    const fs::path slic_path =
        fs::path(DOMFW_SHARED_DIR) / "corpus/acpi/fwts/Lenovo_ThinkPad_TP-68_binary_tables/SLIC.dat";
    if (!fs::exists(slic_path)) GTEST_SKIP() << "no ../shared corpus";
    const ByteVector ssdt = slurp(fs::path(DOMFW_LOADER_FIXTURES) / "ssdt_device.aml");
    const ByteVector slic = slurp(slic_path);
    ASSERT_EQ(ssdt.size(), 132u);
    const auto mod = domfw::module::write_acpi_module({{ssdt, slic}, true});
    ASSERT_TRUE(mod);
    const QemuRun r = boot(bundle_of({blob("kernel", slurp(DOMFW_TEST_KERNEL)), *mod}), "console=ttyS0");
    EXPECT_EQ(r.status, 33) << r.serial;
    EXPECT_TRUE(std::regex_search(r.serial, std::regex("domfw-loader: acpi: platform RSDP at 0xf[0-9a-f]{4} "
                                                       "\\(start_info\\), revision 0, OEM 'BOCHS ', RSDT 0x")))
        << r.serial;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.serial, m, std::regex("domfw-loader: acpi: new RSDP at (0x[0-9a-f]+) ")))
        << r.serial;
    EXPECT_NE(r.serial.find("rsdp " + m[1].str() + ", cmdline"), std::string::npos) << r.serial;
    const std::string oem_ids = id_of(slic);
    std::map<std::string, ByteVector> seen;
    const std::regex line("test-kernel: acpi table ([A-Z0-9]{4}) at 0x[0-9a-f]+ ([0-9a-f]+)\n");
    for (auto it = std::sregex_iterator(r.serial.begin(), r.serial.end(), line); it != std::sregex_iterator(); ++it) {
        const std::string sig = (*it)[1];
        const ByteVector t = unhex((*it)[2]);
        SCOPED_TRACE(sig);
        EXPECT_EQ(iasl_problems(t, sig + std::to_string(seen.size()), dir_), "");
        seen[sig] = t;
    }
    ASSERT_TRUE(seen.count("RSDT") && seen.count("XSDT") && seen.count("FACP") && seen.count("SSDT") &&
                seen.count("SLIC"))
        << r.serial;
    EXPECT_EQ(seen["SSDT"], ssdt);
    EXPECT_EQ(seen["SLIC"], slic);
    for (const char* sig : {"RSDT", "XSDT", "FACP"})
        EXPECT_EQ(id_of(seen[sig]), oem_ids) << sig;
    EXPECT_TRUE(seen.count("APIC")) << r.serial; // SeaBIOS's tables are still listed
}

// `smbios = [...]` of a PVH config reaches the guest: `domfw build` puts the structures
// hvmloader would generate for the keys into the bundle's SMBIOS module, the loader (the copy in
// the build directory) merges them into SeaBIOS's table, and dmidecode shows the values: type 1
// replaced, type 11 (systemd credentials, smbios-type-11(7)) inserted where hvmloader puts it.
TEST_P(LoaderGuest, SmbiosKeyOfPvhConfigReachesTheGuest) {
    if (std::system("dmidecode --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "dmidecode not installed";
    const fs::path cfg = dir_ / "guest.cfg", out = dir_ / "out";
    std::ofstream(cfg) << "name = \"smbios-pvh\"\ntype = \"pvh\"\nmemory = 256\nkernel = \"" DOMFW_TEST_KERNEL "\"\n"
                       << "cmdline = \"console=ttyS0\"\n"
                       << "smbios = [ \"system_manufacturer=Acme Cloud\", \"system_product_name=Widget\",\n"
                       << "  \"oem=io.systemd.credential:hello=world\", \"oem=second string\" ]\n";
    const std::string build = std::string(DOMFW_BIN) + " build " + cfg.string() + " -o " + out.string() + " 2>&1";
    ASSERT_EQ(std::system(build.c_str()), 0) << build;
    const QemuRun r = boot(slurp(out / "bundle.dfwb"), "console=ttyS0", 256, (out / "domfw-loader.elf").string());
    EXPECT_EQ(r.status, 33) << r.serial;
    EXPECT_TRUE(has(r.serial, "domfw-loader: smbios: module 1 type 1 handle 0xfe00: overrides")) << r.serial;
    EXPECT_TRUE(has(r.serial, "domfw-loader: smbios: module 1 type 11 handle 0xfe01: overrides")) << r.serial;
    const std::string d = dmidecode_line(r.serial, "_SM3_", dir_.string());
    for (const char* bad : {"Invalid", "Wrong", "wrong", "broken", "Warning", "truncated", "OUT OF SPEC", "BAD INDEX"})
        EXPECT_EQ(d.find(bad), std::string::npos) << bad << " in:\n" << d;
    std::string types;
    const std::regex h("Handle 0x[0-9A-F]{4}, DMI type ([0-9]+),");
    for (auto it = std::sregex_iterator(d.begin(), d.end(), h); it != std::sregex_iterator(); ++it)
        types += (*it)[1].str() + " ";
    EXPECT_EQ(types, "0 1 3 4 11 16 17 19 32 127 ") << d;
    for (const char* want : {"\tManufacturer: Acme Cloud\n", "\tProduct Name: Widget\n",
                             "\tString 1: io.systemd.credential:hello=world\n", "\tString 2: second string\n"})
        EXPECT_NE(d.find(want), std::string::npos) << want << " in:\n" << d;
}

namespace {

std::uint64_t num(const nlohmann::json& v) { return std::stoull(v.get<std::string>(), nullptr, 16); }

// The loader's "place WHAT START [END]" lines.
std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> placements(const std::string& serial) {
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
    const std::regex line("domfw-loader: place ([a-z_0-9-]+) 0x([0-9a-f]+)(?: 0x([0-9a-f]+))?\n");
    for (auto it = std::sregex_iterator(serial.begin(), serial.end(), line); it != std::sregex_iterator(); ++it)
        out[(*it)[1].str()] = {std::stoull((*it)[2].str(), nullptr, 16),
                               (*it)[3].matched ? std::stoull((*it)[3].str(), nullptr, 16) : 0};
    return out;
}

} // namespace

// The plan's prediction of the loader's layout (`domfw plan --json`, stage "the loader lays out
// (after QEMU)") against what the loader really does under QEMU, reported in its "place" lines:
// every kernel segment, the bundle (in place, and moved when -m 18 puts it across 16 MiB), the
// merged SMBIOS table and the start_info handed on, for the same config and build.
TEST_P(LoaderGuest, PlacementsMatchThePlan) {
    for (const unsigned mib : {256U, 18U}) {
        SCOPED_TRACE(mib);
        const fs::path cfg = dir_ / ("plan-" + std::to_string(mib) + ".cfg"),
                       out = dir_ / ("out-" + std::to_string(mib));
        const fs::path ramdisk = dir_ / "ramdisk.img";
        const ByteVector rd = patterned(2u << 20, 9);
        std::ofstream(ramdisk, std::ios::binary)
            .write(reinterpret_cast<const char*>(rd.data()), static_cast<std::streamsize>(rd.size()));
        std::ofstream(cfg) << "name = \"placements\"\ntype = \"pvh\"\nmemory = " << mib << "\nkernel = \""
                           << DOMFW_TEST_KERNEL << "\"\nramdisk = \"" << ramdisk.string()
                           << "\"\ncmdline = \"console=ttyS0\"\nsmbios = [ \"oem=placed\" ]\n";
        const std::string build = std::string(DOMFW_BIN) + " build " + cfg.string() + " -o " + out.string() + " 2>&1";
        ASSERT_EQ(std::system(build.c_str()), 0) << build;
        const nlohmann::json plan = nlohmann::json::parse(slurp(out / "plan.json"));
        const nlohmann::json* stage = nullptr;
        for (const auto& st : plan["stages"])
            if (st["title"] == "the loader lays out (after QEMU)") stage = &st;
        ASSERT_NE(stage, nullptr) << plan.dump(1);
        std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> predicted;
        for (const auto& r : (*stage)["regions"])
            predicted[r["name"].get<std::string>()] = {num(r["start"]), num(r["end"])};
        const QemuRun r = boot(slurp(out / "bundle.dfwb"), "console=ttyS0", mib, (out / "domfw-loader.elf").string());
        EXPECT_EQ(r.status, 33) << r.serial;
        const auto real = placements(r.serial);
        ASSERT_TRUE(real.contains("kernel-segment-0")) << r.serial;
        EXPECT_EQ(real.at("kernel-segment-0"), predicted["kernel PT_LOAD segment 0"]);
        ASSERT_TRUE(real.contains("bundle")) << r.serial;
        EXPECT_EQ(real.at("bundle").first, predicted["bundle.dfwb"].first) << r.serial;
        EXPECT_EQ((real.at("bundle").second + 0xFFF) & ~std::uint64_t{0xFFF}, predicted["bundle.dfwb"].second);
        EXPECT_EQ(r.serial.find("domfw-loader: bundle moved from ") != std::string::npos, mib == 18) << r.serial;
        ASSERT_TRUE(real.contains("smbios-tables")) << r.serial;
        EXPECT_EQ(real.at("smbios-tables").first, predicted["SMBIOS area (in the loader image)"].first);
        ASSERT_TRUE(real.contains("acpi-tables")) << r.serial;
        EXPECT_EQ(real.at("acpi-tables").first, predicted["ACPI area (in the loader image)"].first);
        ASSERT_TRUE(real.contains("start_info")) << r.serial;
        EXPECT_EQ(real.at("start_info").first, predicted["start_info (handed on)"].first);
        EXPECT_EQ(real.at("start_info").first, num((*stage)["start_info"]["paddr"])) << (*stage)["start_info"].dump();
    }
}
