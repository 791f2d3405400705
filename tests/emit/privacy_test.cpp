// Privacy (issue 5): with the default policy, none of a host's serial numbers, UUID bytes or
// asset tags reaches the SMBIOS blob built from it. Checked over every SMBIOS capture in the
// shared corpus. Values that also appear in a non-identity string of the same host (placeholders
// such as "To Be Filled By O.E.M." or "Not Specified") cannot be told apart and are not checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "hostfw/policy.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

struct Id {
    std::uint8_t type, offset;
};
constexpr Id kIds[] = {{1, 7}, {2, 7}, {2, 8}, {3, 7}, {3, 8}, {4, 0x20}, {4, 0x21}, {17, 0x18}, {17, 0x19}, {22, 7}};

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
        // Every string that is not an identity field: identity values equal to one are ambiguous.
        std::set<std::string> other;
        std::set<std::pair<std::uint16_t, std::uint8_t>> id_refs;
        for (const auto& s : host->smbios->structures)
            for (const auto& id : kIds)
                if (s.type == id.type && id.offset < s.formatted.size() && s.formatted[id.offset] != 0)
                    id_refs.insert({s.handle, s.formatted[id.offset]});
        for (const auto& s : host->smbios->structures)
            for (std::size_t i = 0; i < s.strings.size(); ++i)
                if (!id_refs.contains({s.handle, static_cast<std::uint8_t>(i + 1)})) other.insert(s.strings[i]);
        for (const auto& s : host->smbios->structures) {
            for (const auto& id : kIds) {
                if (s.type != id.type || id.offset >= s.formatted.size()) continue;
                const std::string* v = s.string(s.formatted[id.offset]);
                if (v == nullptr || v->size() < 3 || other.contains(*v)) continue;
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
