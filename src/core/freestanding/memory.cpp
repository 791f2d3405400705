// The two libc functions a freestanding core needs: GCC and clang may emit calls to memcpy and
// memset for struct copies and zero-initialisation even under -ffreestanding (GCC manual,
// "Language Standards Supported by GCC": "GCC requires the freestanding environment provide
// memcpy, memmove, memset and memcmp"). Nothing in core needs memmove or memcmp so far.
#include <cstddef>

// GCC turns byte loops into memcpy/memset calls even when freestanding, which here would make
// them call themselves; glibc marks its own string functions the same way (inhibit_loop_to_libcall).
// clang does not form such calls under -ffreestanding.
#if defined(__GNUC__) && !defined(__clang__)
#define DOMFW_NO_LOOP_TO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define DOMFW_NO_LOOP_TO_LIBCALL
#endif

extern "C" {

void* memcpy(void* dst, const void* src, std::size_t n);
void* memset(void* dst, int c, std::size_t n);

DOMFW_NO_LOOP_TO_LIBCALL void* memcpy(void* dst, const void* src, std::size_t n) {
    auto* d = static_cast<unsigned char*>(dst);
    const auto* s = static_cast<const unsigned char*>(src);
    for (std::size_t i = 0; i < n; ++i)
        d[i] = s[i];
    return dst;
}

DOMFW_NO_LOOP_TO_LIBCALL void* memset(void* dst, int c, std::size_t n) {
    auto* d = static_cast<unsigned char*>(dst);
    for (std::size_t i = 0; i < n; ++i)
        d[i] = static_cast<unsigned char>(c);
    return dst;
}

} // extern "C"
