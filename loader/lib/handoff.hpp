// Starting the kernel: its PT_LOAD segments (core::read_elf_image proved them disjoint) checked
// against RAM and the loader, the bundle moved out of their way when it lies where the kernel
// must go (LOADER-FACTS.md: Xen puts it right behind the loader, QEMU with little RAM on top of
// 16 MiB), the segments copied to their p_paddr, and a new version-1 start_info written into the
// hand-off area.
#pragma once

#include <cstdint>

#include "core/elf_image.hpp"
#include "loader/lib/boot_info.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/console.hpp"
#include "loader/lib/fault.hpp"
#include "loader/lib/firmware.hpp"
#include "loader/lib/guest_layout.hpp"
#include "loader/lib/memory_map.hpp"
#include "loader/lib/phys_memory.hpp"
#include "loader/lib/smbios.hpp"

namespace domfw::loader {

// Where the loader lives, as the x86 build's linker script (or a test) says.
struct LoaderEnv {
    PhysMemory mem;
    Region image;   // the loader's own bytes: text, data, bss and stack
    Region handoff; // inside `image`, below 1 GiB: the new start_info and its tables
    // A moved bundle goes no lower than this (the fuzz target lowers it to fit its small RAM).
    std::uint64_t bundle_floor = kBundleMoveFloor;
    // Inside `image`: where the merged SMBIOS table goes (reserved in the map handed on); empty:
    // no SMBIOS step. `pci` reaches the host bridge's PAM registers (absent: no PCI, e.g. Xen).
    Region smbios_area{};
    PciConfig pci{};
    // Inside `image`, below 4 GiB: the new ACPI tables (acpi.hpp), reserved when handed on; empty:
    // no ACPI step, the platform's RSDP is handed on.
    Region acpi_area{};
};

// Checks every segment, moves the bundle if it must (updating `bundle.paddr`), copies the segments.
[[nodiscard]] LoaderError place_kernel(const LoaderEnv& env, const BootInfo& boot, BundleContents& bundle,
                                       const core::ElfImage& kernel, Console& con);

// Writes the start_info the kernel gets: version 1, the memory map with the hand-off area and the
// firmware's regions reserved, blob `ramdisk` as module 0 in place, the other blobs after it with
// their names as command lines, the same command line. `*paddr` is its address.
[[nodiscard]] LoaderError write_start_info(const LoaderEnv& env, const BootInfo& boot, const BundleContents& bundle,
                                           const FirmwareTables& firmware, std::uint64_t* paddr, Console& con);

} // namespace domfw::loader
