#include <gtest/gtest.h>

#include <tuple>

#include <filesystem>

#include "core/byte_reader.hpp"
#include "core/checksum.hpp"
#include "domfw/abi/e820.h"
#include "domfw/abi/start_info.h"
#include "plan/from_domain.hpp"
#include "plan/layout.hpp"
#include "plan/plan.hpp"
#include "support/files.hpp"

using namespace domfw;
using plan::GuestType;
using plan::ModuleRole;

namespace {

constexpr std::uint64_t MiB = 0x100000;

plan::PlanInput hvm(std::uint64_t mem = 128 * MiB) {
    plan::PlanInput in;
    in.type = GuestType::hvm;
    in.memory = mem;
    in.vcpus = 2;
    in.loader_size = 0x33f40; // Debian 4.17 hvmloader memsz
    return in;
}

plan::ElfImage kernel_at(std::uint64_t paddr, std::uint64_t memsz, std::uint64_t entry) {
    plan::ElfImage k;
    k.segments.push_back({0, 0x1000, paddr, memsz, memsz});
    k.phys32_entry = entry;
    return k;
}

const plan::Region* find(const plan::BuildPlan& p, const std::string& name) {
    for (const auto& r : p.regions)
        if (r.name == name) return &r;
    return nullptr;
}

TEST(Plan, HvmProposalLayoutStacksModulesFromTwoMiB) {
    auto in = hvm();
    in.modules = {{"firmware", 0x20000, "firmware", ModuleRole::boot_module},
                  {"acpi.bin", 0x1234, "", ModuleRole::acpi_passthrough},
                  {"smbios.bin", 0x800, "", ModuleRole::smbios_passthrough}};
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_EQ(p->modules.size(), 3u);
    EXPECT_EQ(p->modules[0].paddr, 0x200000u);
    EXPECT_EQ(p->modules[1].paddr, 0x220000u);
    EXPECT_EQ(p->modules[2].paddr, 0x222000u);
    EXPECT_EQ(p->start_info_paddr, 0x223000u);
    EXPECT_EQ(p->entry, 0x100000u);
    EXPECT_EQ(p->min_memory, 0x224000u);
    const auto* loader = find(*p, "hvmloader");
    ASSERT_NE(loader, nullptr);
    EXPECT_EQ(loader->start, 0x100000u);
    EXPECT_EQ(loader->end, 0x134000u);
    // xenstore as libxl writes it: hex strings.
    std::map<std::string, std::string> xs(p->xenstore.begin(), p->xenstore.end());
    EXPECT_EQ(xs["hvmloader/acpi/address"], "0x220000");
    EXPECT_EQ(xs["hvmloader/acpi/length"], "0x1234");
    EXPECT_EQ(xs["hvmloader/smbios/address"], "0x222000");
    EXPECT_EQ(xs["hvmloader/smbios/length"], "0x800");
    EXPECT_EQ(xs["hvmloader/bios"], "seabios");
    EXPECT_EQ(xs["platform/acpi"], "1");
}

TEST(Plan, HvmBehindLoaderIsWhatLibxcDoes) {
    auto in = hvm();
    in.placement = plan::ModulePlacement::behind_loader;
    in.modules = {{"firmware", 0x20000, "firmware", ModuleRole::boot_module}};
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->modules[0].paddr, 0x134000u);
    EXPECT_EQ(p->start_info_paddr, 0x154000u);
    EXPECT_EQ(p->min_memory, 0x155000u);
}

TEST(Plan, StartInfoDecodesToWhatWasPlanned) {
    auto in = hvm();
    in.modules = {{"firmware", 0x20000, "firmware", ModuleRole::boot_module},
                  {"ipxe", 0x1000, "ipxe", ModuleRole::boot_module}};
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p);
    core::ByteReader r(p->start_info);
    EXPECT_EQ(r.u32_at(0).value(), DOMFW_HVM_START_MAGIC_VALUE);
    EXPECT_EQ(r.u32_at(4).value(), 1u);
    EXPECT_EQ(r.u32_at(12).value(), 2u);
    const std::uint64_t modlist = r.u64_at(16).value() - p->start_info_paddr;
    EXPECT_EQ(r.u64_at(24).value(), 0u) << "HVM: no kernel cmdline";
    EXPECT_EQ(r.u64_at(32).value(), 0u) << "HVM: hvmloader builds ACPI";
    for (std::size_t i = 0; i < 2; ++i) {
        const std::uint64_t e = modlist + i * 32;
        EXPECT_EQ(r.u64_at(e).value(), p->modules[i].paddr);
        EXPECT_EQ(r.u64_at(e + 8).value(), p->modules[i].size);
        const std::uint64_t c = r.u64_at(e + 16).value() - p->start_info_paddr;
        const std::string text(reinterpret_cast<const char*>(p->start_info.data() + c));
        EXPECT_EQ(text, p->modules[i].cmdline); // hvmloader matches "firmware" exactly
    }
    const std::uint64_t mm = r.u64_at(40).value() - p->start_info_paddr;
    const std::uint32_t n = r.u32_at(48).value();
    ASSERT_EQ(n, p->e820_before.size());
    for (std::uint32_t i = 0; i < n; ++i) {
        EXPECT_EQ(r.u64_at(mm + i * 24).value(), p->e820_before[i].addr);
        EXPECT_EQ(r.u64_at(mm + i * 24 + 8).value(), p->e820_before[i].size);
        EXPECT_EQ(r.u32_at(mm + i * 24 + 16).value(), p->e820_before[i].type);
    }
}

// The non-RAM entries of a PVH guest's memory map as a real Xen 4.17 gives them (tests/xen,
// xen.pvh-loader-plan, docs/xen-harness.md): ACPI data from the info page to the end of the RSDP,
// and the 8 special pages below 0xff000000.
TEST(Plan, PvhMemoryMapIsXens) {
    plan::PlanInput in;
    in.type = GuestType::pvh;
    in.memory = 512 * MiB;
    in.acpi = true;
    in.kernel = kernel_at(0x100000, 0x1000, 0x100000);
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p) << p.error().message;
    std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint32_t>> reserved;
    for (const auto& e : p->e820_before)
        if (e.type != DOMFW_E820_RAM) reserved.emplace_back(e.addr, e.addr + e.size, e.type);
    EXPECT_EQ(reserved, (std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint32_t>>{
                            {0xA0000, 0x100000, DOMFW_E820_RESERVED},
                            {0xFC000000, 0xFC008040, DOMFW_E820_ACPI},
                            {0xFEFF8000, 0xFF000000, DOMFW_E820_RESERVED}}));
}

TEST(Plan, E820ModuleAreaBecomesRamAfterHandOff) {
    auto in = hvm();
    in.modules = {{"firmware", 0x20000, "firmware", ModuleRole::boot_module}};
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p);
    bool reserved_before = false, ram_after = false;
    for (const auto& e : p->e820_before)
        if (e.addr == 0x200000 && e.type == DOMFW_E820_RESERVED) reserved_before = true;
    for (const auto& e : p->e820_after)
        if (e.addr == 0x100000 && e.type == DOMFW_E820_RAM && e.addr + e.size == 128 * MiB) ram_after = true;
    EXPECT_TRUE(reserved_before);
    EXPECT_TRUE(ram_after);
}

TEST(Plan, HvmInfoTableSumsToZero) {
    auto in = hvm(6ULL * 1024 * MiB); // 6 GiB: 3.75 GiB low, 2.25 GiB above 4 GiB
    in.vcpus = 9;
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p);
    ASSERT_EQ(p->hvm_info.size(), 48u);
    EXPECT_EQ(core::sum8(p->hvm_info), 0);
    core::ByteReader r(p->hvm_info);
    EXPECT_EQ(std::string(p->hvm_info.begin(), p->hvm_info.begin() + 8), "HVM INFO");
    EXPECT_EQ(r.u32_at(16).value(), 9u);
    EXPECT_EQ(r.u32_at(20).value(), 0xF0000u);
    EXPECT_EQ(r.u32_at(24).value(), 0xFEFF0u);
    EXPECT_EQ(r.u32_at(28).value(), 0x100000u + (6ULL * 1024 * MiB - 0xF0000000ULL) / 0x1000);
    EXPECT_EQ(p->hvm_info[32], 0xFF);
    EXPECT_EQ(p->hvm_info[33], 0x01);
    EXPECT_EQ(p->high_ram_end, 0x100000000ULL + 6ULL * 1024 * MiB - 0xF0000000ULL);
}

TEST(Plan, PvhPlacesKernelModulesAndStartInfo) {
    plan::PlanInput in;
    in.type = GuestType::pvh;
    in.memory = 512 * MiB;
    in.kernel = kernel_at(0x1000000, 0x2345678, 0x1000100);
    in.cmdline = "console=hvc0 root=/dev/xvda1";
    in.modules = {{"ramdisk", 0x800000, "", ModuleRole::boot_module}};
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->entry, 0x1000100u);
    EXPECT_EQ(p->modules[0].paddr, 0x3346000u);
    EXPECT_EQ(p->start_info_paddr, 0x3b46000u);
    core::ByteReader r(p->start_info);
    EXPECT_EQ(r.u64_at(32).value(), 0xFC008000u) << "PVH: Xen 4.17 libxl's RSDP (LOADER-FACTS.md), not 0xfffc0";
    const std::uint64_t c = r.u64_at(24).value() - p->start_info_paddr;
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->start_info.data() + c)), in.cmdline);
    EXPECT_TRUE(p->xenstore.empty());
    EXPECT_TRUE(p->hvm_info.empty());
}

// The notes name the addresses layout.hpp defines, formatted from its constants: literals here
// are the oracle (Xen's HVM_INFO_PADDR, rombios's RSDP, Xen 4.17 libxl's PVH RSDP).
TEST(Plan, RegionNotesNameTheLayoutAddresses) {
    auto p = plan::make_plan(hvm());
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_NE(find(*p, "hvm_info_table"), nullptr);
    EXPECT_EQ(find(*p, "hvm_info_table")->note, "HVM_INFO_PADDR 0x9f800");
    EXPECT_EQ(find(*p, "hvm_info_table")->start, 0x9f000u);
    ASSERT_NE(find(*p, "ACPI RSDP"), nullptr);
    EXPECT_EQ(find(*p, "ACPI RSDP")->note, "RSDP at 0xea020 (rombios/OVMF)");
    EXPECT_EQ(find(*p, "ACPI RSDP")->start, 0xea000u);
    ASSERT_NE(find(*p, "platform devices"), nullptr);
    EXPECT_EQ(find(*p, "platform devices")->note, "IOAPIC 0xfec00000, LAPIC 0xfee00000");
    static_assert(plan::layout::kPvhRsdpPaddr == 0xFC008000 && plan::layout::kPvhAcpiEnd == 0xFC010000);
}

TEST(Plan, ErrorsAreExact) {
    auto in = hvm(128 * MiB);
    in.modules = {{"ramdisk", 0x10000000, "", ModuleRole::boot_module}};
    auto p = plan::make_plan(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message, "module 'ramdisk' (0x10000000 bytes at 0x200000) ends at 0x10200000, above guest RAM "
                                 "end 0x8000000; this plan needs memory = 259 or more (MiB)");
    // In xl's memory= units: libxl takes the video RAM out of memory=, so the hint adds it back.
    in.video_memory = 8 * MiB;
    auto v = plan::make_plan(in);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().message, "module 'ramdisk' (0x10000000 bytes at 0x200000) ends at 0x10200000, above guest RAM "
                                 "end 0x8000000; this plan needs memory = 267 or more (MiB, with the 8 MiB of video "
                                 "RAM that xl's memory= includes)");

    auto big = hvm();
    big.loader_size = 0x180000;
    auto b = plan::make_plan(big);
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().message, "loader image (0x180000 bytes at 0x100000) ends at 0x280000, past the proposal's "
                                 "module base 0x200000; place modules behind the loader instead");

    auto two = hvm();
    two.modules = {{"a", 1, "", ModuleRole::smbios_passthrough}, {"b", 1, "", ModuleRole::smbios_passthrough}};
    EXPECT_EQ(plan::make_plan(two).error().message,
              "2 SMBIOS pass-through blobs: hvmloader reads exactly one (hvmloader/smbios/address)");

    auto empty = hvm();
    empty.modules = {{"cloud-init", 0, "", ModuleRole::boot_module}};
    EXPECT_EQ(plan::make_plan(empty).error().message, "module 0 'cloud-init' is empty");

    auto cpus = hvm();
    cpus.vcpus = 129;
    EXPECT_EQ(plan::make_plan(cpus).error().message, "vcpus 129 is outside 1..128 (HVM_MAX_VCPUS)");

    auto huge = hvm(8ULL * 1024 * MiB);
    huge.modules = {{"disk", 0xF0000000, "", ModuleRole::boot_module}};
    EXPECT_EQ(plan::make_plan(huge).error().message,
              "module 'disk' (0xf0000000 bytes at 0x200000) ends past the start of the MMIO hole 0xf0000000: nothing "
              "is placed there or above 4 GiB");

    plan::PlanInput pvh;
    pvh.type = GuestType::pvh;
    pvh.memory = 64 * MiB;
    pvh.kernel = kernel_at(0x90000, 0x20000, 0x90000);
    EXPECT_EQ(plan::make_plan(pvh).error().message,
              "kernel PT_LOAD segment 0 [0x90000, 0xb0000) overlaps 'legacy hole' [0xa0000, 0x100000)");
    pvh.kernel = kernel_at(0x100000, 0x1000, 0x200000);
    EXPECT_EQ(plan::make_plan(pvh).error().message,
              "kernel: PHYS32 entry 0x200000 is outside the loaded image [0x100000, 0x101000)");
    pvh.kernel->phys32_entry.reset();
    EXPECT_EQ(plan::make_plan(pvh).error().message,
              "kernel: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"): not a PVH kernel");
    pvh.kernel = kernel_at(0x100000, 0x1000, 0x100000);
    pvh.cmdline = std::string(1024, 'x');
    EXPECT_EQ(plan::make_plan(pvh).error().message,
              "the kernel command line is 0x401 bytes with its NUL, above MAX_GUEST_CMDLINE 0x400");
    pvh.cmdline.clear();
    pvh.modules = {{"smbios.bin", 10, "", ModuleRole::smbios_passthrough}};
    EXPECT_EQ(plan::make_plan(pvh).error().message, "module 0 'smbios.bin': SMBIOS/ACPI pass-through through xenstore "
                                                    "needs hvmloader (HVM); use a firmware module for PVH");
    pvh.modules = {{"initrd", 0x100, std::string(2000, 'c'), ModuleRole::boot_module}};
    EXPECT_EQ(plan::make_plan(pvh).error().message,
              "the command line of module 'initrd' is 0x7d1 bytes with its NUL, above MAX_GUEST_CMDLINE 0x400");
}

TEST(Plan, MinimumMemoryIsExactlyEnough) {
    auto in = hvm(128 * MiB);
    in.modules = {{"ramdisk", 0x1000000, "", ModuleRole::boot_module}};
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p);
    in.memory = p->min_memory;
    EXPECT_TRUE(plan::make_plan(in));
    in.memory = p->min_memory - 0x1000;
    EXPECT_FALSE(plan::make_plan(in));
}

} // namespace

// domain::load bounds maxmem; a DomainConfig built by other code is still checked before the
// KiB -> bytes conversion, which would otherwise wrap (a 16 EiB plan).
TEST(PlanFromDomain, MemoryBeyondSixtyFourBitsOfBytesIsRefused) {
    domain::DomainConfig c;
    c.type.value = domain::GuestType::pvh;
    c.max_memkb.value = std::uint64_t{1} << 60;
    auto r = plan::plan_input_from_domain(c);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "maxmem 0x1000000000000000 KiB does not fit 64 bits in bytes");
}
