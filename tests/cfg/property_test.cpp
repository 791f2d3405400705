// Properties of the parser and the writer over the same generated inputs as the differential
// test: no crash (ASan/UBSan in the dev build), parse(format(x)) has the values of x, and
// format is idempotent.
#include <gtest/gtest.h>

#include <filesystem>

#include "cfg/document.hpp"
#include "cfg/writer.hpp"
#include "edge_cases.hpp"
#include "generator.hpp"
#include "support/files.hpp"

namespace domfw::cfg::testing {
namespace {

bool same_value(const Value& a, const Value& b) {
    if (a.kind != b.kind || a.text != b.text || a.items.size() != b.items.size()) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same_value(a.items[i], b.items[i])) return false;
    return true;
}

struct Counts {
    std::size_t inputs = 0;
    std::size_t formatted = 0;
};

void check_round_trip(std::string_view input, const std::string& name, Counts& counts) {
    ++counts.inputs;
    auto r = parse(input, "x.cfg");
    auto f = format(input);
    ASSERT_EQ(f.has_value(), r.ok()) << name;
    if (!r.ok()) return;
    ++counts.formatted;
    auto again = parse(*f, "formatted.cfg");
    ASSERT_TRUE(again.ok()) << name << ":\n" << again.diagnostics.render_all(again.source()) << "\nformatted:\n" << *f;
    ASSERT_EQ(again.document.keys(), r.document.keys()) << name;
    for (const auto& key : r.document.keys())
        ASSERT_TRUE(same_value(*r.document.get(key), *again.document.get(key)))
            << name << ": key " << key << "\nformatted:\n"
            << *f;
    auto twice = format(*f);
    ASSERT_TRUE(twice.has_value()) << name;
    ASSERT_EQ(*twice, *f) << name << ": format is not idempotent";
}

TEST(CfgProperty, EdgeCases) {
    Counts c;
    std::size_t i = 0;
    for (const auto& input : edge_cases())
        check_round_trip(input, fmt::format("edge case {}", i++), c);
    EXPECT_GT(c.formatted, 30U);
}

TEST(CfgProperty, Corpus) {
    const std::filesystem::path dir = std::filesystem::path(DOMFW_SHARED_DIR) / "corpus" / "xlcfg";
    if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " is absent";
    Counts c;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        auto text = support::read_text_file(entry.path());
        ASSERT_TRUE(text.has_value());
        check_round_trip(*text, entry.path().string(), c);
    }
    EXPECT_GT(c.formatted, 20U);
}

TEST(CfgProperty, GeneratedAndMutated) {
    Counts c;
    for (std::uint64_t seed = 1; seed <= 10000; ++seed) {
        Rng rng(seed);
        std::string text = generate_config(rng, seed % 4 == 0);
        check_round_trip(text, fmt::format("generated seed {}", seed), c);
        Rng mrng(seed * 7919);
        check_round_trip(mutate(mrng, generate_config(mrng)), fmt::format("mutated seed {}", seed), c);
    }
    std::printf("[property] %zu inputs, %zu formatted and round-tripped\n", c.inputs, c.formatted);
    EXPECT_GT(c.formatted, 10000U);
}

} // namespace
} // namespace domfw::cfg::testing
