// One malformed fixture per error path (tests/acpi/malformed/, made by generate.py there), each
// asserting the exact message. Binary tables go through hostfw::read_acpi (a single file whose
// header does not hold is an error) and AcpiTable::problem(); memory images through
// acpi::load_memory_image with base 0xe0000; text through acpi::load_acpidump_text.
#include <gtest/gtest.h>

#include "acpi/load.hpp"
#include "hostfw/acpi_sources.hpp"
#include "support/files.hpp"

namespace domfw::acpi {
namespace {
namespace fs = std::filesystem;

constexpr std::uint64_t kBase = 0xE0000;

fs::path fixture(const char* name) { return fs::path(DOMFW_SOURCE_DIR) / "tests" / "acpi" / "malformed" / name; }

std::string file_error(const char* name) {
    auto r = hostfw::read_acpi(fixture(name));
    if (r.has_value()) return "(loaded)";
    std::string msg = r.error().message;
    // The path is said once, at the front; show it as "F" (a second one would stay and fail).
    const std::string prefix = fixture(name).string() + ": ";
    if (msg.starts_with(prefix)) msg.replace(0, prefix.size(), "F: ");
    return msg;
}

std::string image_error(const char* name, std::optional<std::uint64_t> rsdp = std::nullopt) {
    auto bytes = support::read_file(fixture(name));
    if (!bytes) return bytes.error().message;
    auto r = load_memory_image(*bytes, kBase, rsdp);
    return r.has_value() ? "(loaded)" : r.error().message;
}

std::string text_error(const char* name) {
    auto text = support::read_text_file(fixture(name));
    if (!text) return text.error().message;
    auto r = load_acpidump_text(*text, "T");
    return r.has_value() ? "(loaded)" : r.error().message;
}

TEST(Malformed, TableHeaderSteps) {
    EXPECT_EQ(file_error("table_short.dat"),
              "F: not a valid ACPI table: holds 0x14 bytes, fewer than the 36-byte table header");
    EXPECT_EQ(file_error("table_length_below_header.dat"),
              "F: not a valid ACPI table: length 0x10 is below the 36-byte table header");
    EXPECT_EQ(file_error("table_length_past_end.dat"),
              "F: not a valid ACPI table: length 0x40 exceeds the 0x24 bytes held");
}

TEST(Malformed, BadChecksumIsAVerdictNotAnError) {
    auto r = hostfw::read_acpi(fixture("table_bad_checksum.dat"));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    const AcpiTable& t = r->tables().front();
    EXPECT_EQ(t.checksum_ok(), std::optional<bool>(false));
    EXPECT_EQ(t.checksum_problem(),
              fixture("table_bad_checksum.dat").string() + ": checksum 0x2c is wrong, should be 0x2b");
}

TEST(Malformed, Rsdp) {
    EXPECT_EQ(file_error("rsdp_short.dat"), "F: not a valid ACPI table: holds 0x10 bytes, fewer than the 20-byte RSDP");
    EXPECT_EQ(file_error("rsdp_v2_short.dat"),
              "F: not a valid ACPI table: holds 0x14 bytes, fewer than the 36-byte revision-2 RSDP");
    EXPECT_EQ(file_error("rsdp_length_below.dat"),
              "F: not a valid ACPI table: RSDP length 0x14 is below the 36 bytes of revision 2");
    EXPECT_EQ(file_error("rsdp_length_past_end.dat"),
              "F: not a valid ACPI table: length 0x40 exceeds the 0x24 bytes held");
    auto sum = hostfw::read_acpi(fixture("rsdp_bad_checksum.dat"));
    ASSERT_TRUE(sum.has_value());
    EXPECT_EQ(sum->tables()[0].checksum_problem(),
              fixture("rsdp_bad_checksum.dat").string() +
                  ": RSDP checksum 0x18 (first 20 bytes) is wrong, should be 0x42");
    auto xsum = hostfw::read_acpi(fixture("rsdp_bad_extended_checksum.dat"));
    ASSERT_TRUE(xsum.has_value());
    EXPECT_EQ(xsum->tables()[0].checksum_problem(), fixture("rsdp_bad_extended_checksum.dat").string() +
                                                        ": RSDP extended checksum 0x96 is wrong, should be 0xcc");
}

TEST(Malformed, Facs) {
    EXPECT_EQ(file_error("facs_short.dat"), "F: not a valid ACPI table: holds 0x20 bytes, fewer than the 64-byte FACS");
    EXPECT_EQ(file_error("facs_length_below.dat"),
              "F: not a valid ACPI table: FACS length 0x20 is below the 64-byte minimum");
    EXPECT_EQ(file_error("facs_length_past_end.dat"),
              "F: not a valid ACPI table: length 0x80 exceeds the 0x40 bytes held");
}

TEST(Malformed, MemoryImageRoot) {
    EXPECT_EQ(image_error("image_no_rsdp.bin"),
              "memory image at 0xe0000 (0x1000 bytes): no valid RSDP on a 16-byte boundary");
    EXPECT_EQ(image_error("image_rsdp_bad_signature.bin", kBase), "RSDP at 0xe0000: signature is not \"RSD PTR \"");
    EXPECT_EQ(image_error("image_good.bin", 0x10), "RSDP at 0x10: address 0x10 is below the image base 0xe0000");
    EXPECT_EQ(image_error("image_good.bin", 0xF0000),
              "RSDP at 0xf0000: address 0xf0000 is past the end of the image (0xe1000)");
    EXPECT_EQ(image_error("image_root_zero.bin"), "RSDP at 0xe0000: points to no RSDT or XSDT (both addresses are 0)");
    EXPECT_EQ(image_error("image_root_bad_signature.bin"),
              "XSDT at 0xe0100 (from the RSDP): signature is 'XXXX', expected 'XSDT'");
    EXPECT_EQ(image_error("image_root_past_end.bin"),
              "XSDT at 0xe2000 (from the RSDP): address 0xe2000 is past the end of the image (0xe1000)");
    EXPECT_EQ(image_error("image_root_length_past_end.bin"),
              "XSDT at 0xe0ff0 (from the RSDP): holds 0x10 bytes, fewer than the 36-byte table header");
}

TEST(Malformed, MemoryImageEntriesWarnAndGoOn) {
    auto bytes = support::read_file(fixture("image_entry_warnings.bin"));
    ASSERT_TRUE(bytes.has_value());
    auto r = load_memory_image(*bytes, kBase);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->warnings(), (std::vector<std::string>{
                                 "XSDT at 0xe0100 (from the RSDP): length leaves 4 bytes after the last whole 8-byte "
                                 "entry (ignored)",
                                 "XSDT entry 0: address is 0 (skipped)",
                                 "XSDT entry 1: address 0xe5000 is past the end of the image (0xe1000)",
                                 "XSDT entry 2: table at 0xe0200: length 0x10 is below the 36-byte table header",
                                 "FACP at 0xe0300: FADT length 0x28 is too short to hold the DSDT address (needs 0x2c)",
                             }));
    // RSDP, XSDT, the short FACP and the DSDT remain.
    EXPECT_EQ(r->names(), (std::vector<std::string>{"RSDP", "XSDT", "FACP", "DSDT"}));
}

TEST(Malformed, MemoryImageFacsSignature) {
    auto bytes = support::read_file(fixture("image_facs_bad_signature.bin"));
    ASSERT_TRUE(bytes.has_value());
    auto r = load_memory_image(*bytes, kBase);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->warnings(), std::vector<std::string>{"FACP at 0xe0200: FACS at 0xe0600: signature is not \"FACS\""});
    EXPECT_EQ(r->names(), (std::vector<std::string>{"RSDP", "XSDT", "FACP", "DSDT"}));
}

TEST(Malformed, AcpidumpText) {
    EXPECT_EQ(text_error("text_good.txt"), "(loaded)");
    EXPECT_EQ(text_error("text_hex_before_header.txt"),
              "T:1: hex data before any table header (expected 'SIG @ 0xADDRESS' first)");
    EXPECT_EQ(text_error("text_offset_gap.txt"),
              "T:3: hex line offset 0x20 does not continue table 'SSDT @ 0x0' (expected 0x10)");
    EXPECT_EQ(text_error("text_short_line_then_more.txt"),
              "T:3: hex line at offset 0x8 follows a short line in table 'SSDT @ 0x0' (only a table's last line may "
              "hold fewer than 16 bytes)");
    EXPECT_EQ(text_error("text_bad_byte.txt"), "T:3:38: '0G' is not a two-digit hex byte");
    EXPECT_EQ(text_error("text_no_data.txt"), "T:1: table 'SSDT @ 0x0' has no hex data lines");
    EXPECT_EQ(text_error("text_bad_address.txt"),
              "T:1: table header 'SSDT @ somewhere': the address is not a hex number or (nil)");
    EXPECT_EQ(text_error("text_malformed_hex_line.txt"),
              "T:3: malformed hex line '    0010 53 53: junk': expected 'OFFSET: XX XX ...'");
    EXPECT_EQ(text_error("text_offset_too_long.txt"), "T:2: hex line offset has more than 16 digits");
    EXPECT_EQ(text_error("text_empty_hex_line.txt"), "T:2: hex line holds no bytes");
}

TEST(Malformed, AcpidumpTextTableProblems) {
    auto text = support::read_text_file(fixture("text_truncated_table.txt"));
    ASSERT_TRUE(text.has_value());
    auto r = load_acpidump_text(*text, "T");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tables()[0].problem(), "T:1: SSDT: length 0x38 exceeds the 0x30 bytes held");
    EXPECT_EQ(r->tables()[0].checksum_ok(), std::optional<bool>(false));

    text = support::read_text_file(fixture("text_bad_checksum.txt"));
    ASSERT_TRUE(text.has_value());
    r = load_acpidump_text(*text, "T");
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->size(), 2U);
    EXPECT_EQ(r->tables()[0].kind(), TableKind::kRsdp);
    EXPECT_EQ(r->tables()[0].origin().address, std::optional<std::uint64_t>(0xf0120));
    EXPECT_EQ(r->tables()[0].checksum_ok(), std::optional<bool>(true));
    EXPECT_EQ(r->tables()[1].checksum_problem(), "T:6: SSDT: checksum 0xfc is wrong, should be 0xfd");
}

} // namespace
} // namespace domfw::acpi
