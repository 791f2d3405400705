// libFuzzer target for the xl.cfg parser: never crash, and on every accepted input the writer's
// round trip holds (parse(format(x)) has x's values; format is idempotent).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cfg/document.hpp"
#include "cfg/writer.hpp"

namespace {

bool same_value(const domfw::cfg::Value& a, const domfw::cfg::Value& b) {
    if (a.kind != b.kind || a.text != b.text || a.items.size() != b.items.size()) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same_value(a.items[i], b.items[i])) return false;
    return true;
}

void require(bool ok) {
    if (!ok) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto r = domfw::cfg::parse(text, "fuzz.cfg");
    (void)r.diagnostics.render_all(r.source());
    auto f = domfw::cfg::format(text);
    require(f.has_value() == r.ok());
    if (!r.ok()) return 0;
    for (const auto& key : r.document.keys()) {
        const auto* v = r.document.get(key);
        require(v != nullptr);
        if (v->is_number()) (void)domfw::cfg::to_long(v->text);
    }
    auto again = domfw::cfg::parse(*f, "formatted.cfg");
    require(again.ok());
    require(again.document.keys() == r.document.keys());
    for (const auto& key : r.document.keys())
        require(same_value(*r.document.get(key), *again.document.get(key)));
    auto twice = domfw::cfg::format(*f);
    require(twice.has_value() && *twice == *f);
    return 0;
}
