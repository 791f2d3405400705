#include "loader/lib/console.hpp"

namespace domfw::loader {

Console& Console::str(const char* s) {
    while (*s != '\0')
        put(*s++);
    return *this;
}

Console& Console::text(core::Bytes bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (const std::uint8_t b : bytes) {
        if (b >= 0x20 && b < 0x7F && b != '\\' && b != '"') {
            put(static_cast<char>(b));
        } else {
            put('\\').put('x');
            put(kDigits[b >> 4]).put(kDigits[b & 0xFU]);
        }
    }
    return *this;
}

// Numbers as core's text sink writes them (core/text_sink.hpp), so the loader's console and
// core's fault sentences format them one way.
core::TextSink Console::text_sink() {
    return core::TextSink(
        [](void* context, const char* text, std::size_t size) {
            auto& con = *static_cast<Console*>(context);
            for (std::size_t i = 0; i < size; ++i)
                con.put(text[i]);
        },
        this);
}

Console& Console::hex(std::uint64_t v) {
    core::TextSink s = text_sink();
    s.hex(v);
    return *this;
}

Console& Console::dec(std::uint64_t v) {
    core::TextSink s = text_sink();
    s.dec(v);
    return *this;
}

} // namespace domfw::loader
