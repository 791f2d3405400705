// One test per rule of the domain model, each asserting the exact diagnostics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/keys.hpp"
#include "test_util.hpp"

using namespace domfw::domain;
using namespace domfw::domain::test;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

constexpr const char* kPv = "name = \"g\"\nkernel = \"/k\"\n";

} // namespace

TEST(Load, MinimalPvGuest) {
    auto r = load_cfg(kPv);
    ASSERT_TRUE(r.ok());
    EXPECT_THAT(lines_of(r.diagnostics), IsEmpty());
    EXPECT_EQ(*r.config.type, GuestType::pv);
    EXPECT_EQ(r.config.type.key, ""); // xl's default, not written
    EXPECT_EQ(*r.config.name, "g");
    EXPECT_EQ(r.config.name.where.line, 1U);
    EXPECT_EQ(r.config.boot, BootMethod::direct);
    EXPECT_EQ(r.config.kernel->resolved, "/k");
}

TEST(Load, NameIsMandatory) {
    EXPECT_THAT(diags("kernel = \"/k\"\n"), ElementsAre("0:0: error: Domain name must be specified."));
}

TEST(Load, NameAsListIsIgnoredLikeXl) {
    EXPECT_THAT(diags("name = [\"a\"]\nkernel = \"/k\"\n"),
                ElementsAre("1:8: warning: \"name\" is a list but should be a single value; xl ignores it",
                            "0:0: error: Domain name must be specified."));
}

TEST(Load, NumberIsAValidName) {
    auto r = load_cfg("name = 42\nkernel = \"/k\"\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r.config.name, "42");
}

TEST(Load, Uuid) {
    EXPECT_TRUE(load_cfg(std::string(kPv) + "uuid = \"5F1B2C3D-0A4E-4F5A-9B6C-7D8E9F0A1B2C\"\n").ok());
    EXPECT_THAT(diags(std::string(kPv) + "uuid = \"5f1b2c3d0a4e4f5a9b6c7d8e9f0a1b2c\"\n"),
                ElementsAre("3:8: error: Failed to parse UUID: 5f1b2c3d0a4e4f5a9b6c7d8e9f0a1b2c (expected 8-4-4-4-12 "
                            "hexadecimal digits)"));
}

TEST(Load, TypePrefixMatchingAsXl) {
    auto r = load_cfg("name = \"g\"\ntype = \"h\"\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r.config.type, GuestType::hvm);
    EXPECT_THAT(lines_of(r.diagnostics),
                ElementsAre("2:8: warning: type = \"h\" is an abbreviation of \"hvm\"; write type = \"hvm\""));
    // "" is a prefix of "hvm", "p" of "pv" (checked before "pvh").
    EXPECT_EQ(*load_cfg("name = \"g\"\ntype = \"\"\n").config.type, GuestType::hvm);
    EXPECT_EQ(*load_cfg("name = \"g\"\ntype = \"p\"\nkernel = \"/k\"\n").config.type, GuestType::pv);
    EXPECT_EQ(*load_cfg("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\n").config.type, GuestType::pvh);
}

TEST(Load, TypeInvalid) {
    EXPECT_THAT(diags("name = \"g\"\ntype = \"kvm\"\nkernel = \"/k\"\n"),
                ElementsAre("2:8: error: Invalid domain type \"kvm\" (expected \"pv\", \"pvh\" or \"hvm\")"));
}

TEST(Load, BuilderIsDeprecated) {
    auto r = load_cfg("name = \"g\"\nbuilder = \"hvm\"\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r.config.type, GuestType::hvm);
    EXPECT_EQ(r.config.type.key, "builder");
    EXPECT_THAT(
        lines_of(r.diagnostics),
        ElementsAre(
            "2:1: warning: \"builder\" is deprecated since Xen 4.10; write type = \"hvm\" (domfw lint --fix does)"));
}

TEST(Load, BuilderAbbreviated) {
    EXPECT_THAT(
        diags("name = \"g\"\nbuilder = \"g\"\nkernel = \"/k\"\n"),
        ElementsAre(
            "2:1: warning: \"builder\" is deprecated since Xen 4.10; write type = \"pv\" (domfw lint --fix does)",
            "2:11: warning: builder = \"g\" is an abbreviation of \"generic\""));
}

TEST(Load, BuilderContradictingType) {
    EXPECT_THAT(
        diags("name = \"g\"\ntype = \"pvh\"\nbuilder = \"generic\"\nkernel = \"/k\"\n"),
        ElementsAre(
            "3:1: warning: \"builder\" is deprecated since Xen 4.10; write type = \"pv\" (domfw lint --fix does)",
            "3:11: error: Contradicting \"builder\" and \"type\" options specified: builder = \"generic\" (line 3) "
            "means \"pv\" but "
            "type = \"pvh\" (line 2) means \"pvh\""));
}

TEST(Load, BuilderInvalid) {
    EXPECT_THAT(diags("name = \"g\"\nbuilder = \"linux\"\nkernel = \"/k\"\n"),
                ElementsAre("2:11: error: Invalid domain type \"linux\" in builder (expected \"generic\" or \"hvm\")"));
}

TEST(Load, MemoryInKiBAndMaxmemDefault) {
    auto r = load_cfg(std::string(kPv) + "memory = 512\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r.config.target_memkb, 512U * 1024U);
    EXPECT_EQ(*r.config.max_memkb, 512U * 1024U);
    EXPECT_EQ(r.config.max_memkb.key, "memory");
    auto h = load_cfg(std::string(kPv) + "memory = \"0x100\"\nmaxmem = 010\n");
    EXPECT_EQ(*h.config.target_memkb, 256U * 1024U);
    EXPECT_EQ(*h.config.max_memkb, 8U * 1024U); // strtol base 0: octal
    EXPECT_THAT(
        lines_of(h.diagnostics),
        ElementsAre("3:10: warning: memory (256 MiB) is above maxmem (8 MiB, line 4); the guest starts with maxmem"));
}

TEST(Load, MalformedNumbersAreIgnoredLikeXl) {
    EXPECT_THAT(diags(std::string(kPv) + "memory = \"lots\"\nvcpus = [2]\n"),
                ElementsAre("3:10: warning: \"memory\" = \"lots\" is not a valid number; xl ignores it",
                            "4:9: warning: \"vcpus\" is a list but should be a single value; xl ignores it"));
    EXPECT_THAT(diags(std::string(kPv) + "memory = 5\nmemory += 6\n"),
                ElementsAre("4:11: warning: \"memory\": += cannot be used with numbers; xl ignores it"));
}

TEST(Load, Vcpus) {
    auto r = load_cfg(std::string(kPv) + "vcpus = 2\n");
    EXPECT_EQ(*r.config.max_vcpus, 2);
    EXPECT_THAT(diags(std::string(kPv) + "vcpus = 4\nmaxvcpus = 2\n"),
                ElementsAre("4:12: error: maxvcpus = 2 is less than vcpus = 4 (line 3) (xl: \"maxvcpus < vcpus\")"));
    EXPECT_THAT(diags(std::string(kPv) + "vcpus = \"-1\"\n"),
                ElementsAre("3:9: error: vcpus = -1 is negative (xl: \"Unable to allocate cpumap\")"));
    EXPECT_THAT(diags(std::string(kPv) + "vcpus = 5000\n"),
                ElementsAre("3:9: error: vcpus = 5000 is above 4096, the most vCPUs Xen supports for a PV guest"));
    EXPECT_THAT(diags(std::string(kPv) + "vcpus = 0\n"),
                ElementsAre("3:9: error: vcpus = 0: a guest needs at least one vCPU"));
    EXPECT_THAT(diags(std::string(kPv) + "maxvcpus = \"-2\"\n"), ElementsAre("3:12: error: maxvcpus = -2 is negative"));
    EXPECT_THAT(
        diags(std::string(kPv) + "maxvcpus = 100000\n"),
        ElementsAre("3:12: error: maxvcpus = 100000 is above 4096, the most vCPUs Xen supports for a PV guest"));
    // maxvcpus = 0 means "as many as vcpus", as in xl.
    EXPECT_EQ(*load_cfg(std::string(kPv) + "vcpus = 3\nmaxvcpus = 0\n").config.max_vcpus, 3);
}

// HVM and PVH guests are HVM domains: Xen 4.17 gives them at most HVM_MAX_VCPUS (128), the
// limit the planner and hvm_info_table use.
TEST(Load, VcpusOfHvmDomains) {
    const std::string pvh = "name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\n";
    const std::string hvm = "name = \"g\"\ntype = \"hvm\"\n";
    EXPECT_TRUE(load_cfg(pvh + "vcpus = 128\nmaxvcpus = 128\n").ok());
    EXPECT_THAT(diags(pvh + "maxvcpus = 100000\n"),
                ElementsAre("4:12: error: maxvcpus = 100000 is above 128, the most vCPUs Xen supports for a PVH guest "
                            "(an HVM domain: HVM_MAX_VCPUS)"));
    EXPECT_THAT(diags(hvm + "vcpus = 129\n"),
                ElementsAre("3:9: error: vcpus = 129 is above 128, the most vCPUs Xen supports for an HVM guest "
                            "(HVM_MAX_VCPUS)"));
}

// memory/maxmem: 1 MiB .. 2^52 bytes less 4 GiB; xl wraps `MiB * 1024` in a uint64_t instead.
TEST(Load, MemoryRange) {
    const std::string above = " is above 4294963200 MiB (2^52 bytes less 4 GiB): guest RAM, with the part behind the "
                              "MMIO hole moved above 4 GiB, must end below 2^52, the largest x86-64 physical address";
    auto top = load_cfg(std::string(kPv) + "memory = 4294963200\n");
    ASSERT_TRUE(top.ok());
    EXPECT_EQ(*top.config.max_memkb, 4294963200ULL * 1024U);
    EXPECT_THAT(diags(std::string(kPv) + "memory = 17592186044415\n"),
                ElementsAre("3:10: error: memory = 17592186044415" + above));
    EXPECT_THAT(diags(std::string(kPv) + "maxmem = 9223372036854775807\n"),
                ElementsAre("3:10: error: maxmem = 9223372036854775807" + above));
    // Beyond a long: xl ignores it ("numeric value out of range") and starts 32 MiB; domfw refuses.
    EXPECT_THAT(diags(std::string(kPv) + "memory = 0x10000000000000000\n"),
                ElementsAre("3:10: error: memory = 0x10000000000000000" + above));
    EXPECT_THAT(diags(std::string(kPv) + "memory = 0\nmaxmem = \"-1\"\n"),
                ElementsAre("3:10: error: memory = 0 is below 1 MiB: the guest would have no RAM",
                            "4:10: error: maxmem = -1 is below 1 MiB: the guest would have no RAM"));
}

// videoram: read for every type, as xl does; an HVM guest's video RAM comes out of maxmem and
// has libxl's default and least value for its VGA on qemu-xen (8 MiB Cirrus, 16 MiB standard
// VGA, 128 MiB QXL, none without a VGA).
TEST(Load, VideoRam) {
    const std::string hvm = "name = \"g\"\ntype = \"hvm\"\n";
    auto ok = load_cfg(hvm + "memory = 64\nvideoram = 16\n");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(*ok.config.video_memkb, 16U * 1024U);
    EXPECT_EQ(*load_cfg(hvm + "memory = 64\n").config.video_memkb, 8U * 1024U); // libxl's default
    EXPECT_TRUE(load_cfg(std::string(kPv) + "videoram = 0\n").ok());
    EXPECT_THAT(diags(hvm + "memory = 64\nvideoram = 4\n"),
                ElementsAre("4:12: error: videoram must be at least 8 MiB for the Cirrus VGA (libxl's default) on "
                            "qemu-xen, not 4 (libxl: \"videoram must be at least 8 MB for CIRRUS on QEMU_XEN\")"));
    EXPECT_THAT(diags(hvm + "memory = 64\nstdvga = 1\nvideoram = 8\n"),
                ElementsAre("5:12: error: videoram must be at least 16 MiB for the standard VGA (stdvga = 1, line 4) "
                            "on qemu-xen, not 8 (libxl: \"videoram must be at least 16 MB for STDVGA on QEMU_XEN\")"));
    EXPECT_THAT(diags(hvm + "memory = 8\n"),
                ElementsAre("3:10: error: memory = 8 MiB is not above the video RAM (8 MiB, libxl's default for the "
                            "Cirrus VGA (libxl's default) on qemu-xen): an HVM guest's RAM is maxmem less its video "
                            "RAM"));
    EXPECT_THAT(diags(hvm + "videoram = 64\n"),
                ElementsAre("3:12: error: libxl's default memory of 32 MiB is not above the video RAM (64 MiB, "
                            "videoram at line 3): an HVM guest's RAM is maxmem less its video RAM"));
    EXPECT_THAT(diags(std::string(kPv) + "videoram = \"-1\"\n"), ElementsAre("3:12: error: videoram = -1 is negative"));
    EXPECT_THAT(diags(std::string(kPv) + "videoram = 0x7fffffffffffffff\n"),
                ElementsAre("3:12: error: videoram = 0x7fffffffffffffff is above 4294963200 MiB (2^52 bytes less 4 "
                            "GiB): guest RAM, with the part behind the MMIO hole moved above 4 GiB, must end below "
                            "2^52, the largest x86-64 physical address"));
}

// The VGA kind comes from `vga` (which wins over `stdvga`), as build_info.cpp reads it; libxl
// (libxl__domain_build_info_setdefault, Xen 4.17) sizes the video RAM per kind and device model.
TEST(Load, VideoRamFollowsTheVgaKind) {
    const std::string hvm = "name = \"g\"\ntype = \"hvm\"\nmemory = 256\n";
    auto video_mib = [&](const std::string& text) {
        auto r = load_cfg(hvm + text);
        EXPECT_TRUE(r.ok()) << text;
        return r.config.video_memkb.is_set() ? std::optional(*r.config.video_memkb / 1024) : std::nullopt;
    };
    EXPECT_EQ(video_mib("vga = \"stdvga\"\n"), 16U);
    EXPECT_EQ(video_mib("vga = \"cirrus\"\n"), 8U);
    EXPECT_EQ(video_mib("vga = \"none\"\n"), 0U);
    EXPECT_EQ(video_mib("vga = \"none\"\nvideoram = 0\n"), 0U);
    EXPECT_EQ(video_mib("vga = \"none\"\nvideoram = 4\n"), 4U); // libxl keeps a videoram given
    EXPECT_EQ(video_mib("vga = \"qxl\"\n"), 128U);
    EXPECT_EQ(video_mib("vga = \"qxl\"\nvideoram = 130\n"), 130U);
    EXPECT_EQ(video_mib("stdvga = 2\n"), 16U);                  // any non-zero number, as xl reads it
    EXPECT_EQ(video_mib("stdvga = 0\n"), 8U);                   // Cirrus
    EXPECT_EQ(video_mib("vga = \"cirrus\"\nstdvga = 1\n"), 8U); // vga wins
    EXPECT_EQ(video_mib("vga = \"stdvga\"\nstdvga = 0\n"), 16U);
    // No VGA: all of maxmem is guest RAM, even a 1 MiB guest.
    EXPECT_TRUE(load_cfg("name = \"g\"\ntype = \"hvm\"\nmemory = 1\nvga = \"none\"\n").ok());

    EXPECT_THAT(diags(hvm + "vga = \"qxl\"\nvideoram = 64\n"),
                ElementsAre("5:12: error: videoram must be at least 128 MiB for the QXL VGA (vga = \"qxl\", line 4) "
                            "on qemu-xen, not 64 (libxl: \"128 Mib videoram is the minimum for qxl default\")"));
    EXPECT_THAT(diags(hvm + "vga = \"stdvga\"\nvideoram = 8\n"),
                ElementsAre("5:12: error: videoram must be at least 16 MiB for the standard VGA (vga = \"stdvga\", "
                            "line 4) on qemu-xen, not 8 (libxl: \"videoram must be at least 16 MB for STDVGA on "
                            "QEMU_XEN\")"));
    EXPECT_THAT(
        diags(hvm + "stdvga = 1\nvga = \"cirrus\"\nvideoram = 4\n"),
        ElementsAre("6:12: error: videoram must be at least 8 MiB for the Cirrus VGA (vga = \"cirrus\", line "
                    "5) on qemu-xen, not 4 (libxl: \"videoram must be at least 8 MB for CIRRUS on QEMU_XEN\")"));
    // The QXL default of 128 MiB must leave guest RAM.
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nmemory = 128\nvga = \"qxl\"\n"),
                ElementsAre("3:10: error: memory = 128 MiB is not above the video RAM (128 MiB, libxl's default for "
                            "the QXL VGA (vga = \"qxl\", line 4) on qemu-xen): an HVM guest's RAM is maxmem less its "
                            "video RAM"));
    // A vga domfw refused has its own error and no second one about video RAM.
    EXPECT_THAT(diags(hvm + "vga = \"std\"\nvideoram = 4\n"),
                ElementsAre("4:7: error: Unknown vga \"std\" specified (expected stdvga, cirrus, none or qxl)"));
    // PV and PVH guests have no emulated VGA: videoram is only read.
    EXPECT_TRUE(load_cfg(std::string(kPv) + "videoram = 4\n").ok());
}

// qemu-xen-traditional (device_model_version, or libxl's default with a stub domain) has its own
// table: 8 MiB standard VGA, a Cirrus VGA of always 4 MiB, no QXL.
TEST(Load, VideoRamOnQemuXenTraditional) {
    const std::string trad =
        "name = \"g\"\ntype = \"hvm\"\nmemory = 256\ndevice_model_version = \"qemu-xen-traditional\"\n";
    auto r = load_cfg(trad);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r.config.video_memkb, 4U * 1024U);
    EXPECT_EQ(*load_cfg(trad + "vga = \"stdvga\"\n").config.video_memkb, 8U * 1024U);
    EXPECT_EQ(*load_cfg(trad + "vga = \"none\"\n").config.video_memkb, 0U);
    EXPECT_EQ(*load_cfg("name = \"g\"\ntype = \"hvm\"\nmemory = 256\ndevice_model_stubdomain_override = 1\n")
                   .config.video_memkb,
              4U * 1024U);
    // device_model_version wins over the stub domain's default.
    EXPECT_EQ(*load_cfg("name = \"g\"\ntype = \"hvm\"\nmemory = 256\ndevice_model_stubdomain_override = 1\n"
                        "device_model_version = \"qemu-xen\"\n")
                   .config.video_memkb,
              8U * 1024U);
    EXPECT_THAT(diags(trad + "vga = \"stdvga\"\nvideoram = 4\n"),
                ElementsAre("6:12: error: videoram must be at least 8 MiB for the standard VGA (vga = \"stdvga\", line "
                            "5) on qemu-xen-traditional (device_model_version, line 4), not 4 (libxl: \"videoram must "
                            "be at least 8 MB for STDVGA on QEMU_XEN_TRADITIONAL\")"));
    EXPECT_THAT(diags(trad + "vga = \"qxl\"\n"),
                ElementsAre("5:7: error: vga = \"qxl\" needs the qemu-xen device model, not qemu-xen-traditional "
                            "(device_model_version, line 4) (libxl: \"qemu upstream required for qxl vga\")"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nmemory = 256\ndevice_model_stubdomain_override = 1\n"
                      "vga = \"qxl\"\n"),
                ElementsAre("5:7: error: vga = \"qxl\" needs the qemu-xen device model, not qemu-xen-traditional "
                            "(libxl's default with a stub domain: device_model_stubdomain_override, line 4) (libxl: "
                            "\"qemu upstream required for qxl vga\")"));
    // Cirrus: libxl warns and keeps the videoram, which still comes out of maxmem.
    auto w = load_cfg(trad + "videoram = 16\n");
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(*w.config.video_memkb, 16U * 1024U);
    EXPECT_THAT(diags(trad + "videoram = 16\n"),
                ElementsAre("5:12: warning: videoram = 16 MiB is not used by the Cirrus VGA (libxl's default) on "
                            "qemu-xen-traditional (device_model_version, line 4), which always has 4 MiB; libxl still "
                            "takes it out of maxmem (libxl: \"ignoring videoram other than 4 MB for CIRRUS on "
                            "QEMU_XEN_TRADITIONAL\")"));
    EXPECT_THAT(diags(trad + "videoram = 4\n"), IsEmpty());
}

// hvm_start_info carries at most MAX_GUEST_CMDLINE (1024) bytes of command line, NUL included.
TEST(Load, PvhCommandLineFitsStartInfo) {
    const std::string pvh = "name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\n";
    EXPECT_TRUE(load_cfg(pvh + "cmdline = \"" + std::string(1023, 'x') + "\"\n").ok());
    EXPECT_THAT(diags(pvh + "cmdline = \"" + std::string(1024, 'x') + "\"\n"),
                ElementsAre("4:11: error: the kernel command line from \"cmdline\" is 1025 bytes with its NUL, above "
                            "1024 (MAX_GUEST_CMDLINE), the most a PVH guest is given"));
    EXPECT_THAT(diags(pvh + "root = \"/dev/xvda1\"\nextra = \"" + std::string(1010, 'x') + "\"\n"),
                ElementsAre("4:8: error: the kernel command line from \"root\" is 1027 bytes with its NUL, above "
                            "1024 (MAX_GUEST_CMDLINE), the most a PVH guest is given"));
    // PV: libxc truncates it into start_info.cmd_line (domfw plans no PV guest); HVM: QEMU takes it.
    EXPECT_TRUE(load_cfg(std::string(kPv) + "cmdline = \"" + std::string(2000, 'x') + "\"\n").ok());
}

TEST(Load, ShutdownActions) {
    auto r = load_cfg(std::string(kPv) + "on_crash = \"coredump-restart\"\n");
    EXPECT_EQ(*r.config.on_crash, ShutdownAction::coredump_restart);
    EXPECT_EQ(*r.config.on_reboot, ShutdownAction::restart);
    EXPECT_EQ(*r.config.on_soft_reset, ShutdownAction::soft_reset);
    EXPECT_THAT(
        diags(std::string(kPv) + "on_reboot = \"restart_rename\"\n"),
        ElementsAre(
            "3:13: error: Unknown on_reboot action \"restart_rename\" specified; did you mean \"rename-restart\"?"));
    EXPECT_THAT(diags(std::string(kPv) + "on_poweroff = \"halt\"\n"),
                ElementsAre("3:15: error: Unknown on_poweroff action \"halt\" specified (expected destroy, restart, "
                            "rename-restart, preserve, "
                            "coredump-destroy, coredump-restart or soft-reset)"));
}

TEST(Load, CmdlineFromRootAndExtra) {
    EXPECT_EQ(*load_cfg(std::string(kPv) + "root = \"/dev/xvda1\"\nextra = \"ro quiet\"\n").config.cmdline,
              "root=/dev/xvda1 ro quiet");
    EXPECT_EQ(*load_cfg(std::string(kPv) + "root = \"/dev/xvda1\"\n").config.cmdline, "root=/dev/xvda1");
    EXPECT_EQ(*load_cfg(std::string(kPv) + "extra = \"ro\"\n").config.cmdline, "ro");
    auto r = load_cfg(std::string(kPv) + "cmdline = \"console=hvc0\"\nroot = \"/dev/xvda1\"\n");
    EXPECT_EQ(*r.config.cmdline, "console=hvc0");
    EXPECT_THAT(
        lines_of(r.diagnostics),
        ElementsAre(
            "4:1: warning: \"root\" is ignored in favour of \"cmdline\" (line 3); lint --fix folds them into it"));
}

TEST(Load, BootloaderArgs) {
    auto r = load_cfg("name = \"g\"\nbootloader = \"pygrub\"\nbootloader_args = \"-q  --entry=1\"\n");
    EXPECT_EQ(*r.config.bootloader_args, (std::vector<std::string>{"-q", "--entry=1"}));
    EXPECT_THAT(lines_of(r.diagnostics), ElementsAre("3:19: warning: Specifying \"bootloader_args\" as a string is "
                                                     "deprecated; write a list of arguments (domfw lint --fix does)"));
    auto l = load_cfg("name = \"g\"\nbootloader = \"pygrub\"\nbootloader_args = [\"-q\", [\"x\"], \"y\"]\n");
    EXPECT_EQ(*l.config.bootloader_args, (std::vector<std::string>{"-q"})); // libxlutil stops at a nested list
}

TEST(Load, BootloaderHintsAreInsideTheGuest) {
    auto o = no_files();
    o.missing_file = MissingFile::error;
    o.bootloader_dir = "/nonexistent-bin";
    auto r =
        load_cfg("name = \"g\"\nbootloader = \"/bin/sh\"\nkernel = \"/boot/vmlinuz\"\nramdisk = \"/boot/initrd\"\n", o);
    EXPECT_TRUE(r.ok()) << r.diagnostics.render_all(r.source);
    EXPECT_EQ(r.config.boot, BootMethod::bootloader);
    EXPECT_TRUE(r.config.kernel->inside_guest);
    EXPECT_THAT(
        diags("name = \"g\"\nbootloader = \"pygrub\"\n", o),
        ElementsAre(
            "2:14: error: bootloader = \"pygrub\": program not found (resolved to \"/nonexistent-bin/pygrub\")"));
}

TEST(Load, NeitherKernelNorBootloader) {
    EXPECT_THAT(diags("name = \"g\"\ntype = \"pvh\"\n"),
                ElementsAre("0:0: error: Neither kernel nor bootloader specified: a pvh guest boots by exactly one of "
                            "\"kernel\", \"firmware\" or "
                            "\"bootloader\""));
}

TEST(Load, PvKernelAndFirmware) {
    EXPECT_THAT(diags("name = \"g\"\nkernel = \"/k\"\nfirmware = \"pvgrub64\"\n"),
                ElementsAre("3:12: error: both \"kernel\" (line 2) and \"firmware\" (line 3) are specified; a pv guest "
                            "boots by exactly one of kernel, "
                            "firmware or bootloader"));
}

TEST(Load, PvFirmwareAndBootloader) {
    EXPECT_THAT(diags("name = \"g\"\nfirmware = \"pvgrub64\"\nbootloader = \"pygrub\"\n"),
                ElementsAre("2:12: error: both \"firmware\" (line 2) and \"bootloader\" (line 3) choose how the guest "
                            "boots; keep one"));
}

TEST(Load, Pvgrub) {
    auto r = load_cfg("name = \"g\"\ntype = \"pvh\"\nfirmware = \"pvgrub32\"\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.config.firmware.kind, FirmwareKind::pvgrub32);
    EXPECT_EQ(r.config.firmware.image->resolved, "/fw/pvgrub32.bin");
    EXPECT_EQ(r.config.boot, BootMethod::firmware);
    EXPECT_THAT(diags("name = \"g\"\nfirmware = \"pvg\"\n"),
                ElementsAre("2:12: warning: firmware = \"pvg\" is an abbreviation: xl loads \"/fw/pvg.bin\", not "
                            "pvgrub32.bin or pvgrub64.bin; "
                            "write \"pvgrub32\" or \"pvgrub64\""));
    EXPECT_THAT(diags("name = \"g\"\nfirmware = \"ovmf\"\n"),
                ElementsAre("2:12: error: firmware = \"ovmf\" is not supported for pv guests: only \"pvgrub32\" and "
                            "\"pvgrub64\" are (xl: \"only "
                            "pvgrub{32|64} supported as firmware options\")"));
}

TEST(Load, HvmFirmwareAliases) {
    auto u = load_cfg("name = \"g\"\ntype = \"hvm\"\nfirmware = \"uefi\"\n");
    EXPECT_EQ(u.config.firmware.kind, FirmwareKind::ovmf);
    EXPECT_TRUE(u.config.firmware.from_alias);
    EXPECT_EQ(*u.config.hvm_bios, "ovmf");
    EXPECT_THAT(lines_of(u.diagnostics), ElementsAre("3:12: warning: firmware = \"uefi\" is a generic alias; it "
                                                     "resolves to \"ovmf\"; write firmware = \"ovmf\" to pin it"));
    auto b = load_cfg("name = \"g\"\ntype = \"hvm\"\nfirmware = \"bios\"\n");
    EXPECT_EQ(b.config.firmware.kind, FirmwareKind::seabios);
    EXPECT_FALSE(b.config.hvm_bios.is_set()); // libxl chooses, as with xl
    EXPECT_THAT(lines_of(b.diagnostics), ElementsAre("3:12: warning: firmware = \"bios\" is a generic alias; it "
                                                     "resolves to \"seabios\" with the default device model; write "
                                                     "firmware = \"seabios\" to pin it"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nfirmware = \"ue\"\n"),
                ElementsAre("3:12: warning: firmware = \"ue\" is an abbreviation of the alias \"uefi\"; it resolves to "
                            "\"ovmf\"; write firmware = "
                            "\"ovmf\" to pin it"));
    auto c = load_cfg("name = \"g\"\ntype = \"hvm\"\nfirmware = \"OVMF\"\n");
    EXPECT_EQ(*c.config.hvm_bios, "ovmf"); // libxl enum names are case-insensitive
}

TEST(Load, HvmFirmwarePathReplacesHvmloader) {
    auto bare = load_cfg("name = \"g\"\ntype = \"hvm\"\nfirmware = \"my-hvmloader\"\n");
    EXPECT_EQ(bare.config.firmware.kind, FirmwareKind::path);
    EXPECT_EQ(bare.config.hvm_loader->resolved, "/fw/my-hvmloader");
    auto rel = load_cfg("name = \"g\"\ntype = \"hvm\"\nfirmware = \"fw/hvmloader\"\n");
    EXPECT_EQ(rel.config.hvm_loader->resolved, "/etc/xen/fw/hvmloader");
    EXPECT_THAT(
        diags("name = \"g\"\ntype = \"hvm\"\nfirmware_override = \"/a\"\nfirmware = \"/b\"\n"),
        ElementsAre("4:12: warning: firmware = PATH replaces hvmloader and overrides firmware_override (line 3)"));
}

TEST(Load, HvmKernelNamedHvmloaderIsIgnored) {
    auto r = load_cfg("name = \"g\"\ntype = \"hvm\"\nkernel = \"/usr/lib/xen/boot/hvmloader\"\n");
    EXPECT_FALSE(r.config.kernel.has_value());
    EXPECT_THAT(lines_of(r.diagnostics), ElementsAre("3:10: warning: \"kernel\" names hvmloader: xl ignores it; write "
                                                     "firmware_override (or firmware = PATH) to replace "
                                                     "hvmloader"));
}

TEST(Load, HvmBiosKey) {
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nbios = \"coreboot\"\n"),
                ElementsAre("3:8: error: invalid value \"coreboot\" for \"bios\" (expected rombios, seabios or ovmf)"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nbios_path_override = \"/x\"\n"),
                ElementsAre("3:22: warning: bios_path_override given without specific bios name"));
    EXPECT_THAT(
        diags("name = \"g\"\ntype = \"hvm\"\nbios = \"rombios\"\nfirmware = \"seabios\"\n"),
        ElementsAre(
            "4:12: warning: firmware = \"seabios\" overrides bios = \"rombios\" (line 3), as in xl; remove one"));
}

TEST(Load, OvmfWithSeabiosCsmIsRefused) {
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nbios = \"seabios\"\nfirmware = \"ovmf\"\n"),
                ElementsAre("4:12: error: firmware = \"ovmf\" (line 4) with bios = \"seabios\" (line 3) asks for OVMF "
                            "with a SeaBIOS CSM, which Xen "
                            "does not support: Xen's OVMF is built without a CSM; choose \"ovmf\" (UEFI) or "
                            "\"seabios\" (legacy BIOS)"));
}

TEST(Load, HvmBootloaderIsRefused) {
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nbootloader = \"pygrub\"\n"),
                ElementsAre("3:14: error: \"bootloader\" (line 3) cannot boot an HVM guest (type at line 2): HVM "
                            "guests boot through their firmware; xl "
                            "ignores it"));
}

TEST(Load, PvIgnoresHvmOnlyKeys) {
    auto r = load_cfg(std::string(kPv) + "smbios = [\"bios_vendor=x\"]\n");
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(
        lines_of(r.diagnostics),
        ElementsAre("3:10: warning: \"smbios\" is used only for HVM guests (hvmloader); it is ignored for a pv guest"));
}

// PVH: xl reads no smbios key, domfw does (its loader gives the strings to the guest), with the
// value running to the end so a systemd credential keeps its '='; HVM keeps xl 4.18's cut.
// For PVH (through the loader) as for HVM, the value is everything after the first '='.
TEST(Load, SmbiosForPvhKeepsTheWholeValue) {
    auto r =
        load_cfg("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nsmbios = [\"oem=io.systemd.credential:a=b=c\"]\n");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.diagnostics.empty());
    ASSERT_EQ(r.config.smbios.size(), 1U);
    EXPECT_EQ(r.config.smbios[0].value, "io.systemd.credential:a=b=c");
    auto h = load_cfg("name = \"g\"\ntype = \"hvm\"\nsmbios = [\"oem=io.systemd.credential:a=b=c\"]\n");
    ASSERT_TRUE(h.ok());
    ASSERT_EQ(h.config.smbios.size(), 1U);
    EXPECT_EQ(h.config.smbios[0].value, "io.systemd.credential:a=b=c");
    EXPECT_THAT(diags("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nsmbios = [\"vendor=x\"]\n"),
                ElementsAre("4:11: error: xl: unknown smbios type 'vendor=x'"));
}

TEST(Load, Smbios) {
    auto r = load_cfg("name = \"g\"\ntype = \"hvm\"\nsmbios = [\"bios_vendor = Xen \", \"OEM=a\", \"oem=b\"]\n");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.config.smbios.size(), 3U);
    EXPECT_EQ(r.config.smbios[0].key, "bios_vendor");
    EXPECT_EQ(r.config.smbios[0].value, "Xen");
    EXPECT_EQ(r.config.smbios[2].oem_index, 2U);
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nsmbios = [\"vendor=x\"]\n"),
                ElementsAre("3:11: error: xl: unknown smbios type 'vendor=x'"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nsmbios = [\"oem\"]\n"),
                ElementsAre("3:11: error: xl: failed to split \"oem\" into pair"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nsmbios = [\"oem=\"]\n"),
                ElementsAre("3:11: error: xl: failed to split \"oem=\" into pair"));
    // The value is everything after the first '=': a systemd credential keeps its own '='.
    auto cred = load_cfg("name = \"g\"\ntype = \"hvm\"\nsmbios = [\"oem = io.systemd.credential:user=ann \"]\n");
    ASSERT_TRUE(cred.ok());
    EXPECT_EQ(cred.config.smbios.at(0).value, "io.systemd.credential:user=ann");
    EXPECT_THAT(
        diags("name = \"g\"\ntype = \"hvm\"\nsmbios = \"oem=1\"\n"),
        ElementsAre("3:10: error: Unable to parse smbios options: \"smbios\" must be a list of \"key=value\" strings"));
    EXPECT_THAT(
        diags("name = \"g\"\ntype = \"hvm\"\nsmbios = [[\"oem=1\"]]\n"),
        ElementsAre("3:11: error: Unable to get element #0 in smbios list: it is a list, not a \"key=value\" string"));
    std::string many = "name = \"g\"\ntype = \"hvm\"\nsmbios = [";
    for (int i = 0; i < 100; ++i)
        many += "\"oem=x\",";
    many += "]\n";
    EXPECT_THAT(diags(many),
                ElementsAre("3:803: error: more than 99 \"oem\" strings: hvmloader reads only oem-1 .. oem-99"));
}

TEST(Load, UnknownKeysAreListedUpToAHundredAndLongNamesGetNoSuggestion) {
    std::string text(kPv);
    for (int i = 0; i < 150; ++i)
        text += fmt::format("zz_unknown_{} = 1\n", i);
    text += std::string(100000, 'm') + " = 1\n";
    auto r = load_cfg(text);
    EXPECT_TRUE(r.ok());
    auto lines = lines_of(r.diagnostics);
    ASSERT_EQ(lines.size(), 101U);
    EXPECT_EQ(lines.front(), "3:1: warning: unknown key \"zz_unknown_0\" is kept and passed through unchanged");
    EXPECT_EQ(lines.back(), "153:1: warning: 51 more unknown keys are kept and passed through unchanged; the first "
                            "100 are listed");
    EXPECT_EQ(r.config.passthrough.size(), 151U);
}

TEST(Load, SuggestionsSkipKeysTooFarInLength) {
    std::vector<std::string_view> keys = {"memory", "maxmem", "on_poweroff"};
    EXPECT_EQ(suggest("memroy", keys), "memory");
    EXPECT_EQ(edit_distance("vpcus", "vcpus"), 1U); // a swap of neighbours is one edit
    EXPECT_EQ(edit_distance("abc", "ca"), 3U);      // not two: a swapped pair is not edited again
    EXPECT_EQ(suggest("on_powerof", keys), "on_poweroff");
    EXPECT_EQ(suggest(std::string(64, 'm'), keys), std::nullopt);
    // A megabyte-long name is refused by its length alone (this took seconds per key before).
    EXPECT_EQ(suggest(std::string(1 << 20, 'm'), keys), std::nullopt);
}

TEST(Load, UnknownKeysArePassedThroughWithASuggestion) {
    auto r = load_cfg(std::string(kPv) + "memroy = 5\ndisk = [\"phy:/dev/vg/g,xvda,w\"]\nfrobnicate = 1\n");
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(
        lines_of(r.diagnostics),
        ElementsAre(
            "3:1: warning: unknown key \"memroy\" is kept and passed through unchanged; did you mean \"memory\"?",
            "5:1: warning: unknown key \"frobnicate\" is kept and passed through unchanged"));
    ASSERT_EQ(r.config.passthrough.size(), 3U);
    EXPECT_TRUE(r.config.passthrough_key("disk")->known_to_xl);
    auto o = no_files();
    o.extension_keys = {"frobnicate"};
    EXPECT_EQ(load_cfg(std::string(kPv) + "frobnicate = 1\n", o).diagnostics.warning_count(), 0U);
}

TEST(Load, DuplicateKeys) {
    EXPECT_THAT(diags(std::string(kPv) + "memory = 5\nmemory = 6\n"),
                ElementsAre("4:1: warning: \"memory\" is assigned again; this value replaces the one at line 3 (the "
                            "last assignment wins)"));
}

TEST(Load, PathsAreRelativeToTheConfigFile) {
    auto r = load_cfg(
        "name = \"g\"\ntype = \"hvm\"\nsmbios_firmware = \"fw/smbios.bin\"\nacpi_firmware = \"../acpi.bin\"\n");
    EXPECT_EQ(r.config.smbios_firmware->resolved, "/etc/xen/fw/smbios.bin");
    EXPECT_EQ(r.config.acpi_firmware->resolved, "/etc/acpi.bin");
    EXPECT_EQ(r.config.smbios_firmware->written, "fw/smbios.bin");
}

TEST(Load, MissingFilesAreErrorsForCheckAndWarningsForShow) {
    auto o = no_files();
    o.missing_file = MissingFile::error;
    const char* text = "name = \"g\"\nkernel = \"vmlinuz\"\n";
    EXPECT_THAT(diags(text, o),
                ElementsAre("2:10: error: kernel = \"vmlinuz\": file not found (resolved to \"/etc/xen/vmlinuz\")"));
    o.missing_file = MissingFile::warning;
    EXPECT_THAT(diags(text, o),
                ElementsAre("2:10: warning: kernel = \"vmlinuz\": file not found (resolved to \"/etc/xen/vmlinuz\")"));
}

TEST(Load, ModulesKernelIsModuleZero) {
    auto r = load_cfg("name = \"g\"\ntype = \"pvh\"\nramdisk = \"initrd\"\nmodules = "
                      "[\"path=vmlinuz,cmdline=console=hvc0,quiet\", \"cloud.iso,cmdline=cloudinit\", \"x.img\"]\n");
    ASSERT_TRUE(r.ok()) << r.diagnostics.render_all(r.source);
    EXPECT_EQ(r.config.kernel->resolved, "/etc/xen/vmlinuz");
    EXPECT_EQ(*r.config.cmdline, "console=hvc0,quiet");
    auto g = r.config.guest_modules();
    ASSERT_EQ(g.size(), 3U);
    EXPECT_EQ(g[0].file.key, "ramdisk");
    EXPECT_EQ(g[1].file.resolved, "/etc/xen/cloud.iso");
    EXPECT_EQ(g[1].cmdline, "cloudinit");
    EXPECT_EQ(g[2].file.key, "modules[2]");
}

TEST(Load, ModulesAfterAnExplicitKernel) {
    auto r = load_cfg("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nmodules = [\"a.img\"]\n");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.config.guest_modules().size(), 1U);
    EXPECT_EQ(r.config.guest_modules()[0].file.key, "modules[0]");
}

TEST(Load, ModulesErrors) {
    EXPECT_THAT(diags("name = \"g\"\nkernel = \"/k\"\nmodules = [\"a.img\"]\n"),
                ElementsAre("3:11: error: \"modules\" (line 3) lists 1 module(s) after the kernel, but a PV guest (the "
                            "default type) takes only one "
                            "ramdisk; use type = \"pvh\""));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"hvm\"\nmodules = [\"a.img\"]\n"),
                ElementsAre("3:11: error: \"modules\" (line 3) is for PV and PVH direct boot; an HVM guest (type at "
                            "line 2) loads its kernel through its "
                            "firmware"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"pvh\"\nbootloader = \"pygrub\"\nmodules = [\"a.img\"]\n"),
                ElementsAre("4:11: error: \"modules\" (line 4) cannot be combined with \"bootloader\" (line 3): the "
                            "bootloader chooses what to load"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"pvh\"\nmodules = \"a.img\"\n"),
                ElementsAre("3:11: error: \"modules\" must be a list: modules = [ \"path=FILE,cmdline=TEXT\", ... ]"));
    EXPECT_THAT(diags("name = \"g\"\ntype = \"pvh\"\ncmdline = \"x\"\nmodules = [\"k,cmdline=y\"]\n"),
                ElementsAre("4:12: error: modules[0] is the kernel and sets its command line, and so does \"cmdline\" "
                            "(line 3); keep one"));
    EXPECT_THAT(
        diags("name = \"g\"\ntype = \"pvh\"\nmodules = [\"k,size=3\"]\n"),
        ElementsAre("3:12: error: module entry \"k,size=3\": unknown key \"size\" (expected path= or cmdline=)"));
}
