// The planner's pieces, one file each: start_info serialisation, hvm_info_table, e820 maps,
// xenstore keys. Internal to src/plan (plan.hpp is the interface).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "plan/layout.hpp"
#include "plan/plan.hpp"

namespace domfw::plan::detail {

// Guest-physical page rounding; every address rounded up is at most 4 GiB, so it cannot overflow.
constexpr std::uint64_t page_down(std::uint64_t v) { return v & ~(layout::kPage - 1); }
constexpr std::uint64_t page_up(std::uint64_t v) { return (v + layout::kPage - 1) & ~(layout::kPage - 1); }

// The first region of `rs` that overlaps [start, end), or nullptr.
inline const Region* overlapping(const std::vector<Region>& rs, std::uint64_t start, std::uint64_t end) {
    for (const auto& r : rs)
        if (start < r.end && r.start < end) return &r;
    return nullptr;
}

// Bytes the start-info segment needs (start_info, cmdline, modlist, module cmdlines, memmap).
[[nodiscard]] Expected<std::uint64_t>
start_info_size(std::string_view cmdline, const std::vector<PlacedModule>& modules, std::size_t memmap_entries);
// Serialises the segment for guest-physical address `paddr`; fills each boot module's
// cmdline_paddr. `rsdp` = 0 when the firmware finds the RSDP itself.
[[nodiscard]] Expected<std::vector<std::uint8_t>> make_start_info(std::uint64_t paddr, std::string_view cmdline,
                                                                  std::vector<PlacedModule>& modules,
                                                                  const std::vector<E820Entry>& memmap,
                                                                  std::uint64_t rsdp);

[[nodiscard]] Expected<std::vector<std::uint8_t>> make_hvm_info(std::uint32_t vcpus, std::uint64_t low_ram_end,
                                                                std::uint64_t high_ram_end);

// `loader_area` = [start, end) in use until hand-off (reserved before, RAM after); HVM only.
[[nodiscard]] std::vector<E820Entry> make_e820(GuestType type, std::uint64_t low_ram_end, std::uint64_t high_ram_end,
                                               std::uint64_t loader_area_start, std::uint64_t loader_area_end,
                                               bool before_handoff);

// HVM: the end of the ACPI NVS entry hvmloader's e820 starts at 0xfc000000 (layout.hpp: its
// tables' sizes, the guest's vCPUs and S3/S4 flags and the pass-through tables' lengths).
[[nodiscard]] std::uint64_t hvmloader_acpi_end(const PlanInput& input);
// HVM: how many pass-through tables hvmloader appends before it stops (ACPI_MAX_SECONDARY_TABLES).
[[nodiscard]] std::uint64_t hvmloader_acpi_room(const PlanInput& input);
// HVM: the e820 the guest OS gets: hvmloader's table with the toolstack's entries, then, with
// SeaBIOS, SeaBIOS's own edits (layout.hpp). The ACPI blob's entry lies at address 0 (Xen 4.17).
[[nodiscard]] std::vector<E820Entry> make_hvm_e820_after(const PlanInput& input, std::uint64_t low_ram_end,
                                                         std::uint64_t high_ram_end);

[[nodiscard]] std::vector<std::pair<std::string, std::string>> make_xenstore(const PlanInput& input,
                                                                             const std::vector<PlacedModule>& modules);

// PVH through the loader: QEMU's stage 1 and the loader's stage 2 after Xen and after QEMU,
// each region with its reason, checked for overlap (loader_stages.cpp).
[[nodiscard]] Expected<std::vector<BootStage>> make_loader_stages(const PlanInput& input, const BuildPlan& xen);

} // namespace domfw::plan::detail
