// Bounds-checked little-endian writer into caller-owned memory (freestanding: no heap).
// The hosted side wraps a std::vector; the guest loader wraps a fixed region.
//
// The writer keeps its first fault, like LLVM's DataExtractor::Cursor: a write that does not fit
// writes nothing and is recorded, every write after it is a no-op, and the caller checks once,
// after the last write (ok(), fault(), status()). A sequence of writes then reads as the layout
// it produces, and no write can fail unnoticed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/checked.hpp"
#include "core/result.hpp"

namespace domfw::core {

inline constexpr const char* kWritePastEnd = "write past end of buffer";

// Which write failed.
enum class WriteOp : std::uint8_t { u8, u16le, u32le, u64le, bytes, zeros, u8_at, u16_at, u32_at, u64_at };

[[nodiscard]] constexpr const char* to_string(WriteOp op) {
    switch (op) {
    case WriteOp::u8: return "u8";
    case WriteOp::u16le: return "u16le";
    case WriteOp::u32le: return "u32le";
    case WriteOp::u64le: return "u64le";
    case WriteOp::bytes: return "bytes";
    case WriteOp::zeros: return "zeros";
    case WriteOp::u8_at: return "u8_at";
    case WriteOp::u16_at: return "u16_at";
    case WriteOp::u32_at: return "u32_at";
    case WriteOp::u64_at: return "u64_at";
    }
    return "?";
}

// The first write that did not fit: it needed `needed` bytes at `offset`, the buffer held
// `held` from there (0 when `offset` is at or past its end).
struct WriteFault {
    WriteOp op = WriteOp::u8;
    std::size_t offset = 0;
    std::size_t needed = 0;
    std::size_t held = 0;
};

class ByteWriter {
public:
    constexpr explicit ByteWriter(std::span<std::uint8_t> out) : out_(out) {}

    [[nodiscard]] constexpr std::size_t offset() const { return pos_; }
    [[nodiscard]] constexpr std::size_t size() const { return out_.size(); }
    [[nodiscard]] constexpr std::span<const std::uint8_t> written() const { return out_.first(pos_); }

    // Checked once, after the last write.
    [[nodiscard]] constexpr bool ok() const { return !failed_; }
    // The first fault; meaningful only when !ok().
    [[nodiscard]] constexpr const WriteFault& fault() const { return fault_; }
    // The first fault as a core Error (value = bytes needed, limit = bytes held), for DOMFW_TRY_STATUS.
    [[nodiscard]] constexpr Status status() const {
        if (!failed_) return {};
        return Error{kWritePastEnd, fault_.offset, fault_.needed, fault_.held};
    }

    constexpr void u8(std::uint8_t v) { store(WriteOp::u8, v); }
    constexpr void u16le(std::uint16_t v) { store(WriteOp::u16le, v); }
    constexpr void u32le(std::uint32_t v) { store(WriteOp::u32le, v); }
    constexpr void u64le(std::uint64_t v) { store(WriteOp::u64le, v); }
    constexpr void bytes(std::span<const std::uint8_t> b) {
        if (!fits(WriteOp::bytes, pos_, b.size())) return;
        for (std::size_t i = 0; i < b.size(); ++i)
            out_[pos_ + i] = b[i];
        pos_ += b.size();
    }
    constexpr void zeros(std::size_t n) {
        if (!fits(WriteOp::zeros, pos_, n)) return;
        for (std::size_t i = 0; i < n; ++i)
            out_[pos_ + i] = 0;
        pos_ += n;
    }
    // Overwrite already-reserved bytes (e.g. a length or checksum field filled in last).
    constexpr void u8_at(std::size_t off, std::uint8_t v) { store_at(WriteOp::u8_at, off, v); }
    constexpr void u16_at(std::size_t off, std::uint16_t v) { store_at(WriteOp::u16_at, off, v); }
    constexpr void u32_at(std::size_t off, std::uint32_t v) { store_at(WriteOp::u32_at, off, v); }
    constexpr void u64_at(std::size_t off, std::uint64_t v) { store_at(WriteOp::u64_at, off, v); }

private:
    // False, recording the fault if it is the first, when a write must not happen.
    constexpr bool fits(WriteOp op, std::size_t off, std::size_t n) {
        if (failed_) return false;
        if (range_fits(off, n, out_.size())) return true;
        failed_ = true;
        fault_ = WriteFault{op, off, n, off < out_.size() ? out_.size() - off : 0};
        return false;
    }
    template <class T> constexpr bool store_at(WriteOp op, std::size_t off, T v) {
        if (!fits(op, off, sizeof(T))) return false;
        for (std::size_t i = 0; i < sizeof(T); ++i)
            out_[off + i] = static_cast<std::uint8_t>(v >> (8 * i));
        return true;
    }
    template <class T> constexpr void store(WriteOp op, T v) {
        if (store_at(op, pos_, v)) pos_ += sizeof(T);
    }

    std::span<std::uint8_t> out_;
    std::size_t pos_ = 0;
    WriteFault fault_{};
    bool failed_ = false;
};

} // namespace domfw::core
