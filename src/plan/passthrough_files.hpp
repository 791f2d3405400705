// Checks the files xl passes to hvmloader blindly (XEN-FACTS §2, §6): `smbios_firmware` in
// hvmloader's length-prefixed format and `acpi_firmware` as concatenated tables. Every problem is
// an error naming the file, the entry and the values in hex.
#pragma once

#include <string>
#include <vector>

#include "core/byte_reader.hpp"
#include "support/error.hpp"

namespace domfw::plan {

// `[u32 LE length][structure]...`: each length covers the whole structure (formatted area,
// strings, double NUL) and each structure walks cleanly to exactly that length. Returns the
// structures without their prefixes, in order.
[[nodiscard]] Expected<std::vector<core::Bytes>> split_smbios_firmware(core::Bytes file, std::string_view name);

// Complete ACPI tables back to back: length >= 36, inside the file, checksum zero. Returns the
// tables in order.
[[nodiscard]] Expected<std::vector<core::Bytes>> split_acpi_firmware(core::Bytes file, std::string_view name);

} // namespace domfw::plan
