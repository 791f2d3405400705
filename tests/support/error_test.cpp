#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>

#include "core/byte_writer.hpp"
#include "support/error.hpp"

namespace {

domfw::Expected<int> half(int v) {
    if (v % 2 != 0) return domfw::fail("{} is odd (0x{:x})", v, v);
    return v / 2;
}

domfw::Expected<int> quarter(int v) {
    DOMFW_TRY_X(int h, half(v));
    return half(h);
}

TEST(Error, FailFormatsAndTryPropagates) {
    EXPECT_EQ(*quarter(8), 2);
    auto r = quarter(6);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "3 is odd (0x3)");
}

TEST(Error, DescribesCoreErrorsInHex) {
    domfw::core::Error e{"read past end of buffer", 0x10, 4, 0x12};
    EXPECT_EQ(domfw::describe(e, "DMI table"), "DMI table: read past end of buffer at offset 0x10 (0x4 vs 0x12)");
    auto lifted = domfw::lift(domfw::core::Result<int>(e), "x");
    ASSERT_FALSE(lifted.has_value());
    EXPECT_EQ(lifted.error().message, "x: read past end of buffer at offset 0x10 (0x4 vs 0x12)");
}

// A ByteWriter's first fault names the write, the bytes it needed, where, and what was held.
TEST(Error, DescribesAWritersFirstFault) {
    std::array<std::uint8_t, 0x2e> buf{};
    domfw::core::ByteWriter w(std::span<std::uint8_t>(buf).first(0x2e));
    w.zeros(0x2c);
    w.u32le(1);
    w.u8(1);
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(domfw::describe(w.fault(), "hvm_start_info"),
              "hvm_start_info: u32le write needs 0x4 bytes at offset 0x2c, 0x2 held");
}

} // namespace
