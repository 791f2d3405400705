// Where a host's ACPI tables come from: the running machine (/sys/firmware/acpi/tables) or a
// path whose format is detected: a /sys/firmware-like directory (acpi/tables inside), a directory
// of binary tables, `acpidump` text, or one binary table. A wrong guess is an error that says
// what was expected.
#pragma once

#include <filesystem>
#include <span>

#include "acpi/table_set.hpp"
#include "support/error.hpp"

namespace domfw::hostfw {

inline constexpr const char* kLiveAcpiTables = "/sys/firmware/acpi/tables";

[[nodiscard]] Expected<acpi::AcpiTableSet> read_acpi(const std::filesystem::path& from);
[[nodiscard]] Expected<acpi::AcpiTableSet> read_acpi_live();
// read_acpi_live() with another root, for tests ("ROOT" plays /sys/firmware/acpi/tables).
[[nodiscard]] Expected<acpi::AcpiTableSet> read_acpi_live_at(const std::filesystem::path& tables_dir);

// What a file that is no firmware source (ACPI or SMBIOS) holds, without its bytes: it may be any
// file a config names (firmware_source = "/etc/shadow"), and its content is not ours to print.
[[nodiscard]] std::string found_instead(std::span<const std::uint8_t> b);

} // namespace domfw::hostfw
