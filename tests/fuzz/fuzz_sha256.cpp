// core::Sha256's two engines must agree with each other on any message fed in any chunking: the
// portable code and the SHA-NI code share nothing but the padding, so a disagreement is a bug in
// one of them (the OpenSSL comparison is tests/core/sha256_diff_test.cpp). The first byte seeds
// the chunk sizes; the rest is the message.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/sha256.hpp"

using domfw::core::Sha256;
using domfw::core::Sha256Digest;
using domfw::core::Sha256Engine;

namespace {

Sha256Digest in_chunks(std::span<const std::uint8_t> msg, Sha256Engine engine, std::uint32_t seed) {
    Sha256 h(engine);
    while (!msg.empty()) {
        seed = seed * 1103515245U + 12345U; // any sequence of sizes will do: 0..150 bytes
        std::size_t n = (seed >> 16) % 151U;
        if (n > msg.size()) n = msg.size();
        h.update(msg.first(n));
        msg = msg.subspan(n);
    }
    return h.finish();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::span<const std::uint8_t> msg(data + 1, size - 1);
    const Sha256Digest want = domfw::core::sha256(msg, Sha256Engine::portable);
    if (in_chunks(msg, Sha256Engine::portable, data[0]) != want) __builtin_trap();
    if (domfw::core::sha256_ni_available()) {
        if (domfw::core::sha256(msg, Sha256Engine::sha_ni) != want) __builtin_trap();
        if (in_chunks(msg, Sha256Engine::sha_ni, data[0] + 1U) != want) __builtin_trap();
    }
    return 0;
}
