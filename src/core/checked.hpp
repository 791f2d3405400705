// Checked arithmetic for offsets and sizes (STYLE.md rule 3): every sum, product and alignment
// of values that came from untrusted bytes goes through these, never through bare operators.
#pragma once

#include <concepts>
#include <cstdint>

#include "core/result.hpp"

namespace domfw::core {

template <std::unsigned_integral T> [[nodiscard]] constexpr Result<T> checked_add(T a, T b) {
    T out{};
    if (__builtin_add_overflow(a, b, &out)) return Error{"addition overflows", 0, a, b};
    return out;
}

template <std::unsigned_integral T> [[nodiscard]] constexpr Result<T> checked_sub(T a, T b) {
    if (b > a) return Error{"subtraction underflows", 0, a, b};
    return static_cast<T>(a - b);
}

template <std::unsigned_integral T> [[nodiscard]] constexpr Result<T> checked_mul(T a, T b) {
    T out{};
    if (__builtin_mul_overflow(a, b, &out)) return Error{"multiplication overflows", 0, a, b};
    return out;
}

// Rounds `v` up to a multiple of `align`, which must be a power of two.
template <std::unsigned_integral T> [[nodiscard]] constexpr Result<T> align_up(T v, T align) {
    if (align == 0 || (align & (align - 1)) != 0) return Error{"alignment is not a power of two", 0, align, 0};
    T out{};
    if (__builtin_add_overflow(v, static_cast<T>(align - 1), &out)) return Error{"alignment overflows", 0, v, align};
    return static_cast<T>(out & ~static_cast<T>(align - 1));
}

[[nodiscard]] constexpr bool is_aligned(std::uint64_t v, std::uint64_t align) {
    return align != 0 && (v & (align - 1)) == 0;
}

// True when [off, off + len) lies inside [0, size): the one range check every reader uses.
[[nodiscard]] constexpr bool range_fits(std::uint64_t off, std::uint64_t len, std::uint64_t size) {
    return off <= size && len <= size - off;
}

// Narrowing that proves the value fits.
template <std::unsigned_integral To, std::unsigned_integral From> [[nodiscard]] constexpr Result<To> narrow(From v) {
    if (v > static_cast<From>(static_cast<To>(~To{0})))
        return Error{"value does not fit", 0, v, static_cast<To>(~To{0})};
    return static_cast<To>(v);
}

} // namespace domfw::core
