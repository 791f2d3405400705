// Shared by the pass-through peer and privacy tests: run `domfw build` on a config written into a
// temporary directory, read what it wrote, and list the corpus firmware sources.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "run.hpp"
#include "temp_dir.hpp"

namespace domfw::test {

// Writes `config` as DIR/NAME.cfg and runs `domfw build` into DIR/NAME.out.
Ran build_guest(const std::filesystem::path& dir, const std::string& name, const std::string& config);

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& p);
// Every regular file under `dir` (name relative to it) and its bytes.
std::vector<std::pair<std::string, std::string>> files_of(const std::filesystem::path& dir);

// Every SMBIOS capture of the corpus (dumps, sysfs pairs, raw tables, RSMB blobs): the paths
// `firmware_source` accepts. Empty without ../shared.
std::vector<std::filesystem::path> corpus_smbios_sources();
// Every ACPI set of the corpus: acpidump text files and folders of binary tables.
std::vector<std::filesystem::path> corpus_acpi_sources();

} // namespace domfw::test
