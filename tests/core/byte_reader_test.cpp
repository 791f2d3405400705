#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "core/byte_reader.hpp"

using domfw::core::ByteReader;

namespace {

constexpr std::array<std::uint8_t, 11> kBytes{0x01, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xAA, 0xBB, 0xCC, 0xDD};

TEST(ByteReader, ReadsLittleEndianInSequence) {
    ByteReader r(kBytes);
    EXPECT_EQ(*r.u8(), 0x01);
    EXPECT_EQ(*r.u16le(), 0x1234);
    EXPECT_EQ(*r.u32le(), 0x12345678U);
    EXPECT_EQ(r.offset(), 7U);
    EXPECT_EQ(r.remaining(), 4U);
    EXPECT_EQ(*r.u32le(), 0xDDCCBBAAU);
    EXPECT_TRUE(r.at_end());
}

TEST(ByteReader, ShortReadFailsWithOffsetAndSizesAndDoesNotMove) {
    ByteReader r(kBytes);
    ASSERT_TRUE(r.skip(8).ok());
    auto v = r.u32le();
    ASSERT_FALSE(v.ok());
    EXPECT_STREQ(v.error().what, "read past end of buffer");
    EXPECT_EQ(v.error().offset, 8U);
    EXPECT_EQ(v.error().value, 4U);
    EXPECT_EQ(v.error().limit, 11U);
    EXPECT_EQ(r.offset(), 8U);
    EXPECT_EQ(*r.u16le(), 0xCCBB);
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

TEST(ByteReader, SeekAndSkipBounds) {
    ByteReader r(kBytes);
    EXPECT_TRUE(r.seek(11).ok());
    EXPECT_FALSE(r.seek(12).ok());
    EXPECT_TRUE(r.seek(0).ok());
    EXPECT_FALSE(r.skip(12).ok());
    EXPECT_EQ(r.offset(), 0U);
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
