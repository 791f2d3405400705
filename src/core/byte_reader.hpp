// The one bounds-checked reader of untrusted bytes (STYLE.md rule 2, after LLVM's DataExtractor).
// Little-endian loads only (SMBIOS, ACPI, Xen's ABI and the module format are all little-endian).
// Every read proves the length first and returns an Error naming the offset, the bytes wanted
// and the bytes held; nothing here casts bytes to a wire struct.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/checked.hpp"
#include "core/result.hpp"

namespace domfw::core {

using Bytes = std::span<const std::uint8_t>;

inline constexpr const char* kReadPastEnd = "read past end of buffer";

// Whether `b` begins with the characters of `text` (its NUL not compared): the one test of a
// signature or anchor ("RSD PTR ", "_SM3_", "DFWM", ...).
[[nodiscard]] constexpr bool starts_with(Bytes b, const char* text) {
    for (std::size_t i = 0; text[i] != '\0'; ++i)
        if (i >= b.size() || b[i] != static_cast<std::uint8_t>(text[i])) return false;
    return true;
}

class ByteReader {
public:
    constexpr ByteReader() = default;
    constexpr explicit ByteReader(Bytes data) : data_(data) {}

    [[nodiscard]] constexpr std::size_t size() const { return data_.size(); }
    [[nodiscard]] constexpr Bytes data() const { return data_; }

    // Reads at an offset (every reader reads fields at their documented offsets: no cursor).
    [[nodiscard]] constexpr Result<std::uint8_t> u8_at(std::size_t off) const {
        DOMFW_TRY(Bytes b, bytes_at(off, 1));
        return b[0];
    }
    [[nodiscard]] constexpr Result<std::uint16_t> u16_at(std::size_t off) const { return load<std::uint16_t>(off); }
    [[nodiscard]] constexpr Result<std::uint32_t> u32_at(std::size_t off) const { return load<std::uint32_t>(off); }
    [[nodiscard]] constexpr Result<std::uint64_t> u64_at(std::size_t off) const { return load<std::uint64_t>(off); }
    [[nodiscard]] constexpr Result<Bytes> bytes_at(std::size_t off, std::size_t len) const {
        if (!range_fits(off, len, data_.size())) return Error{kReadPastEnd, off, len, data_.size()};
        return data_.subspan(off, len);
    }
    // A reader over [off, off+len) whose offsets restart at 0.
    [[nodiscard]] constexpr Result<ByteReader> sub(std::size_t off, std::size_t len) const {
        DOMFW_TRY(Bytes b, bytes_at(off, len));
        return ByteReader(b);
    }

private:
    template <class T> [[nodiscard]] constexpr Result<T> load(std::size_t off) const {
        DOMFW_TRY(Bytes b, bytes_at(off, sizeof(T)));
        T v = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i)
            v = static_cast<T>(v | (static_cast<T>(b[i]) << (8 * i)));
        return v;
    }
    Bytes data_{};
};

} // namespace domfw::core
