// Bytes shown as text, hosted: core/escaped_text.hpp's rule into a std::string.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/escaped_text.hpp"

namespace domfw::support {

// `b` as text under `rule` (core/escaped_text.hpp: 0x20..0x7e as is, others and '\' as \xNN).
[[nodiscard]] std::string escaped(std::span<const std::uint8_t> b, const core::EscapeRule& rule = {});
[[nodiscard]] std::string escaped(std::string_view s, const core::EscapeRule& rule = {});

// `b` between `quote` characters, the quote inside escaped: "'SSDT'", "\"BadTbl\\x01\"".
[[nodiscard]] std::string quoted(std::span<const std::uint8_t> b, char quote);

// `s` itself when every byte shows as is and nothing is cut, else its escaped text in
// `storage`: for hot paths whose input is nearly always plain.
[[nodiscard]] std::string_view escaped_view(std::string_view s, const core::EscapeRule& rule, std::string& storage);

} // namespace domfw::support
