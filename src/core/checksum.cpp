#include "core/checksum.hpp"

#include <array>
#include <cstddef>

namespace domfw::core {
namespace {

constexpr std::array<std::uint32_t, 256> make_crc32c_table() {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1U) != 0 ? (c >> 1) ^ 0x82F63B78U : c >> 1;
        t[i] = c;
    }
    return t;
}
constexpr auto kCrc32cTable = make_crc32c_table();

} // namespace

std::uint32_t crc32c(std::span<const std::uint8_t> b, std::uint32_t crc) {
    crc = ~crc;
    for (std::uint8_t x : b)
        crc = kCrc32cTable[(crc ^ x) & 0xFFU] ^ (crc >> 8);
    return ~crc;
}

} // namespace domfw::core
