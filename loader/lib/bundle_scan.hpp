// The bundle (start_info module 0, docs/module-format.md) as the loader uses it: read with the
// one core reader, every module validated; blobs `kernel` and `ramdisk` picked out, other blobs
// kept in bundle order to be handed on, SMBIOS and ACPI modules kept for the firmware step.
// A bad directory stops the boot; a bad module is skipped with its reason on the console.
// Positions are offsets from the bundle start, so the bundle can be moved as a whole.
#pragma once

#include <cstdint>

#include "domfw/abi/module.h"
#include "loader/lib/console.hpp"
#include "loader/lib/fault.hpp"
#include "loader/lib/phys_memory.hpp"

namespace domfw::loader {

struct BundleBlob {
    std::uint32_t index = 0;          // directory entry
    std::uint32_t payload_offset = 0; // from the bundle start
    std::uint32_t payload_size = 0;
    std::uint32_t name_offset = 0; // the 32-byte NUL-padded name field, from the bundle start
    std::uint8_t name_length = 0;
};

// A validated SMBIOS or ACPI module, for the firmware step (SMBIOS/ACPI assembly) to merge: what
// the core reader found, so that step never reads the module header again.
struct FirmwareModule {
    std::uint32_t index = 0;
    std::uint16_t type = 0;
    std::uint32_t payload_offset = 0; // from the bundle start
    std::uint32_t payload_length = 0;
    std::uint32_t count = 0;      // structure_count or table_count
    std::uint32_t acpi_flags = 0; // ACPI modules: DOMFW_ACPI_F_*
};

struct BundleContents {
    std::uint64_t paddr = 0;
    std::uint32_t total_length = 0;
    std::uint32_t module_count = 0;
    bool has_kernel = false;
    BundleBlob kernel;
    bool has_ramdisk = false;
    BundleBlob ramdisk;
    BundleBlob extras[DOMFW_BUNDLE_MAX_MODULES]; // other blobs, in bundle order
    std::uint32_t extra_count = 0;
    FirmwareModule firmware[DOMFW_BUNDLE_MAX_MODULES];
    std::uint32_t firmware_count = 0;
    std::uint32_t skipped = 0;
};

// Reads the bundle at [paddr, paddr + size) (already checked to be RAM inside the window) and
// reports each module on `con`.
[[nodiscard]] LoaderError scan_bundle(const PhysMemory& mem, std::uint64_t paddr, std::uint64_t size, Console& con,
                                      BundleContents& out);

} // namespace domfw::loader
