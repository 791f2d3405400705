// Guest-physical memory as the loader sees it. In domfw-loader.elf paging is off, so physical
// address P is the pointer P and the window is the whole 32-bit space; in host tests and the
// fuzz target a byte array stands in for RAM from physical address 0. Every access goes through
// view(), which proves the range lies inside the window first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/checked.hpp"

namespace domfw::loader {

class PhysMemory {
public:
    // `origin` is where physical address 0 is in the loader's own address space; `size` the
    // bytes reachable from it.
    constexpr PhysMemory(std::uintptr_t origin, std::uint64_t size) : origin_(origin), size_(size) {}
    static PhysMemory over(std::span<std::uint8_t> ram) {
        return {reinterpret_cast<std::uintptr_t>(ram.data()), ram.size()};
    }

    [[nodiscard]] constexpr std::uint64_t size() const { return size_; }
    [[nodiscard]] constexpr bool holds(std::uint64_t paddr, std::uint64_t len) const {
        return core::range_fits(paddr, len, size_);
    }
    // The bytes [paddr, paddr + len); empty unless holds(paddr, len) (callers check first).
    [[nodiscard]] std::span<std::uint8_t> view(std::uint64_t paddr, std::uint64_t len) const {
        if (!holds(paddr, len)) return {};
        // An integer to pointer cast by design: in the guest, paging is off and physical address
        // P is pointer P; pointer arithmetic from a null origin would be undefined instead.
        // NOLINTNEXTLINE(performance-no-int-to-ptr)
        return {reinterpret_cast<std::uint8_t*>(origin_ + static_cast<std::uintptr_t>(paddr)),
                static_cast<std::size_t>(len)};
    }

private:
    std::uintptr_t origin_;
    std::uint64_t size_;
};

} // namespace domfw::loader
