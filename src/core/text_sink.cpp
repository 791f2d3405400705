#include "core/text_sink.hpp"

#include "core/escaped_text.hpp"

namespace domfw::core {

TextSink& TextSink::str(const char* s) {
    std::size_t n = 0;
    while (s[n] != '\0')
        ++n;
    return chars(s, n);
}

TextSink& TextSink::hex(std::uint64_t v, unsigned digits) {
    constexpr char kDigits[] = "0123456789abcdef";
    char buf[2 + 16];
    std::size_t n = sizeof(buf);
    do {
        buf[--n] = kDigits[v & 0xFU];
        v >>= 4;
    } while ((v != 0 || sizeof(buf) - n < digits) && n > 2);
    buf[--n] = 'x';
    buf[--n] = '0';
    return chars(buf + n, sizeof(buf) - n);
}

TextSink& TextSink::dec(std::uint64_t v) {
    char buf[20];
    std::size_t n = sizeof(buf);
    // Division by 10 of a 64-bit value is a libgcc call (__udivdi3) on i386: the freestanding
    // targets link libgcc for it (cmake/DomfwFreestanding.cmake).
    do {
        buf[--n] = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    } while (v != 0);
    return chars(buf + n, sizeof(buf) - n);
}

TextSink& TextSink::quoted(Bytes b, char quote) {
    const char q[1] = {quote};
    chars(q, 1);
    escape_bytes(b, EscapeRule{.quote = quote}, [this](const char* text, std::size_t size) { chars(text, size); });
    return chars(q, 1);
}

} // namespace domfw::core
