// Parser throughput, domfw vs libxlutil 4.17, on the same in-memory bytes: every file of
// ../shared/corpus/xlcfg (or examples/*.cfg without it), each parsed as xl would parse it.
// Run: cmake --preset release && cmake --build --preset release --target cfg_parse_bench &&
//      build/release/bench/cfg/cfg_parse_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

extern "C" {
#include <libxlutil.h>
}

#include "cfg/document.hpp"
#include "cfg/json.hpp"
#include "cfg/lexer.hpp"
#include "support/files.hpp"

namespace {

struct Corpus {
    std::vector<std::string> files;
    std::size_t bytes = 0;
};

FILE* quiet();

const Corpus& corpus() {
    static const Corpus c = [] {
        Corpus out;
        std::filesystem::path dir = std::filesystem::path(DOMFW_SHARED_DIR) / "corpus" / "xlcfg";
        if (!std::filesystem::is_directory(dir)) dir = std::filesystem::path(DOMFW_SOURCE_DIR) / "examples";
        std::vector<std::filesystem::path> paths;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
            if (e.is_regular_file()) paths.push_back(e.path());
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths) {
            auto text = domfw::support::read_text_file(p);
            if (!text) continue;
            out.bytes += text->size();
            out.files.push_back(std::move(*text));
        }
        std::fprintf(stderr, "corpus: %s, %zu files, %zu bytes\n", dir.c_str(), out.files.size(), out.bytes);
        return out;
    }();
    return c;
}

// The files libxlutil accepts: the everyday case of `xl create` on a working config, without
// the Python-era and template files whose many errors dominate the full corpus.
const Corpus& valid_corpus() {
    static const Corpus c = [] {
        Corpus out;
        for (const auto& text : corpus().files) {
            XLU_Config* cfg = xlu_cfg_init(quiet(), "bench.cfg");
            const int rc = xlu_cfg_readdata(cfg, text.data(), static_cast<int>(text.size()));
            xlu_cfg_destroy(cfg);
            if (rc != 0) continue;
            out.bytes += text.size();
            out.files.push_back(text);
        }
        std::fprintf(stderr, "valid subset: %zu files, %zu bytes\n", out.files.size(), out.bytes);
        return out;
    }();
    return c;
}

FILE* quiet() {
    static FILE* f = std::fopen("/dev/null", "w");
    return f;
}

void domfw_parse(benchmark::State& state, const Corpus& c) {
    for (auto _ : state) {
        for (const auto& text : c.files) {
            auto r = domfw::cfg::parse(text, "bench.cfg");
            benchmark::DoNotOptimize(r.document.assignments().data());
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(c.bytes));
}
void BM_domfw_parse(benchmark::State& state) { domfw_parse(state, corpus()); }
void BM_domfw_parse_valid(benchmark::State& state) { domfw_parse(state, valid_corpus()); }
BENCHMARK(BM_domfw_parse);

// The lexer alone: the floor under the parser's cost.
void BM_domfw_lex_only(benchmark::State& state) {
    const Corpus& c = corpus();
    for (auto _ : state) {
        for (const auto& text : c.files) {
            domfw::cfg::Lexer lex(text);
            std::size_t tokens = 0;
            while (lex.next().kind != domfw::cfg::TokenKind::end)
                ++tokens;
            benchmark::DoNotOptimize(tokens);
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(c.bytes));
}
BENCHMARK(BM_domfw_lex_only);

void libxlutil_parse(benchmark::State& state, const Corpus& c) {
    for (auto _ : state) {
        for (const auto& text : c.files) {
            XLU_Config* cfg = xlu_cfg_init(quiet(), "bench.cfg");
            int rc = xlu_cfg_readdata(cfg, text.data(), static_cast<int>(text.size()));
            benchmark::DoNotOptimize(rc);
            xlu_cfg_destroy(cfg);
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(c.bytes));
}
void BM_libxlutil_parse(benchmark::State& state) { libxlutil_parse(state, corpus()); }
void BM_libxlutil_parse_valid(benchmark::State& state) { libxlutil_parse(state, valid_corpus()); }
BENCHMARK(BM_libxlutil_parse);
BENCHMARK(BM_domfw_parse_valid);
BENCHMARK(BM_libxlutil_parse_valid);

// Scaling with the input (docs/cfg.md "Limits"): N distinct keys parsed (and then each key's
// history looked up, as lint and the domain loader do, and the JSON dump's UTF-8 check run); N
// lines that are each an error, parsed and rendered. Google Benchmark fits the complexity; past
// about 64k keys the document outgrows the caches and each hash lookup is a cache miss, so the
// time per key rises while the work per key stays constant.
std::string distinct_keys(std::int64_t n) {
    std::string text;
    for (std::int64_t i = 0; i < n; ++i)
        text += "key" + std::to_string(i) + " = \"value" + std::to_string(i) + "\"\n";
    return text;
}

void BM_domfw_distinct_keys(benchmark::State& state) {
    const std::string text = distinct_keys(state.range(0));
    for (auto _ : state) {
        auto r = domfw::cfg::parse(text, "bench.cfg");
        benchmark::DoNotOptimize(r.document.assignments().data());
    }
    state.SetComplexityN(state.range(0));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_domfw_distinct_keys)->RangeMultiplier(4)->Range(1000, 256000)->Complexity();

// Plus what lint and `cfg dump --json` do per key: history() twice, the UTF-8 check once.
void BM_domfw_distinct_keys_history(benchmark::State& state) {
    const std::string text = distinct_keys(state.range(0));
    for (auto _ : state) {
        auto r = domfw::cfg::parse(text, "bench.cfg");
        std::size_t statements = 0;
        for (const auto& key : r.document.keys())
            statements += r.document.history(key).size();
        benchmark::DoNotOptimize(statements);
        benchmark::DoNotOptimize(domfw::cfg::utf8_warnings(r.document).items().data());
    }
    state.SetComplexityN(state.range(0));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_domfw_distinct_keys_history)->RangeMultiplier(4)->Range(1000, 256000)->Complexity();

void BM_libxlutil_distinct_keys(benchmark::State& state) {
    const std::string text = distinct_keys(state.range(0));
    for (auto _ : state) {
        XLU_Config* cfg = xlu_cfg_init(quiet(), "bench.cfg");
        int rc = xlu_cfg_readdata(cfg, text.data(), static_cast<int>(text.size()));
        benchmark::DoNotOptimize(rc);
        xlu_cfg_destroy(cfg);
    }
    state.SetComplexityN(state.range(0));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_libxlutil_distinct_keys)->RangeMultiplier(4)->Range(1000, 256000)->Complexity();

// Every line an error (uppercase names): the parser stops reading after 100 errors, so this
// stays flat past the first hundred lines.
void BM_domfw_error_lines(benchmark::State& state) {
    std::string text;
    for (std::int64_t i = 0; i < state.range(0); ++i)
        text += "Key" + std::to_string(i) + " = 1\n";
    for (auto _ : state) {
        auto r = domfw::cfg::parse(text, "bench.cfg");
        benchmark::DoNotOptimize(r.diagnostics.render_all(r.source()).size());
    }
    state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_domfw_error_lines)->RangeMultiplier(10)->Range(1000, 100000)->Complexity();

// Issue #10's large file in one process: 60 lists of 2,500 strings (6.6 MB, the text of
// bench/cfg/large_file_vs_libxlutil.sh, which compares whole processes). In memory, so neither
// side reads a file: domfw copies the bytes into the document, libxlutil into its lexer.
const std::string& large_lists() {
    static const std::string text = [] {
        std::string out;
        for (int l = 0; l < 60; ++l) {
            out += fmt::format("list_{:02d} = [\n", l);
            for (int i = 0; i < 2500; ++i)
                out += fmt::format("    \"item-{:02d}-{:05d}-abcdefghijklmnopqrstuv\",\n", l, i);
            out += "]\n";
        }
        return out;
    }();
    return text;
}

void BM_domfw_large_lists(benchmark::State& state) {
    const std::string& text = large_lists();
    for (auto _ : state) {
        auto r = domfw::cfg::parse(text, "bench.cfg");
        benchmark::DoNotOptimize(r.document.assignments().data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_domfw_large_lists)->Unit(benchmark::kMillisecond);

void BM_libxlutil_large_lists(benchmark::State& state) {
    const std::string& text = large_lists();
    for (auto _ : state) {
        XLU_Config* cfg = xlu_cfg_init(quiet(), "bench.cfg");
        int rc = xlu_cfg_readdata(cfg, text.data(), static_cast<int>(text.size()));
        benchmark::DoNotOptimize(rc);
        xlu_cfg_destroy(cfg);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_libxlutil_large_lists)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
