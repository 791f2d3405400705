#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "core/checksum.hpp"

using namespace domfw::core;

namespace {

TEST(Checksum, Sum8AndFix) {
    std::array<std::uint8_t, 4> b{0x10, 0x20, 0xF0, 0x00};
    EXPECT_EQ(sum8(b), 0x20);
    b[3] = sum8_fix(b);
    EXPECT_EQ(b[3], 0xE0);
    EXPECT_EQ(sum8(b), 0);
}

// RFC 3720 §B.4 test vectors and the common "123456789" check value of CRC-32C.
TEST(Checksum, Crc32cKnownAnswers) {
    std::string_view check = "123456789";
    EXPECT_EQ(crc32c({reinterpret_cast<const std::uint8_t*>(check.data()), check.size()}), 0xE3069283U);
    std::array<std::uint8_t, 32> zeros{};
    EXPECT_EQ(crc32c(zeros), 0x8A9136AAU);
    std::array<std::uint8_t, 32> ones{};
    ones.fill(0xFF);
    EXPECT_EQ(crc32c(ones), 0x62A8AB43U);
    std::array<std::uint8_t, 32> inc{};
    for (std::size_t i = 0; i < inc.size(); ++i)
        inc[i] = static_cast<std::uint8_t>(i);
    EXPECT_EQ(crc32c(inc), 0x46DD794EU);
}

// The slicing-by-8 loop against the bitwise definition, for every length 0..80 (the 8-byte body
// and the byte tail in every mix) at every start offset 0..7, and continued across a split.
TEST(Checksum, Crc32cSlicingMatchesTheBitwiseDefinition) {
    auto bitwise = [](std::span<const std::uint8_t> b, std::uint32_t crc) {
        crc = ~crc;
        for (const std::uint8_t x : b) {
            crc ^= x;
            for (int k = 0; k < 8; ++k)
                crc = (crc & 1U) != 0 ? (crc >> 1) ^ 0x82F63B78U : crc >> 1;
        }
        return ~crc;
    };
    std::array<std::uint8_t, 96> data{};
    std::uint32_t x = 12345;
    for (auto& d : data) {
        x = x * 1103515245U + 12345U;
        d = static_cast<std::uint8_t>(x >> 16);
    }
    for (std::size_t off = 0; off < 8; ++off)
        for (std::size_t n = 0; n + off <= 88; ++n) {
            const auto b = std::span<const std::uint8_t>(data).subspan(off, n);
            ASSERT_EQ(crc32c(b), bitwise(b, 0)) << off << " " << n;
            ASSERT_EQ(crc32c(b.subspan(n / 3), crc32c(b.first(n / 3))), bitwise(b, 0)) << off << " " << n;
        }
}

TEST(Checksum, Crc32cContinues) {
    std::string_view s = "123456789";
    auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    EXPECT_EQ(crc32c(bytes.subspan(4), crc32c(bytes.first(4))), crc32c(bytes));
}

} // namespace
