// ACPI for the guest: the platform's tables (from start_info's rsdp_paddr, else found as Linux
// finds them: the EBDA's first KiB, then 0xE0000..0xFFFFF on 16-byte boundaries), each checked
// with core's one ACPI reader before it is listed, plus the tables of the bundle's ACPI modules
// copied into an area the map handed on reserves; a new revision-2 RSDP with an XSDT and an RSDT
// listing them all, every checksum recomputed. With no usable platform ACPI but tables in the
// bundle, a minimal valid set (hardware-reduced FADT, empty DSDT) carries them. MATCH_SLIC_OEM_IDS gives the new RSDT
// and XSDT and a copy of the FADT the SLIC's OEM IDs. Linux takes the RSDP from the start_info
// it is given (LOADER-FACTS.md), so the platform's RSDP is left where it is.
#pragma once

#include <cstdint>

#include "loader/lib/boot_info.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/console.hpp"
#include "loader/lib/memory_map.hpp"
#include "loader/lib/phys_memory.hpp"

namespace domfw::loader {

// Where Linux (ACPICA's AcpiFindRootPointer) looks when no RSDP address is given: the EBDA, whose
// segment is the 16-bit word at 0x40E, for 1 KiB, then the BIOS area 0xE0000..0xFFFFF.
inline constexpr std::uint64_t kEbdaPointer = 0x40E;
inline constexpr std::uint64_t kEbdaWindow = 0x400;
inline constexpr std::uint64_t kBiosAreaBase = 0xE0000;
inline constexpr std::uint64_t kBiosAreaSize = 0x20000;

// The new tables and copies of the module's tables: RAM inside the loader image (x86: .bss),
// reserved in the map handed on (the used part, rounded up to pages).
inline constexpr std::uint64_t kAcpiAreaSize = std::uint64_t{128} * 1024;
// Entries of the new XSDT/RSDT (platform tables plus added ones); the rest are reported and left out.
inline constexpr std::uint32_t kMaxAcpiTables = 128;
// A platform table claiming more than this is rejected (a DSDT is well under 1 MiB): the
// checksum is summed over every byte, so a garbage length must not make the loader read 4 GiB.
inline constexpr std::uint32_t kMaxPlatformTableLength = 16U << 20;

struct AcpiResult {
    bool installed = false;
    // The rsdp_paddr to hand on: the new RSDP (inside the area) when installed, else the
    // platform's when it is valid and leads to a valid root table, else 0.
    std::uint64_t rsdp_paddr = 0;
    std::uint32_t area_used = 0; // bytes from the area's start
};

// Builds the guest's ACPI tables in `area`. Never stops the boot: every problem is reported on
// `con`. With no usable platform ACPI a minimal set is written only to carry the bundle's tables.
[[nodiscard]] AcpiResult install_acpi(const PhysMemory& mem, const Region& area, const BootInfo& boot,
                                      const BundleContents& bundle, Console& con);

} // namespace domfw::loader
