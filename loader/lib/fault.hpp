// The loader's errors as typed values: a Fault (what failed), the object it concerns, the
// addresses and values that explain it and, for the bundle, the core reader's own error. They
// are worded like core's faults (a table of sentence pieces, core/fault_text.hpp) and rendered
// by core's one renderer, so tests assert the exact message (STYLE.md rule 5).
#pragma once

#include <cstdint>

#include "core/fault_text.hpp"
#include "core/result.hpp"
#include "loader/lib/console.hpp"

namespace domfw::loader {

// Each fault with its sentence: loader/lib/faults.def.
enum class Fault : std::uint8_t {
#define DOMFW_FAULT(name, ...) name,
#include "loader/lib/faults.def"
#undef DOMFW_FAULT
};

struct LoaderError {
    Fault fault = Fault::none;
    const char* object = ""; // "start_info", "kernel segment", ...
    const char* other = "";  // the second object of an overlap
    std::uint32_t index = 0; // which entry, module or segment
    std::uint64_t addr = 0;  // start of the object (or offset, for file formats)
    std::uint64_t size = 0;  // its size (the sentence may name addr + size)
    std::uint64_t value = 0; // the offending value
    std::uint64_t limit = 0; // what it was checked against
    core::Error cause{};     // the core reader's error (Fault::bundle_invalid, elf_invalid)

    constexpr explicit operator bool() const { return fault != Fault::none; }
};

// One line, without the "domfw-loader: " prefix or the newline.
void render(Console& con, const LoaderError& e);
// A core fault met reading the bundle, in the words `domfw module inspect` uses.
void render(Console& con, const core::Error& e);

} // namespace domfw::loader

// Propagate a LoaderError: `DOMFW_LOADER_TRY(check_x(...));`
#define DOMFW_LOADER_TRY(expr)                                                                                         \
    do {                                                                                                               \
        const ::domfw::loader::LoaderError domfw_loader_err = (expr);                                                  \
        if (domfw_loader_err) return domfw_loader_err;                                                                 \
    } while (0)
