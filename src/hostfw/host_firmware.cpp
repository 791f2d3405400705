#include "hostfw/host_firmware.hpp"

#include <system_error>

#include "acpi/report.hpp"
#include "hostfw/acpi_sources.hpp"
#include "hostfw/smbios_sources.hpp"
#include "smbios/encode.hpp"
#include "support/files.hpp"
#include "support/staged_dir.hpp"

namespace domfw::hostfw {

namespace fs = std::filesystem;

namespace {

// Whether a directory source holds this part at all (lstat: a link counts as there, and its
// reader refuses it).
bool part_present(const std::optional<fs::path>& from, const char* live, const char* sub) {
    std::error_code ec;
    if (!from) return fs::symlink_status(live, ec).type() != fs::file_type::not_found;
    if (fs::symlink_status(*from, ec).type() != fs::file_type::directory && !fs::is_directory(*from, ec)) return false;
    return fs::symlink_status(*from / sub, ec).type() != fs::file_type::not_found;
}

} // namespace

Expected<HostFirmware> load_host_firmware(const std::optional<fs::path>& from, HostParts parts) {
    HostFirmware fw;
    if (parts.smbios) {
        Expected<smbios::SmbiosTable> sm = from ? read_smbios(*from) : read_smbios_live();
        if (sm) {
            fw.smbios = std::move(*sm);
        } else {
            fw.smbios_missing = sm.error().message;
            fw.smbios_unreadable = part_present(from, "/sys/firmware/dmi/tables", "dmi");
        }
    }
    // A single file is one source: when it read as SMBIOS it is not also ACPI.
    std::error_code ec;
    if (from && fw.smbios && !fs::is_directory(*from, ec)) {
        fw.acpi_missing = fmt::format("{}: holds SMBIOS, not ACPI", from->string());
        return fw;
    }
    if (parts.acpi) {
        Expected<acpi::AcpiTableSet> ac = from ? read_acpi(*from) : read_acpi_live();
        if (ac) {
            fw.acpi = std::move(*ac);
        } else {
            fw.acpi_missing = ac.error().message;
            fw.acpi_unreadable = part_present(from, kLiveAcpiTables, "acpi");
        }
    }
    if (!fw.smbios && !fw.acpi) {
        const std::string what = from ? from->string() : std::string("this machine");
        if (!parts.acpi) return fail("{}", *fw.smbios_missing);
        if (!parts.smbios) return fail("{}", *fw.acpi_missing);
        // The file itself could not be read (not a regular file, above the limit): once is enough.
        if (*fw.smbios_missing == *fw.acpi_missing) return fail("{}", *fw.smbios_missing);
        return fail("{}: no SMBIOS and no ACPI tables found\n  SMBIOS: {}\n  ACPI: {}", what, *fw.smbios_missing,
                    *fw.acpi_missing);
    }
    return fw;
}

std::vector<std::string> host_problems(const HostFirmware& fw, HostParts parts) {
    std::vector<std::string> out;
    if (parts.smbios && fw.smbios_unreadable && fw.smbios_missing) out.push_back(*fw.smbios_missing);
    if (parts.acpi && fw.acpi_unreadable && fw.acpi_missing) out.push_back(*fw.acpi_missing);
    if (parts.smbios && fw.smbios && fw.smbios->error) out.push_back(*fw.smbios->error);
    if (parts.acpi && fw.acpi) {
        for (const auto& t : fw.acpi->tables())
            if (!t.problem().empty()) out.push_back(t.problem());
    }
    return out;
}

Expected<void> write_host_dump(const HostFirmware& fw, const fs::path& dir) {
    if (!fw.smbios && !fw.acpi)
        return fail("{}: nothing to write: no SMBIOS and no ACPI tables were read", dir.string());
    DOMFW_TRY_X(auto staged, support::StagedDir::create(dir, support::Durability::kDurable));
    if (fw.smbios) {
        DOMFW_TRY_X(auto ep, smbios::sysfs_entry_point(*fw.smbios));
        DOMFW_TRY_VOID(staged.write("dmi/tables/smbios_entry_point", ep));
        DOMFW_TRY_VOID(staged.write("dmi/tables/DMI", fw.smbios->table_bytes));
        DOMFW_TRY_X(auto image, smbios::dump_bin_image(*fw.smbios));
        DOMFW_TRY_VOID(staged.write(kDumpBinName, image));
    }
    if (fw.acpi) {
        for (const auto& [name, bytes] : acpi::sysfs_files(*fw.acpi))
            DOMFW_TRY_VOID(staged.write(fs::path("acpi/tables") / name, bytes));
    }
    return staged.commit();
}

} // namespace domfw::hostfw
