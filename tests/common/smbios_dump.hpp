// SMBIOS for tests: a structure built from its parts, and an entry point with its table decoded
// by the real dmidecode (--from-dump), the peer every SMBIOS writer here is checked against.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace domfw::test {

// Header (type, length, handle), the formatted body, the strings each with its NUL, the
// terminating NUL (two when there are no strings, DSP0134 §6.1.3).
std::vector<std::uint8_t> smbios_structure(std::uint8_t type, std::uint16_t handle,
                                           const std::vector<std::uint8_t>& body,
                                           const std::vector<std::string>& strings);

// `entry` (a _SM3_ or _SM_ entry point, as found in memory) and its `table`, laid out as
// dmidecode --dump-bin does (entry point at 0 with its table address rewritten to 32 and its
// checksums fixed, table at 32), written to `file` and decoded by `dmidecode --from-dump`:
// its output, stderr included.
std::string dmidecode_of(std::vector<std::uint8_t> entry, const std::vector<std::uint8_t>& table,
                         const std::filesystem::path& file);

bool have_dmidecode();
// No warning of dmidecode's in `out` (gtest expectations).
void expect_clean_dmidecode(const std::string& out);

} // namespace domfw::test
