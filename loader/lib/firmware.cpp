#include "loader/lib/firmware.hpp"

#include "core/checked.hpp"
#include "domfw/abi/module.h"
#include "loader/lib/acpi.hpp"

namespace domfw::loader {
namespace {
constexpr std::uint64_t kPage = 0x1000;
} // namespace

FirmwareTables prepare_firmware(const PhysMemory& mem, const Region& smbios_area, const Region& acpi_area,
                                const PciConfig& pci, const BootInfo& boot, const BundleContents& bundle,
                                SmbiosWork& work, Console& con) {
    FirmwareTables t;
    t.rsdp_paddr = boot.rsdp_paddr;
    if (smbios_area.size != 0) {
        const SmbiosResult s = install_smbios(mem, smbios_area, pci, boot, bundle, work, con);
        // Linux does not protect the table unless the map says so (LOADER-FACTS.md).
        if (s.installed) {
            t.reserved_what[t.reserved_count] = "smbios-tables";
            t.reserved[t.reserved_count++] =
                Region{s.table_paddr, core::align_up(std::uint64_t{s.table_length}, kPage).value()};
        }
    }
    if (acpi_area.size != 0) {
        const AcpiResult a = install_acpi(mem, acpi_area, boot, bundle, con);
        t.rsdp_paddr = a.rsdp_paddr;
        if (a.installed) {
            t.reserved_what[t.reserved_count] = "acpi-tables";
            t.reserved[t.reserved_count++] =
                Region{acpi_area.addr, core::align_up(std::uint64_t{a.area_used}, kPage).value()};
        }
        return t;
    }
    std::uint32_t acpi = 0;
    for (std::uint32_t i = 0; i < bundle.firmware_count; ++i)
        if (bundle.firmware[i].type == DOMFW_MODULE_TYPE_ACPI) ++acpi;
    if (acpi != 0) {
        con.line().dec(acpi).str(acpi == 1 ? " ACPI module" : " ACPI modules");
        con.str(" valid but not merged: no area for ACPI tables").end();
    }
    return t;
}

} // namespace domfw::loader
