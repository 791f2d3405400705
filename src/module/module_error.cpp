#include "module/module_error.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "acpi/table_error.hpp"
#include "core/byte_reader.hpp"
#include "core/module_reader.hpp"
#include "smbios/errors.hpp"
#include "support/error.hpp"
#include "support/escaped_text.hpp"

namespace domfw::module {

namespace {

using F = core::ModuleFault;

const char* type_header_name(std::uint64_t type) {
    switch (type) {
    case DOMFW_MODULE_TYPE_SMBIOS: return "SMBIOS";
    case DOMFW_MODULE_TYPE_ACPI: return "ACPI";
    case DOMFW_MODULE_TYPE_OPTION_ROM: return "option ROM";
    case DOMFW_MODULE_TYPE_BLOB: return "blob";
    default: return "type-specific";
    }
}

std::string sentence(const core::Error& e) {
    const std::uint64_t v = e.value;
    const std::uint64_t l = e.limit;
    const std::uint64_t o = e.offset;
    switch (e.fault<F>()) {
    case F::buffer_short:
        return fmt::format("buffer of {:#x} bytes is shorter than the {:#x}-byte module header", v, l);
    case F::no_signature: return fmt::format("no \"DFWM\" signature at offset {:#x}: not a module", o);
    case F::version:
        return fmt::format("format version {:#x} is not supported (this reader knows version {:#x})", v, l);
    case F::version_newer:
        return fmt::format(
            "format version {:#x} is newer than this reader, which knows version {:#x}: use a newer domfw", v, l);
    case F::header_below: return fmt::format("header_length {:#x} is below the {:#x}-byte common header", v, l);
    case F::header_unaligned: return fmt::format("header_length {:#x} is not a multiple of {:#x}", v, l);
    case F::header_huge: return fmt::format("header_length {:#x} exceeds the limit {:#x}", v, l);
    case F::total_below_header: return fmt::format("total_length {:#x} is below header_length {:#x}", v, l);
    case F::total_huge: return fmt::format("total_length {:#x} exceeds the limit {:#x}", v, l);
    case F::total_past_end: return fmt::format("total_length {:#x} exceeds the {:#x} bytes held", v, l);
    case F::crc: return fmt::format("CRC-32C {:#x} does not match the computed {:#x}", v, l);
    case F::unknown_flags: return fmt::format("unknown mandatory flags {:#x} (known: {:#x})", v, l);
    case F::required_type_unknown:
        return fmt::format("type {:#x} is unknown to this reader but the module is marked REQUIRED", v);
    case F::type_header_short:
        return fmt::format("header_length {:#x} is below {:#x}, the common + {} module header", v, l,
                           type_header_name(e.object));
    case F::smbios_reserved: return fmt::format("SMBIOS module reserved byte is {:#x}, not 0", v);
    case F::smbios_major: return fmt::format("SMBIOS version major {:#x} is below {}", v, l);
    case F::smbios_count_range: return fmt::format("SMBIOS structure_count {:#x} is outside 1..{:#x}", v, l);
    case F::smbios_trailing:
        return fmt::format("SMBIOS payload: {:#x} bytes at offset {:#x} after the last structure, too few for its "
                           "{}-byte header",
                           v, o, l);
    case F::smbios_too_many:
        return fmt::format("SMBIOS payload holds more structures than structure_count {:#x} (extra one at offset "
                           "{:#x})",
                           l, o);
    case F::smbios_too_few:
        return fmt::format("SMBIOS payload holds {:#x} structures but structure_count is {:#x}", v, l);
    case F::acpi_count_range: return fmt::format("ACPI table_count {:#x} is outside 1..{:#x}", v, l);
    case F::acpi_unknown_flags: return fmt::format("unknown mandatory ACPI flags {:#x} (known: {:#x})", v, l);
    case F::acpi_too_many:
        return fmt::format("ACPI payload holds more tables than table_count {:#x} (extra one at offset {:#x})", l, o);
    case F::acpi_too_few: return fmt::format("ACPI payload holds {:#x} tables but table_count is {:#x}", v, l);
    case F::acpi_slic_missing: return "ACPI flag MATCH_SLIC_OEM_IDS is set but the payload holds no SLIC table";
    case F::rom_reserved: return fmt::format("option ROM module reserved field is {:#x}, not 0", v);
    case F::rom_payload_short:
        return fmt::format("option ROM payload of {:#x} bytes is shorter than the {}-byte ROM header", v, l);
    case F::rom_signature: return fmt::format("option ROM signature {:#x} is not {:#x}", v, l);
    case F::rom_size:
        return fmt::format("option ROM image size {:#x} (byte 2 x 512) is 0 or exceeds the {:#x}-byte payload", v, l);
    case F::blob_name_char:
        return fmt::format("blob name byte at offset {:#x} is {:#x}, not a printable non-space character", o, v);
    case F::blob_name_empty: return "blob name is empty";
    case F::blob_name_no_nul: return fmt::format("blob name has no NUL within its {:#x} bytes", l);
    case F::blob_name_padding: return fmt::format("blob name padding byte at offset {:#x} is {:#x}, not 0", o, v);
    case F::blob_reserved: return fmt::format("blob module reserved field is {:#x}, not 0", v);
    case F::blob_cmdline_no_room:
        return fmt::format(
            "blob flag CMDLINE is set but header_length {:#x} leaves no room for a command line after {:#x}", v, l);
    case F::blob_cmdline_length:
        return fmt::format("blob command line length {:#x} is outside 1..{:#x} (bytes with its NUL)", v, l);
    case F::blob_cmdline_reserved: return fmt::format("blob command line reserved fields are {:#x}, not 0", v);
    case F::blob_cmdline_past:
        return fmt::format("blob command line of {:#x} bytes at offset {:#x} runs past header_length {:#x}", v, o, l);
    case F::blob_cmdline_no_nul:
        return fmt::format("blob command line is not NUL-terminated: its last byte at offset {:#x} is {:#x}", o, v);
    case F::blob_cmdline_inner_nul:
        return fmt::format("blob command line has a NUL at offset {:#x}, before its end {:#x}", o, l);
    case F::blob_cmdline_padding: return fmt::format("blob header padding byte at offset {:#x} is {:#x}, not 0", o, v);
    case F::bundle_buffer_short:
        return fmt::format("buffer of {:#x} bytes is shorter than the {:#x}-byte bundle header", v, l);
    case F::bundle_no_signature: return fmt::format("no \"DFWB\" signature at offset {:#x}: not a bundle", o);
    case F::bundle_version:
        return fmt::format("bundle format version {:#x} is not supported (this reader knows version {:#x})", v, l);
    case F::bundle_version_newer:
        return fmt::format(
            "bundle format version {:#x} is newer than this reader, which knows version {:#x}: use a newer domfw", v,
            l);
    case F::bundle_header_below:
        return fmt::format("bundle header_length {:#x} is below the {:#x}-byte bundle header", v, l);
    case F::bundle_header_bad:
        return fmt::format("bundle header_length {:#x} is not a multiple of 8 or exceeds {:#x}", v, l);
    case F::bundle_entry_size:
        return fmt::format("bundle entry_size {:#x} is below 16, not a multiple of 4, or above {:#x}", v, l);
    case F::bundle_count_huge: return fmt::format("bundle module_count {:#x} exceeds the limit {:#x}", v, l);
    case F::bundle_total_below_dir:
        return fmt::format("bundle total_length {:#x} is below the end of the directory {:#x}", v, l);
    case F::bundle_total_huge: return fmt::format("bundle total_length {:#x} exceeds the limit {:#x}", v, l);
    case F::bundle_total_past_end: return fmt::format("bundle total_length {:#x} exceeds the {:#x} bytes held", v, l);
    case F::bundle_crc: return fmt::format("bundle CRC-32C {:#x} does not match the computed {:#x}", v, l);
    case F::bundle_unknown_flags: return fmt::format("unknown mandatory bundle flags {:#x} (known: {:#x})", v, l);
    case F::bundle_reserved: return fmt::format("bundle reserved fields are {:#x}, not 0", v);
    case F::entry_overlap:
        return fmt::format("bundle directory entry {} at offset {:#x}: module offset {:#x} overlaps what ends at {:#x}",
                           e.object, o, v, l);
    case F::entry_unaligned:
        return fmt::format("bundle directory entry {} at offset {:#x}: module offset {:#x} is not a multiple of {:#x}",
                           e.object, o, v, l);
    case F::entry_length_short:
        return fmt::format(
            "bundle directory entry {} at offset {:#x}: module length {:#x} is below the {:#x}-byte module header",
            e.object, o, v, l);
    case F::entry_past_end:
        return fmt::format("bundle directory entry {} at offset {:#x}: module at {:#x} runs past the bundle end {:#x}",
                           e.object, o, v, l);
    case F::entry_reserved:
        return fmt::format("bundle directory entry {} at offset {:#x}: reserved field is {:#x}, not 0", e.object, o, v);
    case F::no_entry: return fmt::format("bundle has no directory entry {:#x} (module_count {:#x})", v, l);
    case F::entry_length_mismatch:
        return fmt::format("module total_length {:#x} differs from its directory entry's length {:#x}", v, l);
    case F::entry_type_mismatch:
        return fmt::format("module type {:#x} differs from its directory entry's type {:#x}", v, l);
    case F::entry_crc_mismatch:
        return fmt::format("module CRC-32C {:#x} differs from its directory entry's {:#x}", v, l);
    }
    return fmt::format("module fault {}", e.code);
}

} // namespace

std::string describe_module_error(const core::Error& e, std::string_view object) {
    std::string msg;
    switch (e.reader) {
    case core::Reader::module: msg = sentence(e); break;
    case core::Reader::smbios_structure: msg = smbios::describe(core::smbios::walk_error_of(e)); break;
    case core::Reader::acpi_table:
        // A payload table: the fault's offset is the table's start in the module.
        return acpi::describe_sequence_error(e, object, "ACPI table");
    default: return describe(e, object);
    }
    if (object.empty()) return msg;
    return fmt::format("{}: {}", object, msg);
}

} // namespace domfw::module
