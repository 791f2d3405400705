// Compares domfw's parse of one input with the real libxlutil (Xen 4.17, public API only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace domfw::cfg::testing {

enum class Verdict {
    agree_accept,     // both accept and every key has the same value
    agree_reject,     // both reject
    documented_octal, // libxlutil drops an octal escape; domfw reports an error (docs/cfg.md)
    documented_nul,   // NUL inside quotes: libxlutil aborts or truncates; domfw reports an error
    documented_depth, // lists nested 65 to 4996 levels: libxlutil accepts; domfw's limit is 64
    differ,           // anything else: a bug
};

struct Comparison {
    Verdict verdict = Verdict::differ;
    std::string detail; // what differed, for the failure message
};

// Parses `input` with both parsers and compares accept/reject and, when both accept, the value
// of every key domfw found plus every name in `extra_keys` (libxlutil cannot list its keys).
// Inputs holding a NUL byte run libxlutil in a forked child, since it may abort on them.
[[nodiscard]] Comparison compare_with_libxlutil(std::string_view input, const std::vector<std::string>& extra_keys);

[[nodiscard]] const char* to_string(Verdict v);

} // namespace domfw::cfg::testing
