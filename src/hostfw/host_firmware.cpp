#include "hostfw/host_firmware.hpp"

#include <system_error>

#include "hostfw/smbios_sources.hpp"
#include "smbios/encode.hpp"
#include "support/files.hpp"

namespace domfw::hostfw {

namespace fs = std::filesystem;

Expected<HostFirmware> load_host_firmware(const std::optional<fs::path>& from) {
    HostFirmware fw;
    Expected<smbios::SmbiosTable> sm = from ? read_smbios(*from) : read_smbios_live();
    if (sm) fw.smbios = std::move(*sm);
    else fw.smbios_missing = sm.error().message;
    if (!fw.smbios) return Unexpected(Error{*fw.smbios_missing});
    return fw;
}

Expected<void> write_host_dump(const HostFirmware& fw, const fs::path& dir) {
    if (!fw.smbios) return fail("{}: nothing to write: no SMBIOS and no ACPI tables were read", dir.string());
    DOMFW_TRY_X(auto staged, support::StagedDir::create(dir));
    if (fw.smbios) {
        DOMFW_TRY_X(auto ep, smbios::sysfs_entry_point(*fw.smbios));
        DOMFW_TRY_VOID(staged.write("dmi/tables/smbios_entry_point", ep));
        DOMFW_TRY_VOID(staged.write("dmi/tables/DMI", fw.smbios->table_bytes));
        DOMFW_TRY_X(auto image, smbios::dump_bin_image(*fw.smbios));
        DOMFW_TRY_VOID(staged.write(kDumpBinName, image));
    }
    return staged.commit();
}

} // namespace domfw::hostfw
