// Where host SMBIOS comes from: the live /sys/firmware/dmi/tables, a directory laid out like
// /sys/firmware, an entry point + table pair, a `dmidecode --dump-bin` file, a Windows RSMB
// blob (GetSystemFirmwareTable), or a raw structure table. The format is detected from the
// bytes; when the bytes look like one format but fail its checks, the error names the format
// that was expected and what was wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "smbios/table.hpp"
#include "support/error.hpp"

namespace domfw::hostfw {

inline constexpr const char* kLiveFirmwareRoot = "/sys/firmware";

// The live tables of this machine (/sys/firmware/dmi/tables). The error says whether the
// machine has no SMBIOS at all or whether reading needs root.
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios_live();
// `root`/dmi/tables/{smbios_entry_point,DMI}, where `root` is /sys/firmware or a capture of it.
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios_sysfs(const std::filesystem::path& root);
// Auto-detects: a directory (sysfs layout, tables dir, or a folder with one entry point file and
// one table file) or a file (dump, RSMB, raw table).
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios(const std::filesystem::path& from);
// An entry point file and a table file (the sysfs pair).
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios_pair(const std::filesystem::path& entry_point,
                                                             const std::filesystem::path& table);

// The single-file formats, given the bytes; `name` is used in messages.
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios_dump(std::span<const std::uint8_t> bytes,
                                                             const std::string& name);
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios_rsmb(std::span<const std::uint8_t> bytes,
                                                             const std::string& name);
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios_raw(std::span<const std::uint8_t> bytes,
                                                            const std::string& name);
// Detects the single-file format of `bytes` and reads it.
[[nodiscard]] Expected<smbios::SmbiosTable> read_smbios_bytes(std::span<const std::uint8_t> bytes,
                                                              const std::string& name);

// Raw tables carry no version: they are decoded as SMBIOS 3.0 (the corpus's dmidecode texts
// for them were made the same way).
inline constexpr std::uint16_t kRawTableVersion = 0x0300;

} // namespace domfw::hostfw
