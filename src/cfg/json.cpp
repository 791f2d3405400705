#include "cfg/json.hpp"

#include <fmt/format.h>

namespace domfw::cfg {

nlohmann::json to_json(const Value& v) {
    if (!v.is_list()) return v.text.str();
    auto arr = nlohmann::json::array();
    for (const auto& item : v.items)
        arr.push_back(to_json(item));
    return arr;
}

nlohmann::ordered_json values_json(const Document& doc) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& key : doc.keys())
        out[key] = to_json(*doc.get(key));
    return out;
}

namespace {

// The first string in `v` (a list's items in order) that is not valid UTF-8.
const Value* first_invalid_utf8(const Value& v) {
    if (!v.is_list()) return support::invalid_utf8_at(v.text) == std::string_view::npos ? nullptr : &v;
    for (const auto& item : v.items) // depth bounded by the parser (docs/cfg.md)
        if (const Value* bad = first_invalid_utf8(item)) return bad;
    return nullptr;
}

} // namespace

support::Diagnostics utf8_warnings(const Document& doc, std::string_view key) {
    support::Diagnostics out;
    const auto check = [&](const std::string& k) {
        const auto history = doc.history(k);
        std::size_t from = 0; // the last plain `=`: what precedes it is not in the value
        for (std::size_t i = 0; i < history.size(); ++i)
            if (!history[i]->append) from = i;
        for (std::size_t i = from; i < history.size(); ++i) {
            const Value* bad = first_invalid_utf8(history[i]->value);
            if (bad == nullptr) continue;
            const std::size_t at = support::invalid_utf8_at(bad->text);
            out.warning({doc.file(), bad->range.line, bad->range.column, bad->range.length},
                        fmt::format("the value of `{}` is not valid UTF-8 (byte 0x{:02x} at offset {} of the string): "
                                    "JSON shows each invalid byte as U+FFFD",
                                    k, static_cast<unsigned char>(bad->text[at]), at));
        }
    };
    if (!key.empty()) {
        check(std::string(key));
        return out;
    }
    for (const auto& k : doc.keys())
        check(k);
    return out;
}

nlohmann::ordered_json dump_json(const ParseResult& r) {
    nlohmann::ordered_json out;
    out["ok"] = r.ok();
    out["values"] = r.ok() ? values_json(r.document) : nlohmann::ordered_json::object();
    support::Diagnostics all = r.diagnostics;
    if (r.ok()) all.append(utf8_warnings(r.document));
    out["diagnostics"] = all.to_json();
    return out;
}

std::string dump_text(const nlohmann::ordered_json& j) {
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace domfw::cfg
