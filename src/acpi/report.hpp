// Showing an AcpiTableSet: JSON (one object per table), a compact text listing, and the files of
// Linux's /sys/firmware/acpi/tables layout. An MSDM table's body holds a Windows product key: it
// is never shown unless ReportOptions::show_secrets; its length and SHA-256 stand in for it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "acpi/table_set.hpp"

namespace domfw::acpi {

struct ReportOptions {
    bool show_secrets = false;
};

// {"source", "tables": [{"name", "signature", "oem_id", "oem_table_id", "oem_revision", "revision",
// "length", "checksum_ok", "sha256", ...}], "warnings": [...]}
[[nodiscard]] nlohmann::json to_json(const AcpiTableSet& set, const ReportOptions& opts);
[[nodiscard]] std::string render_text(const AcpiTableSet& set, const ReportOptions& opts);

// (relative path, bytes) per table as Linux lays them out: "DSDT", "SSDT1", "dynamic/SSDT9".
// RSDP, RSDT and XSDT are not there (Linux does not expose them).
[[nodiscard]] std::vector<std::pair<std::string, std::vector<std::uint8_t>>> sysfs_files(const AcpiTableSet& set);

} // namespace domfw::acpi
