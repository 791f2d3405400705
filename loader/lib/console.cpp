#include "loader/lib/console.hpp"

#include "core/escaped_text.hpp"

namespace domfw::loader {

Console& Console::str(const char* s) {
    while (*s != '\0')
        put(*s++);
    return *this;
}

// core's one rule for bytes as text; `"` is escaped too, as the report quotes names with it.
Console& Console::text(core::Bytes bytes) {
    core::escape_bytes(bytes, core::EscapeRule{.quote = '"'}, [this](const char* piece, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i)
            put(piece[i]);
    });
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
