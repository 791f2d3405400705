// rdm, mmio_hole, e820_host, dtdev and a PV guest's top-level vfb (src/domain/host_memory_keys.cpp,
// devices/read.cpp): the values as libxl holds them and one malformed config per error path, with
// the exact message. The same keys run against the real xl in xl_diff_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/keys.hpp"
#include "domain/libxl_json.hpp"
#include "test_util.hpp"

using namespace domfw::domain;
using namespace domfw::domain::test;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using json = nlohmann::ordered_json;

namespace {

std::string pv(std::string_view more) { return "name = \"g\"\nkernel = \"/k\"\n" + std::string(more); }
std::string hvm(std::string_view more) { return "name = \"g\"\ntype = \"hvm\"\n" + std::string(more); }
std::string pvh(std::string_view more) { return "name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\n" + std::string(more); }

json libxl(std::string_view text) {
    auto r = load_cfg(text);
    EXPECT_TRUE(r.ok()) << testing::PrintToString(lines_of(r.diagnostics));
    return to_libxl_json(r.config);
}

} // namespace

TEST(HostMemoryKeys, RdmStrategyHost) {
    auto r = load_cfg(hvm("rdm = \"strategy=host\"\nrdm_mem_boundary = 2048\npci = [\"01:00.0\"]\n"));
    ASSERT_TRUE(r.ok());
    EXPECT_THAT(lines_of(r.diagnostics),
                ElementsAre("3:7: warning: rdm = \"strategy=host\" names no policy: xl 4.17 copies an uninitialized "
                            "one into b_info and every pci device (its JSON prints null); domfw leaves libxl's "
                            "default (relaxed)"));
    auto j = to_libxl_json(r.config);
    EXPECT_EQ(j["b_info"]["type.hvm"]["rdm"].dump(), R"({"strategy":"host"})");
    EXPECT_EQ(j["b_info"]["type.hvm"]["rdm_mem_boundary_memkb"], 2097152);
    EXPECT_FALSE(j["pcidevs"][0].contains("rdm_policy")); // an HVM guest's default: invalid, not printed
}

TEST(HostMemoryKeys, RdmWithAPolicyIsDroppedAsXl417DropsIt) {
    for (const char* v : {"strategy=host,policy=relaxed", "policy=STRICT", "policy=relaxed,foo=bar"}) {
        auto text = hvm(fmt::format("rdm = \"{}\"\npci = [\"01:00.0\"]\n", v));
        auto r = load_cfg(text);
        ASSERT_TRUE(r.ok()) << v;
        auto j = to_libxl_json(r.config);
        EXPECT_EQ(j["b_info"]["type.hvm"]["rdm"].dump(), "{}") << v;
        EXPECT_FALSE(j["pcidevs"][0].contains("rdm_policy")) << v;
    }
    EXPECT_THAT(diags(hvm("rdm = \"strategy=host,policy=relaxed\"\n")),
                ElementsAre("3:7: warning: rdm = \"strategy=host,policy=relaxed\": xl 4.17 ignores the whole setting "
                            "when it names a policy (libxlutil takes policy=relaxed's success for a failure), so the "
                            "guest gets no RDM reservation and pci devices keep their own policy; write rdm = "
                            "\"strategy=host\" and rdm_policy= on each pci item"));
    // A PV guest's pci devices keep their strict default; an item's own rdm_policy= still applies.
    auto j = libxl(pv("rdm = \"policy=relaxed\"\npci = [\"01:00.0\", \"02:00.0,rdm_policy=relaxed\"]\n"));
    EXPECT_EQ(j["pcidevs"][0]["rdm_policy"], "strict");
    EXPECT_EQ(j["pcidevs"][1]["rdm_policy"], "relaxed");
}

TEST(HostMemoryKeys, RdmErrors) {
    EXPECT_THAT(diags(hvm("rdm = \"foo=bar\"\n")),
                ElementsAre("3:7: error: rdm = \"foo=bar\": Unknown RDM state option: foo (expected strategy= or "
                            "policy=); xl 4.17 prints this and goes on"));
    EXPECT_THAT(diags(hvm("rdm = \"strategy=ignore\"\n")),
                ElementsAre("3:7: error: rdm = \"strategy=ignore\": Unknown RDM strategy option: ignore (the only "
                            "strategy is host); xl 4.17 prints this and goes on"));
    EXPECT_THAT(diags(pv("rdm = \"strategy=host,policy=lax\"\n")),
                ElementsAre("3:7: error: rdm = \"strategy=host,policy=lax\": Unknown RDM policy: lax (expected "
                            "strict or relaxed); xl 4.17 prints this and goes on"));
    EXPECT_THAT(diags(hvm("rdm = \"strategy=host,\"\n")),
                ElementsAre("3:7: error: rdm = \"strategy=host,\" is incomplete (expected strategy=host and/or "
                            "policy=strict|relaxed, separated by ','); xl 4.17 ignores it without a word"));
    EXPECT_THAT(diags(hvm("rdm = \"\"\n")),
                ElementsAre("3:7: error: rdm = \"\" is incomplete (expected strategy=host and/or "
                            "policy=strict|relaxed, separated by ','); xl 4.17 ignores it without a word"));
}

TEST(HostMemoryKeys, RdmIsHvmOnly) {
    auto r = load_cfg(pvh("rdm = \"strategy=host\"\nrdm_mem_boundary = 64\n"));
    ASSERT_TRUE(r.ok());
    EXPECT_THAT(lines_of(r.diagnostics),
                ElementsAre("5:1: warning: \"rdm_mem_boundary\" is read only for HVM guests; xl ignores it for a pvh "
                            "guest",
                            "4:1: warning: \"rdm\" is read only for HVM guests; xl ignores it for a pvh guest"));
    EXPECT_TRUE(r.config.settings.empty());
}

TEST(HostMemoryKeys, MmioHole) {
    EXPECT_EQ(libxl(hvm("mmio_hole = 256\n"))["b_info"]["type.hvm"]["mmio_hole_memkb"], 262144);
    EXPECT_EQ(libxl(hvm("mmio_hole = 0xf00\n"))["b_info"]["type.hvm"]["mmio_hole_memkb"], 3932160);
    EXPECT_THAT(diags(hvm("mmio_hole = 255\n")),
                ElementsAre("3:13: error: ERROR: invalid value 255 for \"mmio_hole\" (expected 256 to 3840 MiB: the "
                            "MMIO hole below 4 GiB)"));
    EXPECT_THAT(diags(hvm("mmio_hole = 3841\n")),
                ElementsAre("3:13: error: ERROR: invalid value 3841 for \"mmio_hole\" (expected 256 to 3840 MiB: the "
                            "MMIO hole below 4 GiB)"));
    EXPECT_THAT(diags(hvm("mmio_hole = \"-1\"\n")),
                ElementsAre("3:13: error: ERROR: invalid value -1 for \"mmio_hole\" (expected 256 to 3840 MiB: the "
                            "MMIO hole below 4 GiB)"));
    // 2^44 + 256 MiB is 256 MiB modulo 2^64 bytes: xl 4.17 accepts it.
    EXPECT_THAT(diags(hvm("mmio_hole = 17592186044672\n")),
                ElementsAre("3:13: error: mmio_hole = 17592186044672 is outside 256 to 3840 MiB (xl would wrap its "
                            "KiB)"));
    EXPECT_THAT(diags(hvm("mmio_hole = \"x\"\n")),
                ElementsAre("3:13: warning: \"mmio_hole\" = \"x\" is not a valid number (or beyond a long); xl "
                            "ignores it"));
    EXPECT_THAT(diags(pv("mmio_hole = 1024\n")),
                ElementsAre("3:1: warning: \"mmio_hole\" is read only for HVM guests; xl ignores it for a pv guest"));
}

TEST(HostMemoryKeys, E820HostOfAPvGuest) {
    EXPECT_EQ(libxl(pv("e820_host = 1\n"))["b_info"]["type.pv"].dump(), R"({"e820_host":"True"})");
    EXPECT_EQ(libxl(pv("e820_host = 0\n"))["b_info"]["type.pv"].dump(), R"({"e820_host":"False"})");
    EXPECT_EQ(libxl(pv(""))["b_info"]["type.pv"].dump(), "{}");
    // xl sets it for a PV guest with pci devices, over an explicit 0.
    EXPECT_EQ(libxl(pv("pci = [\"01:00.0\"]\n"))["b_info"]["type.pv"].dump(), R"({"e820_host":"True"})");
    auto r = load_cfg(pv("e820_host = 0\npci = [\"01:00.0\"]\n"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(to_libxl_json(r.config)["b_info"]["type.pv"].dump(), R"({"e820_host":"True"})");
    EXPECT_THAT(lines_of(r.diagnostics),
                ElementsAre("3:13: warning: e820_host = 0 is overridden: xl sets e820_host for a PV guest with pci "
                            "devices"));
    EXPECT_THAT(diags(hvm("e820_host = 1\npci = [\"01:00.0\"]\n")),
                ElementsAre("3:13: warning: \"e820_host\" is read only for PV guests; xl ignores it for a hvm guest"));
    EXPECT_FALSE(libxl(pvh("pci = [\"01:00.0\"]\n"))["b_info"]["type.pvh"].contains("e820_host"));
}

TEST(HostMemoryKeys, Dtdev) {
    auto j = libxl(pv("dtdev = [\"/soc/ethernet@ff0e0000\", \"\"]\n"));
    EXPECT_EQ(j["dtdevs"].dump(), R"([{"path":"/soc/ethernet@ff0e0000"},{"path":""}])");
    EXPECT_FALSE(libxl(pv("dtdev = []\n")).contains("dtdevs"));
    EXPECT_THAT(diags(pv("dtdev = \"/soc/x\"\n")),
                ElementsAre("3:9: warning: \"dtdev\" is a single value but should be a list; xl ignores it (write "
                            "dtdev = [\"...\"])"));
    EXPECT_THAT(diags(pv("dtdev = [[\"/soc/x\"]]\n")),
                ElementsAre("3:10: error: dtdev[0] is a list, not a device string"));
}

TEST(HostMemoryKeys, PvTopLevelVncMakesAVfbAndVkb) {
    auto j = libxl(pv("vnc = 1\nvnclisten = \"0.0.0.0\"\nvncpasswd = \"s\"\nvncdisplay = 3\nvncunused = 0\nsdl = 0\n"
                      "opengl = 1\ndisplay = \":0\"\nxauthority = \"/x\"\nkeymap = \"de\"\n"
                      "vkb = [\"backend-type=linux\"]\n"));
    EXPECT_EQ(j["vfbs"].dump(), R"([{"devid":0,"vnc":{"enable":"True","listen":"0.0.0.0","passwd":"s","display":3,)"
                                R"("findunused":"False"},"sdl":{"enable":"False","opengl":"True","display":":0",)"
                                R"("xauthority":"/x"},"keymap":"de"}])");
    // Its keyboard comes before the `vkb` list's, which xl reads later.
    EXPECT_EQ(j["vkbs"].dump(), R"([{"devid":0},{"devid":1,"backend_type":"linux"}])");
    EXPECT_FALSE(j["b_info"].contains("type.hvm"));
    // vnc = 0 (or no vnc) makes none; sdl alone does not either.
    EXPECT_FALSE(libxl(pv("vnc = 0\nsdl = 1\n")).contains("vfbs"));
    EXPECT_FALSE(libxl(pv("sdl = 1\n")).contains("vfbs"));
    // A PVH or HVM guest's top-level keys stay in b_info (type.hvm for HVM), not a device.
    EXPECT_FALSE(libxl(pvh("vnc = 1\n")).contains("vfbs"));
    EXPECT_FALSE(libxl(hvm("vnc = 1\n")).contains("vfbs"));
}

TEST(HostMemoryKeys, PvVfbListWinsOverTopLevelKeys) {
    auto r = load_cfg(pv("vfb = [\"vnc=1,vncdisplay=2\"]\nvnc = 1\nkeymap = \"de\"\n"));
    ASSERT_TRUE(r.ok());
    EXPECT_THAT(lines_of(r.diagnostics),
                ElementsAre("4:7: warning: \"vnc\" is ignored: a PV guest with vfb = [...] takes its display from "
                            "there (xl reads the top-level keys only without one)",
                            "5:10: warning: \"keymap\" is ignored: a PV guest with vfb = [...] takes its display "
                            "from there (xl reads the top-level keys only without one)"));
    auto j = to_libxl_json(r.config);
    ASSERT_EQ(j["vfbs"].size(), 1U);
    EXPECT_EQ(j["vfbs"][0]["vnc"]["display"], 2);
    EXPECT_FALSE(j["vfbs"][0].contains("keymap"));
}

TEST(HostMemoryKeys, FamiliesOfTheNewKeys) {
    EXPECT_EQ(build_info_family("rdm"), "rdm");
    EXPECT_EQ(build_info_family("rdm_mem_boundary"), "rdm");
    EXPECT_EQ(build_info_family("mmio_hole"), "mmio_hole");
    EXPECT_EQ(build_info_family("e820_host"), "e820");
    for (auto key : {"rdm", "mmio_hole", "e820_host"})
        EXPECT_TRUE(is_model_key(key)) << key;
    // dtdev is a device list: it stays in passthrough too, as disk does, for the generated xl.cfg.
    EXPECT_FALSE(is_model_key("dtdev"));
}
