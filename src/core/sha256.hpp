// SHA-256 (FIPS 180-4 §6.2), freestanding: no heap, exceptions or OS, so the guest-side loader
// measures with the same code the host uses. Streaming: init, update any number of times, finish.
// On x86 the compression runs on the SHA extensions when CPUID says they exist (leaf 7, EBX bit
// 29), else on the portable code; both are tested against OpenSSL (tests/core/sha256_diff_test.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace domfw::core {

inline constexpr std::size_t kSha256DigestSize = 32;
inline constexpr std::size_t kSha256BlockSize = 64; // FIPS 180-4 §5.2.1: 512-bit blocks

using Sha256Digest = std::array<std::uint8_t, kSha256DigestSize>;

// Which compression function a context uses. `automatic` picks sha_ni when the CPU has it; the
// others exist so tests and benchmarks can pin one (sha_ni falls back to portable without it).
enum class Sha256Engine : std::uint8_t { automatic, portable, sha_ni };

// True when this CPU has the SHA extensions plus SSSE3 and SSE4.1 (the shuffles the fast path
// needs). Asked once; CPUID is a VM exit under a hypervisor, so the answer is cached.
[[nodiscard]] bool sha256_ni_available();

class Sha256 {
public:
    explicit Sha256(Sha256Engine engine = Sha256Engine::automatic) { init(engine); }

    // Starts a new message (FIPS 180-4 §5.3.3 initial hash value).
    void init(Sha256Engine engine = Sha256Engine::automatic);
    void update(std::span<const std::uint8_t> bytes);
    // Pads (§5.1.1), returns the digest and leaves the context ready for a new message.
    [[nodiscard]] Sha256Digest finish();

    // The engine actually in use: never `automatic`.
    [[nodiscard]] Sha256Engine engine() const { return engine_; }

private:
    std::uint32_t state_[8] = {};
    std::uint64_t length_ = 0; // bytes so far; the message length field is in bits (§5.1.1)
    std::uint8_t block_[kSha256BlockSize] = {};
    std::size_t fill_ = 0; // bytes waiting in block_
    Sha256Engine engine_ = Sha256Engine::portable;
};

[[nodiscard]] Sha256Digest sha256(std::span<const std::uint8_t> bytes, Sha256Engine engine = Sha256Engine::automatic);

} // namespace domfw::core
