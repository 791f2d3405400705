// SHA-256 (FIPS 180-4) for the host side: measurements, digests of secret tables, hex output.
// The digest itself is core::Sha256 (src/core/sha256.hpp, freestanding, SHA-NI when present), so
// domfw needs no libcrypto and the guest loader computes the same digests.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/sha256.hpp"

namespace domfw::support {

using Sha256Digest = core::Sha256Digest;

class Sha256 {
public:
    explicit Sha256(core::Sha256Engine engine = core::Sha256Engine::automatic) : ctx_(engine) {}
    void update(std::span<const std::uint8_t> bytes) { ctx_.update(bytes); }
    [[nodiscard]] Sha256Digest finish() { return ctx_.finish(); }

private:
    core::Sha256 ctx_;
};

[[nodiscard]] Sha256Digest sha256(std::span<const std::uint8_t> bytes);
[[nodiscard]] std::string sha256_hex(std::span<const std::uint8_t> bytes);
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);

} // namespace domfw::support
