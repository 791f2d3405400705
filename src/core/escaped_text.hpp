// Bytes shown as text: the one rule every message, report and console line uses (docs/README.md,
// "How bytes are shown"). Freestanding (no heap): the guest loader prints with it on its console,
// the hosted side wraps it in support/escaped_text.hpp.
//
//  - Bytes 0x20..0x7e print as themselves, except the backslash.
//  - Every other byte, and the backslash, appears as \xNN (two lowercase hex digits), so a
//    backslash in the output always starts an escape and the bytes can be read back exactly.
//  - `quote`: the caller shows the text between these quotes; that character is \xNN too.
//  - `keep_backslash`: for text whose backslashes are escapes of its own (a message domfw
//    composed, already holding \xNN escapes; xl.cfg text as written, `"C:\\win"`): the
//    backslash prints as itself, so those escapes are neither doubled nor made unreadable.
//  - `max_bytes`: at most this many input bytes are shown, followed by "..." when there were more.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace domfw::core {

struct EscapeRule {
    char quote = 0;
    bool keep_backslash = false;
    std::size_t max_bytes = SIZE_MAX;
};

inline constexpr std::size_t kEscapeWidth = 4; // "\xNN"
inline constexpr char kCutMark[] = "...";
inline constexpr std::size_t kCutMarkSize = sizeof(kCutMark) - 1;

[[nodiscard]] constexpr bool shown_as_is(std::uint8_t c, const EscapeRule& rule) {
    if (c < 0x20 || c > 0x7e) return false;
    if (c == '\\') return rule.keep_backslash;
    return rule.quote == 0 || c != static_cast<std::uint8_t>(rule.quote);
}

// The four characters of \xNN for `c`.
struct ByteEscape {
    char text[kEscapeWidth];
};
[[nodiscard]] constexpr ByteEscape escape_byte(std::uint8_t c) {
    constexpr char kHex[] = "0123456789abcdef";
    return {{'\\', 'x', kHex[c >> 4], kHex[c & 0xF]}};
}

// Number of leading bytes of `b` that print as themselves (all of them: no copy is needed).
[[nodiscard]] constexpr std::size_t plain_prefix(std::span<const std::uint8_t> b, const EscapeRule& rule) {
    std::size_t n = 0;
    while (n < b.size() && n < rule.max_bytes && shown_as_is(b[n], rule))
        ++n;
    return n;
}

// Hands the text of `b` to `put(const char* text, std::size_t size)` piece by piece: a byte
// shown as itself, one escape, or the cut mark; never half an escape.
template <class Put> constexpr void escape_bytes(std::span<const std::uint8_t> b, const EscapeRule& rule, Put&& put) {
    const bool cut = b.size() > rule.max_bytes;
    if (cut) b = b.first(rule.max_bytes);
    for (const std::uint8_t c : b) {
        if (shown_as_is(c, rule)) {
            const char same[1] = {static_cast<char>(c)};
            put(same, 1);
        } else {
            const ByteEscape e = escape_byte(c);
            put(e.text, kEscapeWidth);
        }
    }
    if (cut) put(kCutMark, kCutMarkSize);
}

// Characters escape_bytes produces for `b`.
[[nodiscard]] constexpr std::size_t escaped_size(std::span<const std::uint8_t> b, const EscapeRule& rule) {
    std::size_t n = 0;
    escape_bytes(b, rule, [&n](const char*, std::size_t size) { n += size; });
    return n;
}

} // namespace domfw::core
