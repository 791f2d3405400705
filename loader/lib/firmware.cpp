#include "loader/lib/firmware.hpp"

namespace domfw::loader {

FirmwareTables prepare_firmware(const BootInfo& boot, const BundleContents& bundle, Console& con) {
    FirmwareTables t;
    t.rsdp_paddr = boot.rsdp_paddr;
    if (bundle.firmware_count != 0) {
        con.line()
            .dec(bundle.firmware_count)
            .str(bundle.firmware_count == 1 ? " firmware module" : " firmware modules");
        con.str(" valid but not merged: this loader does not merge SMBIOS or ACPI yet").end();
    }
    return t;
}

} // namespace domfw::loader
