#include "cfg/json.hpp"

namespace domfw::cfg {

nlohmann::json to_json(const Value& v) {
    if (!v.is_list()) return v.text;
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

nlohmann::ordered_json dump_json(const ParseResult& r) {
    nlohmann::ordered_json out;
    out["ok"] = r.ok();
    out["values"] = r.ok() ? values_json(r.document) : nlohmann::ordered_json::object();
    out["diagnostics"] = r.diagnostics.to_json();
    return out;
}

std::string dump_text(const nlohmann::ordered_json& j) {
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace domfw::cfg
