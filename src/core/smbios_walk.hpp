// SMBIOS entry points and the structure walk (DMTF DSP0134 §5.2, §6.1), freestanding: the host
// tools and the guest loader read SMBIOS with this one code. No heap: the walk hands out views
// into the caller's bytes, one structure at a time, and stops at the first broken structure
// with an error naming its offset, type and handle; the structures before it stay usable
// (dmidecode does the same: "DMI table is broken! Stop.").
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/byte_reader.hpp"

namespace domfw::core::smbios {

enum class EntryKind : std::uint8_t {
    smbios2,    // "_SM_" + "_DMI_" intermediate, SMBIOS 2.1..2.8 (§5.2.1)
    legacy_dmi, // "_DMI_" alone, DMI 2.0
    smbios3,    // "_SM3_", SMBIOS 3.x (§5.2.2)
};

struct EntryPoint {
    EntryKind kind = EntryKind::smbios2;
    std::uint8_t length = 0; // bytes the entry point checksum covers
    std::uint8_t major = 0;  // as announced
    std::uint8_t minor = 0;
    std::uint8_t docrev = 0;    // 3.x only
    std::uint16_t version = 0;  // effective (major << 8 | minor) after fixups
    bool version_fixed = false; // a known-bad announced version was corrected
    std::uint64_t table_address = 0;
    std::uint32_t table_length = 0;    // exact for 2.x and legacy, a maximum for 3.x
    std::uint16_t structure_count = 0; // 0 = not announced (3.x)
    std::uint16_t max_structure_size = 0;
    std::uint8_t revision = 0; // entry point revision
};

// Why an entry point was rejected, with the words of each (core/faults/smbios_entry.def).
enum class EntryFault : std::uint8_t {
#define DOMFW_FAULT(name, ...) name,
#include "core/faults/smbios_entry.def"
#undef DOMFW_FAULT
};

// "_SM_", "_SM3_", "_DMI_"
[[nodiscard]] constexpr const char* anchor_name(EntryKind k) {
    switch (k) {
    case EntryKind::smbios2: return "_SM_";
    case EntryKind::smbios3: return "_SM3_";
    case EntryKind::legacy_dmi: return "_DMI_";
    }
    return "?";
}

// Bytes shown of a wrong anchor: the longest anchor ("_SM3_", "_DMI_").
inline constexpr std::size_t kAnchorShown = 5;

struct EntryError {
    EntryFault fault = EntryFault::none;
    EntryKind kind = EntryKind::smbios2;
    std::uint64_t value = 0;
    std::uint64_t limit = 0;
};

[[nodiscard]] constexpr Reader reader_of(EntryFault) { return Reader::smbios_entry; }
// The entry point fault as a core::Error (object = the EntryKind), to be worded by core/fault_text.
[[nodiscard]] constexpr Error to_error(const EntryError& e) {
    return fault(e.fault, 0, e.value, e.limit, static_cast<std::uint64_t>(e.kind));
}

struct EntryResult {
    bool ok = false;
    EntryPoint entry{};
    EntryError error{};
};

// Which anchor the bytes start with, if any ("_SM3_" checked before "_SM_").
[[nodiscard]] bool has_anchor(Bytes b, EntryKind& kind);

// Parses and validates (length fields, both checksums) the entry point at the start of `b`.
// Validation order: bytes held >= the fixed part, announced length in range and held, checksum,
// intermediate anchor and checksum, then meaning (version fixups).
[[nodiscard]] EntryResult parse_entry_point(Bytes b);

// The version fixups dmidecode applies: 2.31 and 2.33 mean 2.3, 2.51 means 2.6.
[[nodiscard]] std::uint16_t effective_version(std::uint16_t announced, bool& fixed);

// One structure, viewed in place.
struct Structure {
    std::size_t offset = 0; // from the start of the table
    std::uint8_t type = 0;
    std::uint8_t length = 0; // formatted area, header included
    std::uint16_t handle = 0;
    Bytes formatted{}; // `length` bytes, header included
    Bytes strings{};   // the string set up to and including its double NUL
    [[nodiscard]] std::size_t size() const { return formatted.size() + strings.size(); }
};

// String `index` (1-based, §6.1.3) of a structure: empty when 0 or past the last string.
[[nodiscard]] Bytes string_at(const Structure& s, std::uint8_t index);
// How many strings the set holds.
[[nodiscard]] std::size_t string_count(const Structure& s);

enum class WalkStop : std::uint8_t {
    running,
    end_of_table,  // the type 127 structure was returned
    end_of_data,   // fewer than 4 bytes left (trailing() says how many)
    count_reached, // the announced structure count was reached (2.x)
    error,         // a broken structure: error() says where and why
};

// Each fault with its sentence: core/faults/smbios_walk.def.
enum class WalkFault : std::uint8_t {
#define DOMFW_FAULT(name, ...) name,
#include "core/faults/smbios_walk.def"
#undef DOMFW_FAULT
};

struct WalkError {
    WalkFault fault = WalkFault::none;
    std::size_t offset = 0;
    std::uint8_t type = 0;
    std::uint16_t handle = 0;
    std::uint64_t value = 0;
    std::uint64_t limit = 0;
};

// A walk fault as a core::Error, for readers that walk structures inside their own format:
// offset = the structure's plus `base`, object = type << 16 | handle (core/fault_text.hpp words it).
[[nodiscard]] constexpr Reader reader_of(WalkFault) { return Reader::smbios_structure; }
[[nodiscard]] Error walk_error(const WalkError& e, std::size_t base);

class StructureWalk {
public:
    // `table` must already be cut to min(bytes held, announced length). `max_count` 0 = no limit.
    // `through_end_of_table`: go on after a type 127 structure (a module payload, where it is
    // optional and need not be last) instead of stopping there (a firmware table).
    constexpr explicit StructureWalk(Bytes table, std::uint16_t max_count = 0, bool through_end_of_table = false)
        : table_(table), max_count_(max_count), through_end_(through_end_of_table) {}

    // Fills `out` and returns true while structures remain; false once stop() is set.
    [[nodiscard]] bool next(Structure& out);

    [[nodiscard]] WalkStop stop() const { return stop_; }
    [[nodiscard]] const WalkError& error() const { return error_; }
    [[nodiscard]] std::size_t offset() const { return pos_; }  // bytes consumed so far
    [[nodiscard]] std::size_t count() const { return count_; } // structures returned
    [[nodiscard]] std::size_t trailing() const { return table_.size() - pos_; }

private:
    Bytes table_;
    std::uint16_t max_count_;
    bool through_end_;
    std::size_t pos_ = 0;
    std::size_t count_ = 0;
    WalkStop stop_ = WalkStop::running;
    WalkError error_{};
};

} // namespace domfw::core::smbios
