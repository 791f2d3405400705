// The two stages of a PVH boot through domfw's loader (docs/plan.md, "One loader, one bundle"):
// what Xen and QEMU load (LOADER-FACTS.md gives where each puts the one module) and what the
// loader lays out before it starts the kernel, checked for overlap with exact messages.
#include <gtest/gtest.h>

#include "emit/plan_report.hpp"
#include "plan/layout.hpp"
#include "plan/plan.hpp"

using namespace domfw;
using plan::GuestType;
using plan::ModuleRole;

namespace {

constexpr std::uint64_t MiB = 0x100000;

plan::ElfImage elf_at(std::uint64_t paddr, std::uint64_t memsz) {
    plan::ElfImage k;
    k.segments.push_back({0, 0x1000, paddr, memsz, memsz});
    k.phys32_entry = paddr;
    return k;
}

// A loader of 336 KiB at 1 MiB (as domfw-loader.elf: its SMBIOS, ACPI and hand-off areas are its
// last 264 KiB) and a Debian-like kernel from 16 MiB to 0x4a00000.
plan::PlanInput through_loader(std::uint64_t memory, std::uint64_t bundle_size) {
    plan::PlanInput in;
    in.type = GuestType::pvh;
    in.memory = memory;
    in.kernel = elf_at(0x100000, 0x54000);
    in.cmdline = "console=hvc0 root=/dev/xvda1";
    in.modules = {{"bundle.dfwb", bundle_size, "", ModuleRole::boot_module}};
    plan::LoaderInput li;
    li.kernel = elf_at(0x1000000, 0x3A00000);
    li.blobs = {{"ramdisk", 0x3000, 0x10000, ""}, {"user-data", 0x14000, 0x100, "ds=nocloud"}};
    li.firmware_bytes = 0x2345;
    in.loader = li;
    return in;
}

const plan::Region* find(const std::vector<plan::Region>& rs, const std::string& name) {
    for (const auto& r : rs)
        if (r.name == name) return &r;
    return nullptr;
}

TEST(LoaderStages, XenPutsTheBundleBehindTheLoaderAndTheLoaderKeepsItThere) {
    auto p = plan::make_plan(through_loader(256 * MiB, 0x800000));
    ASSERT_TRUE(p) << p.error().message;
    // Stage 1 on Xen: the planner's own regions, the loader as the PVH kernel at 1 MiB.
    EXPECT_EQ(p->entry, 0x100000u);
    ASSERT_NE(find(p->regions, "domfw-loader.elf"), nullptr);
    EXPECT_EQ(p->modules.at(0).paddr, 0x154000u);
    ASSERT_EQ(p->stages.size(), 3u);
    const auto& xen = p->stages[0];
    EXPECT_EQ(xen.title, "the loader lays out (after Xen)");
    const auto* b = find(xen.regions, "bundle.dfwb");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->start, 0x154000u);
    EXPECT_EQ(b->note, "where Xen put it; the modules are handed on in place");
    const auto* k = find(xen.regions, "kernel PT_LOAD segment 0");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->start, 0x1000000u);
    EXPECT_EQ(k->end, 0x4A00000u);
    // The ramdisk and the other modules are handed on in place, inside the bundle.
    ASSERT_EQ(xen.modules.size(), 2u);
    EXPECT_EQ(xen.modules[0].name, "ramdisk");
    EXPECT_EQ(xen.modules[0].paddr, 0x157000u);
    EXPECT_EQ(xen.modules[1].paddr, 0x168000u);
    EXPECT_EQ(xen.modules[1].cmdline, "ds=nocloud");
    // The merged SMBIOS table, the new ACPI tables and the start_info handed on: in the loader
    // image's last 264 KiB, where domfw-loader.elf's linker script puts its three areas.
    const auto* t = find(xen.regions, "SMBIOS area (in the loader image)");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->start, 0x112000u);
    EXPECT_EQ(t->end, 0x122000u);
    const auto* a = find(xen.regions, "ACPI area (in the loader image)");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->start, 0x122000u);
    EXPECT_EQ(a->end, 0x142000u);
    EXPECT_EQ(find(xen.regions, "domfw-loader.elf")->end, 0x112000u);
    EXPECT_EQ(xen.start_info_paddr, 0x142000u);
    EXPECT_EQ(find(xen.regions, "start_info (handed on)")->end, 0x154000u);
    for (std::size_t i = 1; i < xen.regions.size(); ++i)
        EXPECT_LE(xen.regions[i - 1].end, xen.regions[i].start) << xen.regions[i].name;
}

TEST(LoaderStages, ABundleOverTheKernelIsMovedToTheTopOfLowRam) {
    // 70 MiB behind the loader covers 16 MiB.., where the kernel must go (LOADER-FACTS.md).
    auto p = plan::make_plan(through_loader(256 * MiB, 70 * MiB));
    ASSERT_TRUE(p) << p.error().message;
    const auto& xen = p->stages[0];
    const auto* b = find(xen.regions, "bundle.dfwb");
    ASSERT_NE(b, nullptr);
    // As the loader chooses (handoff.cpp): the highest free pages of low RAM.
    EXPECT_EQ(b->start, 0xBA00000u);
    EXPECT_EQ(b->note, "moved by the loader: Xen put it at [0x154000, 0x4754000), over 'kernel PT_LOAD segment 0'");
    EXPECT_EQ(xen.modules[0].paddr, 0xBA03000u);
}

TEST(LoaderStages, QemuPutsTheBundleBelowTheTopOfLowRam) {
    // LOADER-FACTS.md: with -m 512, (below_4g_ram - 0x28000 - 1 - size) & ~0xfff = 0x1bce8000.
    auto p = plan::make_plan(through_loader(512 * MiB, 0x42EF000));
    ASSERT_TRUE(p) << p.error().message;
    const auto& qemu = p->stages[1];
    const auto* b = find(qemu.regions, "bundle.dfwb");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->start, 0x1BCE8000u);
    const auto& after = p->stages[2];
    EXPECT_EQ(after.title, "the loader lays out (after QEMU)");
    EXPECT_EQ(find(after.regions, "bundle.dfwb")->start, 0x1BCE8000u);
    EXPECT_EQ(after.modules[0].paddr, 0x1BCEB000u);
}

TEST(LoaderStages, ErrorsNameBothRegionsAndTheirRanges) {
    auto in = through_loader(256 * MiB, 0x10000);
    in.loader->kernel = elf_at(0x100000, 0x1000); // a kernel linked at 1 MiB, where the loader runs
    auto p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message, "the loader's layout after Xen: 'kernel PT_LOAD segment 0' [0x100000, 0x101000) "
                                 "overlaps 'domfw-loader.elf' [0x100000, 0x112000)");

    in = through_loader(256 * MiB, 0x10000);
    in.loader->kernel.segments.push_back({1, 0x2000, 0x2000000, 0x100, 0x100}); // inside segment 0
    p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message, "the loader's layout after Xen: 'kernel PT_LOAD segment 1' [0x2000000, 0x2000100) "
                                 "overlaps 'kernel PT_LOAD segment 0' [0x1000000, 0x4a00000)");

    in = through_loader(64 * MiB, 0x10000); // the kernel ends at 0x4a00000, above 64 MiB
    p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message, "the loader's layout after Xen: kernel PT_LOAD segment 0 [0x1000000, 0x4a00000) ends "
                                 "above the end of low RAM 0x4000000");

    in = through_loader(96 * MiB, 80 * MiB); // Xen loads it, but above the kernel it does not fit
    p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message,
              "the loader's layout after Xen: the bundle (0x5000000 bytes) finds no room below 0x6000000 clear of the "
              "loader and the kernel");

    in = through_loader(256 * MiB, 0x10000);
    in.kernel = elf_at(0x100000, 0x20000); // not domfw's loader: no room for its areas
    p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message, "the loader's layout after Xen: loader image [0x100000, 0x120000) is smaller than its "
                                 "SMBIOS, ACPI and hand-off areas (0x42000 bytes): not domfw's loader");

    // Xen fits the bundle behind the loader; QEMU's top-of-RAM rule leaves it below the loader.
    in = through_loader(32 * MiB, 0x1E90000);
    in.loader->kernel = elf_at(0x1FFF000, 0x1000);
    p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message,
              "QEMU (-kernel domfw-loader.elf -initrd bundle.dfwb): the bundle (0x1e90000 bytes) does not fit between "
              "the loader's end 0x154000 and QEMU's initrd limit, the end of low RAM 0x2000000 less 0x28001; give the "
              "guest more memory");
}

TEST(LoaderStages, PlanTextAndJsonShowEveryStage) {
    auto p = plan::make_plan(through_loader(256 * MiB, 0x800000));
    ASSERT_TRUE(p) << p.error().message;
    const std::string text = emit::plan_table(*p);
    for (const char* want :
         {"stage: the loader lays out (after Xen)\n", "stage: the loader lays out (after QEMU)\n",
          "stage: QEMU loads (-machine pc: -kernel domfw-loader.elf -initrd bundle.dfwb -append CMDLINE)\n",
          "  start_info module 1 'user-data' 0x168000 + 0x100  cmdline \"ds=nocloud\"\n"})
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
    const auto j = emit::plan_json(*p);
    ASSERT_EQ(j["stages"].size(), 3u);
    EXPECT_EQ(j["stages"][0]["modules"][0]["paddr"], "0x157000");
    EXPECT_EQ(j["stages"][1]["regions"].size(), 4u);
}

TEST(LoaderStages, OnlyPvhWithTheBundleAlone) {
    auto in = through_loader(256 * MiB, 0x10000);
    in.modules.push_back({"extra", 0x1000, "", ModuleRole::boot_module});
    auto p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message, "a boot through domfw's loader is PVH with exactly one module, the bundle (2 given)");
}

} // namespace
