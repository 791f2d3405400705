// Privacy: with the default policy, none of a host's serial numbers, UUID bytes or
// asset tags reaches the SMBIOS blob built from it. Checked over every SMBIOS capture in the
// shared corpus. Placeholders ("To Be Filled By O.E.M.", "Not Specified", "FFFFFFFF", blanks: the
// scrubber's one list, smbios/identity.hpp) identify nothing and are not checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "hostfw/policy.hpp"
#include "smbios/identity.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

struct Id {
    std::uint8_t type, offset;
};
constexpr Id kIds[] = {{1, 7},    {2, 7},     {2, 8},     {3, 7},  {3, 8},  {4, 0x20},
                       {4, 0x21}, {17, 0x18}, {17, 0x19}, {22, 7}, {39, 8}, {39, 9}};

bool contains(const std::vector<std::uint8_t>& hay, std::string_view needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

TEST(Privacy, DefaultPolicyScrubsEveryCorpusDump) {
    const fs::path dir = fs::path(DOMFW_SHARED_DIR) / "corpus/smbios";
    if (!fs::exists(dir)) GTEST_SKIP() << "shared corpus not present";
    int dumps = 0, values = 0, uuids = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file() || e.path().extension() == ".txt") continue;
        auto host = hostfw::load_host_firmware(e.path());
        if (!host || !host->smbios || host->smbios->structures.empty()) continue;
        hostfw::PassthroughPolicy pol;
        pol.smbios_types = {{0, 255}};
        pol.guest_seed = "privacy-test-guest";
        auto r = hostfw::apply_policy(*host, pol);
        if (!r) continue; // e.g. a structure the encoder refuses: nothing is written at all
        ++dumps;
        for (const auto& s : host->smbios->structures) {
            for (const auto& id : kIds) {
                if (s.type != id.type || id.offset >= s.formatted.size()) continue;
                const std::string* v = s.string(s.formatted[id.offset]);
                if (v == nullptr || smbios::is_identity_placeholder(*v)) continue;
                ++values;
                EXPECT_FALSE(contains(r->smbios_blob, *v))
                    << e.path().filename() << ": type " << int(s.type) << " field " << int(id.offset)
                    << " leaked (value not printed)";
            }
            if (s.type == 1 && s.formatted.size() >= 0x18) {
                const std::string uuid(s.formatted.begin() + 8, s.formatted.begin() + 24);
                if (uuid == std::string(16, '\0') || uuid == std::string(16, '\xff')) continue;
                ++uuids;
                EXPECT_FALSE(contains(r->smbios_blob, uuid)) << e.path().filename() << ": UUID bytes leaked";
            }
        }
    }
    std::printf("privacy: %d corpus dumps, %d identity strings and %d UUIDs checked\n", dumps, values, uuids);
    EXPECT_GT(dumps, 20);
    EXPECT_GT(values, 50);
}

TEST(Privacy, PolicyKeysRefuseTheGuestsOwnTables) {
    EXPECT_EQ(hostfw::parse_acpi_selector("DSDT").error().message,
              "acpi_passthrough entry \"DSDT\": DSDT is the guest's own table; passing the host's would replace it, so "
              "it is refused");
    EXPECT_EQ(hostfw::parse_acpi_selector("FACP").error().message,
              "acpi_passthrough entry \"FACP\": FACP is the guest's own table; passing the host's would replace it, so "
              "it is refused");
    auto s = hostfw::parse_acpi_selector("SSDT:oem_table_id=PtidDevc");
    ASSERT_TRUE(s);
    EXPECT_EQ(*s->oem_table_id, "PtidDevc");
    EXPECT_EQ(hostfw::parse_type_range("3-1").error().message,
              "smbios_passthrough entry \"3-1\": the range is reversed");
    EXPECT_EQ(hostfw::parse_type_range("256").error().message,
              "smbios_passthrough entry \"256\": \"256\" is not an SMBIOS type 0..255");
    EXPECT_EQ(hostfw::parse_type_range("128-255")->hi, 255u);
}

} // namespace
