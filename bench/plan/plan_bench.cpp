// The planner and the module writer/reader in-process (whole-process comparisons against
// sha256sum and `xl -N create` are in bench/plan/*.sh).
#include <benchmark/benchmark.h>

#include <cstring>

#include "core/checksum.hpp"
#include "core/module_reader.hpp"
#include "module/module_writer.hpp"
#include "plan/plan.hpp"

using namespace domfw;

namespace {

void BM_PlanHvm(benchmark::State& st) {
    plan::PlanInput in;
    in.memory = 1ULL << 30;
    in.loader_size = 0x33f40;
    in.modules = {{"firmware", 0x20000, "firmware", plan::ModuleRole::boot_module},
                  {"acpi.bin", 0x1234, "", plan::ModuleRole::acpi_passthrough},
                  {"smbios.bin", 0x800, "", plan::ModuleRole::smbios_passthrough}};
    for (auto _ : st)
        benchmark::DoNotOptimize(plan::make_plan(in));
}
BENCHMARK(BM_PlanHvm);

void BM_PlanPvh(benchmark::State& st) {
    plan::PlanInput in;
    in.type = plan::GuestType::pvh;
    in.memory = 1ULL << 30;
    plan::ElfImage k;
    k.segments.push_back({0, 0, 0x1000000, 0x2000000, 0x2000000});
    k.phys32_entry = 0x1000000;
    in.kernel = k;
    in.cmdline = "console=hvc0";
    in.modules = {{"ramdisk", 0x10000000, "", plan::ModuleRole::boot_module}};
    for (auto _ : st)
        benchmark::DoNotOptimize(plan::make_plan(in));
}
BENCHMARK(BM_PlanPvh);

std::vector<std::uint8_t> ssdt(std::size_t n) {
    std::vector<std::uint8_t> t(n, 0x5A);
    std::memcpy(t.data(), "SSDT", 4);
    for (int i = 0; i < 4; ++i)
        t[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
    t[9] = 0;
    t[9] = core::sum8_fix(t);
    return t;
}

// 64 KiB of ACPI pass-through: write (includes the read-back check) and read.
void BM_WriteAcpiModule64K(benchmark::State& st) {
    module::AcpiModuleSpec spec{{ssdt(0x8000), ssdt(0x8000)}, false};
    for (auto _ : st)
        benchmark::DoNotOptimize(module::write_acpi_module(spec));
    st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * 0x10000);
}
BENCHMARK(BM_WriteAcpiModule64K);

void BM_ReadBundle(benchmark::State& st) {
    std::vector<module::ByteVector> mods;
    mods.push_back(*module::write_acpi_module({{ssdt(0x8000), ssdt(0x8000)}, false}));
    std::vector<std::uint8_t> blob(static_cast<std::size_t>(st.range(0)), 7);
    mods.push_back(*module::write_blob_module({"ramdisk", blob}));
    const auto b = *module::write_bundle(mods);
    for (auto _ : st) {
        auto v = core::read_bundle(b);
        for (std::uint32_t i = 0; i < v->module_count; ++i)
            benchmark::DoNotOptimize(core::bundle_module(*v, i));
    }
    st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(b.size()));
}
BENCHMARK(BM_ReadBundle)->Arg(4096)->Arg(1 << 20);

} // namespace

BENCHMARK_MAIN();
