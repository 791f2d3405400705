// Names of core's typed faults for the loader's console. The host words each fault in a sentence
// (src/module/module_error.cpp, src/acpi/table_error.cpp, src/smbios/errors.cpp); the loader,
// which has no formatter, prints the fault's name with its offset and values instead. A switch
// per enum, so a new fault without a name fails the build (-Wswitch, warnings are errors).
#include "loader/lib/fault_names.hpp"

#include "core/acpi_table.hpp"
#include "core/module_reader.hpp"
#include "core/smbios_firmware.hpp"
#include "core/smbios_walk.hpp"

namespace domfw::loader {
namespace {
const char* name_of(core::ModuleFault f) {
    using F = core::ModuleFault;
    switch (f) {
    case F::buffer_short: return "buffer_short";
    case F::no_signature: return "no_signature";
    case F::version: return "version";
    case F::version_newer: return "version_newer";
    case F::header_below: return "header_below";
    case F::header_unaligned: return "header_unaligned";
    case F::header_huge: return "header_huge";
    case F::total_below_header: return "total_below_header";
    case F::total_huge: return "total_huge";
    case F::total_past_end: return "total_past_end";
    case F::crc: return "crc";
    case F::unknown_flags: return "unknown_flags";
    case F::required_type_unknown: return "required_type_unknown";
    case F::type_header_short: return "type_header_short";
    case F::smbios_reserved: return "smbios_reserved";
    case F::smbios_major: return "smbios_major";
    case F::smbios_count_range: return "smbios_count_range";
    case F::smbios_trailing: return "smbios_trailing";
    case F::smbios_too_many: return "smbios_too_many";
    case F::smbios_too_few: return "smbios_too_few";
    case F::acpi_count_range: return "acpi_count_range";
    case F::acpi_unknown_flags: return "acpi_unknown_flags";
    case F::acpi_too_many: return "acpi_too_many";
    case F::acpi_too_few: return "acpi_too_few";
    case F::acpi_slic_missing: return "acpi_slic_missing";
    case F::rom_reserved: return "rom_reserved";
    case F::rom_payload_short: return "rom_payload_short";
    case F::rom_signature: return "rom_signature";
    case F::rom_size: return "rom_size";
    case F::blob_name_char: return "blob_name_char";
    case F::blob_name_empty: return "blob_name_empty";
    case F::blob_name_no_nul: return "blob_name_no_nul";
    case F::blob_name_padding: return "blob_name_padding";
    case F::blob_reserved: return "blob_reserved";
    case F::blob_cmdline_no_room: return "blob_cmdline_no_room";
    case F::blob_cmdline_length: return "blob_cmdline_length";
    case F::blob_cmdline_reserved: return "blob_cmdline_reserved";
    case F::blob_cmdline_past: return "blob_cmdline_past";
    case F::blob_cmdline_no_nul: return "blob_cmdline_no_nul";
    case F::blob_cmdline_inner_nul: return "blob_cmdline_inner_nul";
    case F::blob_cmdline_padding: return "blob_cmdline_padding";
    case F::bundle_buffer_short: return "bundle_buffer_short";
    case F::bundle_no_signature: return "bundle_no_signature";
    case F::bundle_version: return "bundle_version";
    case F::bundle_version_newer: return "bundle_version_newer";
    case F::bundle_header_below: return "bundle_header_below";
    case F::bundle_header_bad: return "bundle_header_bad";
    case F::bundle_entry_size: return "bundle_entry_size";
    case F::bundle_count_huge: return "bundle_count_huge";
    case F::bundle_total_below_dir: return "bundle_total_below_dir";
    case F::bundle_total_huge: return "bundle_total_huge";
    case F::bundle_total_past_end: return "bundle_total_past_end";
    case F::bundle_crc: return "bundle_crc";
    case F::bundle_unknown_flags: return "bundle_unknown_flags";
    case F::bundle_reserved: return "bundle_reserved";
    case F::entry_overlap: return "entry_overlap";
    case F::entry_unaligned: return "entry_unaligned";
    case F::entry_length_short: return "entry_length_short";
    case F::entry_past_end: return "entry_past_end";
    case F::entry_reserved: return "entry_reserved";
    case F::no_entry: return "no_entry";
    case F::entry_length_mismatch: return "entry_length_mismatch";
    case F::entry_type_mismatch: return "entry_type_mismatch";
    case F::entry_crc_mismatch: return "entry_crc_mismatch";
    }
    return nullptr;
}

const char* name_of(core::acpi::AcpiFault f) {
    using F = core::acpi::AcpiFault;
    switch (f) {
    case F::table_buffer_short: return "table_buffer_short";
    case F::table_length_below_header: return "table_length_below_header";
    case F::table_length_past_end: return "table_length_past_end";
    case F::table_bad_checksum: return "table_bad_checksum";
    case F::table_wrong_signature: return "table_wrong_signature";
    case F::rsdp_buffer_short: return "rsdp_buffer_short";
    case F::rsdp_bad_signature: return "rsdp_bad_signature";
    case F::rsdp_v2_buffer_short: return "rsdp_v2_buffer_short";
    case F::rsdp_length_below: return "rsdp_length_below";
    case F::rsdp_length_past_end: return "rsdp_length_past_end";
    case F::rsdp_bad_checksum: return "rsdp_bad_checksum";
    case F::rsdp_bad_extended_checksum: return "rsdp_bad_extended_checksum";
    case F::root_not_root: return "root_not_root";
    case F::root_index_past_end: return "root_index_past_end";
    case F::fadt_too_short: return "fadt_too_short";
    case F::facs_buffer_short: return "facs_buffer_short";
    case F::facs_bad_signature: return "facs_bad_signature";
    case F::facs_length_below: return "facs_length_below";
    case F::facs_length_past_end: return "facs_length_past_end";
    case F::address_below_image: return "address_below_image";
    case F::address_past_image: return "address_past_image";
    case F::no_rsdp_in_image: return "no_rsdp_in_image";
    }
    return nullptr;
}

const char* name_of(core::smbios::WalkFault f) {
    using F = core::smbios::WalkFault;
    switch (f) {
    case F::none: return "none";
    case F::short_formatted: return "short_formatted";
    case F::formatted_past_end: return "formatted_past_end";
    case F::unterminated_strings: return "unterminated_strings";
    }
    return nullptr;
}

const char* name_of(core::SmbiosFirmwareFault f) {
    using F = core::SmbiosFirmwareFault;
    switch (f) {
    case F::prefix_cut: return "prefix_cut";
    case F::length_below_header: return "length_below_header";
    case F::length_past_end: return "length_past_end";
    case F::length_not_size: return "length_not_size";
    }
    return nullptr;
}

} // namespace

const char* fault_name(const core::Error& e) {
    switch (e.reader) {
    case core::Reader::module: return name_of(e.fault<core::ModuleFault>());
    case core::Reader::acpi_table: return name_of(e.fault<core::acpi::AcpiFault>());
    case core::Reader::smbios_structure: return name_of(e.fault<core::smbios::WalkFault>());
    case core::Reader::smbios_firmware: return name_of(e.fault<core::SmbiosFirmwareFault>());
    case core::Reader::generic:
    case core::Reader::elf: return nullptr;
    }
    return nullptr;
}

const char* reader_name(core::Reader r) {
    switch (r) {
    case core::Reader::generic: return "read";
    case core::Reader::acpi_table: return "ACPI table";
    case core::Reader::smbios_structure: return "SMBIOS structure";
    case core::Reader::smbios_firmware: return "smbios_firmware record";
    case core::Reader::module: return "module";
    case core::Reader::elf: return "ELF";
    }
    return "core";
}

} // namespace domfw::loader
