// The seam for the firmware step (issue #12's second half: SMBIOS and ACPI merged into what the
// guest sees). Given the validated SMBIOS/ACPI modules of the bundle, it decides the rsdp_paddr
// handed on and which new regions the memory map must reserve. Today it writes nothing: the
// platform's RSDP is handed on unchanged and the modules are reported as not merged.
#pragma once

#include <cstdint>

#include "loader/lib/boot_info.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/console.hpp"
#include "loader/lib/memory_map.hpp"

namespace domfw::loader {

inline constexpr std::uint32_t kMaxFirmwareRegions = 8;

struct FirmwareTables {
    std::uint64_t rsdp_paddr = 0;
    Region reserved[kMaxFirmwareRegions]; // memory the new tables occupy: reserved in the map handed on
    std::uint32_t reserved_count = 0;
};

[[nodiscard]] FirmwareTables prepare_firmware(const BootInfo& boot, const BundleContents& bundle, Console& con);

} // namespace domfw::loader
