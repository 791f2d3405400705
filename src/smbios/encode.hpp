// Encoding SMBIOS from a model (DSP0134 §5.2, §6.1): structures to table bytes, handle allocation,
// and the entry points (2.x "_SM_" and 3.0 "_SM3_") with their checksums, plus the image
// `dmidecode --dump-bin` writes (entry point at 0, table at 0x20).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/smbios_entry_point.hpp"
#include "smbios/table.hpp"
#include "support/error.hpp"

namespace domfw::smbios {

// Hands out handles not yet used in a table. QEMU and hvmloader reserve ranges of their own, so a
// caller can reserve() those first.
class HandleAllocator {
public:
    explicit HandleAllocator(std::uint16_t first = 0) : next_(first) {}
    void reserve(std::uint16_t h) { used_.insert(h); }
    // The lowest free handle at or after the last one given; 0xFFFE and 0xFFFF are never given
    // (§6.1.2 reserves 0xFFFE/0xFFFF as "unknown"/"none" in handle references).
    [[nodiscard]] Expected<std::uint16_t> allocate();

private:
    std::set<std::uint16_t> used_;
    std::uint32_t next_;
};

// Builds a structure table in order, allocating handles.
class SmbiosBuilder {
public:
    explicit SmbiosBuilder(std::uint16_t version) { table_.version = version; }
    HandleAllocator& handles() { return handles_; }
    // `body` is the formatted area after the 4-byte header; returns the handle given.
    [[nodiscard]] Expected<std::uint16_t> add(std::uint8_t type, std::vector<std::uint8_t> body,
                                              std::vector<std::string> strings);
    // Appends the type 127 end-of-table structure and returns the model.
    [[nodiscard]] Expected<SmbiosTable> finish();

private:
    SmbiosTable table_;
    HandleAllocator handles_;
};

// One structure's bytes: header (type, length, handle from the model), formatted area, strings,
// double NUL. Fails on a formatted area shorter than 4 or longer than 255 bytes, more than 255
// strings, or an empty string or one holding a NUL.
[[nodiscard]] Expected<std::vector<std::uint8_t>> encode_structure(const Structure& s);
// All structures, in order.
[[nodiscard]] Expected<std::vector<std::uint8_t>> encode_structures(const std::vector<Structure>& structures);

using core::smbios::EntryPointFields;
// 31-byte "_SM_" entry point with both checksums; fails when the address or length do not fit.
[[nodiscard]] Expected<std::vector<std::uint8_t>> build_entry_point_2x(const EntryPointFields& f);
// 24-byte "_SM3_" entry point.
[[nodiscard]] Expected<std::vector<std::uint8_t>> build_entry_point_3x(const EntryPointFields& f);

// Entry point fields describing `t`'s table (length, count, largest structure) at `address`.
[[nodiscard]] EntryPointFields describe_table(const SmbiosTable& t, std::uint64_t address);

// The entry point for /sys/firmware/dmi/tables/smbios_entry_point: the one read, else one
// built for the table (3.0 form for version >= 3, else 2.x), table address 0.
[[nodiscard]] Expected<std::vector<std::uint8_t>> sysfs_entry_point(const SmbiosTable& t);
// The `dmidecode --dump-bin` image: entry point at 0 with its table address rewritten to 0x20
// and checksums fixed, padding, the table at 0x20.
[[nodiscard]] Expected<std::vector<std::uint8_t>> dump_bin_image(const SmbiosTable& t);

inline constexpr std::size_t kDumpBinTableOffset = 0x20;

} // namespace domfw::smbios
