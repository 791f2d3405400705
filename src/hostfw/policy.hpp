// The pass-through policy: which host SMBIOS structures and ACPI tables a guest gets,
// and what is scrubbed. Safe by default: serial numbers, UUIDs and asset tags, and their copies
// anywhere in a passed structure, are replaced with values derived from the guest (never the
// host's) by smbios::IdentityScrubber unless copying identity is asked for; the
// tables that would replace the guest's own (DSDT, FACP, FACS, RSDT, XSDT, RSDP) are refused;
// hardware-describing tables (APIC, HPET, MCFG, SRAT, SLIT) pass only with a warning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hostfw/host_firmware.hpp"
#include "hostfw/smbios_overrides.hpp"
#include "support/error.hpp"

namespace domfw::hostfw {

struct TypeRange {
    unsigned lo = 0, hi = 0;
};

struct AcpiSelector {
    std::string signature;                   // 4 characters
    std::optional<std::string> oem_table_id; // "SSDT:oem_table_id=PtidDevc"
};

struct PassthroughPolicy {
    std::vector<TypeRange> smbios_types;
    bool smbios_copy_identity = false;
    std::vector<AcpiSelector> acpi;
    std::string guest_seed; // the guest's UUID (or name): scrubbed values derive from it
    // `smbios = [...]`: written into the passed structures after scrubbing, so an explicit key
    // wins over the host's value and over the scrubbed one (smbios_overrides.hpp).
    std::vector<SmbiosOverride> smbios_overrides;
};

// "11", "0-3", "128-255" (SMBIOS types 0..255).
[[nodiscard]] Expected<TypeRange> parse_type_range(std::string_view text);
// "SLIC", "SSDT:oem_table_id=PtidDevc". Refused signatures fail here with the reason.
[[nodiscard]] Expected<AcpiSelector> parse_acpi_selector(std::string_view text);

struct PolicyResult {
    std::vector<std::uint8_t> smbios_blob; // hvmloader's [u32 length][structure]... format
    std::vector<std::uint8_t> acpi_blob;   // complete tables back to back
    std::size_t smbios_structures = 0;
    std::size_t acpi_tables = 0;
    std::vector<std::string> scrubbed;   // "type 1 (handle 0x0001) system serial number", ... (never values)
    std::vector<std::string> overridden; // "type 1 (handle 0x0001) system_manufacturer", ...
    std::vector<std::string> warnings;
};

[[nodiscard]] Expected<PolicyResult> apply_policy(const HostFirmware& host, const PassthroughPolicy& policy);

} // namespace domfw::hostfw
