#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "core/byte_reader.hpp"

using domfw::core::ByteReader;

namespace {

constexpr std::array<std::uint8_t, 11> kBytes{0x01, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xAA, 0xBB, 0xCC, 0xDD};

TEST(ByteReader, ReadsLittleEndianAtOffsets) {
    const ByteReader r(kBytes);
    EXPECT_EQ(*r.u8_at(0), 0x01);
    EXPECT_EQ(*r.u16_at(1), 0x1234);
    EXPECT_EQ(*r.u32_at(3), 0x12345678U);
    EXPECT_EQ(*r.u32_at(7), 0xDDCCBBAAU);
}

TEST(ByteReader, ShortReadFailsWithOffsetAndSizes) {
    const ByteReader r(kBytes);
    auto v = r.u32_at(8);
    ASSERT_FALSE(v.ok());
    EXPECT_STREQ(v.error().what, "read past end of buffer");
    EXPECT_EQ(v.error().offset, 8U);
    EXPECT_EQ(v.error().value, 4U);
    EXPECT_EQ(v.error().limit, 11U);
    EXPECT_EQ(*r.u16_at(8), 0xCCBB);
}

TEST(ByteReader, AbsoluteReadsAndOffsetWrapAround) {
    ByteReader r(kBytes);
    EXPECT_EQ(*r.u64_at(3), 0xDDCCBBAA12345678ULL);
    EXPECT_FALSE(r.u64_at(4).ok());
    EXPECT_FALSE(r.bytes_at(SIZE_MAX, 2).ok()); // off + len wraps: must still fail
    EXPECT_FALSE(r.bytes_at(2, SIZE_MAX).ok());
    EXPECT_TRUE(r.bytes_at(11, 0).ok());
    EXPECT_FALSE(r.bytes_at(12, 0).ok());
}

TEST(ByteReader, SubReaderRestartsAtZero) {
    ByteReader r(kBytes);
    auto sub = r.sub(3, 4);
    ASSERT_TRUE(sub.ok());
    EXPECT_EQ(*sub->u32_at(0), 0x12345678U);
    EXPECT_FALSE(sub->u8_at(4).ok());
    EXPECT_FALSE(r.sub(8, 4).ok());
}

TEST(ByteReader, StartsWith) {
    EXPECT_TRUE(domfw::core::starts_with(kBytes, "\x01\x34"));
    EXPECT_TRUE(domfw::core::starts_with(kBytes, ""));
    EXPECT_FALSE(domfw::core::starts_with(kBytes, "\x01\x35"));
    EXPECT_FALSE(domfw::core::starts_with(std::span(kBytes).first(1), "\x01\x34")); // shorter than the text
}

TEST(ByteReader, UsableAtCompileTime) {
    constexpr auto v = [] {
        ByteReader r(kBytes);
        return *r.u16_at(1);
    }();
    static_assert(v == 0x1234);
    SUCCEED();
}

} // namespace
