#include "support/sha256.hpp"

namespace domfw::support {

Sha256Digest sha256(std::span<const std::uint8_t> bytes) { return core::sha256(bytes); }

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s(bytes.size() * 2, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        s[2 * i] = kDigits[bytes[i] >> 4];
        s[2 * i + 1] = kDigits[bytes[i] & 0xF];
    }
    return s;
}

std::string sha256_hex(std::span<const std::uint8_t> bytes) { return to_hex(sha256(bytes)); }

} // namespace domfw::support
