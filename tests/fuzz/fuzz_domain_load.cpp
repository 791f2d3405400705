// Runs xl.cfg texts through the domain model as `domfw check` and `domfw show` do (interpret,
// resolve, libxl JSON, model JSON) and through `domfw lint`. The first byte picks the input:
// even = the rest is config text; odd = the next 8 bytes seed the config generator, which
// reaches deep into the model where random bytes rarely get past the parser.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "domain/libxl_json.hpp"
#include "domain/lint.hpp"
#include "domain/load.hpp"
#include "generators/domain_config_text.hpp"
#include "plan/from_domain.hpp"
#include "plan/plan_keys.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace domfw::domain;
    if (size == 0) return 0;
    std::string text;
    if ((data[0] & 1U) != 0) {
        std::uint64_t seed = 0;
        std::memcpy(&seed, data + 1, size - 1 < 8 ? size - 1 : 8);
        domfw::generators::GeneratorOptions g;
        g.modules = (data[0] & 2U) != 0;
        text = domfw::generators::generate_config(seed, g);
        if (size > 9) text.append(reinterpret_cast<const char*>(data + 9), size - 9); // extra lines
    } else {
        text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    }
    LoadOptions o;
    o.missing_file = (data[0] & 4U) != 0 ? MissingFile::warning : MissingFile::ignore;
    o.firmware_dir = "/nonexistent/fw";
    o.extension_keys = domfw::plan::build_extension_keys();
    auto r = load_text(text, "/nonexistent/guest.cfg", o);
    domfw::plan::check_plan_keys(r, r.diagnostics); // what `domfw check` adds
    if (r.ok()) {
        // Config strings are bytes, not necessarily UTF-8: the CLI dumps with `replace`.
        constexpr auto replace = nlohmann::ordered_json::error_handler_t::replace;
        auto a = to_libxl_json(r.config).dump(-1, ' ', false, replace);
        auto b = to_model_json(r.config).dump(-1, ' ', false, replace);
        if (a.empty() || b.empty()) __builtin_trap();
    }
    (void)r.diagnostics.render_all(r.source);
    (void)r.diagnostics.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto l = lint(text, "/nonexistent/guest.cfg");
    (void)l;
    return 0;
}
