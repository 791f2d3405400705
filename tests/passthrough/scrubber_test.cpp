// The identity scrubber (smbios/identity.hpp) on hand-made structures: what it collects, where it
// finds a value, what replaces it, and the exact notes it leaves.
#include <gtest/gtest.h>

#include <algorithm>

#include "smbios/identity.hpp"

using namespace domfw;

namespace {

constexpr std::uint8_t kUuid[16] = {0x44, 0x45, 0x4c, 0x4c, 0x33, 0x00, 0x10, 0x48,
                                    0x80, 0x58, 0xb4, 0xc0, 0x4f, 0x4e, 0x32, 0x32};

smbios::Structure make(std::uint8_t type, std::uint16_t handle, std::vector<std::uint8_t> formatted,
                       std::vector<std::string> strings) {
    smbios::Structure s;
    s.type = type;
    s.handle = handle;
    formatted.insert(formatted.begin(), {type, static_cast<std::uint8_t>(formatted.size() + 4),
                                         static_cast<std::uint8_t>(handle), static_cast<std::uint8_t>(handle >> 8)});
    s.formatted = std::move(formatted);
    s.strings = std::move(strings);
    return s;
}

// Type 1: manufacturer 1, product 2, version 3, serial 4, the UUID above.
smbios::Structure system(std::string serial = "HX7Q2K9R4M") {
    std::vector<std::uint8_t> f{1, 2, 3, 4};
    f.insert(f.end(), std::begin(kUuid), std::end(kUuid));
    f.insert(f.end(), {6, 0, 0});
    return make(1, 0x0100, f, {"Vendor", "Box", "1.0", std::move(serial)});
}

bool holds(const std::vector<std::uint8_t>& hay, std::span<const std::uint8_t> needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

TEST(IdentityScrubber, CollectsFromEveryTypeAndLeavesPlaceholders) {
    const std::vector<smbios::Structure> t = {
        system(), make(39, 0x2700, {1, 1, 2, 3, 4, 5, 6, 7}, {"PSU1", "PS", "Mk", "PSU-SN-1", "PSU-AT-1", "P", "A"}),
        make(2, 0x0200, {1, 2, 3, 4, 5}, {"M", "P", "V", "To Be Filled By O.E.M.", "  0000  "})};
    const auto ids = smbios::collect_identity(t);
    // Longest first; the UUID's four text forms; no placeholder.
    EXPECT_EQ(ids.texts,
              (std::vector<std::string>{"44454c4c-3300-1048-8058-b4c04f4e3232", "4c4c4544-0033-4810-8058-b4c04f4e3232",
                                        "44454c4c330010488058b4c04f4e3232", "4c4c4544003348108058b4c04f4e3232",
                                        "HX7Q2K9R4M", "PSU-SN-1", "PSU-AT-1"}));
    ASSERT_EQ(ids.uuids.size(), 1U);
    EXPECT_TRUE(smbios::is_identity_placeholder("default STRING"));
    EXPECT_TRUE(smbios::is_identity_placeholder("XXXXXXXX"));
    EXPECT_TRUE(smbios::is_identity_placeholder(" AB1 "));
    EXPECT_FALSE(smbios::is_identity_placeholder("AB12"));
}

TEST(IdentityScrubber, FindsCopiesInAnyCaseEmbeddedUnreferencedAndInFormattedBytes) {
    std::vector<std::uint8_t> f{0x01};
    for (char c : std::string("HX7Q2K9R4M"))
        f.insert(f.end(), {static_cast<std::uint8_t>(c), 0}); // UTF-16LE
    f.insert(f.end(), std::begin(kUuid), std::end(kUuid));
    const std::vector<smbios::Structure> t = {system(), make(0xC0, 0xC000, f, {"x", "sn=hx7q2k9r4m;", "unref"})};
    const smbios::IdentityScrubber scrubber(smbios::collect_identity(t), "guest-1");
    smbios::Structure s = t[1];
    const auto o = scrubber.scrub(s);
    EXPECT_TRUE(o.clean) << o.why;
    EXPECT_EQ(o.replaced, (std::vector<std::string>{
                              "type 192 (handle 0xc000) string 2 (holds an identity value)",
                              "type 192 (handle 0xc000) formatted bytes at offset 0x05 (hold an identity value)",
                              "type 192 (handle 0xc000) formatted bytes at offset 0x19 (hold an identity value)"}));
    EXPECT_EQ(s.strings[1].size(), std::string("sn=hx7q2k9r4m;").size());
    // Derived from the guest and the value's place in the collected list (the serial is 5th).
    EXPECT_EQ(s.strings[1], "sn=" + smbios::derived_text("guest-1", "identity/4", 10) + ";");
    EXPECT_EQ(s.strings[1], "sn=DFW-8b80f8;");
    EXPECT_EQ(s.formatted.size(), t[1].formatted.size());
    EXPECT_FALSE(holds(s.formatted, kUuid));
    // The copy of the UUID becomes the guest's UUID, as in type 1.
    smbios::Structure sys = t[0];
    EXPECT_TRUE(scrubber.scrub(sys).clean);
    EXPECT_TRUE(holds(s.formatted, std::span(sys.formatted).subspan(8, 16)));
    EXPECT_EQ(sys.strings[3].size(), 10U);
}

TEST(IdentityScrubber, AValueInTheHeaderLeavesTheStructureUnclean) {
    const std::vector<smbios::Structure> t = {system("ABCD7788")};
    const smbios::IdentityScrubber scrubber(smbios::collect_identity(t), "guest-1");
    smbios::Structure s = make(65, 0x4443, std::vector<std::uint8_t>(62, 0), {});
    s.formatted[4] = '7', s.formatted[5] = '7', s.formatted[6] = '8', s.formatted[7] = '8';
    const auto o = scrubber.scrub(s);
    EXPECT_FALSE(o.clean);
    EXPECT_EQ(o.why, "type 65 (handle 0x4443): an identity value overlaps its header");
}

TEST(IdentityScrubber, AUuidAcrossTheFormattedAreaAndTheStringsLeavesItUnclean) {
    const std::vector<smbios::Structure> t = {system()};
    const smbios::IdentityScrubber scrubber(smbios::collect_identity(t), "guest-1");
    // Found by fuzz_build_pipeline: the last UUID byte (0x32, '2') is the first of string 1.
    smbios::Structure s = make(0x82, 0x0001, std::vector<std::uint8_t>(std::begin(kUuid), std::end(kUuid) - 1), {"2x"});
    const auto o = scrubber.scrub(s);
    EXPECT_FALSE(o.clean);
    EXPECT_EQ(o.why, "type 130 (handle 0x0001): an identity value spans its formatted area and its strings");
    // Across the NUL between two strings, it is replaced byte by byte around the NUL.
    smbios::Structure u = make(0xC1, 0xC100, {1}, {"DELL3", std::string("\x10H\x80X\xb4\xc0ON22", 10)});
    const auto p = scrubber.scrub(u);
    EXPECT_TRUE(p.clean) << p.why;
    EXPECT_EQ(p.replaced, (std::vector<std::string>{
                              "type 193 (handle 0xc100) string set (holds an identity value across strings)"}));
    EXPECT_EQ(u.strings[0].size(), 5U);
    EXPECT_EQ(u.strings[1].size(), 10U);
}

TEST(IdentityScrubber, DerivedTextsHaveTheAskedLength) {
    EXPECT_EQ(smbios::derived_text("g", "w", 4).size(), 4U);
    EXPECT_EQ(smbios::derived_text("g", "w", 16).substr(0, 4), "DFW-");
    EXPECT_EQ(smbios::derived_text("g", "w", 200).size(), 200U);
    EXPECT_EQ(smbios::derived_text("g", "w", 7).find("DFW"), std::string::npos);
    EXPECT_EQ(smbios::derived_text("g", "w", 30), smbios::derived_text("g", "w", 30));
    EXPECT_NE(smbios::derived_text("g", "w", 30), smbios::derived_text("h", "w", 30));
}

} // namespace
