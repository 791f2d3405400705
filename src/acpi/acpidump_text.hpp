// The text `acpidump` prints (ACPICA's acpidump, and the older pmtools format), read the way
// ACPICA's acpixtract reads it, but strictly:
//
//   SSDT @ 0x00000000dafdb000          a header line: name, " @ ", address ("(nil)" too)
//       0000: 53 53 44 54 ...  SSDT... hex lines: offset, up to 16 bytes, ASCII column
//
// Headers are lines shorter than 48 characters that do not start with a blank and contain
// " @ " (acpixtract's test); "RSD PTR" is named RSDP. Every hex line's offset must continue the
// bytes read so far, every byte is exactly two hex digits, and only a table's last line may be
// short. Other lines (blank lines, "Firmware Warning ..." messages) are skipped, as acpixtract does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/error.hpp"

namespace domfw::acpi {

struct AcpidumpBlock {
    std::string name;                     // as written, "RSD PTR" normalised to "RSDP"
    std::optional<std::uint64_t> address; // empty for "(nil)"
    std::size_t line = 0;                 // 1-based line of the header
    std::string header;                   // the header line itself
    std::vector<std::uint8_t> bytes;
};

// `origin` prefixes messages: "ORIGIN:LINE: what went wrong".
[[nodiscard]] Expected<std::vector<AcpidumpBlock>> parse_acpidump_text(std::string_view text, std::string_view origin);

// True when `line` is a header in acpixtract's sense (used by format detection too).
[[nodiscard]] bool is_acpidump_header(std::string_view line);

} // namespace domfw::acpi
