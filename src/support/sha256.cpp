#include "support/sha256.hpp"

#include <openssl/evp.h>

namespace domfw::support {

struct Sha256::Impl {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) { EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr); }
Sha256::~Sha256() = default;

void Sha256::update(std::span<const std::uint8_t> bytes) { EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size()); }

Sha256Digest Sha256::finish() {
    Sha256Digest d{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(impl_->ctx, d.data(), &n);
    return d;
}

Sha256Digest sha256(std::span<const std::uint8_t> bytes) {
    Sha256 h;
    h.update(bytes);
    return h.finish();
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    s.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        s += kDigits[b >> 4];
        s += kDigits[b & 0xF];
    }
    return s;
}

std::string sha256_hex(std::span<const std::uint8_t> bytes) { return to_hex(sha256(bytes)); }

} // namespace domfw::support
