// Throughput of the acpidump text reader on the largest acpidump.txt of the corpus (bytes/s of
// text): parsing only, and parsing plus building the checked AcpiTableSet.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>

#include "acpi/acpidump_text.hpp"
#include "acpi/load.hpp"
#include "support/files.hpp"

namespace {
namespace fs = std::filesystem;

std::string largest_dump() {
    fs::path root = fs::path(DOMFW_SHARED_DIR) / "corpus" / "acpi";
    fs::path best;
    std::uintmax_t best_size = 0;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return {};
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.path().filename() == "acpidump.txt" && e.file_size() > best_size) {
            best_size = e.file_size();
            best = e.path();
        }
    }
    auto text = domfw::support::read_text_file(best);
    return text ? *text : std::string{};
}

const std::string& dump() {
    static const std::string text = largest_dump();
    return text;
}

void BM_ParseAcpidumpText(benchmark::State& state) {
    if (dump().empty()) {
        state.SkipWithError("no corpus acpidump.txt");
        return;
    }
    for (auto _ : state) {
        auto blocks = domfw::acpi::parse_acpidump_text(dump(), "bench");
        benchmark::DoNotOptimize(blocks);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(dump().size()));
}
BENCHMARK(BM_ParseAcpidumpText);

void BM_LoadAcpidumpText(benchmark::State& state) {
    if (dump().empty()) {
        state.SkipWithError("no corpus acpidump.txt");
        return;
    }
    for (auto _ : state) {
        auto set = domfw::acpi::load_acpidump_text(dump(), "bench");
        benchmark::DoNotOptimize(set);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(dump().size()));
}
BENCHMARK(BM_LoadAcpidumpText);

} // namespace

BENCHMARK_MAIN();
