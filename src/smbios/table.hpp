// SmbiosTable: the hosted model of an SMBIOS table (DSP0134 §6): its version, where it came
// from, and its structures with their formatted bytes and strings. Built by walking bytes with
// core/smbios_walk (so the host and the guest loader agree on what a structure is) or by hand
// for encoding (encode.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/smbios_walk.hpp"
#include "support/error.hpp"

namespace domfw::smbios {

struct Structure {
    std::uint8_t type = 0;
    std::uint16_t handle = 0;
    std::size_t offset = 0;              // in the table it was read from (0 when built)
    std::vector<std::uint8_t> formatted; // the formatted area, 4-byte header included
    std::vector<std::string> strings;    // the string set, raw bytes, 1-based in the spec

    [[nodiscard]] std::size_t length() const { return formatted.size(); }
    // Formatted-area byte/word/dword at a spec offset; nullopt when the structure is shorter.
    [[nodiscard]] std::optional<std::uint8_t> byte(std::size_t off) const;
    [[nodiscard]] std::optional<std::uint16_t> word(std::size_t off) const;
    [[nodiscard]] std::optional<std::uint32_t> dword(std::size_t off) const;
    [[nodiscard]] std::optional<std::uint64_t> qword(std::size_t off) const;
    // String `index` (1-based), nullptr when 0 or past the last string.
    [[nodiscard]] const std::string* string(std::uint8_t index) const;
};

struct SmbiosTable {
    // Effective version (after fixups such as 2.31 -> 2.3): major << 8 | minor.
    std::uint16_t version = 0;
    std::uint8_t docrev = 0;
    // The entry point as read (absent for raw tables and RSMB blobs), and its bytes.
    std::optional<core::smbios::EntryPoint> entry;
    std::vector<std::uint8_t> entry_bytes;
    // The bytes walked: min(bytes held, announced length).
    std::vector<std::uint8_t> table_bytes;
    std::vector<Structure> structures;
    // Set when a structure is broken; `structures` holds the ones before it (like dmidecode).
    std::optional<std::string> error;
    // Where the bytes came from, e.g. "dmidecode --dump-bin file x.bin" (set by the reader).
    std::string origin;
    // Things worth saying that are not errors: version fixups, a short table, trailing bytes.
    std::vector<std::string> notes;

    [[nodiscard]] std::uint8_t major() const { return static_cast<std::uint8_t>(version >> 8); }
    [[nodiscard]] std::uint8_t minor() const { return static_cast<std::uint8_t>(version & 0xFF); }
    // Bytes the walked structures occupy (up to and including the last good one).
    std::size_t used_bytes = 0;
};

// Walks `table` (cut to `announced` when that is smaller; 0 = no cut) as a structure table of
// SMBIOS `version`, at most `count` structures (0 = no limit). Never fails: a broken structure
// sets `error` and keeps the ones before it.
[[nodiscard]] SmbiosTable walk_table(std::span<const std::uint8_t> table, std::uint16_t version,
                                     std::uint32_t announced = 0, std::uint16_t count = 0);

// Validates the entry point (both checksums, length fields), then walks the table.
[[nodiscard]] Expected<SmbiosTable> read_table(std::span<const std::uint8_t> entry_point,
                                               std::span<const std::uint8_t> table);

// "3.2.0", "2.3" (2.x versions print without docrev, as dmidecode does).
[[nodiscard]] std::string version_text(const SmbiosTable& t);

} // namespace domfw::smbios
