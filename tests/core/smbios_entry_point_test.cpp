// core/smbios_entry_point: what the writer writes, core's own reader (smbios_walk) accepts with
// the same fields, both checksums right; seal_entry_point after a field changed.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "core/checksum.hpp"
#include "core/smbios_entry_point.hpp"
#include "core/smbios_walk.hpp"

using namespace domfw::core;
using namespace domfw::core::smbios;

TEST(SmbiosEntryPoint, Sm3ReadsBackWithItsFields) {
    std::array<std::uint8_t, 0x18> b{};
    write_sm3(b, {.major = 3, .minor = 4, .docrev = 1, .table_address = 0x1'2345'6000, .table_length = 0x1234});
    const auto r = parse_entry_point(b);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.entry.kind, EntryKind::smbios3);
    EXPECT_EQ(r.entry.length, 0x18);
    EXPECT_EQ(r.entry.major, 3);
    EXPECT_EQ(r.entry.minor, 4);
    EXPECT_EQ(r.entry.docrev, 1);
    EXPECT_EQ(r.entry.revision, 1);
    EXPECT_EQ(r.entry.table_address, 0x1'2345'6000U);
    EXPECT_EQ(r.entry.table_length, 0x1234U);
    EXPECT_EQ(sum8(b), 0);
}

TEST(SmbiosEntryPoint, Sm2ReadsBackWithBothChecksums) {
    std::array<std::uint8_t, 0x1F> b{};
    write_sm2(b, {.major = 2,
                  .minor = 8,
                  .table_address = 0xFC000,
                  .table_length = 0x2A0,
                  .structure_count = 17,
                  .max_structure_size = 0x4B});
    const auto r = parse_entry_point(b);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.entry.kind, EntryKind::smbios2);
    EXPECT_EQ(r.entry.table_address, 0xFC000U);
    EXPECT_EQ(r.entry.table_length, 0x2A0U);
    EXPECT_EQ(r.entry.structure_count, 17);
    EXPECT_EQ(r.entry.max_structure_size, 0x4B);
    EXPECT_EQ(b[0x1E], 0x28); // BCD revision
    EXPECT_EQ(sum8(b), 0);
    EXPECT_EQ(sum8(std::span(b).subspan(0x10, 15)), 0);
}

TEST(SmbiosEntryPoint, SealAfterAFieldChanged) {
    std::array<std::uint8_t, 0x1F> b{};
    write_sm2(b, {.major = 2, .minor = 4, .table_address = 0xF0000, .table_length = 0x100, .structure_count = 3});
    b[0x18] = 0x20; // the table moved to 0x20, as `dmidecode --dump-bin` moves it
    b[0x19] = b[0x1A] = 0;
    EXPECT_FALSE(parse_entry_point(b).ok);
    seal_entry_point(b, EntryKind::smbios2);
    const auto r = parse_entry_point(b);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.entry.table_address, 0x20U);
    // Bytes past what is held are not read: a cut entry point is summed over what it has.
    std::array<std::uint8_t, 8> cut{'_', 'S', 'M', '3', '_', 0x55, 0x18, 3};
    seal_entry_point(cut, EntryKind::smbios3);
    EXPECT_EQ(sum8(cut), 0);
}
