// How the reader's per-key and per-error work grows with the input: the history of every key
// (what `domfw lint` asks for each key) and rendering one error per line (a flood of errors).
// Both were quadratic once; Google Benchmark fits the measured times to a complexity class
// (the "_BigO" and "_RMS" rows). Timing belongs here, not in unit tests, which only check the
// results (tests/cfg/hostile_test.cpp).
// Run: cmake --preset release && cmake --build --preset release --target cfg_complexity_bench &&
//      build/release/bench/cfg/cfg_complexity_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "cfg/document.hpp"
#include "support/diagnostic.hpp"

namespace {

std::string many_keys(std::int64_t n) {
    std::string text;
    for (std::int64_t i = 0; i < n; ++i)
        text += fmt::format("key{} = \"value{}\"\n", i, i);
    return text;
}

void BM_HistoryOfEveryKey(benchmark::State& state) {
    const std::string text = many_keys(state.range(0));
    for (auto _ : state) {
        auto r = domfw::cfg::parse(text, "t.cfg");
        std::size_t total = 0;
        for (const auto& key : r.document.keys())
            total += r.document.history(key).size();
        benchmark::DoNotOptimize(total);
    }
    state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_HistoryOfEveryKey)->RangeMultiplier(4)->Range(1 << 10, 1 << 16)->Complexity();

void BM_RenderAnErrorPerLine(benchmark::State& state) {
    const auto lines = static_cast<std::uint32_t>(state.range(0));
    const std::string text = std::string(std::size_t{lines} * 2, '\n') + "x = 1 !\n";
    domfw::support::Diagnostics ds;
    for (std::uint32_t l = 1; l <= 2 * lines; l += 2)
        ds.error({"t.cfg", l, 1, 0}, "e");
    for (auto _ : state)
        benchmark::DoNotOptimize(ds.render_all(text));
    state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_RenderAnErrorPerLine)->RangeMultiplier(4)->Range(1 << 10, 1 << 16)->Complexity();

} // namespace

BENCHMARK_MAIN();
