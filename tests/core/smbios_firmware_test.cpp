// core/smbios_firmware: hvmloader's [u32 length][structure] records, both directions, with the
// typed faults of each refusal.
#include <gtest/gtest.h>

#include <vector>

#include "core/smbios_firmware.hpp"

namespace domfw::core {
namespace {

std::vector<std::uint8_t> record(std::vector<std::uint8_t> s, std::uint32_t len) {
    std::vector<std::uint8_t> out(4 + s.size());
    for (std::size_t i = 0; i < 4; ++i)
        out[i] = static_cast<std::uint8_t>(len >> (8 * i));
    for (std::size_t i = 0; i < s.size(); ++i)
        out[4 + i] = s[i];
    return out;
}

const std::vector<std::uint8_t> kType1{1, 4, 0x01, 0x00, 'A', 0, 0};

Error first_fault(const std::vector<std::uint8_t>& blob, std::size_t* index = nullptr) {
    SmbiosFirmwareReader r(blob);
    smbios::Structure st;
    while (r.next(st)) {
    }
    EXPECT_TRUE(r.failed());
    if (index != nullptr) *index = r.count();
    return r.error();
}

TEST(SmbiosFirmware, WriterAndReaderAgree) {
    std::vector<std::uint8_t> blob(2 * (4 + kType1.size()));
    ByteWriter w(blob);
    ASSERT_TRUE(write_smbios_firmware_record(w, kType1));
    ASSERT_TRUE(write_smbios_firmware_record(w, kType1));
    EXPECT_EQ(w.offset(), blob.size());
    EXPECT_EQ(blob, [] {
        auto one = record(kType1, 7);
        auto two = one;
        two.insert(two.end(), one.begin(), one.end());
        return two;
    }());
    SmbiosFirmwareReader r(blob);
    smbios::Structure st;
    ASSERT_TRUE(r.next(st));
    EXPECT_EQ(st.offset, 4U);
    EXPECT_EQ(st.handle, 1U);
    EXPECT_EQ(st.size(), 7U);
    ASSERT_TRUE(r.next(st));
    EXPECT_EQ(st.offset, 15U);
    EXPECT_FALSE(r.next(st));
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.count(), 2U);
}

TEST(SmbiosFirmware, WriterRefusesWhatTheReaderWould) {
    std::vector<std::uint8_t> blob(64);
    ByteWriter w(blob);
    // Two NULs too many after the string set: not exactly one structure.
    const std::vector<std::uint8_t> longer{1, 4, 0x01, 0x00, 'A', 0, 0, 0, 0};
    const Error e = write_smbios_firmware_record(w, longer).error();
    EXPECT_TRUE(e.is(SmbiosFirmwareFault::length_not_size));
    EXPECT_EQ(e.value, 9U);
    EXPECT_EQ(e.limit, 7U);
    EXPECT_EQ(e.object, 1U << 16 | 1U);
    // No double NUL: the walk's own fault.
    const std::vector<std::uint8_t> open_set{1, 4, 0x01, 0x00, 'A', 0};
    EXPECT_TRUE(write_smbios_firmware_record(w, open_set).error().is(smbios::WalkFault::unterminated_strings));
    EXPECT_EQ(w.offset(), 0U) << "nothing is written for a refused structure";
}

TEST(SmbiosFirmware, EachRefusalIsTyped) {
    std::size_t index = 9;
    Error e = first_fault(record(kType1, 0x50), &index);
    EXPECT_TRUE(e.is(SmbiosFirmwareFault::length_past_end));
    EXPECT_EQ(index, 0U);
    EXPECT_EQ(e.value, 0x50U);
    EXPECT_EQ(e.limit, 7U);

    e = first_fault(record(kType1, 2));
    EXPECT_TRUE(e.is(SmbiosFirmwareFault::length_below_header));
    EXPECT_EQ(e.value, 2U);
    EXPECT_EQ(e.limit, 4U);

    auto tail = record(kType1, 7);
    tail.push_back(1);
    e = first_fault(tail, &index);
    EXPECT_TRUE(e.is(SmbiosFirmwareFault::prefix_cut));
    EXPECT_EQ(index, 1U);
    EXPECT_EQ(e.offset, 0xBU);
    EXPECT_EQ(e.value, 1U);

    // A formatted length past the record: the walk fault, at the structure's offset in the blob.
    auto second = record(kType1, 7);
    const auto broken = record({1, 0x20, 0x02, 0x00, 0, 0}, 6);
    second.insert(second.end(), broken.begin(), broken.end());
    e = first_fault(second, &index);
    EXPECT_TRUE(e.is(smbios::WalkFault::formatted_past_end));
    EXPECT_EQ(index, 1U);
    EXPECT_EQ(e.offset, 11U + 4U);
    EXPECT_EQ(e.object & 0xFFFF, 2U);
}

} // namespace
} // namespace domfw::core
