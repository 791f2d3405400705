#include <gtest/gtest.h>

#include <array>

#include "core/byte_reader.hpp"
#include "core/byte_writer.hpp"

using domfw::core::ByteReader;
using domfw::core::ByteWriter;
using domfw::core::WriteOp;

namespace {

TEST(ByteWriter, RoundTripsWithTheReader) {
    std::array<std::uint8_t, 16> buf{};
    ByteWriter w(buf);
    w.u8(0xAB);
    w.u16le(0x1234);
    w.u32le(0xDEADBEEF);
    w.u64le(0x0102030405060708ULL);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w.status().ok());
    EXPECT_EQ(w.offset(), 15U);
    EXPECT_EQ(buf[1], 0x34);
    const ByteReader r(w.written());
    EXPECT_EQ(*r.u8_at(0), 0xAB);
    EXPECT_EQ(*r.u16_at(1), 0x1234);
    EXPECT_EQ(*r.u32_at(3), 0xDEADBEEFU);
    EXPECT_EQ(*r.u64_at(7), 0x0102030405060708ULL);
}

// The first write that does not fit is recorded with what it was, where, and the bytes it
// needed and found; it writes nothing.
TEST(ByteWriter, KeepsItsFirstFault) {
    std::array<std::uint8_t, 3> buf{};
    ByteWriter w(buf);
    w.u16le(0x0201);
    w.u16le(0x0403);
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.fault().op, WriteOp::u16le);
    EXPECT_EQ(w.fault().offset, 2U);
    EXPECT_EQ(w.fault().needed, 2U);
    EXPECT_EQ(w.fault().held, 1U);
    EXPECT_EQ(w.offset(), 2U);
    EXPECT_EQ(buf[2], 0x00);
    const auto s = w.status();
    ASSERT_FALSE(s.ok());
    EXPECT_STREQ(s.error().what, "write past end of buffer");
    EXPECT_EQ(s.error().offset, 2U);
    EXPECT_EQ(s.error().value, 2U);
    EXPECT_EQ(s.error().limit, 1U);
}

// After a fault every write is a no-op, even one that would fit, and the first fault stays:
// a sequence of writes checked once at the end cannot leave a hole that looks written.
TEST(ByteWriter, WritesAfterAFaultAreNoOps) {
    std::array<std::uint8_t, 4> buf{};
    ByteWriter w(buf);
    w.u8(0x11);
    w.u32le(0xAABBCCDD); // needs 4 at 1, 3 held
    w.u8(0x22);          // would fit
    w.zeros(100);        // a second fault, not recorded
    w.u16_at(0, 0xFFFF); // would fit
    w.bytes(std::array<std::uint8_t, 1>{0x33});
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.fault().op, WriteOp::u32le);
    EXPECT_EQ(w.fault().offset, 1U);
    EXPECT_EQ(w.fault().needed, 4U);
    EXPECT_EQ(w.fault().held, 3U);
    EXPECT_EQ(w.offset(), 1U);
    EXPECT_EQ(buf, (std::array<std::uint8_t, 4>{0x11, 0, 0, 0}));
}

TEST(ByteWriter, OverwritesAreCheckedAgainstTheWholeBuffer) {
    std::array<std::uint8_t, 3> buf{};
    ByteWriter w(buf);
    w.u16_at(1, 0xFFEE);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(buf[2], 0xFF);
    EXPECT_EQ(w.offset(), 0U); // overwrites do not move the position
    w.u32_at(5, 1);            // past the end: nothing held there
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.fault().op, WriteOp::u32_at);
    EXPECT_EQ(w.fault().offset, 5U);
    EXPECT_EQ(w.fault().needed, 4U);
    EXPECT_EQ(w.fault().held, 0U);
}

TEST(ByteWriter, ZerosAndBytesNameThemselves) {
    std::array<std::uint8_t, 2> buf{};
    ByteWriter a(buf);
    a.zeros(3);
    EXPECT_EQ(a.fault().op, WriteOp::zeros);
    EXPECT_STREQ(domfw::core::to_string(a.fault().op), "zeros");
    ByteWriter b(buf);
    b.bytes(std::array<std::uint8_t, 3>{1, 2, 3});
    EXPECT_EQ(b.fault().op, WriteOp::bytes);
    EXPECT_EQ(b.fault().needed, 3U);
    EXPECT_EQ(b.fault().held, 2U);
}

// Usable in constant evaluation (the loader builds fixed tables that way).
constexpr bool writes_at_compile_time() {
    std::array<std::uint8_t, 2> buf{};
    ByteWriter w(buf);
    w.u16le(0xBEEF);
    w.u8(1);
    return !w.ok() && w.fault().offset == 2 && buf[0] == 0xEF && buf[1] == 0xBE;
}
static_assert(writes_at_compile_time());

} // namespace
