// In-process cost of the domain model: interpret a generated xl.cfg and write its libxl JSON
// (what `domfw show --libxl-json` does after reading the file). The whole-process comparison with
// `xl -N create` is bench/domain/compare_xl.sh.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "domain/libxl_json.hpp"
#include "domain/load.hpp"
#include "generators/domain_config_text.hpp"

namespace {

void BM_LoadAndLibxlJson(benchmark::State& state) {
    std::vector<std::string> texts;
    for (std::uint64_t s = 1; s <= 64; ++s)
        texts.push_back(domfw::generators::generate_config(s));
    domfw::domain::LoadOptions o;
    o.missing_file = domfw::domain::MissingFile::ignore;
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = domfw::domain::load_text(texts[i++ % texts.size()], "/etc/xen/guest.cfg", o);
        if (r.ok()) benchmark::DoNotOptimize(domfw::domain::to_libxl_json(r.config).dump());
        benchmark::DoNotOptimize(r.diagnostics.items().size());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_LoadAndLibxlJson);

} // namespace

BENCHMARK_MAIN();
