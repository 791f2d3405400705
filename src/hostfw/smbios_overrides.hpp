// `smbios = ["key=value", ...]` applied to structures passed through from a firmware source.
// hvmloader (Xen 4.18 smbios.c) reads these keys from xenstore only when it generates a type
// itself: a passed-through type 0/1/2/3/11/22 is copied verbatim and the keys are ignored
// (XEN-FACTS §2). domfw writes them into the passed structures instead, into the same fields
// hvmloader would fill, so an explicit key wins over the host's value and over scrubbing.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "smbios/table.hpp"
#include "support/error.hpp"

namespace domfw::hostfw {

struct SmbiosOverride {
    std::string key;   // libxl_smbios_type name: "system_manufacturer", "oem", ...
    std::string value; // empty values are ignored, as hvmloader ignores empty xenstore strings
};

// What applying changed, for passthrough.txt (key names, never the replaced host values).
struct OverrideReport {
    std::vector<std::string> applied;  // "type 1 (handle 0x0001) system_manufacturer"
    std::vector<std::string> warnings; // a key whose field the host's structure is too short for
};

// Sets every override that targets `s`'s type. The last value of a repeated key wins (libxl
// writes them to xenstore in order); `oem` values replace a type 11's strings, in order, up to the
// first empty one (hvmloader stops there). A string shared with another field is not changed:
// the field gets a string of its own.
[[nodiscard]] Expected<void> apply_smbios_overrides(smbios::Structure& s, std::span<const SmbiosOverride> overrides,
                                                    OverrideReport& report);

// The structures hvmloader would generate for the keys no passed structure takes: for each of
// types 0, 1, 2, 3, 11 and 22 that some key targets and `present` lacks, one structure laid out
// as domfw's loader writes its defaults (docs/loader.md), with the keys applied. A PVH guest has
// no hvmloader to read bios-strings from xenstore, so `domfw build` puts these into the bundle's
// SMBIOS module and the loader's merge lets them override the base table's structure of the
// type. Handles are taken from 0xFE00 up, skipping `used`. Type 2 and 22 only exist when one
// of their keys is set, as in hvmloader.
[[nodiscard]] Expected<std::vector<smbios::Structure>>
structures_for_overrides(std::span<const std::uint8_t> present, std::span<const std::uint16_t> used,
                         std::span<const SmbiosOverride> overrides, OverrideReport& report);

} // namespace domfw::hostfw
