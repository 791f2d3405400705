// Throughput of core::Sha256 (SHA-NI and portable engines) and of OpenSSL's EVP SHA-256 on the
// same 1 MiB buffer. Google Benchmark prints bytes_per_second; run with
//   build/release/bench/core/sha256_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <random>
#include <vector>

#include "core/sha256.hpp"

namespace {

using domfw::core::Sha256Engine;

const std::vector<std::uint8_t>& buffer() {
    static const std::vector<std::uint8_t> b = [] {
        std::vector<std::uint8_t> v(std::size_t{1} << 20);
        std::mt19937 rng(1);
        for (auto& x : v)
            x = static_cast<std::uint8_t>(rng());
        return v;
    }();
    return b;
}

void run_ours(benchmark::State& state, Sha256Engine engine) {
    if (engine == Sha256Engine::sha_ni && !domfw::core::sha256_ni_available()) {
        state.SkipWithError("this CPU has no SHA extensions");
        return;
    }
    const auto& b = buffer();
    for (auto _ : state)
        benchmark::DoNotOptimize(domfw::core::sha256(b, engine));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(b.size()));
}

void BM_Sha256_domfw_sha_ni(benchmark::State& state) { run_ours(state, Sha256Engine::sha_ni); }
void BM_Sha256_domfw_portable(benchmark::State& state) { run_ours(state, Sha256Engine::portable); }

void BM_Sha256_openssl(benchmark::State& state) {
    const auto& b = buffer();
    std::array<unsigned char, 32> d{};
    for (auto _ : state) {
        unsigned int n = 0;
        EVP_Digest(b.data(), b.size(), d.data(), &n, EVP_sha256(), nullptr);
        benchmark::DoNotOptimize(d);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(b.size()));
}

} // namespace

BENCHMARK(BM_Sha256_domfw_sha_ni)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sha256_domfw_portable)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sha256_openssl)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
