// User-given smbios_firmware / acpi_firmware files (build/passthrough_files.hpp): one malformed
// input per error path the walk and the table split can take, each with its exact message.
// (tests/emit/passthrough_files_test.cpp has the length-prefix, size and checksum paths.)
#include <gtest/gtest.h>

#include <vector>

#include "core/checksum.hpp"
#include "plan/passthrough_files.hpp"

using namespace domfw;

namespace {

std::vector<std::uint8_t> record(std::vector<std::uint8_t> s) {
    std::vector<std::uint8_t> out(4 + s.size());
    const auto n = static_cast<std::uint32_t>(s.size());
    for (std::size_t i = 0; i < 4; ++i)
        out[i] = static_cast<std::uint8_t>(n >> (8 * i));
    std::copy(s.begin(), s.end(), out.begin() + 4);
    return out;
}

std::string smbios_error(std::vector<std::uint8_t> file) {
    auto r = plan::split_smbios_firmware(file, "smbios_firmware 'f'");
    return r ? std::string("accepted") : r.error().message;
}

TEST(UserFiles, SmbiosStructureFaults) {
    // A good structure first, so the broken one is entry 1 at file offset 0xb.
    auto good = record({1, 4, 0x01, 0x00, 0, 0});
    auto with = [&](std::vector<std::uint8_t> s) {
        auto f = good;
        auto r = record(std::move(s));
        f.insert(f.end(), r.begin(), r.end());
        return f;
    };
    EXPECT_EQ(smbios_error(with({2, 3, 0x02, 0x00})),
              "smbios_firmware 'f': entry 1: SMBIOS structure at offset 0xe (type 2, handle 0x0002): "
              "formatted length 0x03 is below the 4-byte header");
    EXPECT_EQ(smbios_error(with({3, 0x20, 0x03, 0x00, 0, 0})),
              "smbios_firmware 'f': entry 1: SMBIOS structure at offset 0xe (type 3, handle 0x0003): "
              "formatted length 0x20 runs past the end "
              "of the table (0x6 bytes left)");
    EXPECT_EQ(smbios_error(with({11, 5, 0x0B, 0x00, 1, 'A', 'B', 0})),
              "smbios_firmware 'f': entry 1: SMBIOS structure at offset 0xe (type 11, handle 0x000b): "
              "string set has no double-NUL "
              "terminator in the 0x3 bytes left");
    EXPECT_EQ(smbios_error(with({1, 4, 0x01, 0x00, 0, 0})), "accepted");
}

TEST(UserFiles, AcpiTableLengthFaults) {
    std::vector<std::uint8_t> t(40, 0);
    std::copy_n("SSDT", 4, t.begin());
    t[4] = 0x10; // below the 36-byte header
    auto short_len = plan::split_acpi_firmware(t, "acpi_firmware 'f'");
    ASSERT_FALSE(short_len);
    EXPECT_EQ(short_len.error().message,
              "acpi_firmware 'f': table 0 'SSDT' at offset 0x0: length 0x10 is below the 36-byte table header");
    t[4] = 0, t[5] = 1; // 0x100, past the end
    auto past = plan::split_acpi_firmware(t, "acpi_firmware 'f'");
    ASSERT_FALSE(past);
    EXPECT_EQ(past.error().message,
              "acpi_firmware 'f': table 0 'SSDT' at offset 0x0: length 0x100 exceeds the 0x28 bytes held");
    EXPECT_EQ(plan::split_acpi_firmware({}, "acpi_firmware 'f'").error().message,
              "acpi_firmware 'f': file is empty (xl ignores an empty acpi_firmware silently; domfw refuses it)");
}

} // namespace
