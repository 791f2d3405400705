// Deterministic xl.cfg generator for the differential and property tests: grammar-based valid
// configs that exercise every row of XEN-FACTS.md §5, and byte mutations of them that land on
// the lexer's and parser's edges.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "generators/rng.hpp"

namespace domfw::cfg::testing {

using generators::Rng;

// Setting names the generator uses (the differential test also asks libxlutil for each, so a
// key our parser missed cannot hide).
[[nodiscard]] const std::vector<std::string>& generator_keys();

// A config libxlutil accepts (except that it may hold `+=` kind clashes when `clashes` is set).
[[nodiscard]] std::string generate_config(Rng& rng, bool clashes = false);

// 1-4 random edits (insert an interesting byte, delete, duplicate, truncate, swap).
// `nul_percent`: chance of inserting a NUL byte per edit.
[[nodiscard]] std::string mutate(Rng& rng, std::string text, unsigned nul_percent = 1);

} // namespace domfw::cfg::testing
