// src/smbios (model, decoding, encoding, report) and src/hostfw (sources, dump) on built tables.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hostfw/host_firmware.hpp"
#include "hostfw/smbios_sources.hpp"
#include "smbios/decode.hpp"
#include "smbios/encode.hpp"
#include "smbios/report.hpp"
#include "support/files.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

// A System Information (type 1) body after the header: strings 1..4, UUID, wake-up, SKU, family.
std::vector<std::uint8_t> system_body() {
    std::vector<std::uint8_t> b = {1, 2, 3, 4};
    for (int i = 0; i < 16; ++i)
        b.push_back(static_cast<std::uint8_t>(0x10 + i));
    b.push_back(6); // wake-up: Power Switch
    b.push_back(0); // SKU: not specified
    b.push_back(5); // family
    return b;
}

smbios::SmbiosTable sample(std::uint16_t version) {
    smbios::SmbiosBuilder builder(version);
    builder.handles().reserve(0);
    EXPECT_TRUE(builder.add(1, system_body(), {"ACME", "Rocket", "1.0", "SN-123", "Space"}));
    EXPECT_TRUE(builder.add(11, {2}, {"oem one", "oem\x01two"}));
    auto t = builder.finish();
    EXPECT_TRUE(t);
    return *t;
}

fs::path temp_dir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("domfw-smbios-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    return p;
}

} // namespace

TEST(SmbiosModel, BuilderAllocatesHandlesAndEncodesAWalkableTable) {
    auto t = sample(0x0300);
    ASSERT_EQ(t.structures.size(), 3U);
    EXPECT_EQ(t.structures[0].handle, 1); // 0 was reserved
    EXPECT_EQ(t.structures[1].handle, 2);
    EXPECT_EQ(t.structures[2].type, 127);
    auto again = smbios::walk_table(t.table_bytes, 0x0300);
    EXPECT_FALSE(again.error);
    ASSERT_EQ(again.structures.size(), 3U);
    EXPECT_EQ(again.structures[0].strings, t.structures[0].strings);
    EXPECT_EQ(again.structures[0].formatted, t.structures[0].formatted);
    EXPECT_EQ(again.used_bytes, t.table_bytes.size());
}

TEST(SmbiosModel, EncodeRejectsEmptyStrings) {
    smbios::Structure s;
    s.type = 1;
    s.handle = 7;
    s.formatted = {1, 4, 7, 0};
    s.strings = {"a", ""};
    auto r = smbios::encode_structure(s);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message,
              "SMBIOS structure (type 1, handle 0x0007): string 2 is empty (it would end the string set)");
}

TEST(SmbiosModel, UuidByteOrderFollowsTheVersionLikeDmidecode) {
    std::array<std::uint8_t, 16> u{};
    for (int i = 0; i < 16; ++i)
        u[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(0x10 + i);
    EXPECT_EQ(smbios::format_uuid(u, 0x0206), "13121110-1514-1716-1819-1a1b1c1d1e1f");
    EXPECT_EQ(smbios::format_uuid(u, 0x0205), "10111213-1415-1617-1819-1a1b1c1d1e1f");
    u.fill(0xFF);
    EXPECT_EQ(smbios::format_uuid(u, 0x0300), "Not Present");
    u.fill(0);
    EXPECT_EQ(smbios::format_uuid(u, 0x0300), "Not Settable");
}

TEST(SmbiosModel, DecodesSystemAndOemStrings) {
    auto t = sample(0x0208);
    auto d = smbios::decode(t.structures[0], t.version);
    EXPECT_EQ(d.name, "System Information");
    std::map<std::string, std::string> f;
    for (const auto& x : d.fields)
        f[std::string(x.label)] = x.text;
    EXPECT_EQ(f["Manufacturer"], "ACME");
    EXPECT_EQ(f["Serial Number"], "SN-123");
    EXPECT_EQ(f["UUID"], "13121110-1514-1716-1819-1a1b1c1d1e1f");
    EXPECT_EQ(f["Wake-up Type"], "Power Switch");
    EXPECT_EQ(f["SKU Number"], "Not Specified");
    EXPECT_EQ(f["Family"], "Space");
    auto oem = smbios::decode(t.structures[1], t.version);
    ASSERT_EQ(oem.fields.size(), 2U);
    EXPECT_EQ(oem.fields[1].text, "oem.two"); // control bytes shown as '.', as dmidecode does
}

TEST(SmbiosReport, SecretsAreRedactedUnlessAsked) {
    auto t = sample(0x0300);
    auto j = smbios::to_json(t);
    const auto& s = j["structures"][0];
    EXPECT_EQ(s["fields"]["serial_number"], "[redacted]");
    EXPECT_EQ(s["fields"]["uuid"], "[redacted]");
    EXPECT_EQ(s["strings"][3], "[redacted]");
    EXPECT_EQ(s["strings"][0], "ACME");
    EXPECT_EQ(j.dump().find("SN-123"), std::string::npos);
    EXPECT_EQ(smbios::render_text(t).find("SN-123"), std::string::npos);
    auto open = smbios::to_json(t, {.show_secrets = true});
    EXPECT_EQ(open["structures"][0]["fields"]["serial_number"], "SN-123");
    EXPECT_NE(smbios::render_text(t, {.show_secrets = true}).find("SN-123"), std::string::npos);
}

TEST(SmbiosReport, StreamedJsonEscapesLikeNlohmann) {
    auto t = sample(0x0300);
    t.origin = std::string("path \"q\" \\ \x01 \xC3\xA9 bad \xFF\xC3 end");
    t.notes = {"tab\there", "nl\n"};
    t.error = "e";
    std::string streamed;
    smbios::write_json(t, {}, streamed, 0);
    EXPECT_EQ(streamed, smbios::to_json(t).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST(SmbiosEncode, DumpBinImageReadsBackForBothEntryPointKinds) {
    for (std::uint16_t v : {std::uint16_t{0x0207}, std::uint16_t{0x0302}}) {
        auto t = sample(v);
        auto image = smbios::dump_bin_image(t);
        ASSERT_TRUE(image);
        auto back = hostfw::read_smbios_dump(*image, "image");
        ASSERT_TRUE(back) << back.error().message;
        ASSERT_TRUE(back->entry);
        EXPECT_EQ(back->entry->kind, v >= 0x0300 ? core::smbios::EntryKind::smbios3 : core::smbios::EntryKind::smbios2);
        EXPECT_EQ(back->entry->table_address, 0x20U);
        EXPECT_EQ(back->version, v);
        EXPECT_EQ(back->table_bytes, t.table_bytes);
        EXPECT_TRUE(back->notes.empty());
    }
}

TEST(HostFirmware, DumpWritesTheSysfsLayoutAndReadsBack) {
    auto t = sample(0x0303);
    hostfw::HostFirmware fw;
    fw.smbios = t;
    const fs::path dir = temp_dir("dump");
    auto w = hostfw::write_host_dump(fw, dir);
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_TRUE(fs::exists(dir / "dmi/tables/smbios_entry_point"));
    EXPECT_TRUE(fs::exists(dir / "dmi/tables/DMI"));
    EXPECT_TRUE(fs::exists(dir / hostfw::kDumpBinName));
    for (const fs::path& from : {dir, dir / "dmi/tables", dir / hostfw::kDumpBinName}) {
        auto back = hostfw::read_smbios(from);
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->structures.size(), 3U) << from;
        EXPECT_EQ(back->table_bytes, t.table_bytes) << from;
    }
    auto fw2 = hostfw::load_host_firmware(dir);
    ASSERT_TRUE(fw2);
    ASSERT_TRUE(fw2->smbios);
    fs::remove_all(dir);
}

TEST(HostFirmware, ThisMachineHasNoSmbios) {
    if (fs::exists("/sys/firmware/dmi/tables")) GTEST_SKIP() << "this machine publishes SMBIOS";
    auto r = hostfw::read_smbios_live();
    ASSERT_FALSE(r);
    EXPECT_EQ(
        r.error().message,
        "no SMBIOS on this machine: /sys/firmware/dmi/tables does not exist (the firmware published no SMBIOS entry "
        "point, or the kernel lacks CONFIG_DMI_SYSFS); read a captured host instead (--from PATH for `domfw host`, "
        "firmware_source = \"PATH\" in a guest's config)");
}
