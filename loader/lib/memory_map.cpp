#include "loader/lib/memory_map.hpp"

#include "domfw/abi/start_info.h"

namespace domfw::loader {

bool MemoryMap::is_ram(const Region& r, std::uint64_t* first_bad) const {
    // Walk forward from r.addr through RAM entries (the map need not be sorted: at most 128^2 steps).
    std::uint64_t at = r.addr;
    const std::uint64_t end = r.end();
    while (at < end) {
        bool advanced = false;
        for (std::uint32_t i = 0; i < count; ++i) {
            const MemmapEntry& e = entries[i];
            if (e.type == DOMFW_HVM_MEMMAP_TYPE_RAM && e.addr <= at && at < e.addr + e.size) {
                at = e.addr + e.size;
                advanced = true;
                break;
            }
        }
        if (!advanced) {
            if (first_bad != nullptr) *first_bad = at;
            return false;
        }
    }
    for (std::uint32_t i = 0; i < count; ++i) {
        const MemmapEntry& e = entries[i];
        if (e.type != DOMFW_HVM_MEMMAP_TYPE_RAM && Region{e.addr, e.size}.overlaps(r)) {
            if (first_bad != nullptr) *first_bad = e.addr > r.addr ? e.addr : r.addr;
            return false;
        }
    }
    return true;
}

LoaderError MemoryMap::reserve(const Region& r, std::uint32_t type) {
    for (std::uint32_t i = 0; i < count; ++i) {
        MemmapEntry& e = entries[i];
        if (e.type != DOMFW_HVM_MEMMAP_TYPE_RAM || r.addr < e.addr || r.end() > e.addr + e.size) continue;
        const MemmapEntry before{e.addr, r.addr - e.addr, DOMFW_HVM_MEMMAP_TYPE_RAM};
        const MemmapEntry after{r.end(), e.addr + e.size - r.end(), DOMFW_HVM_MEMMAP_TYPE_RAM};
        MemmapEntry parts[3];
        std::uint32_t n = 0;
        if (before.size != 0) parts[n++] = before;
        parts[n++] = MemmapEntry{r.addr, r.size, type};
        if (after.size != 0) parts[n++] = after;
        if (count - 1 + n > kMaxMemmapEntries)
            return {.fault = Fault::memmap_full, .object = "memory map", .limit = kMaxMemmapEntries};
        // Shift the tail to make room, keeping the map's order.
        for (std::uint32_t j = count; j > i + 1; --j)
            entries[j - 1 + n - 1] = entries[j - 1];
        for (std::uint32_t k = 0; k < n; ++k)
            entries[i + k] = parts[k];
        count = count - 1 + n;
        return {};
    }
    std::uint64_t bad = 0;
    (void)is_ram(r, &bad);
    return {.fault = Fault::range_not_ram, .object = "reserved range", .addr = r.addr, .size = r.size, .value = bad};
}

LoaderError check_range(const char* object, const Region& r) {
    if (r.addr == 0) return {.fault = Fault::range_absent, .object = object, .size = r.size};
    std::uint64_t end = 0;
    if (__builtin_add_overflow(r.addr, r.size, &end))
        return {.fault = Fault::range_wraps, .object = object, .addr = r.addr, .size = r.size};
    if (end > k4GiB) return {.fault = Fault::range_above_4g, .object = object, .addr = r.addr, .size = r.size};
    return {};
}

LoaderError check_ram(const char* object, const Region& r, const MemoryMap& map, const PhysMemory& mem) {
    DOMFW_LOADER_TRY(check_range(object, r));
    std::uint64_t bad = 0;
    if (!map.is_ram(r, &bad))
        return {.fault = Fault::range_not_ram, .object = object, .addr = r.addr, .size = r.size, .value = bad};
    if (!mem.holds(r.addr, r.size))
        return {.fault = Fault::range_unmapped, .object = object, .addr = r.addr, .size = r.size, .limit = mem.size()};
    return {};
}

LoaderError check_disjoint(const char* object, const Region& r, const char* other, const Region& o) {
    if (!r.overlaps(o)) return {};
    return {.fault = Fault::range_overlap,
            .object = object,
            .other = other,
            .addr = r.addr,
            .size = r.size,
            .value = o.addr,
            .limit = o.end()};
}

} // namespace domfw::loader
