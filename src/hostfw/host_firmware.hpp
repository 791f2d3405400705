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
};

// Reads the live machine (no `from`), a /sys/firmware-like directory, or any single SMBIOS or ACPI
// source (hostfw::read_smbios, hostfw::read_acpi). Fails only when neither could be read, with
// both reasons; otherwise each part's absence is explained in *_missing.
[[nodiscard]] Expected<HostFirmware> load_host_firmware(const std::optional<std::filesystem::path>& from);

// Writes, atomically (the directory appears whole or not at all):
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
