// Regions of guest-physical memory and the memory map (hvm_memmap_table_entry, e820 types):
// the checks every address the loader uses goes through (no wrap, below 4 GiB, inside RAM,
// inside the addressable window, disjoint from the loader and from each other) and the one
// edit the loader makes to the map it hands on (reserve a range inside RAM).
#pragma once

#include <cstdint>

#include "loader/lib/fault.hpp"
#include "loader/lib/guest_layout.hpp"
#include "loader/lib/phys_memory.hpp"

namespace domfw::loader {

// LOADER-FACTS.md: Linux takes fewer than 128 entries; the map handed on must fit too.
inline constexpr std::uint32_t kMaxMemmapEntries = 128;

struct Region {
    std::uint64_t addr = 0;
    std::uint64_t size = 0;
    [[nodiscard]] constexpr std::uint64_t end() const { return addr + size; } // only after check_range
    [[nodiscard]] constexpr bool overlaps(const Region& o) const {
        return size != 0 && o.size != 0 && addr < o.end() && o.addr < end();
    }
};

struct MemmapEntry {
    std::uint64_t addr = 0;
    std::uint64_t size = 0;
    std::uint32_t type = 0;
};

struct MemoryMap {
    MemmapEntry entries[kMaxMemmapEntries];
    std::uint32_t count = 0;

    // Every byte of `r` is in an entry of type RAM and in no entry of another type (a map may
    // list a reserved range inside a RAM one). On failure `*first_bad` is the first byte that is not.
    [[nodiscard]] bool is_ram(const Region& r, std::uint64_t* first_bad = nullptr) const;
    // Turns `r` (inside RAM) into a RESERVED entry, splitting the RAM entry around it.
    [[nodiscard]] LoaderError reserve(const Region& r, std::uint32_t type);
};

// No wrap, not absent, ends at or below 4 GiB (the loader runs with paging off).
[[nodiscard]] LoaderError check_range(const char* object, const Region& r);
// check_range, then inside RAM of `map`, then inside `mem`.
[[nodiscard]] LoaderError check_ram(const char* object, const Region& r, const MemoryMap& map, const PhysMemory& mem);
[[nodiscard]] LoaderError check_disjoint(const char* object, const Region& r, const char* other, const Region& o);

} // namespace domfw::loader
