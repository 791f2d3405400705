// The writer of domfw modules and bundles (include/domfw/abi/module.h). Every function builds
// the bytes and then runs core's reader over them, so nothing leaves here that the guest
// loader would reject: the reader accepts everything the writer writes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_reader.hpp"
#include "domfw/abi/module.h"
#include "support/error.hpp"

namespace domfw::module {

using ByteVector = std::vector<std::uint8_t>;

struct SmbiosModuleSpec {
    std::uint8_t major = 3;
    std::uint8_t minor = 0;
    std::uint8_t docrev = 0;
    std::vector<ByteVector> structures; // each complete: formatted area + string-set + double NUL
};

struct AcpiModuleSpec {
    std::vector<ByteVector> tables; // each complete, checksum valid
    bool match_slic_oem_ids = false;
};

struct OptionRomModuleSpec {
    std::uint16_t pci_vendor_id = 0xFFFF;
    std::uint16_t pci_device_id = 0xFFFF;
    ByteVector image;
};

struct BlobModuleSpec {
    std::string name; // 1..31 printable non-space ASCII
    core::Bytes bytes;
    // Revision 1.1: the module's command line (up to 1023 bytes, no NUL), for a loader to hand
    // on with the module; written behind DOMFW_MODULE_F_BLOB_CMDLINE. nullopt: none.
    std::optional<std::string> cmdline = std::nullopt;
};

[[nodiscard]] Expected<ByteVector> write_smbios_module(const SmbiosModuleSpec& spec, std::uint32_t flags = 0);
[[nodiscard]] Expected<ByteVector> write_acpi_module(const AcpiModuleSpec& spec, std::uint32_t flags = 0);
[[nodiscard]] Expected<ByteVector> write_option_rom_module(const OptionRomModuleSpec& spec, std::uint32_t flags = 0);
[[nodiscard]] Expected<ByteVector> write_blob_module(const BlobModuleSpec& spec, std::uint32_t flags = 0);

// Any type, for extensions and tests: the reader still validates known types. `check` = false
// skips the read-back (only for building malformed fixtures).
[[nodiscard]] Expected<ByteVector> write_module(std::uint16_t type, core::Bytes type_header, core::Bytes payload,
                                                std::uint32_t flags, bool check = true);

// One image: header, directory, then each module 8-byte aligned, in the order given.
// `payload_align` (a power of two >= 8) aligns each module's payload within the bundle: with
// 0x1000, a bundle loaded page-aligned has every blob page-aligned, so a loader hands a ramdisk
// on in place (the padding is zeros between modules, which every reader allows).
[[nodiscard]] Expected<ByteVector> write_bundle(std::span<const ByteVector> modules, std::uint32_t flags = 0,
                                                std::uint32_t payload_align = DOMFW_MODULE_ALIGN);

} // namespace domfw::module
