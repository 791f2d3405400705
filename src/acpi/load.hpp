// Building an AcpiTableSet from each kind of source. Format detection lives in hostfw.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "acpi/table_set.hpp"
#include "core/byte_reader.hpp"
#include "support/error.hpp"

namespace domfw::acpi {

// A copy of physical memory that starts at `base`: RSDP (at `rsdp_address`, or the first valid
// one on a 16-byte boundary) → XSDT (revision >= 2 and nonzero) or RSDT → each table, and the
// FADT's DSDT and FACS right after the FADT. An RSDP or root table that does not hold is an
// error; a broken entry is a warning and the walk goes on.
[[nodiscard]] Expected<AcpiTableSet> load_memory_image(core::Bytes image, std::uint64_t base,
                                                       std::optional<std::uint64_t> rsdp_address = std::nullopt);

// `acpidump` text (see acpidump_text.hpp); `origin` names the source in messages.
[[nodiscard]] Expected<AcpiTableSet> load_acpidump_text(std::string_view text, std::string_view origin);

// A directory of binary tables: Linux's /sys/firmware/acpi/tables layout (SIG, SIGn, dynamic/,
// data/ skipped) or acpixtract/fwts files (*.dat, *.aml, *.bin). Files are taken in natural
// name order (SSDT2 before SSDT10). No table file at all is an error.
[[nodiscard]] Expected<AcpiTableSet> load_table_dir(const std::filesystem::path& dir);

// One binary table (or RSDP, or FACS) in a file.
[[nodiscard]] Expected<AcpiTableSet> load_table_file(const std::filesystem::path& file);

} // namespace domfw::acpi
