// Drives the byte reader with a program taken from the input: every read must either succeed
// inside the buffer or fail with an error, never touch memory outside it.
#include <cstddef>
#include <cstdint>

#include "core/byte_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const domfw::core::ByteReader r({data + 1, size - 1});
    // Each op is 3 bytes of the reader's own input: a kind and a 16-bit offset (or length).
    const std::size_t ops = data[0] % 16U + 1U;
    for (std::size_t i = 0; i < ops; ++i) {
        const auto op = r.u8_at(3 * i);
        const auto off = r.u16_at(3 * i + 1);
        if (!op || !off) break;
        switch (*op % 6U) {
        case 0: (void)r.u16_at(*off); break;
        case 1: (void)r.u32_at(*off); break;
        case 2: (void)r.u64_at(*off); break;
        case 3: (void)r.bytes_at(*off, *op); break;
        case 4: {
            auto sub = r.sub(*off, 8);
            if (sub) (void)sub->u64_at(0);
            break;
        }
        default: (void)domfw::core::starts_with(r.data().subspan(*off < r.size() ? *off : r.size()), "RSD PTR ");
        }
    }
    return 0;
}
