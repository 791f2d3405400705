// The most domfw reads from each kind of input file, in one place. domfw runs as root on files
// other people wrote: without a cap, `/dev/zero` or an 8 GB sparse file named as a capture would
// be read until memory runs out. Each cap is far above anything real (docs/host-firmware.md,
// "Input limits"); a file above it is refused before any of it is read.
#pragma once

#include <cstdint>
#include <string_view>

#include "domfw/abi/module.h"

namespace domfw::support {

struct InputLimit {
    std::string_view what; // "an xl.cfg", used in messages
    std::uint64_t max_bytes;
};

inline constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;

// Real configs are a few KiB; 64 MiB leaves room for generated ones with huge inline lists.
inline constexpr InputLimit kConfigInput{"an xl.cfg", 64 * kMiB};
// SMBIOS 3.x tables are at most a few hundred KiB and ACPI tables a few MiB (acpidump text of a
// large server: about 10 MiB); 64 MiB is one limit for every capture file and table.
inline constexpr InputLimit kCaptureInput{"a firmware capture file", 64 * kMiB};
// smbios_firmware / acpi_firmware blobs: hvmloader copies them below 4 GiB, so they are small.
inline constexpr InputLimit kFirmwareBlobInput{"a firmware blob", 64 * kMiB};
// A module or bundle is at most DOMFW_MODULE_MAX_LENGTH (2 GiB) by its format (module.h).
inline constexpr InputLimit kModuleInput{"a module or bundle", DOMFW_MODULE_MAX_LENGTH};
// A kernel, ramdisk or extra module ends up inside one bundle, so the bundle's limit bounds it.
inline constexpr InputLimit kBootImageInput{"a kernel, ramdisk or module", DOMFW_BUNDLE_MAX_LENGTH};

// The vmlinux inside a bzImage (docs/plan.md, "A bzImage as the kernel"): Debian's is 66 MB;
// decompression stops at 512 MiB so a small crafted file cannot make domfw fill memory.
inline constexpr InputLimit kDecompressedKernel{"a kernel decompressed from a bzImage", 512 * kMiB};

// The default of support::read_file for tests and tools. Every reader of a user's input names
// one of the limits above instead.
inline constexpr InputLimit kAnyInput{"a file", DOMFW_BUNDLE_MAX_LENGTH};

} // namespace domfw::support
