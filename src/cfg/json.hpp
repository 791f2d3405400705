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
// the file has errors: libxlutil gives none then either. The diagnostics include
// utf8_warnings() when there are values.
[[nodiscard]] nlohmann::ordered_json dump_json(const ParseResult& r);
// A warning for each statement whose value reaches values_json() (the last `=` of a key and
// the `+=` after it) and holds a string that is not valid UTF-8: JSON shows each such byte as
// U+FFFD, which must not happen silently. `key` non-empty: only that key's statements.
[[nodiscard]] support::Diagnostics utf8_warnings(const Document& doc, std::string_view key = {});
// Serialises with invalid UTF-8 replaced by U+FFFD (JSON cannot carry arbitrary bytes).
[[nodiscard]] std::string dump_text(const nlohmann::ordered_json& j);

} // namespace domfw::cfg
