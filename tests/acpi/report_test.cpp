// JSON and text reports; MSDM product keys never appear unless show_secrets.
#include <gtest/gtest.h>

#include <algorithm>

#include "acpi/load.hpp"
#include "acpi/report.hpp"
#include "support/files.hpp"
#include "support/sha256.hpp"
#include "test_paths.hpp"

namespace domfw::acpi {
namespace {
using namespace domfw::acpi::testing;

AcpiTableSet good_image() {
    auto bytes = support::read_file(std::filesystem::path(DOMFW_SOURCE_DIR) / "tests/acpi/malformed/image_good.bin");
    return *load_memory_image(*bytes, 0xE0000);
}

TEST(Report, JsonFieldsPerTable) {
    auto set = good_image();
    auto j = to_json(set, {});
    ASSERT_EQ(j["tables"].size(), set.size());
    const auto& dsdt = j["tables"][3];
    EXPECT_EQ(dsdt["name"], "DSDT");
    EXPECT_EQ(dsdt["signature"], "DSDT");
    EXPECT_EQ(dsdt["oem_id"], "DOMFW ");
    EXPECT_EQ(dsdt["oem_table_id"], "MALFORM ");
    EXPECT_EQ(dsdt["oem_revision"], 1);
    EXPECT_EQ(dsdt["length"], 44);
    EXPECT_EQ(dsdt["checksum_ok"], true);
    EXPECT_EQ(dsdt["address"], "0xe0400");
    EXPECT_EQ(dsdt["sha256"], support::sha256_hex(set.tables()[3].bytes()));
    EXPECT_TRUE(j["tables"][4]["checksum_ok"].is_null()); // FACS
}

TEST(Report, MsdmKeyOnlyWithShowSecrets) {
    auto set = good_image();
    const std::string key = "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"; // the fixture's made-up key
    std::string json = to_json(set, {}).dump();
    std::string text = render_text(set, {});
    EXPECT_EQ(json.find(key), std::string::npos);
    EXPECT_EQ(text.find(key), std::string::npos);
    EXPECT_NE(text.find("product key: redacted (49 bytes, sha256 "), std::string::npos);
    auto j = to_json(set, {});
    EXPECT_EQ(j["tables"][7]["secret"]["length"], 49);
    EXPECT_EQ(j["tables"][7]["secret"]["redacted"], true);
    ReportOptions show{true};
    EXPECT_EQ(to_json(set, show)["tables"][7]["secret"]["product_key"], key);
    EXPECT_NE(render_text(set, show).find("product key: " + key), std::string::npos);
}

// Real keys: assert on absence only, print nothing of them.
TEST(Report, CorpusMsdmKeysNeverLeak) {
    std::size_t msdm = 0;
    for (const auto& f : corpus_dumps()) {
        auto text = support::read_text_file(f);
        auto set = load_acpidump_text(*text, f.string());
        ASSERT_TRUE(set.has_value());
        const AcpiTable* t = set->find("MSDM");
        if (t == nullptr || t->bytes().size() < 85) continue;
        ++msdm;
        std::string key(t->bytes().begin() + 56, t->bytes().begin() + 85);
        std::string json = to_json(*set, {}).dump();
        std::string listing = render_text(*set, {});
        bool leaked = json.find(key) != std::string::npos || listing.find(key) != std::string::npos;
        EXPECT_FALSE(leaked) << "an MSDM key appears in the report of " << f.parent_path().filename().string();
        // The secret's digest is there instead.
        std::span<const std::uint8_t> body(t->bytes().data() + 36, t->bytes().size() - 36);
        EXPECT_NE(json.find(support::sha256_hex(body)), std::string::npos);
    }
    if (have_corpus()) {
        EXPECT_GE(msdm, 1U);
    }
}

TEST(Report, TextListingShowsProblems) {
    auto text =
        support::read_text_file(std::filesystem::path(DOMFW_SOURCE_DIR) / "tests/acpi/malformed/text_bad_checksum.txt");
    auto set = load_acpidump_text(*text, "T");
    ASSERT_TRUE(set.has_value());
    std::string out = render_text(*set, {});
    EXPECT_NE(out.find("ACPI tables from T: 2\n"), std::string::npos);
    EXPECT_NE(out.find("        checksum: T:6: SSDT: checksum 0xfc is wrong, should be 0xfd\n"), std::string::npos)
        << out;
    EXPECT_NE(out.find(" BAD "), std::string::npos);
}

} // namespace
} // namespace domfw::acpi
