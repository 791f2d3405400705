// The one reader of domfw modules and bundles (include/domfw/abi/module.h,
// docs/module-format.md). Freestanding: the guest loader runs this same code on the bytes it
// finds in memory, and the toolstack runs it on everything it writes.
//
// Validation follows the fixed order (STYLE.md): buffer >= header, claimed lengths >= header,
// claimed lengths <= bytes held and <= the format's bounds, CRC-32C, then meaning (flags, type,
// type-specific header, payload walk). Errors are typed: a ModuleFault, or for the payload the
// fault of the one reader of that format (smbios::WalkFault, acpi::AcpiFault) with the offset
// moved to the module's start; module/module_error.cpp words them.
#pragma once

#include <cstdint>

#include "core/acpi_table.hpp"
#include "core/byte_reader.hpp"
#include "core/result.hpp"
#include "core/smbios_walk.hpp"
#include "domfw/abi/module.h"

namespace domfw::core {

// offset = the field's offset in the module or bundle; value = what it holds; limit = what it
// was checked against (the bound, the count wanted, the computed CRC). Bundle directory faults:
// offset = the entry's, object = the entry's index.
// Each fault with its sentence: core/faults/module.def.
enum class ModuleFault : std::uint8_t {
#define DOMFW_FAULT(name, ...) name,
#include "core/faults/module.def"
#undef DOMFW_FAULT
};
[[nodiscard]] constexpr Reader reader_of(ModuleFault) { return Reader::module; }

struct SmbiosModuleInfo {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    std::uint8_t docrev = 0;
    std::uint32_t structure_count = 0;
};

struct AcpiModuleInfo {
    std::uint32_t table_count = 0;
    std::uint32_t acpi_flags = 0;
};

struct OptionRomModuleInfo {
    std::uint16_t pci_vendor_id = 0;
    std::uint16_t pci_device_id = 0;
    std::uint32_t image_size = 0; // byte 2 of the ROM x 512
};

struct BlobModuleInfo {
    Bytes name; // 1..31 printable bytes, without the NUL padding
    // Revision 1.1 (DOMFW_MODULE_F_BLOB_CMDLINE): the command line without its NUL.
    bool has_cmdline = false;
    Bytes cmdline;
};

// A validated module. `known` is false for a type this reader does not understand (and that is
// not marked required): such a module is intact (lengths and CRC checked) but its meaning is not.
struct ModuleView {
    std::uint16_t type = 0;
    std::uint32_t flags = 0;
    std::uint32_t header_length = 0;
    std::uint32_t total_length = 0;
    std::uint32_t crc32c = 0;
    bool known = false;
    Bytes bytes;       // the whole module (total_length bytes)
    Bytes type_header; // [24, header_length)
    Bytes payload;     // [header_length, total_length)
    SmbiosModuleInfo smbios{};
    AcpiModuleInfo acpi{};
    OptionRomModuleInfo option_rom{};
    BlobModuleInfo blob{};

    // The payload's contents, already proved by read_module: whoever needs them (inspect, the
    // loader) walks them with these, never by hand. Structure and table offsets are from the
    // payload's start.
    [[nodiscard]] smbios::StructureWalk smbios_structures() const { return smbios::StructureWalk(payload, 0, true); }
    [[nodiscard]] acpi::TableSequence acpi_tables() const { return acpi::TableSequence(payload); }
};

// Reads the module at the start of `data`; `data` may extend past the module's total_length.
[[nodiscard]] Result<ModuleView> read_module(Bytes data);

struct BundleEntry {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    std::uint16_t type = 0;
    std::uint32_t crc32c = 0;
};

// A bundle whose header and directory are validated (CRC, bounds, ascending non-overlapping
// entries). Modules are validated one at a time by bundle_module().
struct BundleView {
    std::uint32_t total_length = 0;
    std::uint32_t flags = 0;
    std::uint32_t module_count = 0;
    std::uint32_t header_length = 0;
    std::uint32_t entry_size = 0;
    std::uint32_t crc32c = 0;
    Bytes bytes; // the whole bundle (total_length bytes)
};

[[nodiscard]] Result<BundleView> read_bundle(Bytes data);
[[nodiscard]] Result<BundleEntry> bundle_entry(const BundleView& bundle, std::uint32_t index);
// The module of directory entry `index`, validated, and checked against its entry.
[[nodiscard]] Result<ModuleView> bundle_module(const BundleView& bundle, std::uint32_t index);

// True when `data` starts with the module or bundle signature (no other check).
[[nodiscard]] bool looks_like_module(Bytes data);
[[nodiscard]] bool looks_like_bundle(Bytes data);

// A module type for messages ("SMBIOS", "option ROM", ...); `unknown` for any other number.
[[nodiscard]] constexpr const char* module_type_name(std::uint64_t type, const char* unknown) {
    switch (type) {
    case DOMFW_MODULE_TYPE_SMBIOS: return "SMBIOS";
    case DOMFW_MODULE_TYPE_ACPI: return "ACPI";
    case DOMFW_MODULE_TYPE_OPTION_ROM: return "option ROM";
    case DOMFW_MODULE_TYPE_BLOB: return "blob";
    default: return unknown;
    }
}

} // namespace domfw::core
