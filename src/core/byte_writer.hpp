// Bounds-checked little-endian writer into caller-owned memory (freestanding: no heap).
// The hosted side wraps a std::vector; the guest loader wraps a fixed region.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/checked.hpp"
#include "core/result.hpp"

namespace domfw::core {

inline constexpr const char* kWritePastEnd = "write past end of buffer";

class ByteWriter {
public:
    constexpr explicit ByteWriter(std::span<std::uint8_t> out) : out_(out) {}

    [[nodiscard]] constexpr std::size_t offset() const { return pos_; }
    [[nodiscard]] constexpr std::size_t size() const { return out_.size(); }
    [[nodiscard]] constexpr std::span<const std::uint8_t> written() const { return out_.first(pos_); }

    constexpr Status u8(std::uint8_t v) { return store(v); }
    constexpr Status u16le(std::uint16_t v) { return store(v); }
    constexpr Status u32le(std::uint32_t v) { return store(v); }
    constexpr Status u64le(std::uint64_t v) { return store(v); }
    constexpr Status bytes(std::span<const std::uint8_t> b) {
        if (!range_fits(pos_, b.size(), out_.size())) return Error{kWritePastEnd, pos_, b.size(), out_.size() - pos_};
        for (std::size_t i = 0; i < b.size(); ++i)
            out_[pos_ + i] = b[i];
        pos_ += b.size();
        return {};
    }
    constexpr Status zeros(std::size_t n) {
        if (!range_fits(pos_, n, out_.size())) return Error{kWritePastEnd, pos_, n, out_.size() - pos_};
        for (std::size_t i = 0; i < n; ++i)
            out_[pos_ + i] = 0;
        pos_ += n;
        return {};
    }
    // Overwrite already-reserved bytes (e.g. a length or checksum field filled in last).
    constexpr Status u8_at(std::size_t off, std::uint8_t v) { return store_at(off, v); }
    constexpr Status u16_at(std::size_t off, std::uint16_t v) { return store_at(off, v); }
    constexpr Status u32_at(std::size_t off, std::uint32_t v) { return store_at(off, v); }
    constexpr Status u64_at(std::size_t off, std::uint64_t v) { return store_at(off, v); }

private:
    template <class T> constexpr Status store_at(std::size_t off, T v) {
        if (!range_fits(off, sizeof(T), out_.size())) return Error{kWritePastEnd, off, sizeof(T), out_.size()};
        for (std::size_t i = 0; i < sizeof(T); ++i)
            out_[off + i] = static_cast<std::uint8_t>(v >> (8 * i));
        return {};
    }
    template <class T> constexpr Status store(T v) {
        DOMFW_TRY_STATUS(store_at(pos_, v));
        pos_ += sizeof(T);
        return {};
    }

    std::span<std::uint8_t> out_;
    std::size_t pos_ = 0;
};

} // namespace domfw::core
