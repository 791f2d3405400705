// The module and bundle reader's faults in words (core/module_reader.hpp): which field, the value
// held and the one wanted, in hex.
#include "core/fault_text.hpp"

namespace domfw::core {

using namespace fields;
namespace {
constexpr Field Entry = Field::object_dec, ModuleType = Field::module_type;
} // namespace

Words words(ModuleFault f) {
    using F = ModuleFault;
    switch (f) {
    case F::buffer_short: return {"buffer of ", V, " bytes is shorter than the ", L, "-byte module header"};
    case F::no_signature: return {"no \"DFWM\" signature at offset ", O, ": not a module"};
    case F::version: return {"format version ", V, " is not supported (this reader knows version ", L, ")"};
    case F::version_newer:
        return {"format version ", V, " is newer than this reader, which knows version ", L, ": use a newer domfw"};
    case F::header_below: return {"header_length ", V, " is below the ", L, "-byte common header"};
    case F::header_unaligned: return {"header_length ", V, " is not a multiple of ", L};
    case F::header_huge: return {"header_length ", V, " exceeds the limit ", L};
    case F::total_below_header: return {"total_length ", V, " is below header_length ", L};
    case F::total_huge: return {"total_length ", V, " exceeds the limit ", L};
    case F::total_past_end: return {"total_length ", V, " exceeds the ", L, " bytes held"};
    case F::crc: return {"CRC-32C ", V, " does not match the computed ", L};
    case F::unknown_flags: return {"unknown mandatory flags ", V, " (known: ", L, ")"};
    case F::required_type_unknown: return {"type ", V, " is unknown to this reader but the module is marked REQUIRED"};
    case F::type_header_short:
        return {"header_length ", V, " is below ", L, ", the common + ", ModuleType, " module header"};
    case F::smbios_reserved: return {"SMBIOS module reserved byte is ", V, ", not 0"};
    case F::smbios_major: return {"SMBIOS version major ", V, " is below ", Ld};
    case F::smbios_count_range: return {"SMBIOS structure_count ", V, " is outside 1..", L};
    case F::smbios_trailing:
        return {"SMBIOS payload: ", V, " bytes at offset ", O, " after the last structure, too few for its ", Ld,
                "-byte header"};
    case F::smbios_too_many:
        return {"SMBIOS payload holds more structures than structure_count ", L, " (extra one at offset ", O, ")"};
    case F::smbios_too_few: return {"SMBIOS payload holds ", V, " structures but structure_count is ", L};
    case F::acpi_count_range: return {"ACPI table_count ", V, " is outside 1..", L};
    case F::acpi_unknown_flags: return {"unknown mandatory ACPI flags ", V, " (known: ", L, ")"};
    case F::acpi_too_many:
        return {"ACPI payload holds more tables than table_count ", L, " (extra one at offset ", O, ")"};
    case F::acpi_too_few: return {"ACPI payload holds ", V, " tables but table_count is ", L};
    case F::acpi_slic_missing: return {"ACPI flag MATCH_SLIC_OEM_IDS is set but the payload holds no SLIC table"};
    case F::rom_reserved: return {"option ROM module reserved field is ", V, ", not 0"};
    case F::rom_payload_short:
        return {"option ROM payload of ", V, " bytes is shorter than the ", Ld, "-byte ROM header"};
    case F::rom_signature: return {"option ROM signature ", V, " is not ", L};
    case F::rom_size: return {"option ROM image size ", V, " (byte 2 x 512) is 0 or exceeds the ", L, "-byte payload"};
    case F::blob_name_char: return {"blob name byte at offset ", O, " is ", V, ", not a printable non-space character"};
    case F::blob_name_empty: return {"blob name is empty"};
    case F::blob_name_no_nul: return {"blob name has no NUL within its ", L, " bytes"};
    case F::blob_name_padding: return {"blob name padding byte at offset ", O, " is ", V, ", not 0"};
    case F::blob_reserved: return {"blob module reserved field is ", V, ", not 0"};
    case F::blob_cmdline_no_room:
        return {"blob flag CMDLINE is set but header_length ", V, " leaves no room for a command line after ", L};
    case F::blob_cmdline_length: return {"blob command line length ", V, " is outside 1..", L, " (bytes with its NUL)"};
    case F::blob_cmdline_reserved: return {"blob command line reserved fields are ", V, ", not 0"};
    case F::blob_cmdline_past:
        return {"blob command line of ", V, " bytes at offset ", O, " runs past header_length ", L};
    case F::blob_cmdline_no_nul:
        return {"blob command line is not NUL-terminated: its last byte at offset ", O, " is ", V};
    case F::blob_cmdline_inner_nul: return {"blob command line has a NUL at offset ", O, ", before its end ", L};
    case F::blob_cmdline_padding: return {"blob header padding byte at offset ", O, " is ", V, ", not 0"};
    case F::bundle_buffer_short: return {"buffer of ", V, " bytes is shorter than the ", L, "-byte bundle header"};
    case F::bundle_no_signature: return {"no \"DFWB\" signature at offset ", O, ": not a bundle"};
    case F::bundle_version:
        return {"bundle format version ", V, " is not supported (this reader knows version ", L, ")"};
    case F::bundle_version_newer:
        return {"bundle format version ", V, " is newer than this reader, which knows version ", L,
                ": use a newer domfw"};
    case F::bundle_header_below: return {"bundle header_length ", V, " is below the ", L, "-byte bundle header"};
    case F::bundle_header_bad: return {"bundle header_length ", V, " is not a multiple of 8 or exceeds ", L};
    case F::bundle_entry_size: return {"bundle entry_size ", V, " is below 16, not a multiple of 4, or above ", L};
    case F::bundle_count_huge: return {"bundle module_count ", V, " exceeds the limit ", L};
    case F::bundle_total_below_dir: return {"bundle total_length ", V, " is below the end of the directory ", L};
    case F::bundle_total_huge: return {"bundle total_length ", V, " exceeds the limit ", L};
    case F::bundle_total_past_end: return {"bundle total_length ", V, " exceeds the ", L, " bytes held"};
    case F::bundle_crc: return {"bundle CRC-32C ", V, " does not match the computed ", L};
    case F::bundle_unknown_flags: return {"unknown mandatory bundle flags ", V, " (known: ", L, ")"};
    case F::bundle_reserved: return {"bundle reserved fields are ", V, ", not 0"};
    case F::entry_overlap:
        return {"bundle directory entry ", Entry, " at offset ", O, ": module offset ", V,
                " overlaps what ends at ", L};
    case F::entry_unaligned:
        return {"bundle directory entry ", Entry, " at offset ", O, ": module offset ", V, " is not a multiple of ", L};
    case F::entry_length_short:
        return {"bundle directory entry ", Entry, " at offset ",        O, ": module length ", V,
                " is below the ",          L,     "-byte module header"};
    case F::entry_past_end:
        return {"bundle directory entry ", Entry, " at offset ", O, ": module at ", V, " runs past the bundle end ", L};
    case F::entry_reserved:
        return {"bundle directory entry ", Entry, " at offset ", O, ": reserved field is ", V, ", not 0"};
    case F::no_entry: return {"bundle has no directory entry ", V, " (module_count ", L, ")"};
    case F::entry_length_mismatch: return {"module total_length ", V, " differs from its directory entry's length ", L};
    case F::entry_type_mismatch: return {"module type ", V, " differs from its directory entry's type ", L};
    case F::entry_crc_mismatch: return {"module CRC-32C ", V, " differs from its directory entry's ", L};
    }
    return {};
}

} // namespace domfw::core
