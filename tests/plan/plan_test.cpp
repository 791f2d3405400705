#include <gtest/gtest.h>

#include <tuple>

#include <filesystem>

#include <fmt/format.h>

#include "core/byte_reader.hpp"
#include "core/checksum.hpp"
#include "domfw/abi/e820.h"
#include "domfw/abi/start_info.h"
#include "plan/from_domain.hpp"
#include "plan/layout.hpp"
#include "plan/plan.hpp"
#include "plan/plan_parts.hpp"
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
    in.placement = plan::ModulePlacement::proposal;
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

// The guest tests/xen boots on real Xen 4.17 (xen.hvm-pass): 512 MiB less 8 MiB of video RAM,
// one vCPU, Debian's hvmloader (memsz 0x33f40) and bios-256k.bin, an ACPI blob of a SLIC (0x176)
// and an SSDT (0x2ad), an SMBIOS blob of 0x141 bytes.
plan::PlanInput harness_hvm_guest() {
    auto in = hvm(512 * MiB - 8 * MiB);
    in.vcpus = 1;
    in.modules = {{"firmware", 0x40000, "firmware", ModuleRole::boot_module},
                  {"acpi_firmware", 0x423, "", ModuleRole::acpi_passthrough},
                  {"smbios_firmware", 0x141, "", ModuleRole::smbios_passthrough}};
    in.acpi_tables = {0x176, 0x2ad};
    return in;
}

std::string e820_text(const std::vector<plan::E820Entry>& m) {
    std::string out;
    for (const auto& e : m)
        out += fmt::format("[{:#x}, {:#x}) {}\n", e.addr, e.addr + e.size, plan::e820_type_name(e.type));
    return out;
}

// What libxl wrote to xenstore and what Linux printed as its BIOS-e820 in that guest.
TEST(Plan, HvmPassThroughIsWhereXenPutsIt) {
    auto p = plan::make_plan(harness_hvm_guest());
    ASSERT_TRUE(p) << p.error().message;
    std::map<std::string, std::string> xs(p->xenstore.begin(), p->xenstore.end());
    EXPECT_EQ(xs["hvmloader/acpi/address"], "0x174000");
    EXPECT_EQ(xs["hvmloader/acpi/length"], "0x423");
    EXPECT_EQ(xs["hvmloader/smbios/address"], "0x175000");
    EXPECT_EQ(xs["hvmloader/smbios/length"], "0x141");
    EXPECT_EQ(e820_text(p->e820_after), "[0x0, 0x423) ACPI\n"
                                        "[0x423, 0x9fc00) RAM\n"
                                        "[0x9fc00, 0xa0000) reserved\n"
                                        "[0xf0000, 0x100000) reserved\n"
                                        "[0x100000, 0x1f7ff000) RAM\n"
                                        "[0x1f7ff000, 0x1f800000) reserved\n"
                                        "[0xfc000000, 0xfc00b000) NVS\n"
                                        "[0xfc00b000, 0x100000000) reserved\n");
    ASSERT_EQ(p->warnings.size(), 1u);
    EXPECT_EQ(p->warnings[0],
              "Xen 4.17 fault: libxl lists the ACPI pass-through blob in the guest's memory map before libxc places "
              "it (at 0x174000), so at address 0: the guest's e820 says [0, 0x423) is ACPI data, over the real-mode "
              "IVT (hvmloader logs OVERLAP!!); the blob's tables reach the guest all the same");
}

// hvmloader's allocations, by hand from libacpi's order (layout.hpp): the harness guest's last
// byte is the RSDT's at 0xfc00ab23, so ten pages from 0xfc001000; one table of 0x500 bytes more
// puts the RSDT at [0xfc00afe0, 0xfc00b028), one page further.
TEST(Plan, HvmloaderAcpiAreaEndsWhereItsTablesDo) {
    auto in = harness_hvm_guest();
    EXPECT_EQ(plan::detail::hvmloader_acpi_end(in), 0xfc00b000u);
    in.acpi_tables.push_back(0x500);
    EXPECT_EQ(plan::detail::hvmloader_acpi_end(in), 0xfc00c000u);
    // ACPI off: no tables, and the e820 reserves everything from 0xfc000000.
    in.acpi = false;
    EXPECT_EQ(plan::detail::hvmloader_acpi_end(in), 0xfc000000u);
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(e820_text(p->e820_after).substr(e820_text(p->e820_after).find("[0x1f7ff000")),
              "[0x1f7ff000, 0x1f800000) reserved\n[0xfc000000, 0x100000000) reserved\n");
    // hvmloader takes at most 16 secondary tables, less one: with its 5 built-in, 10 passed ones.
    in.acpi = true;
    in.acpi_tables.assign(10, 0x1000);
    const auto ten = plan::detail::hvmloader_acpi_end(in);
    in.acpi_tables.push_back(0x1000);
    EXPECT_EQ(plan::detail::hvmloader_acpi_end(in), ten);
    in.modules[1].size = 11 * 0x1000;
    auto dropped = plan::make_plan(in);
    ASSERT_TRUE(dropped) << dropped.error().message;
    ASSERT_EQ(dropped->warnings.size(), 2u);
    EXPECT_EQ(dropped->warnings[1], "hvmloader appends only the first 10 of the 11 passed ACPI tables (at most 15 "
                                    "secondary tables, 5 of them its own) and drops the rest without a word");
    in.acpi_tables.resize(9);
    EXPECT_LT(plan::detail::hvmloader_acpi_end(in), ten);
    // Each vCPU adds 8 bytes to the MADT: with a third table of 0x400 bytes one vCPU's RSDT ends
    // at 0xfc00af27; 128 vCPUs move that table to [0xfc00ae70, 0xfc00b270).
    in = harness_hvm_guest();
    in.acpi_tables.push_back(0x400);
    EXPECT_EQ(plan::detail::hvmloader_acpi_end(in), 0xfc00b000u);
    in.vcpus = 128;
    EXPECT_EQ(plan::detail::hvmloader_acpi_end(in), 0xfc00c000u);
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
    in.placement = plan::ModulePlacement::proposal;
    in.modules = {{"firmware", 0x20000, "firmware", ModuleRole::boot_module}};
    auto p = plan::make_plan(in);
    ASSERT_TRUE(p);
    bool reserved_before = false, ram_after = false;
    for (const auto& e : p->e820_before)
        if (e.addr == 0x200000 && e.type == DOMFW_E820_RESERVED) reserved_before = true;
    // RAM from 1 MiB up to the last page, where SeaBIOS puts the Xen hypercall page.
    for (const auto& e : p->e820_after)
        if (e.addr == 0x100000 && e.type == DOMFW_E820_RAM && e.addr + e.size == 128 * MiB - 0x1000) ram_after = true;
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
    EXPECT_EQ(p.error().message, "module 'ramdisk' (0x10000000 bytes at 0x134000) ends at 0x10134000, above guest RAM "
                                 "end 0x8000000; this plan needs memory = 258 or more (MiB)");
    // In xl's memory= units: libxl takes the video RAM out of memory=, so the hint adds it back.
    in.video_memory = 8 * MiB;
    auto v = plan::make_plan(in);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().message, "module 'ramdisk' (0x10000000 bytes at 0x134000) ends at 0x10134000, above guest RAM "
                                 "end 0x8000000; this plan needs memory = 266 or more (MiB, with the 8 MiB of video "
                                 "RAM that xl's memory= includes)");

    auto big = hvm();
    big.placement = plan::ModulePlacement::proposal;
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
              "module 'disk' (0xf0000000 bytes at 0x134000) ends past the start of the MMIO hole 0xf0000000: nothing "
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
