// One malformed input per error path, each asserting the exact message. The inputs are written
// by malformed/gen_malformed.py (committed next to them).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "hostfw/smbios_sources.hpp"
#include "support/files.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(DOMFW_SOURCE_DIR) / "tests/smbios/malformed";
constexpr const char* kDump = "expected a dmidecode --dump-bin file (entry point at 0, table at 0x20): ";

struct Case {
    const char* file;
    std::string message; // after "<path>: " for source errors
    bool table_error;    // the source reads, the walk reports the error
};

const Case kCases[] = {
    {"ep21_too_short.bin", std::string(kDump) + "_SM_ entry point: 0x14 bytes held, the entry point needs 0x1f", false},
    {"ep21_bad_length.bin", std::string(kDump) + "_SM_ entry point: length 0x10 is outside 0x1e..0x20", false},
    {"ep21_bad_checksum.bin", std::string(kDump) + "_SM_ entry point: checksum over 0x1f bytes sums to 0x87, not 0",
     false},
    {"ep21_bad_intermediate_anchor.bin",
     std::string(kDump) + "_SM_ entry point: no _DMI_ intermediate anchor at offset 0x10 (found '_XMI_')", false},
    {"ep21_bad_intermediate_checksum.bin",
     std::string(kDump) +
         "_SM_ entry point: intermediate (_DMI_) checksum over 0xf bytes at offset 0x10 sums to 0xf6, not 0",
     false},
    {"ep3_too_short.bin", std::string(kDump) + "_SM3_ entry point: 0x14 bytes held, the entry point needs 0x18", false},
    {"ep3_bad_length.bin", std::string(kDump) + "_SM3_ entry point: length 0x10 is outside 0x18..0x20", false},
    {"ep3_bad_checksum.bin", std::string(kDump) + "_SM3_ entry point: checksum over 0x18 bytes sums to 0xce, not 0",
     false},
    {"legacy_bad_checksum.bin", std::string(kDump) + "_DMI_ entry point: checksum over 0xf bytes sums to 0xd8, not 0",
     false},
    {"ep_only.bin",
     "holds only an SMBIOS _SM3_ entry point; pass the directory holding it and its table (smbios_entry_point + DMI) "
     "or a "
     "dmidecode --dump-bin file",
     false},
    {"not_smbios.bin",
     "not SMBIOS: expected a dmidecode --dump-bin file (starting with _SM_, _SM3_ or _DMI_), a Windows RSMB blob, or a "
     "raw "
     "structure table whose first structure is whole; found none of them in 0x3 bytes",
     false},
    {"acpi_table.bin",
     "not SMBIOS: expected a dmidecode --dump-bin file (starting with _SM_, _SM3_ or _DMI_), a Windows RSMB blob, or a "
     "raw "
     "structure table whose first structure is whole; found none of them in 0x2c bytes",
     false},
    {"walk_short_formatted.bin",
     "SMBIOS structure at offset 0x1a (type 2, handle 0x0002): formatted length 0x03 is below the 4-byte header", true},
    {"walk_formatted_past_end.bin",
     "SMBIOS structure at offset 0x1a (type 1, handle 0x0001): formatted length 0x40 runs past the end of the table "
     "(0xe bytes left)",
     true},
    {"walk_unterminated_strings.bin",
     "SMBIOS structure at offset 0x1a (type 1, handle 0x0001): string set has no double-NUL terminator in the 0x7 "
     "bytes left",
     true},
};

} // namespace

TEST(SmbiosMalformed, EveryFixtureFailsWithItsExactMessage) {
    for (const Case& c : kCases) {
        const fs::path p = kDir / c.file;
        ASSERT_TRUE(fs::exists(p)) << p << " (run tests/smbios/malformed/gen_malformed.py)";
        auto r = hostfw::read_smbios(p);
        if (c.table_error) {
            ASSERT_TRUE(r) << c.file << ": " << r.error().message;
            ASSERT_TRUE(r->error) << c.file;
            EXPECT_EQ(*r->error, c.message) << c.file;
            EXPECT_EQ(r->structures.size(), 1U) << c.file << ": the structure before the broken one stays usable";
        } else {
            ASSERT_FALSE(r) << c.file;
            EXPECT_EQ(r.error().message, p.string() + ": " + c.message) << c.file;
        }
    }
}

// The structures before the cut are kept (like dmidecode), but the table is broken: exit 1.
TEST(SmbiosMalformed, Truncated2xTableIsAnError) {
    auto r = hostfw::read_smbios(kDir / "table21_truncated.bin");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->error);
    EXPECT_EQ(*r->error, "SMBIOS table is truncated: 0x14 bytes held, the entry point announces 0x24");
    EXPECT_EQ(r->structures.size(), 2U);
}

TEST(SmbiosMalformed, RsmbBlobIsReadWithItsVersion) {
    auto r = hostfw::read_smbios(kDir / "rsmb_ok.bin");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->version, 0x0302);
    EXPECT_EQ(r->structures.size(), 2U);
}

TEST(SmbiosMalformed, RsmbWithWrongLengthSaysWhatWasExpected) {
    auto bytes = support::read_file(kDir / "rsmb_ok.bin");
    ASSERT_TRUE(bytes);
    bytes->push_back(0);
    auto r = hostfw::read_smbios_rsmb(*bytes, "blob");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "blob: expected a Windows RSMB blob (8-byte RawSMBIOSData header whose length field "
                                 "equals the bytes after it), "
                                 "found none of them in 0x1d bytes");
}

TEST(SmbiosMalformed, DirectoryWithoutTables) {
    const fs::path d = fs::temp_directory_path() / ("domfw-smbios-empty-" + std::to_string(::getpid()));
    fs::create_directories(d);
    auto r = hostfw::read_smbios(d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message,
              d.string() + ": expected the /sys/firmware layout (dmi/tables/), smbios_entry_point + DMI, or one entry "
                           "point file and one table file; found 0 entry point file(s) and 0 other file(s)");
    auto s = hostfw::read_smbios_sysfs(d);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, d.string() + ": no dmi/tables directory (expected the /sys/firmware layout)");
    fs::remove_all(d);
}

TEST(SmbiosMalformed, UnreadableTablesNeedRoot) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads mode-0000 files; run as a user to check the permission message";
    const fs::path d = fs::temp_directory_path() / ("domfw-smbios-perm-" + std::to_string(::getpid()));
    fs::create_directories(d / "dmi/tables");
    ASSERT_TRUE(support::write_file_atomic(d / "dmi/tables/smbios_entry_point", std::string_view("x")));
    fs::permissions(d / "dmi/tables/smbios_entry_point", fs::perms::none);
    auto r = hostfw::read_smbios_sysfs(d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message,
              (d / "dmi/tables/smbios_entry_point").string() +
                  ": permission denied: the SMBIOS tables are readable by root only; run as root, or "
                  "capture them as root with `domfw host dump -o DIR` and read DIR instead (--from DIR for `domfw "
                  "host`, firmware_source = \"DIR\" in a guest's config)");
    fs::remove_all(d);
}

// The corpus's broken Hyper-V table: a zero-length header at 0x1de after the type 11 structure.
TEST(SmbiosMalformed, CorpusHyperVTableIsBrokenAt0x1de) {
    const fs::path p = fs::path(DOMFW_SHARED_DIR) / "corpus/smbios/siderolabs/HyperV.dmi";
    if (!fs::exists(p)) GTEST_SKIP() << "no corpus at " << p;
    auto r = hostfw::read_smbios(p);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->error);
    EXPECT_EQ(
        *r->error,
        "SMBIOS structure at offset 0x1de (type 0, handle 0x0005): formatted length 0x00 is below the 4-byte header");
    ASSERT_EQ(r->structures.size(), 5U);
    EXPECT_EQ(r->structures.back().type, 11);
    EXPECT_EQ(r->structures.back().offset, 0x168U);
}
