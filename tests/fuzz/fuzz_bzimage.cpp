// libFuzzer target: the bzImage setup-header reader (src/plan/kernel_image.cpp), then the
// payload decompressors under a small cap and the ELF reader on what they give. Any crash,
// hang or sanitizer report is a bug; every rejection must be an error value.
#include <cstddef>
#include <cstdint>

#include "plan/elf_image.hpp"
#include "plan/kernel_image.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const domfw::core::Bytes file(data, size);
    (void)domfw::plan::looks_like_bzimage(file);
    auto h = domfw::plan::read_bzimage_header(file, "fuzz");
    if (!h) return 0;
    // 16 MiB: enough to reach every decompressor path, small enough to stay fast.
    auto out = domfw::plan::decompress_payload(file, *h, "fuzz", std::uint64_t{16} << 20);
    if (out) (void)domfw::plan::read_elf_image(*out, "fuzz");
    return 0;
}
