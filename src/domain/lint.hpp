// `domfw lint`: migrations of old xl.cfg idioms to the forms domfw recommends, applied as byte
// edits so comments, blank lines and the order of keys stay exactly as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "support/diagnostic.hpp"

namespace domfw::domain {

struct Migration {
    std::uint32_t line = 0;
    std::string rule; // "builder-to-type", "pin-firmware", "pin-type", "bootloader-args-list", "duplicate-key",
                      // "root-extra-to-cmdline"
    std::string message;
};

struct LintResult {
    bool ok = true; // false: the file does not parse (diagnostics say why)
    support::Diagnostics diagnostics;
    std::vector<Migration> migrations;
    std::string fixed; // the text with every migration applied
};

[[nodiscard]] LintResult lint(std::string_view text, const std::string& file);

// A string literal xl.cfg reads back as `s`.
[[nodiscard]] std::string quote_xl_string(std::string_view s);

} // namespace domfw::domain
