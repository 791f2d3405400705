// What the guest loader spends on firmware modules: scan_bundle (every module's CRC-32C and the
// core reader's walk of its structures or tables) then prepare_firmware (the SMBIOS merge into
// hvmloader-style defaults, written out with its entry points), on simulated guest memory. The
// modules are a realistic mix from ../shared/corpus: the SMBIOS tables of five machines (Dell
// PowerEdge R630, SuperMicro dual Xeon and quad Opteron, Beelink EQ12, ASRock Ryzen) as five SMBIOS
// modules and a ThinkPad's ACPI tables (DSDT, SSDTs, SLIC, ...) as two ACPI modules: 53 KiB.
//   build/release/bench/loader/loader_bench --benchmark_repetitions=5
//   bench/loader/callgrind_per_byte.sh build/release/bench/loader/loader_bench   (instructions/byte)
// `--once` runs the measured work once, for callgrind.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/smbios_walk.hpp"
#include "loader/lib/acpi.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/firmware.hpp"
#include "module/module_writer.hpp"

namespace fs = std::filesystem;
using namespace domfw::loader;

namespace {

constexpr std::uint64_t kBundle = 0x200000, kArea = 0x100000;
constexpr std::size_t kRam = 0x300000;

std::vector<std::uint8_t> slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The ACPI tables a PVH start on Xen 4.17 gives (libxl's, LOADER-FACTS.md: a revision-2 RSDP
// "Xen" naming an XSDT with FACP and APIC, the FACP naming a DSDT and a FACS; there at
// 0xFC008000, here in the bench's 3 MiB, which only has to hold them) and `rsdp_paddr` pointing at
// the RSDP, as Xen and QEMU both set it. The MADT lists `vcpus` Local APICs and one I/O APIC.
constexpr std::uint64_t kRsdp = 0x9F000, kXsdt = 0x9F040, kFacp = 0x9F100, kDsdt = 0x9F200, kFacs = 0x9F300,
                        kMadt = 0x9F400;

void put_u(std::vector<std::uint8_t>& t, std::size_t at, std::uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; ++i)
        t[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void fix_sum(std::vector<std::uint8_t>& t, std::size_t at, std::size_t n) {
    t[at] = 0;
    unsigned sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += t[i];
    t[at] = static_cast<std::uint8_t>(0x100 - (sum & 0xFF));
}

std::vector<std::uint8_t> table(const char* sig, std::size_t length, std::uint8_t revision) {
    std::vector<std::uint8_t> t(length);
    std::memcpy(t.data(), sig, 4);
    put_u(t, 4, length, 4);
    t[8] = revision;
    std::memcpy(t.data() + 10, "Xen   HVM     ", 14); // OEM ID and OEM table ID, as libxl's
    return t;
}

void put_xen_acpi(std::vector<std::uint8_t>& ram, unsigned vcpus) {
    auto place = [&](std::uint64_t at, std::vector<std::uint8_t> t, std::size_t sum_at) {
        if (sum_at != 0) fix_sum(t, sum_at, t.size());
        std::memcpy(ram.data() + at, t.data(), t.size());
    };
    std::vector<std::uint8_t> rsdp(36);
    std::memcpy(rsdp.data(), "RSD PTR ", 8);
    std::memcpy(rsdp.data() + 9, "Xen   ", 6);
    rsdp[15] = 2;
    put_u(rsdp, 20, 36, 4);
    put_u(rsdp, 24, kXsdt, 8);
    fix_sum(rsdp, 8, 20);
    place(kRsdp, rsdp, 32);
    auto xsdt = table("XSDT", 36 + 16, 1);
    put_u(xsdt, 36, kFacp, 8);
    put_u(xsdt, 44, kMadt, 8);
    place(kXsdt, xsdt, 9);
    auto facp = table("FACP", 244, 3);
    put_u(facp, 36, kFacs, 4);
    put_u(facp, 40, kDsdt, 4);
    put_u(facp, 112, 1U << 20, 4); // HW_REDUCED_ACPI, as libxl's PVH FADT
    place(kFacp, facp, 9);
    place(kDsdt, table("DSDT", 36 + 64, 2), 9);
    std::vector<std::uint8_t> facs(64);
    std::memcpy(facs.data(), "FACS", 4);
    put_u(facs, 4, 64, 4);
    place(kFacs, facs, 0);
    auto madt = table("APIC", 36 + 8 + 8 * vcpus + 12, 4);
    put_u(madt, 36, 0xFEE00000, 4);
    for (unsigned i = 0; i < vcpus; ++i) {
        const std::size_t at = 44 + 8 * std::size_t{i};
        madt[at] = 0, madt[at + 1] = 8, madt[at + 2] = static_cast<std::uint8_t>(i);
        madt[at + 3] = static_cast<std::uint8_t>(2 * i), madt[at + 4] = 1;
    }
    const std::size_t io = 44 + 8 * std::size_t{vcpus};
    madt[io] = 1, madt[io + 1] = 12;
    put_u(madt, io + 4, 0xFEC00000, 4);
    place(kMadt, madt, 9);
}

struct Setup {
    std::vector<std::uint8_t> ram = std::vector<std::uint8_t>(kRam);
    std::vector<std::uint8_t> bundle;
    std::uint64_t firmware_bytes = 0;
    std::unique_ptr<BootInfo> boot = std::make_unique<BootInfo>();
    std::unique_ptr<BundleContents> contents = std::make_unique<BundleContents>();
    std::unique_ptr<SmbiosWork> work = std::make_unique<SmbiosWork>();
    std::string error;
};

Setup make_setup() {
    Setup s;
    const fs::path corpus = fs::path(DOMFW_SHARED_DIR) / "corpus";
    std::vector<domfw::module::ByteVector> mods;
    // The loader needs a kernel blob to accept the bundle; 64 bytes, not counted as firmware.
    auto kernel = domfw::module::write_blob_module({"kernel", std::vector<std::uint8_t>(64, 0x90), std::nullopt});
    if (!kernel) {
        s.error = "cannot write the kernel blob";
        return s;
    }
    for (const char* m : {"Dell-PowerEdge-R630-Dual-Xeon", "SuperMicro-Dual-Xeon", "SuperMicro-Quad-Opteron",
                          "Beelink-EQ12", "ASRock-Single-Ryzen"}) {
        const auto table = slurp(corpus / "smbios/siderolabs" / (std::string(m) + ".dmi"));
        domfw::module::SmbiosModuleSpec spec{3, 0, 0, {}};
        domfw::core::smbios::StructureWalk walk(table);
        domfw::core::smbios::Structure st;
        while (walk.next(st))
            if (st.type != 127)
                spec.structures.emplace_back(st.formatted.data(), st.strings.data() + st.strings.size());
        auto w = domfw::module::write_smbios_module(spec);
        if (table.empty() || !w) {
            s.error = std::string("cannot read or wrap the SMBIOS of ") + m;
            return s;
        }
        mods.push_back(std::move(*w));
    }
    // Every table of the ThinkPad, then what a pass-through policy typically selects (its SSDTs,
    // SLIC and TPM tables) as a second module.
    for (const auto& set :
         {std::vector<const char*>{"DSDT", "FACP", "APIC1", "APIC2", "BOOT", "HPET", "MCFG", "SLIC", "SSDT1", "SSDT2",
                                   "SSDT3", "SSDT4", "SSDT5", "TCPA", "TMOR"},
          std::vector<const char*>{"SSDT1", "SSDT2", "SSDT3", "SSDT4", "SSDT5", "SLIC", "TCPA", "TMOR"}}) {
        domfw::module::AcpiModuleSpec acpi;
        for (const char* t : set)
            acpi.tables.push_back(
                slurp(corpus / "acpi/fwts/Lenovo_ThinkPad_TP-68_binary_tables" / (std::string(t) + ".dat")));
        auto a = domfw::module::write_acpi_module(acpi);
        if (!a) {
            s.error = "cannot wrap the ThinkPad's ACPI tables: " + a.error().message;
            return s;
        }
        mods.push_back(std::move(*a));
    }
    for (const auto& m : mods)
        s.firmware_bytes += m.size();
    mods.insert(mods.begin(), std::move(*kernel));
    auto b = domfw::module::write_bundle(mods);
    if (!b) {
        s.error = "cannot write the bundle";
        return s;
    }
    s.bundle = std::move(*b);
    std::memcpy(s.ram.data() + kBundle, s.bundle.data(), s.bundle.size());
    put_xen_acpi(s.ram, 2);
    s.boot->rsdp_paddr = kRsdp;
    s.boot->memmap.entries[0] = {0, kRsdp, DOMFW_HVM_MEMMAP_TYPE_RAM};
    s.boot->memmap.entries[1] = {kRsdp, 0xA0000 - kRsdp, DOMFW_HVM_MEMMAP_TYPE_ACPI};
    s.boot->memmap.entries[2] = {0x100000, kRam - 0x100000, DOMFW_HVM_MEMMAP_TYPE_RAM};
    s.boot->memmap.count = 3;
    return s;
}

// The console report goes nowhere (DOMFW_BENCH_VERBOSE=1: to stderr, to see it), as cheaply as
// the loader's own sink can be, so the figure is the loader's work, not the console's.
bool g_verbose = false;
void discard(void*, char c) {
    if (g_verbose) std::fputc(c, stderr);
}

// The measured work: everything the loader does with the firmware modules.
[[gnu::noinline]] bool validate_and_merge(Setup& s) {
    const PhysMemory mem = PhysMemory::over(s.ram);
    Console con(discard, nullptr);
    if (scan_bundle(mem, kBundle, s.bundle.size(), con, *s.contents)) return false;
    // Xen: no platform SMBIOS (a zeroed F-segment: reset between runs), libxl's ACPI tables
    // through rsdp_paddr (the passed tables are listed after them), no PCI.
    const FirmwareTables t =
        prepare_firmware(mem, Region{kArea, kSmbiosAreaSize}, Region{kArea + kSmbiosAreaSize, kAcpiAreaSize},
                         PciConfig{}, *s.boot, *s.contents, *s.work, con);
    return t.reserved_count == 2;
}

void BM_ValidateAndMerge(benchmark::State& state) {
    Setup s = make_setup();
    if (!s.error.empty()) {
        state.SkipWithError(s.error.c_str());
        return;
    }
    for (auto _ : state) {
        // The previous run's entry point would be found as the platform's: not part of the cost.
        state.PauseTiming();
        std::memset(s.ram.data() + kFsegBase, 0, kFsegSize);
        *s.contents = {}; // the loader's state starts zeroed (its .bss): not part of the cost
        state.ResumeTiming();
        if (!validate_and_merge(s)) state.SkipWithError("the loader did not accept the bundle");
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.firmware_bytes));
    state.counters["firmware_bytes"] = static_cast<double>(s.firmware_bytes);
}
BENCHMARK(BM_ValidateAndMerge);

} // namespace

int main(int argc, char** argv) {
    g_verbose = std::getenv("DOMFW_BENCH_VERBOSE") != nullptr;
    if (argc == 2 && std::strcmp(argv[1], "--once") == 0) {
        Setup s = make_setup();
        if (!s.error.empty()) {
            std::fprintf(stderr, "%s\n", s.error.c_str());
            return 77;
        }
        if (!validate_and_merge(s)) return 1;
        std::printf("firmware_bytes %llu\n", static_cast<unsigned long long>(s.firmware_bytes));
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
