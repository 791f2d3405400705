#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

#include "support/escaped_text.hpp"

using namespace domfw::support;

namespace {

TEST(EscapedText, HostedStrings) {
    EXPECT_EQ(escaped(std::string_view("CBX3   \0", 8)), "CBX3   \\x00");
    const std::array<std::uint8_t, 4> sig{'S', '\'', 0x01, '\\'};
    EXPECT_EQ(quoted(sig, '\''), "'S\\x27\\x01\\x5c'");
    EXPECT_EQ(quoted(sig, '"'), "\"S'\\x01\\x5c\"");
    EXPECT_EQ(escaped("a\x1b[2Jb", {.max_bytes = 3}), "a\\x1b[...");
}

// The hot path (cfg messages): plain text comes back as the same view, no copy.
TEST(EscapedText, ViewOfPlainTextIsTheTextItself) {
    std::string storage;
    const std::string_view plain = "memory";
    EXPECT_EQ(escaped_view(plain, {}, storage).data(), plain.data());
    EXPECT_TRUE(storage.empty());
    EXPECT_EQ(escaped_view("a\tb", {}, storage), "a\\x09b");
    EXPECT_EQ(escaped_view("abcdef", {.max_bytes = 4}, storage), "abcd...");
}

} // namespace
