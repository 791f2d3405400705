// The fuzz target's seeds (tests/fuzz/corpus/fuzz_loader/), built here with the module writer:
// each must take the loader as far as its name says, so the fuzzer starts from deep paths.
// DOMFW_WRITE_LOADER_SEEDS=1 rewrites them in the source tree.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "core/checksum.hpp"
#include "fuzz_layout.hpp"
#include "guest_fixture.hpp"

using namespace domfw::loader;
using namespace domfw::loader::test;
namespace fs = std::filesystem;

namespace {

void put(ByteVector& v, std::size_t at, std::uint64_t x, unsigned n) {
    if (v.size() < at + n) v.resize(at + n);
    for (unsigned i = 0; i < n; ++i)
        v[at + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

ByteVector seed_image(const ByteVector& bundle, const std::string& cmdline) {
    ByteVector m(fuzz::kBundle, 0);
    put(m, fuzz::kStartInfo, DOMFW_HVM_START_MAGIC_VALUE, 4);
    put(m, fuzz::kStartInfo + 4, 1, 4);
    put(m, fuzz::kStartInfo + 12, 1, 4);
    put(m, fuzz::kStartInfo + 16, fuzz::kModlist, 8);
    put(m, fuzz::kStartInfo + 24, fuzz::kCmdline, 8);
    put(m, fuzz::kStartInfo + 32, 0xF59D0, 8);
    put(m, fuzz::kStartInfo + 40, fuzz::kMemmap, 8);
    put(m, fuzz::kStartInfo + 48, 2, 4);
    put(m, fuzz::kMemmap, 0x0, 8); // RAM [0, 0x40000), the BIOS area reserved
    put(m, fuzz::kMemmap + 8, fuzz::kRam, 8);
    put(m, fuzz::kMemmap + 16, 1, 4);
    put(m, fuzz::kMemmap + 24, 0xF0000, 8);
    put(m, fuzz::kMemmap + 32, 0x10000, 8);
    put(m, fuzz::kMemmap + 40, 2, 4);
    put(m, fuzz::kModlist, fuzz::kBundle, 8);
    put(m, fuzz::kModlist + 8, bundle.size(), 8);
    for (std::size_t i = 0; i < cmdline.size(); ++i)
        m[fuzz::kCmdline + i] = static_cast<std::uint8_t>(cmdline[i]);
    m.insert(m.end(), bundle.begin(), bundle.end());
    return m;
}

KernelSpec fuzz_kernel(bool is64, std::uint32_t note) {
    KernelSpec k;
    k.is64 = is64;
    k.note_size = note;
    k.entry = fuzz::kKernel + 0x10;
    k.segments.push_back({fuzz::kKernel, patterned(0x800, 1), 0x1000});
    return k;
}

// A small platform ACPI set in the seed's first page, where start_info's rsdp_paddr points:
// RSDP revision 2 at 0x600, XSDT at 0x640 listing FACP (0x700, with DSDT 0x800 and FACS 0x840)
// and APIC (0x880). The fuzzer mutates it from there.
void acpi_table(ByteVector& m, std::size_t at, const char* sig, std::uint32_t length) {
    for (std::size_t i = 0; i < 4; ++i)
        m[at + i] = static_cast<std::uint8_t>(sig[i]);
    put(m, at + 4, length, 4);
    m[at + 8] = 2;
    for (std::size_t i = 0; i < 6; ++i)
        m[at + 10 + i] = static_cast<std::uint8_t>("BOCHS "[i]);
    m[at + 9] = 0;
    m[at + 9] = domfw::core::sum8_fix(std::span(m).subspan(at, length));
}

void platform_acpi(ByteVector& m) {
    put(m, fuzz::kStartInfo + 32, 0x600, 8);
    put(m, 0x840 + 4, 64, 4);
    for (std::size_t i = 0; i < 4; ++i)
        m[0x840 + i] = static_cast<std::uint8_t>("FACS"[i]);
    acpi_table(m, 0x800, "DSDT", 36);
    put(m, 0x700 + 36, 0x840, 4);
    put(m, 0x700 + 40, 0x800, 4);
    acpi_table(m, 0x700, "FACP", 244);
    acpi_table(m, 0x880, "APIC", 44);
    put(m, 0x640 + 36, 0x700, 8);
    put(m, 0x640 + 44, 0x880, 8);
    acpi_table(m, 0x640, "XSDT", 52);
    const char* sig = "RSD PTR ";
    for (std::size_t i = 0; i < 8; ++i)
        m[0x600 + i] = static_cast<std::uint8_t>(sig[i]);
    m[0x600 + 15] = 2;
    put(m, 0x600 + 20, 36, 4);
    put(m, 0x600 + 24, 0x640, 8);
    m[0x600 + 8] = domfw::core::sum8_fix(std::span(m).subspan(0x600, 20));
    m[0x600 + 32] = domfw::core::sum8_fix(std::span(m).subspan(0x600, 36));
}

ByteVector acpi_seed(const ByteVector& kernel) {
    ByteVector ssdt(36 + 8, 0x70), slic(36 + 16, 0x51);
    acpi_table(ssdt, 0, "SSDT", static_cast<std::uint32_t>(ssdt.size()));
    acpi_table(slic, 0, "SLIC", static_cast<std::uint32_t>(slic.size()));
    auto mod = domfw::module::write_acpi_module({{ssdt, slic}, true});
    if (!mod) throw std::runtime_error("write_acpi_module: " + mod.error().message);
    ByteVector m = seed_image(bundle_of({blob("kernel", kernel), *mod}), "domfw.exit");
    platform_acpi(m);
    return m;
}

struct Seed {
    const char* name;
    ByteVector image;
    Next next;
    const char* reports = nullptr; // a line the run must report, when set
};

std::vector<Seed> seeds() {
    const ByteVector k64 = make_kernel_elf(fuzz_kernel(true, 8)), k32 = make_kernel_elf(fuzz_kernel(false, 4));
    KernelSpec clash = fuzz_kernel(true, 8);
    clash.segments[0].paddr = fuzz::kBundle; // where the bundle lies: it moves
    clash.entry = clash.segments[0].paddr;
    KernelSpec no_room = clash;
    no_room.segments[0].memsz = 0x2F000; // up to the loader: no room left to move the bundle to
    return {
        {"elf64_modules_exit",
         seed_image(bundle_of({blob("kernel", k64), blob("ramdisk", patterned(0x300, 2)), blob("cloud-init", {'#'}),
                               smbios_module()}),
                    "domfw.exit"),
         Next::exit_success},
        {"elf32_start", seed_image(bundle_of({blob("kernel", k32), blob("ramdisk", {1, 2, 3})}), "quiet"),
         Next::start_kernel},
        {"kernel_over_bundle", seed_image(bundle_of({blob("kernel", make_kernel_elf(clash))}), ""), Next::start_kernel},
        {"kernel_over_bundle_no_room", seed_image(bundle_of({blob("kernel", make_kernel_elf(no_room))}), ""),
         Next::halt},
        {"acpi_platform_and_module", acpi_seed(k64), Next::exit_success,
         "domfw-loader: acpi: new RSDP at 0x38000 (revision 2), XSDT at 0x38030, RSDT at 0x38080: 4 tables (2 "
         "platform, 2 added); 560 bytes\n"},
    };
}

fs::path corpus() { return fs::path(DOMFW_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_loader"; }

} // namespace

TEST(LoaderFuzzSeeds, EachReachesItsOutcome) {
    if (std::getenv("DOMFW_WRITE_LOADER_SEEDS") != nullptr) {
        fs::create_directories(corpus());
        for (const Seed& s : seeds())
            std::ofstream(corpus() / s.name, std::ios::binary)
                .write(reinterpret_cast<const char*>(s.image.data()), static_cast<std::streamsize>(s.image.size()));
    }
    std::vector<std::uint8_t> ram(fuzz::kRam);
    auto state = std::make_unique<LoaderState>();
    for (const Seed& s : seeds()) {
        SCOPED_TRACE(s.name);
        std::ifstream in(corpus() / s.name, std::ios::binary);
        const ByteVector committed{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        EXPECT_EQ(committed, s.image) << "regenerate with DOMFW_WRITE_LOADER_SEEDS=1";
        std::string report;
        const Outcome o = fuzz::run_on(
            committed, ram, *state, [](void* c, char ch) { static_cast<std::string*>(c)->push_back(ch); }, &report);
        EXPECT_EQ(o.next, s.next) << report;
        if (s.reports != nullptr) {
            EXPECT_NE(report.find(s.reports), std::string::npos) << report;
        }
    }
}
