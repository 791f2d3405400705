#include <gtest/gtest.h>

#include <string_view>

#include "support/sha256.hpp"

using namespace domfw::support;

namespace {

std::span<const std::uint8_t> bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf").
TEST(Sha256, KnownAnswers) {
    EXPECT_EQ(sha256_hex(bytes("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex(bytes("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Sha256 h;
    h.update(bytes("ab"));
    h.update(bytes("c"));
    EXPECT_EQ(to_hex(h.finish()), sha256_hex(bytes("abc")));
}

} // namespace
