// `smbios = [...]` on passed-through structures (hostfw/smbios_overrides.hpp) and the policy's
// refusals, with exact messages.
#include <gtest/gtest.h>

#include "acpi/table.hpp"
#include "hostfw/policy.hpp"
#include "hostfw/smbios_overrides.hpp"

using namespace domfw;
using hostfw::SmbiosOverride;

namespace {

smbios::Structure make(std::uint8_t type, std::vector<std::uint8_t> formatted, std::vector<std::string> strings) {
    smbios::Structure s;
    s.type = type;
    s.handle = static_cast<std::uint16_t>(type);
    formatted[0] = type;
    formatted[1] = static_cast<std::uint8_t>(formatted.size());
    formatted[2] = type;
    s.formatted = std::move(formatted);
    s.strings = std::move(strings);
    return s;
}

// Type 1 of SMBIOS 2.4 (0x1B bytes): manufacturer 1, product 2, version 3, serial 4.
smbios::Structure type1() {
    std::vector<std::uint8_t> f(0x1B, 0);
    f[4] = 1, f[5] = 2, f[6] = 3, f[7] = 4;
    return make(1, f, {"HostVendor", "HostProduct", "1.0", "HOSTSERIAL"});
}

TEST(SmbiosOverrides, ReplaceTheFieldsHvmloaderWouldFill) {
    auto s = type1();
    hostfw::OverrideReport rep;
    const std::vector<SmbiosOverride> o{
        {"system_manufacturer", "ACME"}, {"system_serial_number", "XYZ"}, {"baseboard_manufacturer", "not type 1"}};
    ASSERT_TRUE(hostfw::apply_smbios_overrides(s, o, rep));
    EXPECT_EQ(s.strings, (std::vector<std::string>{"ACME", "HostProduct", "1.0", "XYZ"}));
    EXPECT_EQ(rep.applied, (std::vector<std::string>{"type 1 (handle 0x0001) system_manufacturer",
                                                     "type 1 (handle 0x0001) system_serial_number"}));
    EXPECT_TRUE(rep.warnings.empty());
}

TEST(SmbiosOverrides, LastValueWinsAndEmptyValuesAreIgnored) {
    auto s = type1();
    hostfw::OverrideReport rep;
    const std::vector<SmbiosOverride> o{
        {"system_version", "A"}, {"system_version", "B"}, {"system_version", ""}, {"system_product_name", ""}};
    ASSERT_TRUE(hostfw::apply_smbios_overrides(s, o, rep));
    EXPECT_EQ(s.strings, (std::vector<std::string>{"HostVendor", "HostProduct", "B", "HOSTSERIAL"}));
    EXPECT_EQ(rep.applied.size(), 1u);
}

TEST(SmbiosOverrides, SharedAndUnsetStringsGetAStringOfTheirOwn) {
    // Type 2: manufacturer and product share string 1; the asset tag (0x08) is unset.
    std::vector<std::uint8_t> f(0x0F, 0);
    f[4] = 1, f[5] = 1, f[7] = 2;
    auto s = make(2, f, {"To Be Filled By O.E.M.", "BOARDSERIAL"});
    hostfw::OverrideReport rep;
    const std::vector<SmbiosOverride> o{{"baseboard_manufacturer", "ACME"}, {"baseboard_asset_tag", "TAG"}};
    ASSERT_TRUE(hostfw::apply_smbios_overrides(s, o, rep));
    EXPECT_EQ(s.strings, (std::vector<std::string>{"To Be Filled By O.E.M.", "BOARDSERIAL", "ACME", "TAG"}));
    EXPECT_EQ(s.formatted[4], 3);
    EXPECT_EQ(s.formatted[5], 1); // the product name still reads the shared string
    EXPECT_EQ(s.formatted[8], 4);
}

TEST(SmbiosOverrides, AFieldTheStructureIsTooShortForIsAWarning) {
    std::vector<std::uint8_t> f(0x08, 0); // SMBIOS 2.0 type 2: no asset tag field
    f[4] = 1;
    auto s = make(2, f, {"Board Co"});
    hostfw::OverrideReport rep;
    const std::vector<SmbiosOverride> o{{"baseboard_asset_tag", "TAG"}};
    ASSERT_TRUE(hostfw::apply_smbios_overrides(s, o, rep));
    EXPECT_EQ(rep.warnings,
              (std::vector<std::string>{"smbios key baseboard_asset_tag not applied to type 2 (handle 0x0002): its "
                                        "formatted area (length 0x08) has no field at offset 0x08"}));
    EXPECT_EQ(s.strings, (std::vector<std::string>{"Board Co"}));
}

TEST(SmbiosOverrides, OemStringsReplaceType11UpToTheFirstEmptyOne) {
    auto s = make(11, {0, 0, 0, 0, 3}, {"host oem 1", "host oem 2", "host oem 3"});
    hostfw::OverrideReport rep;
    const std::vector<SmbiosOverride> o{
        {"oem", "guest a"}, {"system_manufacturer", "x"}, {"oem", "guest b"}, {"oem", ""}, {"oem", "after the gap"}};
    ASSERT_TRUE(hostfw::apply_smbios_overrides(s, o, rep));
    EXPECT_EQ(s.strings, (std::vector<std::string>{"guest a", "guest b"}));
    EXPECT_EQ(s.formatted[4], 2);
    EXPECT_EQ(rep.applied, (std::vector<std::string>{"type 11 (handle 0x000b) oem (2 strings)"}));
}

TEST(SmbiosOverrides, NoRoomForAnotherStringIsAnError) {
    std::vector<std::uint8_t> f(0x1B, 0);
    auto s = make(1, f, std::vector<std::string>(255, "s"));
    hostfw::OverrideReport rep;
    const std::vector<SmbiosOverride> o{{"system_manufacturer", "ACME"}};
    EXPECT_EQ(hostfw::apply_smbios_overrides(s, o, rep).error().message,
              "type 1 (handle 0x0001) already holds 255 strings; no room for one more");
}

TEST(SmbiosOverrides, ThePolicyAppliesThemAfterScrubbing) {
    hostfw::HostFirmware host;
    host.smbios.emplace();
    host.smbios->version = 0x0204;
    host.smbios->structures.push_back(type1());
    hostfw::PassthroughPolicy pol;
    pol.smbios_types = {{1, 1}};
    pol.guest_seed = "g";
    pol.smbios_overrides = {{"system_serial_number", "GUEST-SERIAL"}};
    for (bool copy : {false, true}) {
        pol.smbios_copy_identity = copy;
        auto r = hostfw::apply_policy(host, pol);
        ASSERT_TRUE(r) << r.error().message;
        const std::string blob(r->smbios_blob.begin(), r->smbios_blob.end());
        EXPECT_NE(blob.find("GUEST-SERIAL"), std::string::npos);
        EXPECT_EQ(blob.find("HOSTSERIAL"), std::string::npos) << "copy_identity " << copy;
        EXPECT_EQ(r->overridden, (std::vector<std::string>{"type 1 (handle 0x0001) system_serial_number"}));
    }
}

TEST(PolicyRefusals, RsdpAndBrokenHostTables) {
    for (const char* sig : {"RSDP", "RSD "})
        EXPECT_EQ(hostfw::parse_acpi_selector(sig).error().message,
                  fmt::format("acpi_passthrough entry \"{0}\": {0} is the guest's own table; passing the host's would "
                              "replace it, so it is refused",
                              sig));
    std::vector<std::uint8_t> ssdt(36, 0);
    std::copy_n("SSDT", 4, ssdt.begin());
    std::copy_n("Bad\"T\\l\x01", 8, ssdt.begin() + 16); // the quote and the backslash are escaped too
    ssdt[4] = 36;
    ssdt[9] = 0x11; // bytes sum to 0x11 + the rest
    hostfw::HostFirmware host;
    host.acpi.emplace();
    host.acpi->add(acpi::AcpiTable::decode(ssdt, {"SSDT", std::nullopt, "test", false}));
    hostfw::PassthroughPolicy pol;
    pol.acpi = {*hostfw::parse_acpi_selector("SSDT")};
    // The checksum byte that would make the table sum to zero.
    unsigned rest = 0;
    for (std::size_t i = 0; i < ssdt.size(); ++i)
        rest += i == 9 ? 0 : ssdt[i];
    EXPECT_EQ(hostfw::apply_policy(host, pol).error().message,
              fmt::format("acpi_passthrough: host table SSDT (OEM table ID \"Bad\\x22T\\x5cl\\x01\", index 0 of the "
                          "firmware source): checksum 0x11 is wrong, should be {:#04x}; refusing to pass it",
                          (0x100 - (rest & 0xFF)) & 0xFF));
}

} // namespace
