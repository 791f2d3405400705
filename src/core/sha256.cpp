#include "core/sha256.hpp"

#include <atomic>
#include <bit>

#if defined(__x86_64__) || defined(__i386__)
#define DOMFW_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define DOMFW_SHA256_X86 0
#endif

namespace domfw::core {
namespace {

using Blocks = std::span<const std::uint8_t>; // a whole number of 64-byte blocks

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first
// 64 primes.
alignas(16) constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
constexpr std::uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

constexpr std::uint32_t load_be32(Blocks b, std::size_t off) {
    return static_cast<std::uint32_t>(b[off]) << 24 | static_cast<std::uint32_t>(b[off + 1]) << 16 |
           static_cast<std::uint32_t>(b[off + 2]) << 8 | static_cast<std::uint32_t>(b[off + 3]);
}

// §6.2.2, one block at a time, with the 16-word rolling message schedule.
void compress_portable(std::uint32_t state[8], Blocks blocks) {
    for (std::size_t at = 0; at < blocks.size(); at += kSha256BlockSize) {
        std::uint32_t w[16];
        for (std::size_t t = 0; t < 16; ++t)
            w[t] = load_be32(blocks, at + 4 * t);
        std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (std::size_t t = 0; t < 64; ++t) {
            if (t >= 16) { // §6.2.2 step 1: W_t = σ1(W_t-2) + W_t-7 + σ0(W_t-15) + W_t-16
                const std::uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
                const std::uint32_t s0 = std::rotr(w15, 7) ^ std::rotr(w15, 18) ^ (w15 >> 3);
                const std::uint32_t s1 = std::rotr(w2, 17) ^ std::rotr(w2, 19) ^ (w2 >> 10);
                w[t & 15] += s0 + w[(t - 7) & 15] + s1;
            }
            const std::uint32_t big_s1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
            const std::uint32_t ch = (e & f) ^ (~e & g);
            const std::uint32_t t1 = h + big_s1 + ch + kRound[t] + w[t & 15];
            const std::uint32_t big_s0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
            const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
            const std::uint32_t t2 = big_s0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#if DOMFW_SHA256_X86
#define DOMFW_SHA_NI __attribute__((target("sha,sse4.1,ssse3")))

DOMFW_SHA_NI inline __m128i load128(const void* p) {
    __m128i v;
    __builtin_memcpy(&v, p, sizeof v); // unaligned load without a cast that -Wcast-align flags
    return v;
}

// Intel SHA extensions: SHA256RNDS2 does two rounds on the state split as ABEF/CDGH;
// SHA256MSG1/MSG2 compute the message schedule four words at a time (Intel SDM vol. 2,
// "SHA256RNDS2", and Intel's white paper "New Instructions Supporting the Secure Hash Algorithm").
DOMFW_SHA_NI void compress_sha_ni(std::uint32_t state[8], Blocks blocks) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    alignas(16) static constexpr std::uint8_t kByteSwap[16] = {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12};
    const __m128i bswap = load128(kByteSwap);

    __m128i tmp = _mm_shuffle_epi32(load128(&state[0]), 0xB1);    // CDAB
    __m128i state1 = _mm_shuffle_epi32(load128(&state[4]), 0x1B); // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);             // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);                  // CDGH

    for (std::size_t at = 0; at < blocks.size(); at += kSha256BlockSize) {
        const __m128i abef = state0, cdgh = state1;
        __m128i msg[4];
        // 16 groups of four rounds; group g >= 4 derives its words from the previous four groups:
        // W[g] = msg2(msg1(W[g-4], W[g-3]) + (W[g-2]:W[g-1] shifted by one word), W[g-1]).
#pragma GCC unroll 16
        for (std::size_t g = 0; g < 16; ++g) {
            __m128i& w = msg[g & 3];
            if (g < 4) {
                w = _mm_shuffle_epi8(load128(blocks.data() + at + 16 * g), bswap);
            } else {
                const __m128i w7 = _mm_alignr_epi8(msg[(g - 1) & 3], msg[(g - 2) & 3], 4);
                w = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w, msg[(g - 3) & 3]), w7),
                                         msg[(g - 1) & 3]);
            }
            __m128i wk = _mm_add_epi32(w, load128(&kRound[4 * g]));
            state1 = _mm_sha256rnds2_epu32(state1, state0, wk);
            wk = _mm_shuffle_epi32(wk, 0x0E); // the upper two words feed the second pair of rounds
            state0 = _mm_sha256rnds2_epu32(state0, state1, wk);
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);       // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);    // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0); // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);    // HGFE
    __builtin_memcpy(&state[0], &state0, 16);
    __builtin_memcpy(&state[4], &state1, 16);
}

bool probe_sha_ni() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
    const bool ssse3 = (c & (1U << 9)) != 0, sse41 = (c & (1U << 19)) != 0;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
    return ssse3 && sse41 && (b & (1U << 29)) != 0; // CPUID.(EAX=7,ECX=0):EBX[29] = SHA
}
#endif

void compress(Sha256Engine engine, std::uint32_t state[8], Blocks blocks) {
#if DOMFW_SHA256_X86
    if (engine == Sha256Engine::sha_ni) {
        compress_sha_ni(state, blocks);
        return;
    }
#endif
    static_cast<void>(engine);
    compress_portable(state, blocks);
}

} // namespace

bool sha256_ni_available() {
#if DOMFW_SHA256_X86
    // 0 unknown, 1 no, 2 yes. Relaxed is enough: every thread computes the same answer.
    static std::atomic<std::uint8_t> known{0};
    std::uint8_t v = known.load(std::memory_order_relaxed);
    if (v == 0) {
        v = probe_sha_ni() ? 2 : 1;
        known.store(v, std::memory_order_relaxed);
    }
    return v == 2;
#else
    return false;
#endif
}

void Sha256::init(Sha256Engine engine) {
    for (std::size_t i = 0; i < 8; ++i)
        state_[i] = kInitial[i];
    length_ = 0;
    fill_ = 0;
    const bool fast = engine != Sha256Engine::portable && sha256_ni_available();
    engine_ = fast ? Sha256Engine::sha_ni : Sha256Engine::portable;
}

void Sha256::update(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return; // an empty span may have no data() to copy from
    length_ += bytes.size();
    if (fill_ != 0) {
        const std::size_t take = bytes.size() < kSha256BlockSize - fill_ ? bytes.size() : kSha256BlockSize - fill_;
        __builtin_memcpy(block_ + fill_, bytes.data(), take);
        fill_ += take;
        bytes = bytes.subspan(take);
        if (fill_ < kSha256BlockSize) return;
        compress(engine_, state_, block_);
        fill_ = 0;
    }
    const std::size_t whole = bytes.size() - bytes.size() % kSha256BlockSize;
    if (whole != 0) compress(engine_, state_, bytes.first(whole));
    bytes = bytes.subspan(whole);
    if (!bytes.empty()) __builtin_memcpy(block_, bytes.data(), bytes.size());
    fill_ = bytes.size();
}

Sha256Digest Sha256::finish() {
    // §5.1.1: a 1 bit, zeros up to 56 mod 64 bytes, then the length in bits, big-endian.
    const std::uint64_t bits = length_ * 8;
    block_[fill_++] = 0x80;
    if (fill_ > kSha256BlockSize - 8) {
        while (fill_ < kSha256BlockSize)
            block_[fill_++] = 0;
        compress(engine_, state_, block_);
        fill_ = 0;
    }
    while (fill_ < kSha256BlockSize - 8)
        block_[fill_++] = 0;
    for (std::size_t i = 0; i < 8; ++i)
        block_[kSha256BlockSize - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
    compress(engine_, state_, block_);

    Sha256Digest out{};
    for (std::size_t i = 0; i < 8; ++i) {
        out[4 * i] = static_cast<std::uint8_t>(state_[i] >> 24);
        out[4 * i + 1] = static_cast<std::uint8_t>(state_[i] >> 16);
        out[4 * i + 2] = static_cast<std::uint8_t>(state_[i] >> 8);
        out[4 * i + 3] = static_cast<std::uint8_t>(state_[i]);
    }
    init(engine_);
    return out;
}

Sha256Digest sha256(std::span<const std::uint8_t> bytes, Sha256Engine engine) {
    Sha256 h(engine);
    h.update(bytes);
    return h.finish();
}

} // namespace domfw::core
