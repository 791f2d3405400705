// The planner: fixed regions first (layout.hpp), then the loader or kernel, the modules and the
// start-info segment, each page-aligned at the first free address after the previous one.
// Placement assumes RAM up to the MMIO hole to find the minimum memory; then the real memory
// size is checked, naming the first component that does not fit.
#include <algorithm>

#include <fmt/format.h>

#include "core/checked.hpp"
#include "domfw/abi/e820.h"
#include "domfw/abi/hvm_info_table.h"
#include "plan/layout.hpp"
#include "plan/plan.hpp"
#include "plan/plan_parts.hpp"

namespace domfw::plan {
namespace {

using namespace layout;
using namespace detail;

std::vector<Region> make_fixed_regions(GuestType type) {
    std::vector<Region> r;
    r.push_back({"zero page", kZeroPageStart, kZeroPageEnd, RegionKind::fixed,
                 "real-mode IVT; start_info uses 0 for 'not present'"});
    if (type == GuestType::hvm) {
        r.push_back({"hvmloader scratch", kScratchStart, kScratchEnd, RegionKind::scratch,
                     "hvmloader SCRATCH_PHYSICAL_ADDRESS"});
        r.push_back({"hypercall page", kHypercallPage, kHypercallPage + kPage, RegionKind::fixed,
                     "hvmloader HYPERCALL_PHYSICAL_ADDRESS"});
        r.push_back({"e820 page", kE820Page, kE820Page + kPage, RegionKind::fixed, "HVM_E820_PAGE"});
        r.push_back({"hvm_info_table", kHvmInfoPage, kLowRamEnd, RegionKind::hvm_info,
                     fmt::format("HVM_INFO_PADDR {:#x}", kHvmInfoPaddr)});
        r.push_back({"VGA window", kVgaStart, kVgaEnd, RegionKind::mmio, "legacy VGA frame buffer"});
        r.push_back({"option ROMs", kOptionRomStart, kOptionRomEnd, RegionKind::fixed, "VGA BIOS and PCI option ROMs"});
        r.push_back({"BIOS image", kBiosStart, kRsdpPage, RegionKind::fixed, "SeaBIOS/rombios image"});
        r.push_back({"ACPI RSDP", kRsdpPage, kSmbiosStart, RegionKind::acpi,
                     fmt::format("RSDP at {:#x} (rombios/OVMF)", kRsdpPaddr)});
        r.push_back({"SMBIOS tables", kSmbiosStart, kSmbiosEnd, RegionKind::fixed,
                     "SMBIOS entry point and structures (rombios/OVMF)"});
        r.push_back({"BIOS entry", kSmbiosEnd, kBiosEnd, RegionKind::fixed, "BIOS image up to the reset vector"});
        r.push_back({"PCI MMIO hole", kMmioHoleStart, kReservedMemBase, RegionKind::mmio, "HVM_BELOW_4G_MMIO_START"});
        r.push_back({"ACPI info page", kReservedMemBase, kAcpiTablesStart, RegionKind::acpi,
                     "hvmloader ACPI_INFO_PHYSICAL_ADDRESS"});
        r.push_back(
            {"ACPI tables", kAcpiTablesStart, kSeabiosDynamicStart, RegionKind::acpi, "hvmloader's ACPI tables (NVS)"});
        r.push_back({"hvmloader dynamic memory", kSeabiosDynamicStart, kReservedDynamicEnd, RegionKind::fixed,
                     "SeaBIOS tables, SMBIOS for SeaBIOS"});
    } else {
        r.push_back({"legacy hole", kVgaStart, kBiosEnd, RegionKind::fixed,
                     fmt::format("VGA/BIOS area, unused by Xen 4.17 for PVH (RSDP at {:#x})", kPvhRsdpPaddr)});
        r.push_back({"PCI MMIO hole", kMmioHoleStart, kPvhAcpiStart, RegionKind::mmio, "HVM_BELOW_4G_MMIO_START"});
        r.push_back({"ACPI tables", kPvhAcpiStart, kPvhAcpiEnd, RegionKind::acpi,
                     fmt::format("libxl's PVH ACPI pages (NVS), RSDP at {:#x}", kPvhRsdpPaddr)});
        r.push_back({"platform MMIO", kPvhAcpiEnd, kReservedDynamicEnd, RegionKind::mmio, "unassigned MMIO"});
    }
    r.push_back({"platform devices", kReservedDynamicEnd, kSpecialPagesStart, RegionKind::mmio,
                 fmt::format("IOAPIC {:#x}, LAPIC {:#x}", kIoApicBase, kLapicBase)});
    r.push_back({"Xen special pages", kSpecialPagesStart, kSpecialPagesEnd, RegionKind::fixed,
                 "ioreq, xenstore, console pages (libxc)"});
    r.push_back({"BIOS flash alias", kSpecialPagesEnd, k4GiB, RegionKind::mmio, "top of 4 GiB"});
    return r;
}

// Built once per guest type: the planner runs in tight loops (property tests, benchmarks).
const std::vector<Region>& fixed_regions(GuestType type) {
    static const std::vector<Region> hvm = make_fixed_regions(GuestType::hvm);
    static const std::vector<Region> pvh = make_fixed_regions(GuestType::pvh);
    return type == GuestType::hvm ? hvm : pvh;
}

// First page-aligned address >= cursor where [s, s + size) avoids every region in `taken`.
Expected<std::uint64_t> find_slot(const std::vector<Region>& taken, std::uint64_t cursor, std::uint64_t size,
                                  const std::string& what) {
    std::uint64_t s = page_up(cursor);
    for (;;) {
        auto end = core::checked_add(s, size);
        if (!end || *end > kMmioHoleStart)
            return fail("{} ({:#x} bytes at {:#x}) ends past the start of the MMIO hole {:#x}: nothing is placed there "
                        "or above 4 GiB",
                        what, size, s, kMmioHoleStart);
        const Region* hit = overlapping(taken, s, *end);
        if (hit == nullptr) return s;
        s = page_up(hit->end);
    }
}

Expected<void> check_input(const PlanInput& in) {
    if (in.memory == 0) return fail("guest memory is 0");
    if (in.vcpus == 0 || in.vcpus > DOMFW_HVM_MAX_VCPUS)
        return fail("vcpus {} is outside 1..{} (HVM_MAX_VCPUS)", in.vcpus, DOMFW_HVM_MAX_VCPUS);
    if (in.type == GuestType::hvm && in.loader_size == 0) return fail("HVM guest: the loader image is empty");
    if (in.type == GuestType::hvm && in.kernel)
        return fail("HVM guest: a kernel ELF is a PVH input; hvmloader is the loader");
    if (in.type == GuestType::pvh && !in.kernel) return fail("PVH guest: no kernel ELF");
    if (in.type == GuestType::pvh && !in.cmdline.empty() && in.cmdline.size() + 1 > kMaxCmdline)
        return fail("the kernel command line is {:#x} bytes with its NUL, above MAX_GUEST_CMDLINE {:#x}",
                    in.cmdline.size() + 1, kMaxCmdline);
    int smbios = 0, acpi = 0;
    for (std::size_t i = 0; i < in.modules.size(); ++i) {
        const auto& m = in.modules[i];
        if (m.size == 0) return fail("module {} '{}' is empty", i, m.name);
        if (m.role == ModuleRole::smbios_passthrough) ++smbios;
        if (m.role == ModuleRole::acpi_passthrough) ++acpi;
        if (m.role != ModuleRole::boot_module && in.type != GuestType::hvm)
            return fail("module {} '{}': SMBIOS/ACPI pass-through through xenstore needs hvmloader (HVM); use a "
                        "firmware module for PVH",
                        i, m.name);
    }
    if (in.loader && (in.type != GuestType::pvh || in.modules.size() != 1))
        return fail("a boot through domfw's loader is PVH with exactly one module, the bundle ({} given)",
                    in.modules.size());
    if (smbios > 1)
        return fail("{} SMBIOS pass-through blobs: hvmloader reads exactly one (hvmloader/smbios/address)", smbios);
    if (acpi > 1) return fail("{} ACPI pass-through blobs: hvmloader reads exactly one (hvmloader/acpi/address)", acpi);
    return {};
}

// A placed component, described only if it turns out not to fit.
struct Placed {
    enum class What : std::uint8_t { loader, kernel, module, start_info } what;
    std::size_t module = 0;
    std::uint64_t start, end;
};

std::string describe(const Placed& x, const PlanInput& in) {
    switch (x.what) {
    case Placed::What::loader: return fmt::format("loader image ({:#x} bytes at {:#x})", in.loader_size, x.start);
    case Placed::What::kernel: return fmt::format("kernel image [{:#x}, {:#x})", x.start, x.end);
    case Placed::What::module:
        return fmt::format("module '{}' ({:#x} bytes at {:#x})", in.modules[x.module].name, x.end - x.start, x.start);
    case Placed::What::start_info:
        return fmt::format("the start-info segment ({:#x} bytes at {:#x})", x.end - x.start, x.start);
    }
    return "?";
}

// The self-check every plan passes before it is returned (the property tests rely on it).
Expected<void> check_regions(const std::vector<Region>& rs) {
    for (std::size_t i = 0; i < rs.size(); ++i) {
        const auto& r = rs[i];
        if (r.end <= r.start || !core::is_aligned(r.start, kPage) || !core::is_aligned(r.end, kPage) || r.end > k4GiB)
            return fail("internal: region '{}' [{:#x}, {:#x}) is empty, unaligned or reaches past 4 GiB", r.name,
                        r.start, r.end);
        if (i > 0 && rs[i - 1].end > r.start)
            return fail("internal: regions '{}' and '{}' overlap", rs[i - 1].name, r.name);
    }
    return {};
}

} // namespace

const char* region_kind_name(RegionKind k) {
    switch (k) {
    case RegionKind::fixed: return "fixed";
    case RegionKind::scratch: return "scratch";
    case RegionKind::hvm_info: return "hvm_info";
    case RegionKind::loader: return "loader";
    case RegionKind::kernel: return "kernel";
    case RegionKind::module: return "module";
    case RegionKind::start_info: return "start_info";
    case RegionKind::acpi: return "acpi";
    case RegionKind::mmio: return "mmio";
    case RegionKind::free_ram: return "ram";
    }
    return "?";
}

const char* e820_type_name(std::uint32_t t) {
    switch (t) {
    case DOMFW_E820_RAM: return "RAM";
    case DOMFW_E820_RESERVED: return "reserved";
    case DOMFW_E820_ACPI: return "ACPI";
    case DOMFW_E820_NVS: return "NVS";
    case DOMFW_E820_UNUSABLE: return "unusable";
    case DOMFW_E820_DISABLED: return "disabled";
    case DOMFW_E820_PMEM: return "PMEM";
    default: return "unknown";
    }
}

std::uint64_t min_memory_mib(const BuildPlan& p) {
    // Both are below 2^52 (domain::load's maxmem limit), so the sum cannot wrap.
    return (p.min_memory + p.video_memory + kMiB - 1) / kMiB;
}

std::string memory_unit_note(const BuildPlan& p) {
    if (p.video_memory == 0) return "MiB";
    return fmt::format("MiB, with the {} MiB of video RAM that xl's memory= includes",
                       (p.video_memory + kMiB - 1) / kMiB);
}

const char* guest_type_name(GuestType t) { return t == GuestType::hvm ? "hvm" : "pvh"; }

Expected<BuildPlan> make_plan(const PlanInput& in) {
    DOMFW_TRY_VOID(check_input(in));
    BuildPlan p;
    p.type = in.type;
    p.memory = in.memory;
    p.video_memory = in.type == GuestType::hvm ? in.video_memory : 0;
    const std::uint64_t mem = page_down(in.memory);
    p.low_ram_end = std::min(mem, kMmioHoleStart);
    p.high_ram_end = mem > kMmioHoleStart ? kHighRamStart + (mem - kMmioHoleStart) : 0;

    std::vector<Region> taken = fixed_regions(in.type);
    taken.reserve(taken.size() + in.modules.size() + 2);
    std::vector<Placed> placed; // in load order, for the memory check
    std::uint64_t cursor = 0;

    if (in.type == GuestType::hvm) {
        p.entry = kLoaderBase;
        const std::uint64_t end = page_up(kLoaderBase + std::min(in.loader_size, kMmioHoleStart));
        if (in.loader_size > kMmioHoleStart - kLoaderBase)
            return fail("loader image ({:#x} bytes at {:#x}) ends past the start of the MMIO hole {:#x}",
                        in.loader_size, kLoaderBase, kMmioHoleStart);
        if (in.placement == ModulePlacement::proposal && end > kProposalModuleBase)
            return fail("loader image ({:#x} bytes at {:#x}) ends at {:#x}, past the proposal's module base {:#x}; "
                        "place modules behind the loader instead",
                        in.loader_size, kLoaderBase, kLoaderBase + in.loader_size, kProposalModuleBase);
        taken.push_back({"hvmloader", kLoaderBase, end, RegionKind::loader, "linked at 1 MiB, 32-bit flat"});
        placed.push_back({Placed::What::loader, 0, kLoaderBase, kLoaderBase + in.loader_size});
        cursor = in.placement == ModulePlacement::proposal ? kProposalModuleBase : end;
    } else {
        const ElfImage& k = *in.kernel;
        if (!k.phys32_entry)
            return fail("kernel: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"): not a PVH kernel");
        for (const auto& s : k.segments) {
            const std::uint64_t end = s.paddr + s.memsz;
            if (end > kMmioHoleStart)
                return fail("kernel PT_LOAD segment {} [{:#x}, {:#x}) ends past the start of the MMIO hole {:#x}: "
                            "nothing is placed there or above 4 GiB",
                            s.index, s.paddr, end, kMmioHoleStart);
            if (const Region* r = overlapping(taken, page_down(s.paddr), page_up(end)))
                return fail("kernel PT_LOAD segment {} [{:#x}, {:#x}) overlaps '{}' [{:#x}, {:#x})", s.index, s.paddr,
                            end, r->name, r->start, r->end);
        }
        const std::uint64_t ks = page_down(k.load_start()), ke = page_up(k.load_end());
        if (*k.phys32_entry < k.load_start() || *k.phys32_entry >= k.load_end())
            return fail("kernel: PHYS32 entry {:#x} is outside the loaded image [{:#x}, {:#x})", *k.phys32_entry,
                        k.load_start(), k.load_end());
        p.entry = *k.phys32_entry;
        if (in.loader)
            taken.push_back({"domfw-loader.elf", ks, ke, RegionKind::loader,
                             "domfw's loader as the PVH kernel (its PT_LOAD segments)"});
        else
            taken.push_back({"kernel", ks, ke, RegionKind::kernel, "PVH kernel (PT_LOAD segments)"});
        placed.push_back({Placed::What::kernel, 0, k.load_start(), k.load_end()});
        cursor = ke;
    }

    std::uint64_t area_start = 0;
    for (std::size_t i = 0; i < in.modules.size(); ++i) {
        const auto& m = in.modules[i];
        const std::string what = "module '" + m.name + "'";
        DOMFW_TRY_X(std::uint64_t at, find_slot(taken, cursor, m.size, what));
        if (area_start == 0) area_start = at;
        const std::uint64_t end = at + m.size;
        taken.push_back({what, at, page_up(end), RegionKind::module,
                         m.cmdline.empty() ? std::string() : "cmdline \"" + m.cmdline + "\""});
        placed.push_back({Placed::What::module, i, at, end});
        p.modules.push_back({m.name, at, m.size, m.cmdline, 0, m.role});
        cursor = end;
    }

    // The start-info segment; its memmap is the e820 the loader (HVM) or kernel (PVH) gets.
    // Sized for one entry more than any map needs, so placing it cannot change its size.
    const std::string cmdline = in.type == GuestType::pvh ? in.cmdline : std::string();
    const std::size_t max_entries = detail::make_e820(in.type, p.low_ram_end, p.high_ram_end, 1, 2, true).size() + 1;
    DOMFW_TRY_X(std::uint64_t si_size, detail::start_info_size(cmdline, p.modules, max_entries));
    DOMFW_TRY_X(std::uint64_t si_at, find_slot(taken, cursor, si_size, "the start-info segment"));
    if (area_start == 0) area_start = si_at;
    taken.push_back({"start_info", si_at, page_up(si_at + si_size), RegionKind::start_info,
                     "hvm_start_info v1, modlist, cmdlines, memmap"});
    placed.push_back({Placed::What::start_info, 0, si_at, si_at + si_size});
    p.start_info_paddr = si_at;

    // Minimum memory: everything placed must lie in low RAM.
    std::uint64_t need = 0;
    for (const auto& x : placed)
        need = std::max(need, x.end);
    p.min_memory = page_up(need);
    for (const auto& x : placed) {
        if (x.end <= p.low_ram_end) continue;
        const std::string limit =
            p.low_ram_end == mem ? fmt::format("guest RAM end {:#x}", p.low_ram_end)
                                 : fmt::format("the end of low RAM {:#x} (the MMIO hole starts there)", p.low_ram_end);
        return fail("{} ends at {:#x}, above {}; this plan needs memory = {} or more ({})", describe(x, in), x.end,
                    limit, min_memory_mib(p), memory_unit_note(p));
    }

    const std::uint64_t area_end = page_up(si_at + si_size);
    p.e820_before = detail::make_e820(in.type, p.low_ram_end, p.high_ram_end, area_start, area_end, true);
    p.e820_after = in.type == GuestType::hvm
                       ? detail::make_hvm_e820_after(in, p.low_ram_end, p.high_ram_end)
                       : detail::make_e820(in.type, p.low_ram_end, p.high_ram_end, area_start, area_end, false);
    const auto& handed = in.type == GuestType::hvm ? p.e820_before : p.e820_after;
    const std::uint64_t rsdp = in.type == GuestType::pvh && in.acpi ? kPvhRsdpPaddr : 0;
    DOMFW_TRY_X(p.start_info, detail::make_start_info(si_at, cmdline, p.modules, handed, rsdp));
    if (in.type == GuestType::hvm) {
        DOMFW_TRY_X(p.hvm_info, detail::make_hvm_info(in.vcpus, p.low_ram_end, p.high_ram_end));
    }
    p.xenstore = detail::make_xenstore(in, p.modules);
    // The pass-through blobs are separate segments found through xenstore, not start_info modules.
    const auto boot_modules = static_cast<std::size_t>(std::count_if(
        in.modules.begin(), in.modules.end(), [](const ModuleInput& m) { return m.role == ModuleRole::boot_module; }));
    for (const auto& m : p.modules)
        if (m.role == ModuleRole::acpi_passthrough)
            p.warnings.push_back(fmt::format(
                "Xen 4.17 fault: libxl lists the ACPI pass-through blob in the guest's memory map before libxc "
                "places it (at {:#x}), so at address 0: the guest's e820 says [0, {:#x}) is ACPI data, over the "
                "real-mode IVT (hvmloader logs OVERLAP!!); the blob's tables reach the guest all the same",
                m.paddr, m.size));
    if (in.type == GuestType::hvm && in.acpi && in.acpi_tables.size() > detail::hvmloader_acpi_room(in))
        p.warnings.push_back(fmt::format("hvmloader appends only the first {} of the {} passed ACPI tables (at most {} "
                                         "secondary tables, {} of them its own) and drops the rest without a word",
                                         detail::hvmloader_acpi_room(in), in.acpi_tables.size(),
                                         layout::kAcpiMaxSecondaryTables - 1,
                                         layout::kAcpiMaxSecondaryTables - 1 - detail::hvmloader_acpi_room(in)));
    if (boot_modules > 2)
        p.warnings.push_back(fmt::format(
            "{} boot modules: Xen 4.17's libxc loads at most 2 (XG_MAX_MODULES); domfw's loader takes a bundle",
            boot_modules));

    // Free RAM between everything else, below the low RAM end.
    std::sort(taken.begin(), taken.end(), [](const Region& a, const Region& b) { return a.start < b.start; });
    std::vector<Region> all;
    std::uint64_t pos = 0;
    for (const auto& r : taken) {
        const std::uint64_t gap_end = std::min(r.start, p.low_ram_end);
        if (gap_end > pos) all.push_back({"free RAM", pos, gap_end, RegionKind::free_ram, ""});
        all.push_back(r);
        pos = std::max(pos, r.end);
    }
    p.regions = std::move(all);
    DOMFW_TRY_VOID(check_regions(p.regions));
    if (in.loader) {
        DOMFW_TRY_X(p.stages, detail::make_loader_stages(in, p));
    }
    return p;
}

} // namespace domfw::plan
