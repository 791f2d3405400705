// Checksums used by the formats domfw reads and writes.
#pragma once

#include <cstdint>
#include <span>

namespace domfw::core {

// 8-bit two's-complement sum: SMBIOS entry points (DSP0134 §5.2), ACPI tables (ACPI 6.5 §5.2.6)
// and hvm_info_table all require the bytes to sum to 0 mod 256.
[[nodiscard]] constexpr std::uint8_t sum8(std::span<const std::uint8_t> b) {
    std::uint8_t s = 0;
    for (std::uint8_t x : b)
        s = static_cast<std::uint8_t>(s + x);
    return s;
}

// The byte that makes `b` (with its checksum byte counted as 0) sum to zero.
[[nodiscard]] constexpr std::uint8_t sum8_fix(std::span<const std::uint8_t> b) {
    return static_cast<std::uint8_t>(0x100 - sum8(b));
}

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78; RFC 3720 §B.4), the module format's
// error-detecting code. Pass the previous value to continue over several spans.
[[nodiscard]] std::uint32_t crc32c(std::span<const std::uint8_t> b, std::uint32_t crc = 0);

} // namespace domfw::core
