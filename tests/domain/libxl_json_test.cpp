// The libxl JSON writer: field names, defaults omitted, enums and paths as `xl -N create` prints
// them (the differential test compares against the real xl; these pin the shape).
#include <gtest/gtest.h>

#include "domain/libxl_json.hpp"
#include "test_util.hpp"

using namespace domfw::domain;
using namespace domfw::domain::test;
using json = nlohmann::ordered_json;

TEST(LibxlJson, PvhDirectBoot) {
    auto r =
        load_cfg("name = \"a\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\nramdisk = \"/boot/initrd\"\ncmdline = "
                 "\"console=hvc0\"\nmemory = 512\n"
                 "maxmem = 1024\nvcpus = 2\nmaxvcpus = 4\non_crash = \"preserve\"\non_poweroff = \"rename-restart\"\n");
    ASSERT_TRUE(r.ok());
    auto j = to_libxl_json(r.config);
    EXPECT_EQ(j.dump(), json::parse(R"({"c_info":{"type":"pvh","name":"a","run_hotplug_scripts":"True"},
        "b_info":{"max_vcpus":4,"avail_vcpus":[0,1],"max_memkb":1048576,"target_memkb":524288,"sched_params":{},"claim_mode":"True",
                  "kernel":"/etc/xen/vmlinuz","cmdline":"console=hvc0","ramdisk":"/boot/initrd","type.pvh":{},"arch_arm":{},"arch_x86":{}},
        "on_poweroff":"restart_rename","on_reboot":"restart","on_crash":"preserve","on_soft_reset":"soft_reset"})")
                            .dump());
}

TEST(LibxlJson, HvmFirmware) {
    auto r = load_cfg("name = \"b\"\nbuilder = \"hvm\"\nfirmware = \"uefi\"\nsmbios_firmware = "
                      "\"x.bin\"\nbios_path_override = \"/tmp/bios\"\n"
                      "smbios = [\"bios_vendor=Xen\"]\n");
    ASSERT_TRUE(r.ok());
    auto h = to_libxl_json(r.config)["b_info"]["type.hvm"];
    EXPECT_EQ(h["bios"], "ovmf");
    EXPECT_EQ(h["system_firmware"], "/tmp/bios");
    EXPECT_EQ(h["smbios_firmware"], "/etc/xen/x.bin");
    EXPECT_EQ(h["smbios"].dump(), R"([{"key":"bios_vendor","value":"Xen"}])");
    EXPECT_FALSE(h.contains("firmware"));
}

TEST(LibxlJson, PvgrubIsTheKernel) {
    auto r = load_cfg("name = \"c\"\nfirmware = \"pvgrub64\"\n");
    EXPECT_EQ(to_libxl_json(r.config)["b_info"]["kernel"], "/fw/pvgrub64.bin");
}

TEST(LibxlJson, BootloaderHintsStayAsWritten) {
    auto r = load_cfg("name = \"d\"\nbootloader = \"pygrub\"\nkernel = \"boot/vmlinuz\"\nbootloader_args = [\"-q\"]\n");
    auto b = to_libxl_json(r.config)["b_info"];
    EXPECT_EQ(b["kernel"], "boot/vmlinuz");
    EXPECT_EQ(b["bootloader"], "pygrub");
    EXPECT_EQ(b["bootloader_args"].dump(), R"(["-q"])");
}

TEST(LibxlJson, DevicesAsLibxlStructs) {
    auto r = load_cfg("name = \"e\"\nkernel = \"/k\"\ndisk = [\"phy:/dev/vg/e,xvda,w\"]\nvif = [\"bridge=xenbr0\"]\n");
    auto j = to_libxl_json(r.config);
    EXPECT_EQ(j["disks"].dump(), R"([{"pdev_path":"/dev/vg/e","vdev":"xvda","format":"raw","readwrite":1}])");
    EXPECT_EQ(j["nics"].dump(), R"([{"devid":0,"bridge":"xenbr0"}])");
}

TEST(ModelJson, RemembersWhereEachFieldCameFrom) {
    auto r = load_cfg("name = \"f\"\ntype = \"pvh\"\nmodules = [\"k\", \"path=a.img,cmdline=x\"]\n");
    auto j = to_model_json(r.config);
    EXPECT_EQ(j["name"]["line"], 1);
    EXPECT_EQ(j["type"]["key"], "type");
    EXPECT_EQ(j["boot"]["method"], "direct");
    EXPECT_EQ(j["boot"]["kernel"]["key"], "modules[0]");
    EXPECT_EQ(j["boot"]["guest_modules"][0]["resolved"], "/etc/xen/a.img");
    EXPECT_EQ(j["boot"]["guest_modules"][0]["cmdline"], "x");
}
