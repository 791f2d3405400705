// Loading from a physical-memory image (malformed/image_good.bin, base 0xe0000) and the sysfs layout.
#include <gtest/gtest.h>

#include "acpi/load.hpp"
#include "acpi/report.hpp"
#include "support/files.hpp"

namespace domfw::acpi {
namespace {

TEST(MemoryImage, WalksRsdpXsdtFadtDsdtFacs) {
    auto bytes = support::read_file(std::filesystem::path(DOMFW_SOURCE_DIR) / "tests/acpi/malformed/image_good.bin");
    ASSERT_TRUE(bytes.has_value());
    for (auto rsdp : {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{0xE0000}}) {
        auto set = load_memory_image(*bytes, 0xE0000, rsdp);
        ASSERT_TRUE(set.has_value()) << set.error().message;
        EXPECT_TRUE(set->warnings().empty());
        EXPECT_EQ(set->names(),
                  (std::vector<std::string>{"RSDP", "XSDT", "FACP", "DSDT", "FACS", "SSDT1", "SSDT2", "MSDM"}));
        EXPECT_EQ(set->tables()[3].origin().address, std::optional<std::uint64_t>(0xE0400));
        for (const auto& t : set->tables()) {
            EXPECT_TRUE(t.problem().empty()) << t.problem();
            if (t.kind() != TableKind::kFacs) {
                EXPECT_EQ(t.checksum_ok(), std::optional<bool>(true)) << t.signature_text();
            }
        }
        std::vector<std::string> files;
        for (const auto& f : sysfs_files(*set))
            files.push_back(f.first);
        EXPECT_EQ(files, (std::vector<std::string>{"FACP", "DSDT", "FACS", "SSDT1", "SSDT2", "MSDM"}));
    }
}

} // namespace
} // namespace domfw::acpi
