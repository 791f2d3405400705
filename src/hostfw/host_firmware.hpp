// A host's firmware tables as one value: SMBIOS and ACPI, each present or not, read from the live
// machine or from a capture, and written back as a capture (`domfw host dump`).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "acpi/table_set.hpp"
#include "smbios/table.hpp"
#include "support/error.hpp"

namespace domfw::hostfw {

struct HostFirmware {
    std::optional<smbios::SmbiosTable> smbios;
    std::optional<acpi::AcpiTableSet> acpi;
    // Why a part is missing ("no SMBIOS on this machine: ..."), so a command that needs it can say.
    std::optional<std::string> smbios_missing;
    std::optional<std::string> acpi_missing;
    // The part is there (a capture's dmi/ or acpi/, the live tables) but could not be read: a
    // link, a file that is not a table, a broken entry point. Unlike absence, that is broken.
    bool smbios_unreadable = false;
    bool acpi_unreadable = false;
};

// Which parts to read: a command that asks for ACPI only neither reads SMBIOS nor reports on it.
struct HostParts {
    bool smbios = true;
    bool acpi = true;
};

// Reads the live machine (no `from`), a /sys/firmware-like directory, or any single SMBIOS or ACPI
// source (hostfw::read_smbios, hostfw::read_acpi). Fails only when none of the parts asked for
// could be read, with the reasons; otherwise each part's absence is explained in *_missing.
[[nodiscard]] Expected<HostFirmware> load_host_firmware(const std::optional<std::filesystem::path>& from,
                                                        HostParts parts = {});

// The problems that make `fw` broken for a command that asked for `parts` (exit status 1): a
// broken SMBIOS structure or truncated table, an ACPI table whose header does not hold. Each
// says where.
[[nodiscard]] std::vector<std::string> host_problems(const HostFirmware& fw, HostParts parts);

// Writes, atomically (the directory appears whole or not at all), everything but ACPI tables
// whose header does not hold (host_problems() names those):
//   dmi/tables/smbios_entry_point, dmi/tables/DMI   the sysfs pair
//   smbios-dump.bin                                 the `dmidecode --dump-bin` image (--from-dump)
//   acpi/tables/SIG[N]                              the ACPI tables, sysfs names
// A capture holds the host's identity (serials, UUID) and any product key (MSDM): the directory
// is 0700 and every file 0600, whatever the umask (sysfs has them 0400, root's). `dir` is
// replaced only when it is absent, empty or an earlier domfw output; `force`: any directory.
[[nodiscard]] Expected<void> write_host_dump(const HostFirmware& fw, const std::filesystem::path& dir,
                                             bool force = false);

// Whether `dir` is a `domfw host dump` from before the .domfw-output marker: it holds nothing but
// what a dump writes (the names above, smbios-dump.bin exactly when dmi/ is there), and something.
[[nodiscard]] bool is_earlier_host_dump(const std::filesystem::path& dir);

inline constexpr const char* kDumpBinName = "smbios-dump.bin";

} // namespace domfw::hostfw
