// Deterministic xl.cfg generator for the differential and property tests: grammar-based valid
// configs that exercise every row of XEN-FACTS.md §5, and byte mutations of them that land on
// the lexer's and parser's edges.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace domfw::cfg::testing {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() { // splitmix64
        std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    bool chance(unsigned percent) { return below(100) < percent; }

private:
    std::uint64_t s_;
};

// Setting names the generator uses (the differential test also asks libxlutil for each, so a
// key our parser missed cannot hide).
[[nodiscard]] const std::vector<std::string>& generator_keys();

// A config libxlutil accepts (except that it may hold `+=` kind clashes when `clashes` is set).
[[nodiscard]] std::string generate_config(Rng& rng, bool clashes = false);

// 1-4 random edits (insert an interesting byte, delete, duplicate, truncate, swap).
// `nul_percent`: chance of inserting a NUL byte per edit.
[[nodiscard]] std::string mutate(Rng& rng, std::string text, unsigned nul_percent = 1);

} // namespace domfw::cfg::testing
