// Drives the byte reader with a program taken from the input: every read must either succeed
// inside the buffer or fail with an error, never touch memory outside it.
#include <cstddef>
#include <cstdint>

#include "core/byte_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    std::size_t ops = data[0] % 16U + 1U;
    domfw::core::ByteReader r({data + 1, size - 1});
    for (std::size_t i = 0; i < ops; ++i) {
        auto op = r.u8();
        if (!op) break;
        switch (*op % 7U) {
        case 0: (void)r.u16le(); break;
        case 1: (void)r.u32le(); break;
        case 2: (void)r.u64le(); break;
        case 3: {
            auto n = r.u8();
            if (n) (void)r.bytes(*n);
            break;
        }
        case 4: {
            auto off = r.u16le();
            if (off) (void)r.u32_at(*off);
            break;
        }
        case 5: {
            auto off = r.u16le();
            if (off) {
                auto sub = r.sub(*off, 8);
                if (sub) (void)sub->u64_at(0);
            }
            break;
        }
        default: (void)r.skip(*op);
        }
    }
    return 0;
}
