// core::Sha256 against the real peer, OpenSSL's libcrypto (linked into this test only), on random
// messages of every length 0..300 and of random lengths up to 1 MiB, each fed in random chunk
// sizes, for both engines.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/sha256.hpp"

using namespace domfw::core;

namespace {

Sha256Digest openssl_sha256(std::span<const std::uint8_t> b) {
    Sha256Digest d{};
    unsigned int n = 0;
    EXPECT_EQ(EVP_Digest(b.data(), b.size(), d.data(), &n, EVP_sha256(), nullptr), 1);
    EXPECT_EQ(n, d.size());
    return d;
}

// Chunk sizes that cross block boundaries in every way: empty, a few bytes, about a block, or a
// large share of what is left.
Sha256Digest ours_in_chunks(std::span<const std::uint8_t> b, Sha256Engine e, std::mt19937_64& rng) {
    Sha256 h(e);
    while (!b.empty()) {
        std::size_t n = 0;
        switch (rng() % 4) {
        case 0: n = rng() % 4; break;
        case 1: n = rng() % 130; break;
        case 2: n = rng() % 4096; break;
        default: n = rng() % (b.size() + 1); break;
        }
        n = std::min(n, b.size());
        h.update(b.first(n));
        b = b.subspan(n);
    }
    return h.finish();
}

std::vector<std::uint8_t> random_bytes(std::size_t n, std::mt19937_64& rng) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; i += 8) {
        const std::uint64_t r = rng();
        for (std::size_t k = 0; k < 8 && i + k < n; ++k)
            v[i + k] = static_cast<std::uint8_t>(r >> (8 * k));
    }
    return v;
}

class Sha256VersusOpenssl : public testing::TestWithParam<Sha256Engine> {
protected:
    void SetUp() override {
        if (GetParam() == Sha256Engine::sha_ni && !sha256_ni_available())
            GTEST_SKIP() << "this CPU has no SHA extensions";
    }
};

TEST_P(Sha256VersusOpenssl, EveryLengthUpTo300) {
    std::mt19937_64 rng(0x5a256);
    int agreed = 0;
    for (std::size_t len = 0; len <= 300; ++len) {
        const auto msg = random_bytes(len, rng);
        const auto want = openssl_sha256(msg);
        ASSERT_EQ(sha256(msg, GetParam()), want) << "length " << len << ", one update";
        ASSERT_EQ(ours_in_chunks(msg, GetParam(), rng), want) << "length " << len << ", in chunks";
        ++agreed;
    }
    EXPECT_EQ(agreed, 301);
}

TEST_P(Sha256VersusOpenssl, RandomLengthsUpTo1MiB) {
    std::mt19937_64 rng(0x1d1b);
    for (int i = 0; i < 24; ++i) {
        const std::size_t len = rng() % ((1U << 20) + 1);
        const auto msg = random_bytes(len, rng);
        const auto want = openssl_sha256(msg);
        ASSERT_EQ(sha256(msg, GetParam()), want) << "length " << len << ", one update";
        ASSERT_EQ(ours_in_chunks(msg, GetParam(), rng), want) << "length " << len << ", in chunks";
    }
    const auto full = random_bytes(1U << 20, rng); // the largest length itself
    ASSERT_EQ(ours_in_chunks(full, GetParam(), rng), openssl_sha256(full));
}

std::string engine_name(const testing::TestParamInfo<Sha256Engine>& p) {
    return p.param == Sha256Engine::portable ? "portable" : "sha_ni";
}

INSTANTIATE_TEST_SUITE_P(Engine, Sha256VersusOpenssl, testing::Values(Sha256Engine::portable, Sha256Engine::sha_ni),
                         engine_name);

} // namespace
