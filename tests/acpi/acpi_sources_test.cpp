// Format detection of hostfw::read_acpi and the live reader's messages.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "hostfw/acpi_sources.hpp"
#include "support/files.hpp"
#include "test_paths.hpp"

namespace domfw::hostfw {
namespace {
namespace fs = std::filesystem;
using namespace domfw::acpi::testing;

std::vector<std::uint8_t> tiny_table(const char* sig) {
    std::vector<std::uint8_t> t(36, 0);
    for (int i = 0; i < 4; ++i)
        t[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(sig[i]);
    t[4] = 36;
    std::uint8_t sum = 0;
    for (auto b : t)
        sum = static_cast<std::uint8_t>(sum + b);
    t[9] = static_cast<std::uint8_t>(0x100 - sum);
    return t;
}

TEST(ReadAcpi, MissingPath) {
    auto r = read_acpi("/nonexistent/acpi");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "/nonexistent/acpi: does not exist");
}

TEST(ReadAcpi, SysfsLikeTreeWithNumberedAndDynamicTables) {
    TempDir tmp;
    fs::path tables = tmp.path() / "acpi" / "tables";
    fs::create_directories(tables / "dynamic");
    fs::create_directories(tables / "data");
    ASSERT_TRUE(support::write_file_atomic(tables / "DSDT", tiny_table("DSDT")).has_value());
    ASSERT_TRUE(support::write_file_atomic(tables / "SSDT1", tiny_table("SSDT")).has_value());
    ASSERT_TRUE(support::write_file_atomic(tables / "SSDT2", tiny_table("SSDT")).has_value());
    ASSERT_TRUE(support::write_file_atomic(tables / "SSDT10", tiny_table("SSDT")).has_value());
    ASSERT_TRUE(support::write_file_atomic(tables / "dynamic" / "SSDT11", tiny_table("SSDT")).has_value());
    ASSERT_TRUE(support::write_file_atomic(tables / "data" / "BERT", std::string_view("not a table")).has_value());
    auto r = read_acpi(tmp.path());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(r->size(), 5U);
    EXPECT_EQ(r->tables()[3].origin().where, (tables / "SSDT10").string()); // natural order
    EXPECT_TRUE(r->tables()[4].origin().dynamic);
    auto names = r->names();
    EXPECT_EQ(names, (std::vector<std::string>{"DSDT", "SSDT1", "SSDT2", "SSDT3", "SSDT4"}));
    // The tables dir itself and its acpi/ parent read the same.
    EXPECT_EQ(read_acpi(tables)->size(), 5U);
    EXPECT_EQ(read_acpi(tmp.path() / "acpi")->size(), 5U);
}

TEST(ReadAcpi, DirectoryWithoutTables) {
    TempDir tmp;
    ASSERT_TRUE(support::write_file_atomic(tmp.path() / "notes.txt", std::string_view("hello")).has_value());
    auto r = read_acpi(tmp.path());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, tmp.path().string() +
                                     ": no ACPI table files (expected files named like /sys/firmware/acpi/tables: "
                                     "DSDT, FACP, SSDT1, ...; or *.dat, *.aml, *.bin)");
}

// An SMBIOS capture's folder (dmi.bin, entry.bin: *.bin names, no valid table header) is no
// ACPI table directory: "no ACPI", not two broken tables that fail a command asking for SMBIOS.
TEST(ReadAcpi, DirectoryWithoutOneSoundTableIsNoTableDirectory) {
    TempDir tmp;
    const std::string entry = "_SM_\x1f\x1f\x02\x08";
    ASSERT_TRUE(support::write_file_atomic(tmp.path() / "entry.bin", std::string_view(entry)).has_value());
    ASSERT_TRUE(support::write_file_atomic(tmp.path() / "dmi.bin", std::string(64, '\x01')).has_value());
    auto r = read_acpi(tmp.path());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              tmp.path().string() + ": no ACPI tables: none of its 2 files starts with a table header that holds");
    // One sound table makes it a table directory, whose broken files are then reported as such.
    ASSERT_TRUE(support::write_file_atomic(tmp.path() / "SSDT.bin", tiny_table("SSDT")).has_value());
    r = read_acpi(tmp.path());
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->size(), 3U);
}

// A capture is read from its own regular files: a link named like a table (to /etc/shadow, say)
// is refused, not followed, and so are linked directories and devices named like tables.
TEST(ReadAcpi, CaptureLinksAreNotFollowed) {
    TempDir tmp;
    fs::path tables = tmp.path() / "acpi" / "tables";
    fs::create_directories(tables);
    ASSERT_TRUE(support::write_file_atomic(tables / "DSDT", tiny_table("DSDT")).has_value());
    ASSERT_TRUE(support::write_file_atomic(tmp.path() / "secret", std::string_view("root:$y$hash:1:2")).has_value());
    fs::create_symlink(tmp.path() / "secret", tables / "SSDT2");
    auto r = read_acpi(tmp.path());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, (tables / "SSDT2").string() +
                                     ": is a symbolic link: a firmware capture file is read from a regular file, "
                                     "links are not followed");
    fs::remove(tables / "SSDT2");
    ASSERT_EQ(::mkfifo((tables / "SSDT3").c_str(), 0600), 0);
    r = read_acpi(tmp.path());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, (tables / "SSDT3").string() +
                                     ": not a regular file (a FIFO): a firmware capture file is read from a regular "
                                     "file");
    fs::remove(tables / "SSDT3");
    fs::create_directory_symlink(tmp.path(), tables / "dynamic");
    r = read_acpi(tmp.path());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              (tables / "dynamic").string() + ": is a symbolic link: directories inside a capture are not followed");
    fs::remove(tables / "dynamic");
    ASSERT_TRUE(read_acpi(tmp.path()).has_value());

    TempDir linked;
    fs::create_directory_symlink(tmp.path() / "acpi", linked.path() / "acpi");
    r = read_acpi(linked.path());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, (linked.path() / "acpi").string() +
                                     ": is a symbolic link: directories inside a capture are not followed");
}

// A capture is one input: its table files together are held to the one-file limit (64 MiB).
TEST(ReadAcpi, TableDirectoryIsLimitedAsAWhole) {
    TempDir tmp;
    for (const char* name : {"SSDT1", "SSDT2"}) {
        ASSERT_TRUE(support::write_file_atomic(tmp.path() / name, tiny_table("SSDT")).has_value());
        fs::resize_file(tmp.path() / name, 33 * support::kMiB); // sparse: no disk used
    }
    auto r = read_acpi(tmp.path());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, tmp.path().string() + ": the table files hold more than 0x4000000 bytes (64 MiB) "
                                                       "together, the limit for a firmware capture file");
}

// `acpidump > DIR/acpidump.txt`: the folder is read as that text.
TEST(ReadAcpi, DirectoryHoldingOneAcpidumpText) {
    TempDir tmp;
    auto text = support::read_file(fs::path(DOMFW_SOURCE_DIR) / "tests/acpi/malformed/text_good.txt");
    ASSERT_TRUE(text.has_value());
    ASSERT_TRUE(support::write_file_atomic(tmp.path() / "acpidump.txt", *text).has_value());
    auto r = read_acpi(tmp.path());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->size(), 1U);
    EXPECT_TRUE(r->tables().front().signature_is("SSDT"));
    // Two texts: which one is meant is not guessed.
    ASSERT_TRUE(support::write_file_atomic(tmp.path() / "other.txt", *text).has_value());
    EXPECT_FALSE(read_acpi(tmp.path()).has_value());
}

TEST(ReadAcpi, TextWithoutTables) {
    TempDir tmp;
    fs::path f = tmp.path() / "notes.txt";
    ASSERT_TRUE(support::write_file_atomic(f, std::string_view("just some words\n")).has_value());
    auto r = read_acpi(f);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, f.string() + ": text without an acpidump table: expected 'SIG @ 0xADDRESS' header "
                                              "lines followed by '  0000: XX XX ...' hex lines");
}

TEST(ReadAcpi, BinaryThatIsNoTable) {
    TempDir tmp;
    fs::path f = tmp.path() / "blob";
    ASSERT_TRUE(support::write_file_atomic(f, std::vector<std::uint8_t>{0x7f, 'E', 'L', 'F', 0, 1}).has_value());
    auto r = read_acpi(f);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, f.string() + ": not an ACPI source: expected a binary table (4-character signature "
                                              "such as 'DSDT', then its length), an RSDP ('RSD PTR '), acpidump "
                                              "text, or a directory of tables; found none of them in 0x6 bytes");
}

TEST(ReadAcpi, SingleTableAndAcpidumpText) {
    TempDir tmp;
    fs::path f = tmp.path() / "dsdt.dat";
    ASSERT_TRUE(support::write_file_atomic(f, tiny_table("DSDT")).has_value());
    auto r = read_acpi(f);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(r->size(), 1U);
    EXPECT_EQ(r->tables()[0].checksum_ok(), std::optional<bool>(true));

    fs::path t = tmp.path() / "dump.txt";
    std::string text = "DSDT @ 0x1000\n    0000: 44 53 44 54 24 00 00 00 00 00 00 00 00 00 00 00  DSDT$...........\n"
                       "    0010: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n"
                       "    0020: 00 00 00 00                                      ....\n";
    ASSERT_TRUE(support::write_file_atomic(t, text).has_value());
    auto d = read_acpi(t);
    ASSERT_TRUE(d.has_value()) << d.error().message;
    ASSERT_EQ(d->size(), 1U);
    EXPECT_EQ(d->tables()[0].origin().address, std::optional<std::uint64_t>(0x1000));
    EXPECT_EQ(d->tables()[0].checksum_ok(), std::optional<bool>(false));
}

TEST(ReadAcpiLive, AbsentTablesSaySo) {
    auto r = read_acpi_live_at("/nonexistent/sys/firmware/acpi/tables");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "/nonexistent/sys/firmware/acpi/tables: not present: this machine exposes no ACPI "
                                 "tables (no ACPI firmware, or sysfs is not mounted)");
}

TEST(ReadAcpiLive, ThisMachine) {
    if (!fs::is_directory(kLiveAcpiTables)) GTEST_SKIP() << "no /sys/firmware/acpi/tables here";
    auto r = read_acpi_live();
    if (!r.has_value()) {
        // Without root the message must say so.
        EXPECT_NE(r.error().message.find("needs root"), std::string::npos) << r.error().message;
        return;
    }
    ASSERT_FALSE(r->empty());
    EXPECT_NE(r->find("DSDT"), nullptr);
    for (const auto& t : r->tables())
        EXPECT_TRUE(t.problem().empty()) << t.problem();
}

} // namespace
} // namespace domfw::hostfw
