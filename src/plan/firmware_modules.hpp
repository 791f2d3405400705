// The domfw modules (docs/module-format.md) made from the validated SMBIOS and ACPI pass-through
// blobs, and the bundle that holds them. An HVM guest's stock hvmloader takes the blobs
// themselves (xenstore addresses, XEN-FACTS §2); a PVH guest gets them inside the one bundle
// that domfw's loader reads (from_domain.cpp), which is how domfw gives PVH guests SMBIOS and
// ACPI at all (Xen gives them none, XEN-FACTS §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/byte_reader.hpp"
#include "support/error.hpp"

namespace domfw::plan {

struct FirmwareBlob {
    core::Bytes bytes;     // hvmloader's format: [u32 length][structure]... or tables back to back
    std::string_view what; // for errors: "smbios_firmware '/path'", "SMBIOS pass-through"
};

struct FirmwareModules {
    std::vector<std::uint8_t> acpi;   // modules/acpi.dfwm (empty: no ACPI blob)
    std::vector<std::uint8_t> smbios; // modules/smbios.dfwm (empty: no SMBIOS blob)
    std::vector<std::uint8_t> bundle; // bundle.dfwb: the modules above, ACPI first (libxc's order)
    // The ACPI blob holds an MSDM: a Windows product key in clear (Microsoft's "Microsoft Software
    // Licensing Tables"). Decided here, where the blob is split; emit keeps such files private.
    bool holds_product_key = false;
};

// Validates each blob (split_smbios_firmware / split_acpi_firmware: every error names the blob,
// the entry and the values) and wraps it. An ACPI blob holding a SLIC gets MATCH_SLIC_OEM_IDS.
[[nodiscard]] Expected<FirmwareModules> make_firmware_modules(const std::optional<FirmwareBlob>& smbios,
                                                              const std::optional<FirmwareBlob>& acpi);

} // namespace domfw::plan
