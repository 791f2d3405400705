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

class ByteReader {
public:
    constexpr ByteReader() = default;
    constexpr explicit ByteReader(Bytes data) : data_(data) {}

    [[nodiscard]] constexpr std::size_t size() const { return data_.size(); }
    [[nodiscard]] constexpr std::size_t offset() const { return pos_; }
    [[nodiscard]] constexpr std::size_t remaining() const { return data_.size() - pos_; }
    [[nodiscard]] constexpr bool at_end() const { return pos_ == data_.size(); }
    [[nodiscard]] constexpr Bytes data() const { return data_; }

    // Absolute reads: do not move the cursor.
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

    // Sequential reads: advance the cursor on success only.
    [[nodiscard]] constexpr Result<std::uint8_t> u8() { return advance(u8_at(pos_), 1); }
    [[nodiscard]] constexpr Result<std::uint16_t> u16le() { return advance(u16_at(pos_), 2); }
    [[nodiscard]] constexpr Result<std::uint32_t> u32le() { return advance(u32_at(pos_), 4); }
    [[nodiscard]] constexpr Result<std::uint64_t> u64le() { return advance(u64_at(pos_), 8); }
    [[nodiscard]] constexpr Result<Bytes> bytes(std::size_t len) { return advance(bytes_at(pos_, len), len); }
    [[nodiscard]] constexpr Status skip(std::size_t len) {
        if (!range_fits(pos_, len, data_.size())) return Error{kReadPastEnd, pos_, len, data_.size() - pos_};
        pos_ += len;
        return {};
    }
    [[nodiscard]] constexpr Status seek(std::size_t off) {
        if (off > data_.size()) return Error{"seek past end of buffer", off, off, data_.size()};
        pos_ = off;
        return {};
    }

private:
    template <class T> [[nodiscard]] constexpr Result<T> load(std::size_t off) const {
        DOMFW_TRY(Bytes b, bytes_at(off, sizeof(T)));
        T v = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i)
            v = static_cast<T>(v | (static_cast<T>(b[i]) << (8 * i)));
        return v;
    }
    template <class T> constexpr Result<T> advance(Result<T> r, std::size_t n) {
        if (r) pos_ += n;
        return r;
    }

    Bytes data_{};
    std::size_t pos_ = 0;
};

} // namespace domfw::core
