// The loader's console: one character sink (the x86 build writes each character to port 0xE9
// and COM1; tests write into a string) and a tiny formatter: strings, escaped byte strings,
// hex and decimal. No printf: nothing here needs the C library.
#pragma once

#include <cstdint>

#include "core/byte_reader.hpp"
#include "core/text_sink.hpp"

namespace domfw::loader {

class Console {
public:
    using Sink = void (*)(void* context, char c);

    constexpr Console(Sink sink, void* context) : sink_(sink), context_(context) {}

    Console& put(char c) {
        sink_(context_, c);
        return *this;
    }
    Console& str(const char* s);
    // Printable ASCII as is, anything else as \xNN (names and command lines are guest data).
    Console& text(core::Bytes bytes);
    Console& hex(std::uint64_t v); // 0x-prefixed, lowercase, no padding
    Console& dec(std::uint64_t v);
    // The console as core's text sink (core/fault_text.hpp writes fault sentences into it).
    [[nodiscard]] core::TextSink text_sink();
    // "domfw-loader: " at the start of each report line, so the report stands out in a boot log.
    Console& line() { return str("domfw-loader: "); }
    Console& end() { return put('\n'); }

private:
    Sink sink_;
    void* context_;
};

} // namespace domfw::loader
