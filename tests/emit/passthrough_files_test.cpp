#include <algorithm>
#include <gtest/gtest.h>

#include <vector>

#include "core/checksum.hpp"
#include "plan/passthrough_files.hpp"

using namespace domfw;

namespace {

std::vector<std::uint8_t> prefixed(std::vector<std::uint8_t> s, std::uint32_t len) {
    // hvmloader's [u32 LE length][structure] record. Built by index, not insert(): GCC 12 -O3
    // reports a false -Warray-bounds on vector::insert of a small initializer-list vector.
    std::vector<std::uint8_t> out(4 + s.size());
    for (std::size_t i = 0; i < 4; ++i)
        out[i] = static_cast<std::uint8_t>(len >> (8 * i));
    std::copy(s.begin(), s.end(), out.begin() + 4);
    return out;
}

TEST(PassthroughFiles, SmbiosErrorsAreExact) {
    const std::vector<std::uint8_t> t1{1, 4, 0x01, 0x00, 'A', 0, 0};
    auto ok = plan::split_smbios_firmware(prefixed(t1, 7), "smbios_firmware 'f'");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->size(), 1u);
    EXPECT_EQ(plan::split_smbios_firmware({}, "f").error().message,
              "f: file is empty (xl ignores an empty smbios_firmware silently; domfw refuses it)");
    EXPECT_EQ(plan::split_smbios_firmware(prefixed(t1, 0x50), "f").error().message,
              "f: entry 0 at offset 0x0: length prefix 0x50 runs past the end of the file (0x7 bytes left)");
    EXPECT_EQ(plan::split_smbios_firmware(prefixed(t1, 2), "f").error().message,
              "f: entry 0 at offset 0x0: length prefix 0x2 is below the 4-byte structure header");
    auto longer = prefixed({1, 4, 0x01, 0x00, 'A', 0, 0, 0, 0}, 9);
    EXPECT_EQ(
        plan::split_smbios_firmware(longer, "f").error().message,
        "f: entry 0 at offset 0x0 (type 1, handle 0x0001): length prefix 0x9 differs from the structure's size 0x7");
    auto tail = prefixed(t1, 7);
    tail.push_back(1);
    EXPECT_EQ(plan::split_smbios_firmware(tail, "f").error().message,
              "f: entry 1 at offset 0xb: 0x1 bytes left, too few for the 4-byte length prefix");
}

TEST(PassthroughFiles, AcpiErrorsAreExact) {
    std::vector<std::uint8_t> t(40, 0);
    t[0] = 'S', t[1] = 'S', t[2] = 'D', t[3] = 'T', t[4] = 40;
    t[9] = core::sum8_fix(t);
    ASSERT_TRUE(plan::split_acpi_firmware(t, "f"));
    auto bad = t;
    bad[9] ^= 1;
    EXPECT_EQ(
        plan::split_acpi_firmware(bad, "f").error().message,
        fmt::format("f: table 0 'SSDT' at offset 0x0: checksum {:#04x} is wrong, should be {:#04x}", bad[9], t[9]));
    auto two = t;
    two.insert(two.end(), t.begin(), t.begin() + 20);
    EXPECT_EQ(plan::split_acpi_firmware(two, "f").error().message,
              "f: table 1 'SSDT' at offset 0x28: holds 0x14 bytes, fewer than the 36-byte table header");
}

} // namespace
