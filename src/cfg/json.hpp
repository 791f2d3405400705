// xl.cfg values as JSON, shaped like what libxlutil returns: a string for a string or a number
// (numbers as their source text), nested arrays for lists.
#pragma once

#include <nlohmann/json.hpp>

#include "cfg/document.hpp"

namespace domfw::cfg {

[[nodiscard]] nlohmann::json to_json(const Value& v);
// {KEY: VALUE} for every effective key, in order of first assignment.
[[nodiscard]] nlohmann::ordered_json values_json(const Document& doc);
// {"ok", "values", "diagnostics"} as `domfw cfg dump --json` prints it. Values are empty when
// the file has errors: libxlutil gives none then either.
[[nodiscard]] nlohmann::ordered_json dump_json(const ParseResult& r);
// Serialises with invalid UTF-8 replaced by U+FFFD (JSON cannot carry arbitrary bytes).
[[nodiscard]] std::string dump_text(const nlohmann::ordered_json& j);

} // namespace domfw::cfg
