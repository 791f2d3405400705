// The two stages of a PVH boot through domfw's loader (docs/plan.md, "One loader, one bundle";
// LOADER-FACTS.md). Stage 1: Xen or QEMU loads domfw-loader.elf and the bundle as its one
// module (Xen: the planner's own regions; QEMU: computed here). Stage 2: the loader lays out the
// real kernel at its PT_LOAD p_paddr, moves the bundle out of the kernel's way when it has to,
// keeps the ramdisk and the other modules in place inside the bundle, reserves its new SMBIOS
// and ACPI tables, and writes the start_info it hands on. Every region says why it is there and
// no two overlap: a clash is an error naming both regions and their ranges.
#include <algorithm>

#include <fmt/format.h>

#include "core/checked.hpp"
#include "plan/layout.hpp"
#include "plan/plan_parts.hpp"

namespace domfw::plan::detail {
namespace {

using namespace layout;

struct Hypervisor {
    const char* name;           // "Xen", "QEMU"
    std::uint64_t low_ram_end;  // RAM below 4 GiB ends here
    std::uint64_t ram_top;      // the top of the memory map's highest RAM below 4 GiB
    std::uint64_t bundle_paddr; // where it put the bundle
    std::uint64_t loader_start; // the loader's image
    std::uint64_t loader_end;
    std::uint64_t start_info_start; // the start_info it gave the loader, when it is above 1 MiB
    std::uint64_t start_info_end;   // (Xen's, behind the bundle; QEMU's is in low RAM)
};

// Adds `r` unless it overlaps a region already there: then the error names both.
Expected<void> add_fixed(std::vector<Region>& rs, Region r, std::string_view stage) {
    if (const Region* hit = overlapping(rs, r.start, r.end))
        return fail("{}: '{}' [{:#x}, {:#x}) overlaps '{}' [{:#x}, {:#x})", stage, r.name, r.start, r.end, hit->name,
                    hit->start, hit->end);
    rs.push_back(std::move(r));
    return {};
}

// The loader's choice for a bundle it must move (loader/lib/handoff.cpp find_bundle_room): the
// highest page-aligned range below `top` and at or above 1 MiB that meets neither the loader
// image nor a kernel segment.
Expected<std::uint64_t> highest_slot(const std::vector<Region>& rs, std::uint64_t size, std::uint64_t top,
                                     std::string_view stage) {
    std::uint64_t t = page_down(top);
    for (;;) {
        if (t < size || page_down(t - size) < kBiosEnd)
            return fail("{}: the bundle ({:#x} bytes) finds no room below {:#x} clear of the loader and the kernel",
                        stage, size, top);
        const std::uint64_t s = page_down(t - size);
        const Region* hit = nullptr;
        for (const auto& r : rs)
            if ((r.kind == RegionKind::kernel || r.kind == RegionKind::loader || r.kind == RegionKind::acpi ||
                 r.kind == RegionKind::start_info) &&
                r.start >= kBiosEnd && s < r.end && r.start < s + size && (hit == nullptr || r.start < hit->start))
                hit = &r;
        if (hit == nullptr) return s;
        t = page_down(hit->start);
    }
}

Expected<BootStage> handoff(const PlanInput& in, const BuildPlan& xen, const Hypervisor& hv) {
    const LoaderInput& li = *in.loader;
    const std::uint64_t bundle_size = xen.modules.at(0).size;
    const std::string stage = fmt::format("the loader's layout after {}", hv.name);
    BootStage st;
    st.title = fmt::format("the loader lays out (after {})", hv.name);
    std::vector<Region> rs;
    rs.push_back({"zero page", kZeroPageStart, kZeroPageEnd, RegionKind::fixed,
                  "real-mode IVT; start_info uses 0 for 'not present'"});
    rs.push_back({"legacy hole", kVgaStart, kFSegmentStart, RegionKind::fixed, "VGA window, option ROMs, BIOS"});
    rs.push_back({"F-segment", kFSegmentStart, kBiosEnd, RegionKind::fixed,
                  "the new _SM3_/_SM_ entry point: Linux scans only 0xf0000..0xfffff for SMBIOS"});
    // The loader's SMBIOS, ACPI and hand-off areas are the last 264 KiB of its image (layout.hpp):
    // the merged SMBIOS table, the new ACPI tables and the start_info handed on are written there.
    if (hv.loader_end - hv.loader_start < kLoaderAreas)
        return fail("{}: loader image [{:#x}, {:#x}) is smaller than its SMBIOS, ACPI and hand-off areas ({:#x} "
                    "bytes): not domfw's loader",
                    stage, hv.loader_start, hv.loader_end, kLoaderAreas);
    const std::uint64_t handoff_start = hv.loader_end - kLoaderHandoffArea;
    const std::uint64_t acpi_start = handoff_start - kLoaderAcpiArea;
    const std::uint64_t smbios_start = acpi_start - kLoaderSmbiosArea;
    DOMFW_TRY_VOID(add_fixed(
        rs,
        {"domfw-loader.elf", hv.loader_start, smbios_start, RegionKind::loader, "running until it jumps to the kernel"},
        stage));
    rs.push_back({"SMBIOS area (in the loader image)", smbios_start, acpi_start, RegionKind::acpi,
                  "the merged SMBIOS table at its start; its pages reserved in the memmap handed on"});
    rs.push_back({"ACPI area (in the loader image)", acpi_start, handoff_start, RegionKind::acpi,
                  "the new RSDP, XSDT, RSDT and the passed tables; the used pages reserved in the memmap handed on"});
    // Linux's PVH entry code uses fixed physical addresses: each segment exactly at p_paddr.
    for (const auto& s : li.kernel.segments) {
        const std::uint64_t end = s.paddr + s.memsz; // read_elf_image checked the sum
        if (end > hv.low_ram_end)
            return fail("{}: kernel PT_LOAD segment {} [{:#x}, {:#x}) ends above the end of low RAM {:#x}", stage,
                        s.index, s.paddr, end, hv.low_ram_end);
        DOMFW_TRY_VOID(add_fixed(rs,
                                 {fmt::format("kernel PT_LOAD segment {}", s.index), s.paddr, end, RegionKind::kernel,
                                  "copied to its p_paddr (filesz copied, memsz - filesz zeroed)"},
                                 stage));
    }
    // The loader copies out what it needs of the start_info it was given before it writes
    // anything; shown (and kept clear of the new tables) when no kernel segment covers it.
    if (hv.start_info_end > hv.start_info_start && overlapping(rs, hv.start_info_start, hv.start_info_end) == nullptr)
        rs.push_back({fmt::format("{}'s start_info", hv.name), hv.start_info_start, hv.start_info_end,
                      RegionKind::start_info, "read by the loader first"});
    // The bundle stays where it was loaded unless a kernel segment needs that memory: then the
    // loader moves it (before copying any segment) to the highest free pages of low RAM.
    std::uint64_t bundle = hv.bundle_paddr;
    const std::uint64_t loaded_end = page_up(hv.bundle_paddr + bundle_size);
    // The loader moves it only when a kernel segment needs the memory (handoff.cpp place_kernel).
    const Region* hit = nullptr;
    for (const auto& r : rs)
        if (hit == nullptr && r.kind == RegionKind::kernel && hv.bundle_paddr < r.end && r.start < loaded_end) hit = &r;
    if (hit != nullptr) {
        DOMFW_TRY_X(bundle, highest_slot(rs, bundle_size, hv.ram_top, stage));
        rs.push_back({"bundle.dfwb", bundle, page_up(bundle + bundle_size), RegionKind::module,
                      fmt::format("moved by the loader: {} put it at [{:#x}, {:#x}), over '{}'", hv.name,
                                  hv.bundle_paddr, loaded_end, hit->name)});
    } else {
        rs.push_back({"bundle.dfwb", bundle, loaded_end, RegionKind::module,
                      fmt::format("where {} put it; the modules are handed on in place", hv.name)});
    }
    for (const auto& b : li.blobs)
        st.modules.push_back({b.name, bundle + b.offset, b.size, b.cmdline, 0, ModuleRole::boot_module});
    // The start_info handed on: version 1 with the memory map (version 0 makes Linux 6.1 fault
    // before any output), at the start of the loader's hand-off area (1 MiB + the image: below
    // 1 GiB).
    const std::size_t entries = xen.e820_after.size() + 2;
    DOMFW_TRY_X(st.start_info_size, start_info_size(in.cmdline, st.modules, entries));
    if (st.start_info_size > kLoaderHandoffArea)
        return fail("{}: the start_info handed on ({:#x} bytes) does not fit the loader's hand-off area ({:#x} bytes)",
                    stage, st.start_info_size, kLoaderHandoffArea);
    st.start_info_paddr = handoff_start;
    rs.push_back({"start_info (handed on)", handoff_start, hv.loader_end, RegionKind::start_info,
                  "the loader's hand-off area: hvm_start_info v1, cmdline, modlist (ramdisk first), memmap; its used "
                  "pages reserved"});
    std::sort(rs.begin(), rs.end(), [](const Region& a, const Region& b) { return a.start < b.start; });
    st.regions = std::move(rs);
    return st;
}

// What QEMU's PVH boot loads: the loader's segments and the bundle just below the top of low RAM.
Expected<BootStage> qemu_load(const BuildPlan& xen, std::uint64_t loader_start, std::uint64_t loader_end,
                              std::uint64_t& bundle_paddr, std::uint64_t& low_ram_end) {
    const std::uint64_t mem = page_down(xen.memory);
    low_ram_end = mem >= kQemuPcLowmemSplit ? kQemuPcLowmem : mem;
    const std::uint64_t size = xen.modules.at(0).size;
    const std::string stage = "QEMU (-kernel domfw-loader.elf -initrd bundle.dfwb)";
    if (low_ram_end < kQemuInitrdGap + size || page_down(low_ram_end - kQemuInitrdGap - size) < loader_end)
        return fail("{}: the bundle ({:#x} bytes) does not fit between the loader's end {:#x} and QEMU's initrd "
                    "limit, the end of low RAM {:#x} less {:#x}; give the guest more memory",
                    stage, size, loader_end, low_ram_end, kQemuInitrdGap);
    bundle_paddr = page_down(low_ram_end - kQemuInitrdGap - size);
    BootStage st;
    st.title = "QEMU loads (-machine pc: -kernel domfw-loader.elf -initrd bundle.dfwb -append CMDLINE)";
    st.regions.push_back({"QEMU's start_info", kZeroPageEnd, kLowRamEnd, RegionKind::start_info,
                          "built by QEMU's PVH option ROM in low RAM (v1, memmap, one module)"});
    st.regions.push_back({"BIOS area", kVgaStart, kBiosEnd, RegionKind::fixed,
                          "SeaBIOS (shadow RAM, write-protected by PAM), its SMBIOS and RSDP"});
    st.regions.push_back({"domfw-loader.elf", loader_start, loader_end, RegionKind::loader,
                          "its PT_LOAD segments; entered at the PHYS32 entry, EBX = start_info"});
    st.regions.push_back({"bundle.dfwb", bundle_paddr, page_up(bundle_paddr + size), RegionKind::module,
                          "QEMU's -initrd: (below_4g_ram - 0x28000 - 1 - size) & ~0xfff"});
    return st;
}

} // namespace

Expected<std::vector<BootStage>> make_loader_stages(const PlanInput& in, const BuildPlan& xen) {
    const ElfImage& loader = *in.kernel;
    const std::uint64_t ls = page_down(loader.load_start()), le = page_up(loader.load_end());
    std::vector<BootStage> out;
    const Hypervisor on_xen{"Xen",
                            xen.low_ram_end,
                            xen.low_ram_end,
                            xen.modules.at(0).paddr,
                            ls,
                            le,
                            xen.start_info_paddr,
                            page_up(xen.start_info_paddr + xen.start_info.size())};
    DOMFW_TRY_X(BootStage after_xen, handoff(in, xen, on_xen));
    std::uint64_t qemu_bundle = 0, qemu_low = 0;
    DOMFW_TRY_X(BootStage qemu, qemu_load(xen, ls, le, qemu_bundle, qemu_low));
    const Hypervisor on_qemu{"QEMU", qemu_low, qemu_low - kQemuSeabiosHighReserve, qemu_bundle, ls, le, 0, 0};
    DOMFW_TRY_X(BootStage after_qemu, handoff(in, xen, on_qemu));
    out.push_back(std::move(after_xen));
    out.push_back(std::move(qemu));
    out.push_back(std::move(after_qemu));
    return out;
}

} // namespace domfw::plan::detail
