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

TEST(Checksum, Crc32cContinues) {
    std::string_view s = "123456789";
    auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    EXPECT_EQ(crc32c(bytes.subspan(4), crc32c(bytes.first(4))), crc32c(bytes));
}

} // namespace
