// core::Sha256 on the FIPS 180-4 example messages (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf")
// with each engine; tests/core/sha256_diff_test.cpp compares both with OpenSSL on random data.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.hpp"

using namespace domfw::core;

namespace {

std::span<const std::uint8_t> bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string hex(const Sha256Digest& d) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    for (auto b : d) {
        s += kDigits[b >> 4];
        s += kDigits[b & 0xF];
    }
    return s;
}

class Sha256Engines : public testing::TestWithParam<Sha256Engine> {
protected:
    void SetUp() override {
        if (GetParam() == Sha256Engine::sha_ni && !sha256_ni_available())
            GTEST_SKIP() << "this CPU has no SHA extensions";
    }
};

TEST_P(Sha256Engines, ReportsTheEngineInUse) { EXPECT_EQ(Sha256(GetParam()).engine(), GetParam()); }

TEST_P(Sha256Engines, NistExamples) {
    const auto e = GetParam();
    EXPECT_EQ(hex(sha256(bytes(""), e)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hex(sha256(bytes("abc"), e)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // 448 bits: the padding needs a second block (56 bytes leave no room for the length).
    EXPECT_EQ(hex(sha256(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), e)),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(
        hex(sha256(
            bytes("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                  "mnopqrstnopqrstu"),
            e)),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_P(Sha256Engines, OneMillionA) {
    const std::string a(1'000'000, 'a');
    constexpr std::string_view kWant = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    EXPECT_EQ(hex(sha256(bytes(a), GetParam())), kWant);
    // The same message in 1000 updates of 1000 bytes: never aligned to a block after the first.
    Sha256 h(GetParam());
    for (std::size_t i = 0; i < a.size(); i += 1000)
        h.update(bytes(std::string_view(a).substr(i, 1000)));
    EXPECT_EQ(hex(h.finish()), kWant);
}

TEST_P(Sha256Engines, FinishStartsANewMessage) {
    Sha256 h(GetParam());
    h.update(bytes("ab"));
    h.update({});
    h.update(bytes("c"));
    EXPECT_EQ(hex(h.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex(h.finish()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    h.update(bytes("abc"));
    EXPECT_EQ(hex(h.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(h.engine(), GetParam());
}

std::string engine_name(const testing::TestParamInfo<Sha256Engine>& p) {
    return p.param == Sha256Engine::portable ? "portable" : "sha_ni";
}

INSTANTIATE_TEST_SUITE_P(Engine, Sha256Engines, testing::Values(Sha256Engine::portable, Sha256Engine::sha_ni),
                         engine_name);

TEST(Sha256, AutomaticPicksShaNiWhenPresent) {
    EXPECT_EQ(Sha256().engine(), sha256_ni_available() ? Sha256Engine::sha_ni : Sha256Engine::portable);
}

} // namespace
