// The build keys (src/domain/build_info.cpp): each family's values as libxl holds them and one
// malformed config per error path, asserting the exact message. The same keys run against the
// real xl in xl_diff_test.cpp.
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

namespace {

constexpr const char* kPv = "name = \"g\"\nkernel = \"/k\"\n";
constexpr const char* kHvm = "name = \"g\"\ntype = \"hvm\"\n";

std::string pv(std::string_view more) { return std::string(kPv) + std::string(more); }
std::string hvm(std::string_view more) { return std::string(kHvm) + std::string(more); }

nlohmann::ordered_json libxl(std::string_view text) {
    auto r = load_cfg(text);
    EXPECT_TRUE(r.ok()) << testing::PrintToString(lines_of(r.diagnostics));
    return to_libxl_json(r.config);
}

} // namespace

TEST(BuildInfo, IssueKeysOfAnHvmGuest) {
    auto j = libxl(hvm("acpi = 0\napic = 1\nboot = \"dc\"\nserial = [\"pty\", \"file:/tmp/s\"]\nusb = 1\n"
                       "usbdevice = \"tablet\"\nviridian = [\"base\", \"!freq\"]\nvnc = 1\nvncpasswd = \"s\"\n"
                       "sdl = 0\nvga = \"stdvga\"\nseclabel = \"l\"\nmax_grant_frames = 64\n"));
    const auto& b = j["b_info"];
    EXPECT_EQ(b["acpi"], "False");
    EXPECT_EQ(b["apic"], "True");
    EXPECT_EQ(b["max_grant_frames"], 64);
    EXPECT_EQ(j["c_info"]["ssid_label"], "l");
    const auto& h = b["type.hvm"];
    EXPECT_EQ(h["boot"], "dc");
    EXPECT_EQ(h["serial_list"], nlohmann::ordered_json::array({"pty", "file:/tmp/s"}));
    EXPECT_EQ(h["usb"], "True");
    EXPECT_EQ(h["usbdevice"], "tablet");
    EXPECT_EQ(h["viridian_enable"], nlohmann::ordered_json::array({0}));
    EXPECT_EQ(h["viridian_disable"], nlohmann::ordered_json::array({1}));
    EXPECT_EQ(h["vnc"]["enable"], "True");
    EXPECT_EQ(h["vnc"]["passwd"], "s");
    EXPECT_EQ(h["sdl"]["enable"], "False");
    EXPECT_EQ(h["vga"]["kind"], "std");
}

TEST(BuildInfo, ArmKeysAndIoResources) {
    auto j = libxl(pv("device_tree = \"/boot/g.dtb\"\niomem = [\"fe000,2@fe000\", \"a0,1\"]\nirqs = [5, \"7\"]\n"
                      "ioports = [\"3f8-3ff\"]\ngic_version = \"V3\"\ntee = \"optee\"\nvuart = \"sbsa_uart\"\n"));
    const auto& b = j["b_info"];
    EXPECT_EQ(b["device_tree"], "/boot/g.dtb");
    EXPECT_EQ(b["iomem"].dump(), R"([{"start":1040384,"number":2,"gfn":1040384},{"start":160,"number":1}])");
    EXPECT_EQ(b["irqs"].dump(), "[5,7]");
    EXPECT_EQ(b["ioports"].dump(), R"([{"first":1016,"number":8}])");
    EXPECT_EQ(b["arch_arm"]["gic_version"], "v3");
    EXPECT_EQ(b["arch_arm"]["vuart"], "sbsa_uart");
    EXPECT_EQ(b["tee"], "optee");
}

TEST(BuildInfo, CpusAsXlReadsThem) {
    // A string applies to every vCPU; a list gives one set per vCPU, extra entries ignored.
    auto j = libxl(pv("vcpus = 2\ncpus = \"0-3,^2\"\ncpus_soft = [\"1\", \"2-3\", \"5\"]\n"));
    EXPECT_EQ(j["b_info"]["vcpu_hard_affinity"].dump(), "[[0,1,3],[0,1,3]]");
    EXPECT_EQ(j["b_info"]["vcpu_soft_affinity"].dump(), "[[1],[2,3]]");
    EXPECT_EQ(j["b_info"]["numa_placement"], "False");
    // Without vCPUs xl still parses a string (and refuses a bad one), never a list.
    EXPECT_TRUE(load_cfg(pv("cpus = [\"9-1\"]\n")).ok());
}

TEST(BuildInfo, PcpuRangesXlRejects) {
    EXPECT_THAT(diags(pv("cpus = \"2-1\"\n")),
                ElementsAre("3:8: error: Invalid pcpu range: 2-1 (in cpus = \"2-1\"; expected N, N-M with M >= N, "
                            "^N-M or all, separated by commas)"));
    EXPECT_THAT(diags(pv("cpus = \"1-\"\n")),
                ElementsAre("3:8: error: Invalid pcpu range: 1- (in cpus = \"1-\"; expected N, N-M with M >= N, "
                            "^N-M or all, separated by commas)"));
    EXPECT_THAT(diags(pv("vcpus = 1\ncpus_soft = [\"x\"]\n")),
                ElementsAre("4:14: error: Invalid pcpu range: x (in cpus_soft = \"x\"; expected N, N-M with M >= N, "
                            "^N-M or all, separated by commas)"));
    EXPECT_THAT(diags(pv("cpus = \"^all\"\n")),
                ElementsAre("3:8: error: Can't combine \"^\" and \"all\" in cpus = \"^all\""));
    EXPECT_THAT(diags(pv("vcpus = 1\ncpus = \"^1\"\n")),
                ElementsAre("4:8: error: vcpu hard affinity map is empty: cpus = \"^1\" leaves a vCPU no CPU"));
    EXPECT_THAT(diags(pv("cpus = \"4096\"\n")),
                ElementsAre("3:8: error: cpus = \"4096\": CPU 4096 is above 4095, the largest CPU number Xen "
                            "supports"));
    EXPECT_THAT(diags(pv("cpus = \"nodes:0\"\n")),
                ElementsAre("3:8: error: cpus = \"nodes:0\": NUMA node sets (\"nodes:0\") are not supported by domfw: "
                            "it does not know the host's nodes; name the CPUs"));
}

TEST(BuildInfo, IoResourceErrors) {
    EXPECT_THAT(diags(pv("ioports = [\"x\"]\n")),
                ElementsAre("3:12: error: xl: Invalid argument parsing ioport: x (expected hexadecimal FIRST or "
                            "FIRST-LAST, LAST >= FIRST, below 0xffffffff)"));
    EXPECT_THAT(diags(pv("ioports = [\"100000000\"]\n")),
                ElementsAre("3:12: error: xl: ioport 100000000 too big (in ioports entry \"100000000\")"));
    EXPECT_THAT(diags(pv("ioports = [\"3ff-3f8\"]\n")),
                ElementsAre("3:12: error: ioports entry \"3ff-3f8\" ends before it starts (xl 4.17 accepts it with a "
                            "wrapped port count)"));
    EXPECT_THAT(diags(pv("irqs = [\"0x5\"]\n")),
                ElementsAre("3:9: error: xl: Invalid argument parsing irq: 0x5 (expected a decimal number below "
                            "4294967295)"));
    EXPECT_THAT(diags(pv("iomem = [\"fe000\"]\n")),
                ElementsAre("3:10: error: xl: Invalid argument parsing iomem: fe000 (expected hexadecimal "
                            "START,PAGES or START,PAGES@GFN)"));
    EXPECT_THAT(diags(pv("irqs = \"5\"\n")),
                ElementsAre("3:8: warning: \"irqs\" is a single value but should be a list; xl ignores it"));
}

TEST(BuildInfo, EnumerationErrors) {
    EXPECT_THAT(diags(pv("passthrough = \"on\"\n")),
                ElementsAre("3:15: error: ERROR: unknown passthrough option 'on' (expected default, disabled, "
                            "enabled, sync_pt, share_pt)"));
    EXPECT_THAT(diags(pv("gic_version = \"v4\"\n")),
                ElementsAre("3:15: error: Unknown gic_version \"v4\" specified (expected default, v2, v3)"));
    EXPECT_THAT(diags(pv("tee = \"ffa\"\n")),
                ElementsAre("3:7: error: Unknown tee \"ffa\" specified (expected none, optee)"));
    EXPECT_THAT(diags(pv("vuart = \"pl011\"\n")),
                ElementsAre("3:9: error: ERROR: invalid value \"pl011\" for \"vuart\" (expected unknown, sbsa_uart)"));
    EXPECT_THAT(diags(hvm("hdtype = \"scsi\"\n")),
                ElementsAre("3:10: error: ERROR: invalid value \"scsi\" for \"hdtype\" (expected ide, ahci)"));
    EXPECT_THAT(diags(hvm("vendor_device = \"vmware\"\n")),
                ElementsAre("3:17: error: xl: unknown vendor_device 'vmware' (expected none, xenserver)"));
    EXPECT_THAT(diags(pv("tsc_mode = \"fast\"\n")),
                ElementsAre("3:12: error: ERROR: invalid value \"fast\" for \"tsc_mode\" (expected default, "
                            "always_emulate, native, native_paravirt)"));
    EXPECT_THAT(diags(pv("tsc_mode = 7\n")),
                ElementsAre("3:12: error: ERROR: invalid value 7 for \"tsc_mode\" (expected 0 to 3, or a name: "
                            "default, always_emulate, native, native_paravirt)"));
    EXPECT_THAT(diags(pv("tsc_mode = 2\n")),
                ElementsAre("3:12: warning: specifying \"tsc_mode\" as an integer is deprecated; write tsc_mode = "
                            "\"native\""));
    EXPECT_THAT(diags(pv("timer_mode = 1\n")),
                ElementsAre("3:14: error: ERROR: \"timer_mode\" option is not supported for PV guests."));
    EXPECT_THAT(diags(hvm("altp2m = \"x\"\n")),
                ElementsAre("3:10: error: ERROR: invalid value \"x\" for \"altp2m\" (expected disabled, mixed, "
                            "external, limited)"));
    EXPECT_THAT(diags(hvm("vga = \"std\"\n")),
                ElementsAre("3:7: error: Unknown vga \"std\" specified (expected stdvga, cirrus, none or qxl)"));
    EXPECT_THAT(diags(hvm("gfx_passthru = \"nvidia\"\n")),
                ElementsAre("3:16: error: ERROR: invalid value \"nvidia\" for \"gfx_passthru\" (expected a number, "
                            "\"default\" or \"igd\")"));
    EXPECT_THAT(diags(pv("device_model_version = \"qemu\"\n")),
                ElementsAre("3:24: error: Unknown device_model_version \"qemu\" specified (expected \"qemu-xen\" or "
                            "\"qemu-xen-traditional\")"));
}

TEST(BuildInfo, ListAndLimitErrors) {
    EXPECT_THAT(diags(hvm("viridian = [\"bogus\"]\n")),
                ElementsAre("3:13: error: xl: unknown viridian enlightenment 'bogus' (expected all, defaults or one "
                            "of base, freq, time_ref_count, reference_tsc, hcall_remote_tlb_flush, apic_assist, "
                            "crash_ctl, synic, stimer, hcall_ipi, ex_processor_masks, no_vp_limit, cpu_hotplug, each "
                            "optionally with a leading '!')"));
    EXPECT_THAT(diags(hvm("mca_caps = [\"x\"]\n")),
                ElementsAre("3:13: error: ERROR: unrecognized MCA capability 'x'. (expected \"lmce\")"));
    EXPECT_THAT(diags(hvm("mca_caps = \"lmce\"\n")),
                ElementsAre("3:12: error: ERROR: unable to parse mca_caps. (it must be a list, such as [\"lmce\"])"));
    EXPECT_THAT(diags(hvm("ms_vm_genid = \"maybe\"\n")),
                ElementsAre("3:15: error: ERROR: \"ms_vm_genid\" option must be \"generate\" or \"none\" (not "
                            "\"maybe\")"));
    EXPECT_THAT(diags(pv("device_model_args = \"-s\"\n")),
                ElementsAre("3:21: error: xl: Unable to parse device_model_args. (it must be a list of strings)"));
    EXPECT_THAT(diags(pv("max_grant_frames = \"-1\"\n")),
                ElementsAre("3:20: error: max_grant_frames = -1 is not a number from 0 to 2147483647 (xl exits "
                            "without a message)"));
    EXPECT_THAT(diags(pv("max_maptrack_frames = [1]\n")),
                ElementsAre("3:23: error: max_maptrack_frames = [...] is not a number from 0 to 2147483647 (xl "
                            "exits without a message)"));
    EXPECT_THAT(diags(pv("shadow_memory = \"-1\"\n")),
                ElementsAre("3:17: error: shadow_memory = -1 is outside 0 to 9007199254740991 MiB (xl would wrap its "
                            "KiB)"));
    EXPECT_THAT(diags(hvm("vnclisten = \"127.0.0.1:1\"\nvncdisplay = 2\n")),
                ElementsAre("4:14: error: ERROR: Display specified both in vnclisten (\"127.0.0.1:1\", line 3) and "
                            "vncdisplay"));
}

TEST(BuildInfo, HvmOnlyKeysWarnElsewhere) {
    auto r = load_cfg(pv("acpi_s3 = 1\nviridian = 1\nvnc = 1\n"));
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(lines_of(r.diagnostics),
                ElementsAre("3:1: warning: \"acpi_s3\" is read only for HVM guests; xl ignores it for a pv guest",
                            "4:1: warning: \"viridian\" is read only for HVM guests; xl ignores it for a pv guest"));
    EXPECT_TRUE(r.config.settings.empty());
    EXPECT_EQ(to_libxl_json(r.config)["b_info"].contains("type.hvm"), false);
}

TEST(BuildInfo, SeclabelsAndNumbersAsLibxlHoldsThem) {
    auto j = libxl(pv("init_seclabel = \"a\"\nseclabel = \"b\"\nrtc_timeoffset = \"-5\"\ncpu_weight = \"-1\"\n"
                      "cap = 0\nshadow_memory = 16\npool = \"p\"\nnomigrate = 2\n"));
    EXPECT_EQ(j["c_info"]["ssid_label"], "a");
    EXPECT_EQ(j["b_info"]["exec_ssid_label"], "b");
    EXPECT_EQ(j["b_info"]["rtc_timeoffset"], 4294967291U);         // uint32, as xl stores it
    EXPECT_EQ(j["b_info"]["sched_params"].dump(), R"({"cap":0})"); // weight -1 is libxl's default
    EXPECT_EQ(j["b_info"]["shadow_memkb"], 16384);
    EXPECT_EQ(j["c_info"]["pool_name"], "p");
    EXPECT_EQ(j["b_info"]["disable_migrate"], "True");
}

TEST(BuildInfo, UnknownKeysGetADidYouMean) {
    EXPECT_THAT(diags(pv("vpcus = 2\nviridan = 1\n")),
                ElementsAre("3:1: warning: unknown key \"vpcus\" is kept and passed through unchanged; did you mean "
                            "\"vcpus\"?",
                            "4:1: warning: unknown key \"viridan\" is kept and passed through unchanged; did you mean "
                            "\"viridian\"?"));
}

TEST(BuildInfo, EveryFamilyKeyIsAModelKey) {
    for (auto key : {"acpi", "vnc", "cpus", "iomem", "seclabel", "device_tree", "max_grant_frames", "viridian"}) {
        EXPECT_TRUE(is_model_key(key)) << key;
        EXPECT_FALSE(build_info_family(key).empty()) << key;
    }
    EXPECT_TRUE(build_info_family("disk").empty());
}

// `vga` as a list: xlu_cfg_get_string fails (a warning) and xl reads `stdvga` instead, so the kind
// is std and the video RAM libxl's 16 MiB for it, not none's 0.
TEST(BuildInfo, VgaAsAListFallsBackToStdvgaAsXlDoes) {
    auto j = libxl(hvm("vga = [\"qxl\"]\nstdvga = 1\nmemory = 64\n"));
    EXPECT_EQ(j["b_info"]["type.hvm"]["vga"]["kind"], "std");
    auto r = load_cfg(hvm("vga = [\"qxl\"]\nstdvga = 1\nmemory = 64\n"));
    ASSERT_TRUE(r.config.video_memkb.is_set());
    EXPECT_EQ(*r.config.video_memkb, 16U * 1024U);
}
