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
#include <regex>
#include <sstream>
#include <string>
#include <vector>

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

    QemuRun boot(const ByteVector& bundle, const std::string& append, unsigned mib = 256) {
        const fs::path b = dir_ / "bundle", e9 = dir_ / "e9.log", out = dir_ / "serial.log";
        std::ofstream(b, std::ios::binary)
            .write(reinterpret_cast<const char*>(bundle.data()), static_cast<std::streamsize>(bundle.size()));
        const std::string cmd =
            "timeout 60 qemu-system-x86_64 -machine " + std::string(GetParam()) + " -m " + std::to_string(mib) +
            " -nographic -no-reboot -nodefaults -serial stdio -kernel " DOMFW_LOADER_ELF " -initrd " + b.string() +
            " -append '" + append + "' -debugcon file:" + e9.string() +
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
                                                       "start_info 0x1[0-3][0-9a-f]{4}; exiting instead of starting "
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
                                             "(0x1[0-3][0-9a-f]{4})\n")))
        << r.serial;
    const std::string start_info = m[1];
    // The start_info the kernel got: version 1, 3 modules, the platform's RSDP unchanged, the same
    // command line.
    const std::string rsdp_tag = " module, rsdp ";
    const auto rsdp_at = r.serial.find(rsdp_tag);
    ASSERT_NE(rsdp_at, std::string::npos) << r.serial;
    const std::string rsdp =
        r.serial.substr(rsdp_at + rsdp_tag.size(), r.serial.find('\n', rsdp_at) - rsdp_at - rsdp_tag.size());
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
