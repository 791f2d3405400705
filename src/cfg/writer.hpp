// The canonical xl.cfg layout (`domfw cfg fmt`): one statement per line as `key = value`,
// comments and statement order kept, at most one blank line in a row, lists on one line as
// `[ a, b ]` when they were written on one line and fit in 80 columns, otherwise one item per
// line with a trailing comma. Strings and numbers keep their exact source spelling, so
// parse(format(x)) has the same values as x, and format(format(x)) == format(x).
#pragma once

#include <string>
#include <string_view>

#include "cfg/document.hpp"
#include "support/error.hpp"

namespace domfw::cfg {

// Canonical text of `text`; fails when `text` does not parse (format only valid files).
[[nodiscard]] Expected<std::string> format(std::string_view text);

// `s` as a double-quoted xl.cfg string that libxlutil reads back as exactly `s` (control
// characters escaped). Fails on a NUL byte, which no xl.cfg string can hold.
[[nodiscard]] Expected<std::string> quote(std::string_view s);

// A value as xl.cfg source text: numbers as written, strings quoted, lists as `[ a, b ]`.
[[nodiscard]] Expected<std::string> to_source(const Value& v);

} // namespace domfw::cfg
