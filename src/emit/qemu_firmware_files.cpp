#include "emit/qemu_firmware_files.hpp"

#include <fmt/format.h>

#include "plan/passthrough_files.hpp"

namespace domfw::emit {
namespace {

std::uint16_t le16(const std::vector<std::uint8_t>& b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

void put_le16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v & 0xFF);
    b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}

// SMBIOS 3.x §7.3 (type 2): Chassis Handle at offset 0x0B, present when the length is >= 0x0D.
constexpr std::size_t kType2ChassisHandle = 0x0B;

} // namespace

Expected<QemuFirmwareFiles> qemu_firmware_files(const plan::DomainPlan& d) {
    QemuFirmwareFiles out;
    if (d.input.type != plan::GuestType::hvm) return out;
    if (d.smbios_blob) {
        DOMFW_TRY_X(auto structures, plan::split_smbios_firmware(*d.smbios_blob, "smbios.bin"));
        // Handles 0xD000..0xEFFF; a 64 KiB table holds fewer structures than that anyway.
        if (structures.size() > 0x2000)
            return fail("smbios.bin: {:#x} structures, more than the {:#x} handles domfw renumbers into",
                        structures.size(), 0x2000);
        for (std::size_t i = 0; i < structures.size(); ++i) {
            // split_smbios_firmware walked each structure: its 4-byte header is there.
            QemuSmbiosFile f;
            f.bytes.assign(structures[i].begin(), structures[i].end());
            f.type = f.bytes[0];
            f.source_handle = le16(f.bytes, 2);
            put_le16(f.bytes, 2, static_cast<std::uint16_t>(kQemuSmbiosHandleBase + i));
            f.name = fmt::format("qemu/smbios-{:02}-type{}.bin", i, f.type);
            out.smbios.push_back(std::move(f));
        }
        for (auto& f : out.smbios) {
            if (f.type != 2 || f.bytes[1] < kType2ChassisHandle + 2) continue;
            const std::uint16_t chassis = le16(f.bytes, kType2ChassisHandle);
            for (std::size_t j = 0; j < out.smbios.size(); ++j)
                if (out.smbios[j].source_handle == chassis)
                    put_le16(f.bytes, kType2ChassisHandle, static_cast<std::uint16_t>(kQemuSmbiosHandleBase + j));
        }
    }
    if (d.acpi_blob) {
        DOMFW_TRY_X(auto tables, plan::split_acpi_firmware(*d.acpi_blob, "acpi.bin"));
        for (std::size_t i = 0; i < tables.size(); ++i) {
            QemuAcpiFile f;
            f.bytes.assign(tables[i].begin(), tables[i].end());
            for (std::size_t k = 0; k < 4; ++k) {
                const auto c = static_cast<char>(f.bytes[k]);
                const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                f.signature.push_back(plain ? c : '_');
            }
            f.name = fmt::format("qemu/acpi-{:02}-{}.bin", i, f.signature);
            out.acpi.push_back(std::move(f));
        }
    }
    return out;
}

} // namespace domfw::emit
