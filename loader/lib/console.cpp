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

Console& Console::hex(std::uint64_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    char buf[16];
    int n = 0;
    do {
        buf[n++] = kDigits[v & 0xFU];
        v >>= 4;
    } while (v != 0);
    put('0').put('x');
    while (n > 0)
        put(buf[--n]);
    return *this;
}

Console& Console::dec(std::uint64_t v) {
    char buf[20];
    int n = 0;
    // Division by 10 of a 64-bit value is a libgcc call (__udivdi3) on i386; the x86 build
    // links libgcc for exactly this.
    do {
        buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    } while (v != 0);
    while (n > 0)
        put(buf[--n]);
    return *this;
}

} // namespace domfw::loader
