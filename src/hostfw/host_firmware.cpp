#include "hostfw/host_firmware.hpp"

#include <algorithm>
#include <initializer_list>
#include <string_view>
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

bool is_earlier_host_dump(const fs::path& dir) {
    // Only regular files and directories, each one a dump writes.
    auto kind = [](const fs::path& p) {
        std::error_code ec;
        return fs::symlink_status(p, ec).type();
    };
    auto only = [&](const fs::path& d, std::initializer_list<std::string_view> names) {
        std::error_code ec;
        for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string n = it->path().filename().string();
            if (std::find(names.begin(), names.end(), n) == names.end()) return false;
        }
        return !ec;
    };
    if (!only(dir, {"dmi", "acpi", kDumpBinName})) return false;
    const bool dmi = kind(dir / "dmi") == fs::file_type::directory;
    const bool acpi = kind(dir / "acpi") == fs::file_type::directory;
    const bool bin = kind(dir / kDumpBinName) == fs::file_type::regular;
    if (!dmi && !acpi) return false;
    if (dmi != bin) return false;
    if (dmi) {
        if (!only(dir / "dmi", {"tables"}) || !only(dir / "dmi/tables", {"smbios_entry_point", "DMI"})) return false;
        if (kind(dir / "dmi/tables/smbios_entry_point") != fs::file_type::regular ||
            kind(dir / "dmi/tables/DMI") != fs::file_type::regular)
            return false;
    }
    if (acpi) {
        if (!only(dir / "acpi", {"tables"})) return false;
        // Tables, and the dynamically loaded ones in dynamic/, as in sysfs.
        auto tables_only = [&](const fs::path& d, bool top) {
            std::error_code ec;
            for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
                const auto t = kind(it->path());
                if (t == fs::file_type::regular) continue;
                if (!(top && t == fs::file_type::directory && it->path().filename() == "dynamic")) return false;
            }
            return !ec;
        };
        if (!tables_only(dir / "acpi/tables", true)) return false;
        if (kind(dir / "acpi/tables/dynamic") == fs::file_type::directory &&
            !tables_only(dir / "acpi/tables/dynamic", false))
            return false;
    }
    return true;
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

Expected<void> write_host_dump(const HostFirmware& fw, const fs::path& dir, bool force) {
    if (!fw.smbios && !fw.acpi)
        return fail("{}: nothing to write: no SMBIOS and no ACPI tables were read", dir.string());
    using support::Access;
    support::OutputSpec spec;
    spec.writer = "domfw host dump";
    spec.earlier_output = is_earlier_host_dump;
    spec.durability = support::Durability::kDurable;
    spec.dir_access = Access::kPrivate;
    spec.force = force;
    DOMFW_TRY_X(auto staged, support::StagedDir::create(dir, spec));
    if (fw.smbios) {
        DOMFW_TRY_X(auto ep, smbios::sysfs_entry_point(*fw.smbios));
        DOMFW_TRY_VOID(staged.write("dmi/tables/smbios_entry_point", ep, Access::kPrivate));
        DOMFW_TRY_VOID(staged.write("dmi/tables/DMI", fw.smbios->table_bytes, Access::kPrivate));
        DOMFW_TRY_X(auto image, smbios::dump_bin_image(*fw.smbios));
        DOMFW_TRY_VOID(staged.write(kDumpBinName, image, Access::kPrivate));
    }
    if (fw.acpi) {
        for (const auto& [name, bytes] : acpi::sysfs_files(*fw.acpi))
            DOMFW_TRY_VOID(staged.write(fs::path("acpi/tables") / name, bytes, Access::kPrivate));
    }
    return staged.commit();
}

} // namespace domfw::hostfw
