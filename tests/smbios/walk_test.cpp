// core/smbios_walk: entry points (both checksums, lengths, version fixups) and the walk.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "core/checksum.hpp"
#include "core/smbios_walk.hpp"
#include "smbios/errors.hpp"
#include "support/error.hpp"

namespace cs = domfw::core::smbios;

namespace {

std::vector<std::uint8_t> sm21(std::uint8_t major, std::uint8_t minor) {
    std::vector<std::uint8_t> b(31, 0);
    b[0] = '_', b[1] = 'S', b[2] = 'M', b[3] = '_';
    b[5] = 0x1F, b[6] = major, b[7] = minor;
    b[0x10] = '_', b[0x11] = 'D', b[0x12] = 'M', b[0x13] = 'I', b[0x14] = '_';
    b[0x16] = 0x34, b[0x17] = 0x12;                 // table length 0x1234
    b[0x18] = 0x00, b[0x19] = 0x00, b[0x1A] = 0x0E; // table at 0xE0000
    b[0x1C] = 7;                                    // 7 structures
    b[0x15] = domfw::core::sum8_fix(std::span(b).subspan(0x10, 15));
    b[0x04] = domfw::core::sum8_fix(b);
    return b;
}

std::vector<std::uint8_t> bytes(std::initializer_list<int> l) {
    std::vector<std::uint8_t> v;
    for (int x : l)
        v.push_back(static_cast<std::uint8_t>(x));
    return v;
}

} // namespace

TEST(SmbiosEntryPoint, Reads21Fields) {
    auto b = sm21(2, 8);
    auto r = cs::parse_entry_point(b);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.entry.kind, cs::EntryKind::smbios2);
    EXPECT_EQ(r.entry.version, 0x0208);
    EXPECT_FALSE(r.entry.version_fixed);
    EXPECT_EQ(r.entry.table_length, 0x1234U);
    EXPECT_EQ(r.entry.table_address, 0xE0000U);
    EXPECT_EQ(r.entry.structure_count, 7);
}

TEST(SmbiosEntryPoint, FixesOddVersionsLikeDmidecode) {
    for (auto [minor, want] : {std::pair{0x1F, 0x0203}, std::pair{0x21, 0x0203}, std::pair{0x33, 0x0206}}) {
        auto b = sm21(2, static_cast<std::uint8_t>(minor));
        auto r = cs::parse_entry_point(b);
        ASSERT_TRUE(r.ok);
        EXPECT_EQ(r.entry.version, want);
        EXPECT_TRUE(r.entry.version_fixed);
    }
}

TEST(SmbiosEntryPoint, ChecksumsAreBothChecked) {
    auto b = sm21(2, 4);
    b[0x0B] ^= 1; // inside the outer checksum only
    EXPECT_EQ(cs::parse_entry_point(b).error.fault, cs::EntryFault::bad_checksum);
    b = sm21(2, 4);
    b[0x1C] ^= 1; // inside both: fix the outer one, the intermediate one must still fail
    b[0x04] = 0;
    b[0x04] = domfw::core::sum8_fix(b);
    EXPECT_EQ(cs::parse_entry_point(b).error.fault, cs::EntryFault::bad_intermediate_checksum);
}

// The bytes found where an anchor belongs are shown as text (docs/README.md, "How bytes are
// shown"), the quote and the backslash among them escaped.
TEST(SmbiosEntryPoint, UnknownAnchorIsShownEscaped) {
    std::vector<std::uint8_t> b(0x20, 0);
    const std::uint8_t junk[] = {'_', 'S', '\'', 0x01, '\\'};
    std::copy(std::begin(junk), std::end(junk), b.begin());
    const auto r = cs::parse_entry_point(b);
    ASSERT_EQ(r.error.fault, cs::EntryFault::unknown_anchor);
    EXPECT_EQ(domfw::smbios::describe(r.error),
              "SMBIOS entry point: no _SM_, _SM3_ or _DMI_ anchor at offset 0 (found '_S\\x27\\x01\\x5c')");
}

// A buffer of only 4 bytes shows those 4, not a zero byte in front and the last one dropped
// (the bytes found were once always rendered as 5).
TEST(SmbiosEntryPoint, UnknownAnchorShowsOnlyTheBytesHeld) {
    const auto four = bytes({'_', 'S', 'M', 'X'});
    auto r = cs::parse_entry_point(four);
    ASSERT_EQ(r.error.fault, cs::EntryFault::unknown_anchor);
    EXPECT_EQ(domfw::smbios::describe(r.error),
              "SMBIOS entry point: no _SM_, _SM3_ or _DMI_ anchor at offset 0 (found '_SMX')");
    const auto five = bytes({'_', 'S', 'M', 'X', '_'});
    r = cs::parse_entry_point(five);
    EXPECT_EQ(domfw::smbios::describe(r.error),
              "SMBIOS entry point: no _SM_, _SM3_ or _DMI_ anchor at offset 0 (found '_SMX_')");
}

TEST(SmbiosEntryPoint, ReadsSm3) {
    std::vector<std::uint8_t> b =
        bytes({'_', 'S', 'M', '3', '_', 0, 0x18, 3, 5, 0, 1, 0, 0x00, 0x10, 0, 0, 0x20, 0, 0, 0, 1, 0, 0, 0});
    b[5] = domfw::core::sum8_fix(b);
    auto r = cs::parse_entry_point(b);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.entry.kind, cs::EntryKind::smbios3);
    EXPECT_EQ(r.entry.version, 0x0305);
    EXPECT_EQ(r.entry.table_length, 0x1000U);
    EXPECT_EQ(r.entry.table_address, 0x100000020ULL);
}

TEST(SmbiosWalk, StopsAtEndOfTableAndKeepsStrings) {
    auto t = bytes({1,   5, 0x01, 0x00, 2, 'a', 'b', 0, 'c', 0, 0, //
                    127, 4, 0x7F, 0x00, 0, 0,                      //
                    3,   4, 0,    0,    0, 0});                    // after 127: never read
    cs::StructureWalk w(t);
    cs::Structure s;
    ASSERT_TRUE(w.next(s));
    EXPECT_EQ(s.type, 1);
    EXPECT_EQ(s.handle, 1);
    EXPECT_EQ(cs::string_count(s), 2U);
    auto two = cs::string_at(s, 2);
    ASSERT_EQ(two.size(), 1U);
    EXPECT_EQ(two[0], 'c');
    EXPECT_TRUE(cs::string_at(s, 3).empty());
    EXPECT_TRUE(cs::string_at(s, 0).empty());
    ASSERT_TRUE(w.next(s));
    EXPECT_EQ(s.type, 127);
    EXPECT_FALSE(w.next(s));
    EXPECT_EQ(w.stop(), cs::WalkStop::end_of_table);
    EXPECT_EQ(w.count(), 2U);
}

TEST(SmbiosWalk, HonoursTheAnnouncedCount) {
    auto t = bytes({1, 4, 0, 0, 0, 0, 2, 4, 1, 0, 0, 0});
    cs::StructureWalk w(t, 1);
    cs::Structure s;
    ASSERT_TRUE(w.next(s));
    EXPECT_FALSE(w.next(s));
    EXPECT_EQ(w.stop(), cs::WalkStop::count_reached);
}

TEST(SmbiosWalk, BrokenStructureKeepsThoseBefore) {
    auto t = bytes({1, 4, 0x10, 0, 0, 0, 2, 2, 0x11, 0, 0, 0});
    cs::StructureWalk w(t);
    cs::Structure s;
    ASSERT_TRUE(w.next(s));
    EXPECT_FALSE(w.next(s));
    EXPECT_EQ(w.stop(), cs::WalkStop::error);
    EXPECT_EQ(w.error().fault, cs::WalkFault::short_formatted);
    EXPECT_EQ(w.error().offset, 6U);
    EXPECT_EQ(w.error().type, 2);
    EXPECT_EQ(w.error().handle, 0x11);
}

TEST(SmbiosWalk, FewerThanFourTrailingBytesEndTheData) {
    auto t = bytes({1, 4, 0, 0, 0, 0, 0xAA, 0xBB});
    cs::StructureWalk w(t);
    cs::Structure s;
    ASSERT_TRUE(w.next(s));
    EXPECT_FALSE(w.next(s));
    EXPECT_EQ(w.stop(), cs::WalkStop::end_of_data);
    EXPECT_EQ(w.trailing(), 2U);
}

// A module payload: type 127 is optional there and need not be last, so the module reader walks
// through it (the loader, walking the payload with the same call, sees the same structures).
TEST(SmbiosWalk, ThroughEndOfTableForModulePayloads) {
    auto t = bytes({1, 4, 0x01, 0x00, 0, 0, 127, 4, 0x7F, 0x00, 0, 0, 3, 4, 0x03, 0x00, 0, 0});
    cs::StructureWalk w(t, 0, true);
    cs::Structure s;
    std::vector<std::uint8_t> types;
    while (w.next(s))
        types.push_back(s.type);
    EXPECT_EQ(types, (std::vector<std::uint8_t>{1, 127, 3}));
    EXPECT_EQ(w.stop(), cs::WalkStop::end_of_data);
    EXPECT_EQ(w.trailing(), 0U);
}

// A walk fault as a core::Error: what readers that embed structures report, worded as the walk's.
TEST(SmbiosWalk, FaultsBecomeCoreErrors) {
    auto t = bytes({1, 4, 0x10, 0, 0, 0, 2, 2, 0x11, 0, 0, 0});
    cs::StructureWalk w(t);
    cs::Structure s;
    while (w.next(s)) {
    }
    const domfw::core::Error e = cs::walk_error(w.error(), 0x20);
    EXPECT_TRUE(e.is(cs::WalkFault::short_formatted));
    EXPECT_EQ(e.offset, 0x26U);
    EXPECT_EQ(e.object, 2U << 16 | 0x11);
    EXPECT_EQ(e.value, 2U);
    EXPECT_EQ(e.limit, 4U);
    EXPECT_EQ(domfw::describe(e), "SMBIOS structure at offset 0x26 (type 2, handle 0x0011): formatted length 0x02 is "
                                  "below the 4-byte header");
}
