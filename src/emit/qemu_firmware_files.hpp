// The HVM pass-through as QEMU takes it (PEERS.md): `-smbios file=F` holds exactly one structure
// and `-acpitable file=F` exactly one table, so `domfw build` writes each SMBIOS structure and each
// ACPI table of smbios.bin/acpi.bin to a file of its own under qemu/ for `domfw run`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/from_domain.hpp"
#include "support/error.hpp"

namespace domfw::emit {

// QEMU keeps a file's SMBIOS handle as given and never checks it against its own (0x0000, 0x0100,
// 0x0300, 0x0400.., 0x0E00, 0x1000, 0x1100, 0x1300, 0x2000, 0x7F00): every structure is renumbered
// into a range QEMU never uses, kQemuSmbiosHandleBase + its index.
inline constexpr std::uint16_t kQemuSmbiosHandleBase = 0xD000;

struct QemuSmbiosFile {
    std::string name; // relative to the build directory: "qemu/smbios-00-type1.bin"
    std::uint8_t type = 0;
    std::uint16_t source_handle = 0; // as in smbios.bin
    std::vector<std::uint8_t> bytes; // the structure, handle renumbered
};

struct QemuAcpiFile {
    std::string name;      // "qemu/acpi-00-SLIC.bin"
    std::string signature; // 4 characters, non-printable bytes as '_'
    std::vector<std::uint8_t> bytes;
};

struct QemuFirmwareFiles {
    std::vector<QemuSmbiosFile> smbios;
    std::vector<QemuAcpiFile> acpi;
};

// From the validated pass-through blobs of an HVM plan (none for PVH: the loader takes them from
// the bundle). A reference to another passed structure (type 2's chassis handle) follows the
// renumbering.
[[nodiscard]] Expected<QemuFirmwareFiles> qemu_firmware_files(const plan::DomainPlan& d);

} // namespace domfw::emit
