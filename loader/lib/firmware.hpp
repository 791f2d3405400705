// The seam for the firmware step (SMBIOS and ACPI merged into what the
// guest sees). Given the validated SMBIOS/ACPI modules of the bundle, it decides the rsdp_paddr
// handed on and which new regions the memory map must reserve: SMBIOS (smbios.hpp) and ACPI
// (acpi.hpp) are merged and installed when the environment gives each an area.
#pragma once

#include <cstdint>

#include "loader/lib/acpi.hpp"
#include "loader/lib/boot_info.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/console.hpp"
#include "loader/lib/memory_map.hpp"
#include "loader/lib/phys_memory.hpp"
#include "loader/lib/smbios.hpp"

namespace domfw::loader {

inline constexpr std::uint32_t kMaxFirmwareRegions = 8;

struct FirmwareTables {
    std::uint64_t rsdp_paddr = 0;
    Region reserved[kMaxFirmwareRegions];                // memory the new tables occupy: reserved in the map handed on
    const char* reserved_what[kMaxFirmwareRegions] = {}; // "smbios-tables", "acpi-tables": the place lines
    std::uint32_t reserved_count = 0;
};

// `smbios_area`, `acpi_area` and `pci` as in LoaderEnv.
[[nodiscard]] FirmwareTables prepare_firmware(const PhysMemory& mem, const Region& smbios_area, const Region& acpi_area,
                                              const PciConfig& pci, const BootInfo& boot, const BundleContents& bundle,
                                              SmbiosWork& work, Console& con);

} // namespace domfw::loader
