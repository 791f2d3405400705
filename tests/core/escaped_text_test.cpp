#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/escaped_text.hpp"

using namespace domfw::core;

namespace {

std::span<const std::uint8_t> bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string shown(std::string_view s, const EscapeRule& rule = {}) {
    std::string out;
    escape_bytes(bytes(s), rule, [&out](const char* text, std::size_t size) { out.append(text, size); });
    EXPECT_EQ(out.size(), escaped_size(bytes(s), rule));
    return out;
}

TEST(EscapedText, PrintableAsciiAsIsEverythingElseAsHex) {
    EXPECT_EQ(shown("SSDT"), "SSDT");
    EXPECT_EQ(shown(" ~"), " ~");
    EXPECT_EQ(shown(std::string_view("\x00\x1f\x7f\x80\xff", 5)), "\\x00\\x1f\\x7f\\x80\\xff");
    EXPECT_EQ(shown("\t\n\r"), "\\x09\\x0a\\x0d");
    EXPECT_EQ(shown("\xc3\xa9"), "\\xc3\\xa9"); // UTF-8 is bytes here too
    EXPECT_EQ(shown(""), "");
}

// A backslash in the output always starts an escape: "\x41" written in a file is not 'A'.
TEST(EscapedText, BackslashIsEscapedSoTheTextReadsBack) {
    EXPECT_EQ(shown("a\\b"), "a\\x5cb");
    EXPECT_EQ(shown("\\x41"), "\\x5cx41");
    EXPECT_EQ(shown("msg \\x00", {.keep_backslash = true}), "msg \\x00");
    EXPECT_EQ(shown("\x01", {.keep_backslash = true}), "\\x01");
}

TEST(EscapedText, TheQuoteInUseIsEscaped) {
    EXPECT_EQ(shown("it's \"x\""), "it's \"x\"");
    EXPECT_EQ(shown("it's \"x\"", {.quote = '\''}), "it\\x27s \"x\"");
    EXPECT_EQ(shown("it's \"x\"", {.quote = '"'}), "it's \\x22x\\x22");
}

TEST(EscapedText, CutAfterMaxBytesWithDots) {
    EXPECT_EQ(shown("abcdef", {.max_bytes = 3}), "abc...");
    EXPECT_EQ(shown("abc", {.max_bytes = 3}), "abc");
    EXPECT_EQ(shown("\x01\x02\x03\x04", {.max_bytes = 2}), "\\x01\\x02...");
}

TEST(EscapedText, PlainPrefixStopsAtTheFirstEscapeOrTheCut) {
    EXPECT_EQ(plain_prefix(bytes("abc"), {}), 3U);
    EXPECT_EQ(plain_prefix(bytes("ab\\c"), {}), 2U);
    EXPECT_EQ(plain_prefix(bytes("ab\\c"), {.keep_backslash = true}), 4U);
    EXPECT_EQ(plain_prefix(bytes("abcdef"), {.max_bytes = 4}), 4U);
}

constexpr bool escapes_at_compile_time() {
    constexpr std::array<std::uint8_t, 3> b{'A', 0, '\\'};
    std::array<char, 16> out{};
    std::size_t n = 0;
    escape_bytes(b, {}, [&](const char* text, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i)
            out[n++] = text[i];
    });
    const char want[] = "A\\x00\\x5c";
    if (n != sizeof(want) - 1) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (out[i] != want[i]) return false;
    return true;
}
static_assert(escapes_at_compile_time());

} // namespace
