// Where core writes text (core/fault_text.hpp): a function and its context, freestanding. The host
// appends to a std::string (support/error.hpp string_sink), the guest loader prints to its console.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/byte_reader.hpp"

namespace domfw::core {

// Where the text goes: `put(context, text, size)` for each piece of it.
class TextSink {
public:
    using Put = void (*)(void* context, const char* text, std::size_t size);
    constexpr TextSink(Put put, void* context) : put_(put), context_(context) {}

    TextSink& chars(const char* text, std::size_t size) {
        put_(context_, text, size);
        return *this;
    }
    TextSink& str(const char* s);
    // 0x-prefixed, lowercase, at least `digits` digits (fmt's {:#0Nx} with N = digits + 2).
    TextSink& hex(std::uint64_t v, unsigned digits = 1);
    TextSink& dec(std::uint64_t v);
    // Bytes between `quote`s, escaped by core/escaped_text.hpp's rule.
    TextSink& quoted(Bytes b, char quote);

private:
    Put put_;
    void* context_;
};

} // namespace domfw::core
