// `smbios = ["key=value", ...]` as Xen 4.18's xl reads it (xl_parse.c): split at '=' the way
// strtok does, trim white space, match the key against libxl_smbios_type case-insensitively.
// hvmloader reads oem-1 .. oem-99 from xenstore (XEN-FACTS.md §4), so at most 99 `oem` strings.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "support/error.hpp"

namespace domfw::domain {

inline constexpr unsigned kMaxOemStrings = 99;

[[nodiscard]] std::span<const std::string_view> smbios_keys();

struct SmbiosPair {
    std::string key; // canonical lowercase name
    std::string value;
};

// One list item. The messages are xl 4.18's ("xl: unknown smbios type '...'" etc.). The value is
// everything after the first '=' (later xl's split_string_into_pair, strchr), not xl 4.18's
// strtok cut at the next '=', so a systemd credential "io.systemd.credential:NAME=VALUE" survives.
[[nodiscard]] Expected<SmbiosPair> parse_smbios_item(std::string_view item);

} // namespace domfw::domain
