// Differential test: domfw's xl.cfg parser against the real libxlutil 4.17 (label `diff`).
// Same accept/reject and, where both accept, the same value for every key; the only allowed
// differences are the three documented in docs/cfg.md (octal escapes, NUL inside quotes, lists
// nested deeper than 64 levels).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "edge_cases.hpp"
#include "generator.hpp"
#include "support/files.hpp"
#include "xlu_oracle.hpp"

namespace domfw::cfg::testing {
namespace {

struct Tally {
    std::array<std::size_t, 6> by_verdict{};
    std::size_t total() const {
        std::size_t t = 0;
        for (auto n : by_verdict)
            t += n;
        return t;
    }
    void add(Verdict v) { ++by_verdict[static_cast<std::size_t>(v)]; }
    std::size_t count(Verdict v) const { return by_verdict[static_cast<std::size_t>(v)]; }
    void print(const char* what) const {
        std::printf("[diff] %s: %zu inputs: %zu agree (accept %zu, reject %zu), documented octal %zu, documented NUL "
                    "%zu, differ %zu\n",
                    what, total(), count(Verdict::agree_accept) + count(Verdict::agree_reject),
                    count(Verdict::agree_accept), count(Verdict::agree_reject), count(Verdict::documented_octal),
                    count(Verdict::documented_nul), count(Verdict::differ));
    }
};

std::string escaped(std::string_view s) {
    std::string out;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n\n";
        else if (u < 0x20 || u >= 0x7f)
            out += fmt::format("\\x{:02x}", u);
        else
            out += c;
    }
    return out;
}

void check(Tally& tally, std::string_view input, const std::string& name) {
    auto c = compare_with_libxlutil(input, generator_keys());
    tally.add(c.verdict);
    EXPECT_NE(c.verdict, Verdict::differ) << name << ": " << c.detail << "\ninput:\n" << escaped(input);
}

TEST(CfgDiff, Corpus) {
    const std::filesystem::path dir = std::filesystem::path(DOMFW_SHARED_DIR) / "corpus" / "xlcfg";
    if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " is absent";
    Tally tally;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        auto text = support::read_text_file(entry.path());
        ASSERT_TRUE(text.has_value()) << text.error().message;
        check(tally, *text, entry.path().string());
    }
    tally.print("corpus");
    EXPECT_GE(tally.total(), 30U);
    EXPECT_GT(tally.count(Verdict::agree_accept), 0U);
    EXPECT_GT(tally.count(Verdict::agree_reject), 0U);
}

TEST(CfgDiff, EdgeCases) {
    Tally tally;
    std::size_t i = 0;
    for (const auto& input : edge_cases())
        check(tally, input, fmt::format("edge case {}", i++));
    tally.print("edge cases");
    EXPECT_GT(tally.count(Verdict::agree_accept), 30U);
    EXPECT_GT(tally.count(Verdict::agree_reject), 60U);
    EXPECT_GT(tally.count(Verdict::documented_octal), 0U);
    EXPECT_GT(tally.count(Verdict::documented_nul), 0U);
}

// libxlutil's own limit, measured: its bison stack (YYMAXDEPTH 10000, two entries a level)
// holds 4996 levels; at 4997 it fails with "memory exhausted". domfw stops at 64 (docs/cfg.md).
TEST(CfgDiff, DeepNesting) {
    const auto nested = [](std::size_t depth) {
        return "x = " + std::string(depth, '[') + "\"a\"" + std::string(depth, ']') + "\n";
    };
    const auto verdict = [](const std::string& input) { return compare_with_libxlutil(input, {"x"}).verdict; };
    EXPECT_EQ(verdict(nested(2)), Verdict::agree_accept);
    EXPECT_EQ(verdict(nested(64)), Verdict::agree_accept);
    EXPECT_EQ(verdict(nested(65)), Verdict::documented_depth);
    EXPECT_EQ(verdict(nested(4996)), Verdict::documented_depth);
    EXPECT_EQ(verdict(nested(4997)), Verdict::agree_reject);
    EXPECT_EQ(verdict(nested(10650)), Verdict::agree_reject);
    EXPECT_EQ(verdict("x = " + std::string(50000, '[') + "\n"), Verdict::agree_reject);
}

TEST(CfgDiff, GeneratedConfigs) {
    Tally tally;
    for (std::uint64_t seed = 1; seed <= 10000; ++seed) {
        Rng rng(seed);
        check(tally, generate_config(rng, seed % 4 == 0), fmt::format("generated seed {}", seed));
    }
    tally.print("generated");
    EXPECT_GT(tally.count(Verdict::agree_accept), 7000U);
}

TEST(CfgDiff, MutatedConfigs) {
    Tally tally;
    for (std::uint64_t seed = 1; seed <= 10000; ++seed) {
        Rng rng(seed * 7919);
        std::string base = generate_config(rng);
        check(tally, mutate(rng, base), fmt::format("mutated seed {}", seed));
    }
    tally.print("mutated");
    EXPECT_GT(tally.count(Verdict::agree_reject), 2000U);
    EXPECT_GT(tally.count(Verdict::agree_accept), 2000U);
}

} // namespace
} // namespace domfw::cfg::testing
