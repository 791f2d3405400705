// plan::check_plan_keys: one config per diagnostic, each message and location asserted exactly.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "plan/from_domain.hpp"
#include "plan/plan_keys.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

using Checker = void (*)(const domain::LoadResult&, support::Diagnostics&);

// "LINE:COL: severity: message" for every diagnostic `checker` (default check_plan_keys) adds to
// FILE's load. `folder`: one more folder made beside the config.
std::vector<std::string> check(const std::string& body, const std::string& folder = "captures",
                               Checker checker = plan::check_plan_keys) {
    const fs::path dir = fs::temp_directory_path() / ("domfw-plan-keys-" + std::to_string(::getpid()));
    fs::create_directories(dir / "captures");
    fs::create_directories(dir / folder);
    std::ofstream(dir / "g.cfg") << body;
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    lo.missing_file = domain::MissingFile::ignore;
    const auto r = domain::load(dir / "g.cfg", lo);
    support::Diagnostics d;
    checker(r, d);
    std::vector<std::string> out;
    for (const auto& x : d.items())
        out.push_back(std::to_string(x.where.line) + ":" + std::to_string(x.where.column) + ": " +
                      std::string(support::to_string(x.severity)) + ": " + x.message);
    fs::remove_all(dir);
    return out;
}

const std::string kHvm = "name = \"g\"\ntype = \"hvm\"\n";
using V = std::vector<std::string>;

TEST(PlanKeys, ValidKeysPassSilently) {
    EXPECT_EQ(check(kHvm +
                    "module_placement = \"behind_loader\"\nfirmware_source = \"captures\"\nsmbios_passthrough = [ "
                    "\"0-3\", \"11\", \"128-255\" ]\n"
                    "acpi_passthrough = [ \"MSDM\", \"SSDT:oem_table_id=PtidDevc\" ]\nsmbios_copy_identity = 1\n"),
              V{});
    EXPECT_EQ(check(kHvm + "smbios_passthrough = \"11\"\n"), V{}); // a single string is one entry
}

TEST(PlanKeys, ModulePlacement) {
    EXPECT_EQ(check(kHvm + "module_placement = \"behind\"\n"),
              V{"3:20: error: module_placement must be \"proposal\" (modules from 2 MiB) or \"behind_loader\" (right "
                "behind hvmloader, as libxc)"});
}

TEST(PlanKeys, SmbiosTypeRanges) {
    EXPECT_EQ(check(kHvm + "smbios_passthrough = [ \"300\", \"5-2\", [\"1\"], \"x\" ]\n"),
              (V{"3:24: error: smbios_passthrough entry \"300\": \"300\" is not an SMBIOS type 0..255",
                 "3:31: error: smbios_passthrough entry \"5-2\": the range is reversed",
                 "3:38: error: smbios_passthrough: a nested list is not an entry; write each entry as a string",
                 "3:45: error: smbios_passthrough entry \"x\": \"x\" is not an SMBIOS type 0..255"}));
}

TEST(PlanKeys, AcpiSelectors) {
    EXPECT_EQ(check(kHvm + "acpi_passthrough = [ \"DSDT\", \"SSDT:oem=x\", \"SLC\" ]\n"),
              (V{"3:22: error: acpi_passthrough entry \"DSDT\": DSDT is the guest's own table; passing the host's "
                 "would replace it, so it is refused",
                 "3:30: error: acpi_passthrough entry \"SSDT:oem=x\": expected SIG or SIG:oem_table_id=ID (ID up to 8 "
                 "characters)",
                 "3:44: error: acpi_passthrough entry \"SLC\": \"SLC\" is not a 4-character table signature"}));
}

TEST(PlanKeys, CopyIdentity) {
    EXPECT_EQ(check(kHvm + "smbios_copy_identity = \"yes\"\n"),
              V{"3:24: error: smbios_copy_identity must be 0 (replace serials, UUID and asset tags: the default) or 1 "
                "(copy the host's)"});
}

TEST(PlanKeys, FirmwareSource) {
    const auto missing = check(kHvm + "firmware_source = \"nowhere\"\nsmbios_passthrough = [ \"1\" ]\n");
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].rfind("3:19: error: firmware_source = \"nowhere\": not found (resolved to \"/", 0), 0u)
        << missing[0];
    EXPECT_EQ(check(kHvm + "firmware_source = [ \"a\", \"b\" ]\nsmbios_passthrough = [ \"1\" ]\n"),
              V{"3:19: error: firmware_source must be \"host\" or one path"});
    EXPECT_EQ(check(kHvm + "firmware_source = \"host\"\n"),
              V{"3:1: warning: firmware_source is read only for smbios_passthrough and acpi_passthrough, and neither "
                "is set"});
}

// "host" is the keyword for the live machine even when a capture folder named host sits beside
// the config: the user is told which one is read, and how to name the folder instead.
TEST(PlanKeys, FirmwareSourceHostBesideAFolderNamedHost) {
    const auto r = check(kHvm + "firmware_source = \"host\"\nsmbios_passthrough = [ \"1\" ]\n", "host");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].rfind("3:19: warning: firmware_source = \"host\" reads this machine's live firmware, not the folder "
                         "\"/",
                         0),
              0u)
        << r[0];
    EXPECT_NE(r[0].find("/host\"; write firmware_source = \"./host\" to read that capture"), std::string::npos) << r[0];
    EXPECT_EQ(check(kHvm + "firmware_source = \"./host\"\nsmbios_passthrough = [ \"1\" ]\n", "host"), V{});
}

// hvmloader cannot make the OEM IDs match a SLIC: said at the entry that asks for it, for HVM only.
TEST(PlanKeys, SlicForAnHvmGuestOnXenIsWarnedAbout) {
    EXPECT_EQ(check(kHvm + "acpi_passthrough = [ \"SSDT\", \"SLIC\" ]\n"),
              V{"3:30: warning: a SLIC passed to an HVM guest on Xen does not activate Windows: stock hvmloader keeps "
                "Xen's OEM IDs in the RSDT, XSDT and FADT, which must match the SLIC's; `domfw run` (QEMU copies them "
                "from the SLIC) and PVH guests through domfw's loader make them match"});
    EXPECT_EQ(check("name = \"g\"\ntype = \"pvh\"\nacpi_passthrough = [ \"SLIC\" ]\n"), V{});
}

// check_passthrough_source: what `build` would say about the firmware source, said by `check`.
std::vector<std::string> check_source(const std::string& body) {
    return check(body + "firmware_source = \"" + DOMFW_SOURCE_DIR + "/examples/firmware/laptop-host\"\n", "captures",
                 plan::check_passthrough_source);
}

TEST(PlanKeys, CheckReadsTheFirmwareSourceAsBuildWill) {
    EXPECT_EQ(check_source(kHvm + "smbios_passthrough = [ \"0-3\", \"11\" ]\n"), V{});
    EXPECT_EQ(check_source(kHvm + "smbios_passthrough = [ \"1\", \"22\", \"200-210\" ]\n"),
              V{"3:1: warning: smbios_passthrough: the firmware source has no structure of type 22, 200-210; those "
                "entries pass nothing"});
    EXPECT_EQ(check_source(kHvm + "smbios_passthrough = [ \"1\" ]\nacpi_passthrough = [ \"XXXX\" ]\n"),
              V{"4:1: error: acpi_passthrough: the firmware source has no XXXX table"});
    EXPECT_EQ(check_source(kHvm + "smbios_passthrough = [ \"200\" ]\n"),
              V{"3:1: error: smbios_passthrough: the firmware source has no structure of the requested types"});
    EXPECT_EQ(check_source(kHvm), V{}); // no pass-through key: the source is not read
}

TEST(PlanKeys, PolicyAndXlFileKeysConflict) {
    EXPECT_EQ(
        check(kHvm + "smbios_firmware = \"s.bin\"\nacpi_firmware = \"a.bin\"\nsmbios_passthrough = [ \"1\" "
                     "]\nacpi_passthrough = [ \"SSDT\" ]\n"),
        (V{"5:1: error: smbios_passthrough and smbios_firmware (line 3) both give the guest an SMBIOS blob; keep one",
           "6:1: error: acpi_passthrough and acpi_firmware (line 4) both give the guest an ACPI blob; keep one"}));
}

TEST(PlanKeys, PolicyOnPvIsIgnored) {
    EXPECT_EQ(
        check("name = \"g\"\ntype = \"pv\"\nkernel = \"k\"\nsmbios_passthrough = [ \"1\" ]\nacpi_passthrough = [ "
              "\"SLIC\" ]\n"),
        (V{"4:1: warning: smbios_passthrough is ignored for PV guests: domfw plans and builds HVM and PVH guests only",
           "5:1: warning: acpi_passthrough is ignored for PV guests: domfw plans and builds HVM and PVH guests only"}));
}

// plan_input_from_domain's refusals about a config value, as `plan`, `build` and `run` print them:
// at the value, as check_plan_keys' are (each case is one a library caller reaches without
// check_plan_keys, or one it does not check).
void plan_refusals(const domain::LoadResult& r, support::Diagnostics& out) {
    const auto d = plan::plan_input_from_domain(r, out);
    // A located refusal is the returned error too, word for word.
    if (!out.empty()) {
        EXPECT_EQ(out.items().back().message, d.error().message);
    }
}

TEST(PlanRefusals, EachIsAtTheValueItIsAbout) {
    const auto refused = [](const std::string& body) { return check(body, "captures", plan_refusals); };
    EXPECT_EQ(refused("name = \"g\"\ntype = \"pv\"\nkernel = \"k\"\n"),
              V{"2:8: error: type = \"pv\": a PV guest has no guest-physical layout to plan; use \"pvh\" or \"hvm\""});
    // xl's default type is PV, with no key to point at: the whole file.
    EXPECT_EQ(refused("name = \"g\"\nkernel = \"k\"\n"),
              V{"0:0: error: type = \"pv\": a PV guest has no guest-physical layout to plan; use \"pvh\" or \"hvm\""});
    EXPECT_EQ(refused("name = \"g\"\ntype = \"pvh\"\nbootloader = \"pygrub\"\n"),
              V{"3:14: error: bootloader = \"pygrub\": the kernel comes from the guest's disk at boot, so there is "
                "nothing to plan"});
    // Was "FILE:3: module_placement ..." (the key's line, by hand); now the value's column too.
    EXPECT_EQ(refused(kHvm + "module_placement = \"behind\"\n"),
              V{"3:20: error: module_placement \"behind\" is neither \"proposal\" nor \"behind_loader\""});
    // Was "FILE:4: ..." at the key; now at the entry refused.
    EXPECT_EQ(refused("name = \"g\"\ntype = \"pvh\"\nkernel = \"k\"\nsmbios_passthrough = [ \"11\", \"x\" ]\n"),
              V{"4:30: error: smbios_passthrough entry \"x\": \"x\" is not an SMBIOS type 0..255"});
}

// What is not about a config value (domfw's loader missing) is the error alone: no diagnostic.
TEST(PlanRefusals, TheLoaderNotFoundIsNotTheConfigs) {
    ::setenv("DOMFW_LOADER", "/nonexistent/domfw-loader.elf", 1);
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    const auto r = domain::load(fs::path(DOMFW_SOURCE_DIR) / "examples/pvh-host-passthrough.cfg", lo);
    ASSERT_TRUE(r.ok());
    support::Diagnostics out;
    const auto d = plan::plan_input_from_domain(r, out);
    ::unsetenv("DOMFW_LOADER");
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().message, "DOMFW_LOADER names '/nonexistent/domfw-loader.elf', which is not a regular file");
    EXPECT_TRUE(out.empty());
}

// The host's SeaBIOS/OVMF image is the config's concern only when a key chose it: then the refusal
// points at that key's value; libxl's default SeaBIOS is not the config's (no diagnostic).
TEST(PlanRefusals, SystemFirmwareIsAtTheKeyThatChoseIt) {
    if (!fs::exists(plan::DomainPlanOptions{}.hvmloader)) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    plan::DomainPlanOptions o;
    o.ovmf = "/nonexistent/OVMF.fd";
    o.seabios = "/nonexistent/bios-256k.bin";
    auto refused = [&](const std::string& text) {
        const auto r = domain::load_text(text, fs::temp_directory_path() / "g.cfg");
        EXPECT_TRUE(r.ok());
        support::Diagnostics out;
        const auto d = plan::plan_input_from_domain(r, out, o);
        EXPECT_FALSE(d);
        return std::pair{d ? std::string() : d.error().message, out};
    };
    const auto [ovmf, at] = refused("name = \"g\"\ntype = \"hvm\"\nmemory = 128\nbios = \"ovmf\"\n");
    EXPECT_EQ(ovmf, "system firmware: /nonexistent/OVMF.fd: cannot open: No such file or directory");
    ASSERT_EQ(at.items().size(), 1U);
    EXPECT_EQ(at.items()[0].where.line, 4U);
    EXPECT_EQ(at.items()[0].where.column, 8U);
    EXPECT_EQ(at.items()[0].message, ovmf);
    const auto [seabios, none] = refused("name = \"g\"\ntype = \"hvm\"\nmemory = 128\n");
    EXPECT_EQ(seabios, "system firmware: /nonexistent/bios-256k.bin: cannot open: No such file or directory");
    EXPECT_TRUE(none.empty());
}

// A firmware source that cannot be read: `check` and `build` point at the firmware_source value
// (check pointed at the policy key), with the same words.
TEST(PlanRefusals, AnUnreadableFirmwareSourceIsAtItsValue) {
    const std::string body = "name = \"g\"\ntype = \"pvh\"\nkernel = \"k\"\nsmbios_passthrough = [ \"1\" "
                             "]\nfirmware_source = \"captures\"\n";
    const auto checked = check(body, "captures", plan::check_passthrough_source);
    const auto built = check(body, "captures", plan_refusals);
    ASSERT_EQ(checked.size(), 1U);
    const std::string dir = (fs::temp_directory_path() / ("domfw-plan-keys-" + std::to_string(::getpid()))).string();
    EXPECT_TRUE(checked[0].starts_with("5:19: error: " + dir + "/captures: no SMBIOS and no ACPI tables found\n"))
        << checked[0];
    EXPECT_EQ(built, checked);
}

} // namespace
