#include <gtest/gtest.h>

#include <array>

#include "core/byte_reader.hpp"
#include "core/byte_writer.hpp"

using domfw::core::ByteReader;
using domfw::core::ByteWriter;

namespace {

TEST(ByteWriter, RoundTripsWithTheReader) {
    std::array<std::uint8_t, 16> buf{};
    ByteWriter w(buf);
    ASSERT_TRUE(w.u8(0xAB).ok());
    ASSERT_TRUE(w.u16le(0x1234).ok());
    ASSERT_TRUE(w.u32le(0xDEADBEEF).ok());
    ASSERT_TRUE(w.u64le(0x0102030405060708ULL).ok());
    EXPECT_EQ(w.offset(), 15U);
    EXPECT_EQ(buf[1], 0x34);
    ByteReader r(w.written());
    EXPECT_EQ(*r.u8(), 0xAB);
    EXPECT_EQ(*r.u16le(), 0x1234);
    EXPECT_EQ(*r.u32le(), 0xDEADBEEFU);
    EXPECT_EQ(*r.u64le(), 0x0102030405060708ULL);
}

TEST(ByteWriter, RefusesToWritePastTheEndAndKeepsPosition) {
    std::array<std::uint8_t, 3> buf{};
    ByteWriter w(buf);
    ASSERT_TRUE(w.u16le(1).ok());
    auto s = w.u16le(2);
    ASSERT_FALSE(s.ok());
    EXPECT_STREQ(s.error().what, "write past end of buffer");
    EXPECT_EQ(s.error().offset, 2U);
    EXPECT_EQ(w.offset(), 2U);
    EXPECT_FALSE(w.zeros(2).ok());
    EXPECT_TRUE(w.zeros(1).ok());
    EXPECT_FALSE(w.u32_at(0, 1).ok());
    EXPECT_TRUE(w.u16_at(1, 0xFFEE).ok());
    EXPECT_EQ(buf[2], 0xFF);
}

} // namespace
