// The two libc functions a freestanding core needs: GCC and clang may emit calls to memcpy and
// memset for struct copies and zero-initialisation even under -ffreestanding (GCC manual,
// "C Dialect Options": "GCC requires the freestanding environment provide memcpy, memmove, memset
// and memcmp"). The guest loader links these same two; nothing in core calls memmove or memcmp.
#include <cstddef>

extern "C" {

void* memcpy(void* dst, const void* src, std::size_t n);
void* memset(void* dst, int c, std::size_t n);

void* memcpy(void* dst, const void* src, std::size_t n) {
    auto* d = static_cast<unsigned char*>(dst);
    const auto* s = static_cast<const unsigned char*>(src);
    for (std::size_t i = 0; i < n; ++i)
        d[i] = s[i];
    return dst;
}

void* memset(void* dst, int c, std::size_t n) {
    auto* d = static_cast<unsigned char*>(dst);
    for (std::size_t i = 0; i < n; ++i)
        d[i] = static_cast<unsigned char>(c);
    return dst;
}

} // extern "C"
