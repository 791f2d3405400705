// Shared helpers of the domain tests: load a config text and list its diagnostics as
// "LINE:COL: severity: message" strings, the form every exact-message assertion uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "domain/load.hpp"

namespace domfw::domain::test {

inline LoadOptions no_files() {
    LoadOptions o;
    o.missing_file = MissingFile::ignore;
    o.firmware_dir = "/fw";
    return o;
}

inline std::vector<std::string> lines_of(const support::Diagnostics& d) {
    std::vector<std::string> out;
    for (const auto& x : d.items())
        out.push_back(
            fmt::format("{}:{}: {}: {}", x.where.line, x.where.column, support::to_string(x.severity), x.message));
    return out;
}

inline LoadResult load_cfg(std::string_view text, const LoadOptions& o = no_files()) {
    return load_text(text, "/etc/xen/guest.cfg", o);
}

inline std::vector<std::string> diags(std::string_view text, const LoadOptions& o = no_files()) {
    return lines_of(load_cfg(text, o).diagnostics);
}

} // namespace domfw::domain::test
