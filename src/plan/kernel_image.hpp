// A PVH kernel as users have it: an ELF vmlinux with the PVH note, or a bzImage as in /boot,
// whose compressed payload is that vmlinux (Linux Documentation/arch/x86/boot.rst, boot
// protocol 2.08+: payload_offset @0x248 and payload_length @0x24c, from the protected-mode
// code at (setup_sects + 1) * 512). domfw extracts the ELF the way scripts/extract-vmlinux does,
// through Debian's liblzma, zlib, libzstd and liblz4, with a cap on the decompressed size.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/byte_reader.hpp"
#include "support/error.hpp"

namespace domfw::plan {

enum class KernelCompression : std::uint8_t { gzip, xz, zstd, lz4 };

struct BzImageHeader {
    std::uint16_t protocol = 0;      // boot protocol version, e.g. 0x20f
    std::uint64_t payload_start = 0; // file offset of the compressed vmlinux
    std::uint64_t payload_length = 0;
    KernelCompression compression = KernelCompression::xz;
};

// True when `file` carries the bzImage setup header ("HdrS" at 0x202, boot flag 0xAA55 at 0x1fe).
[[nodiscard]] bool looks_like_bzimage(core::Bytes file);

// The setup header, checked in order: size, boot flag, "HdrS", protocol >= 2.08, payload inside
// the file, then the payload's magic. `what` names the file in errors.
[[nodiscard]] Expected<BzImageHeader> read_bzimage_header(core::Bytes file, std::string_view what);

// The decompressed payload, at most `max_bytes` (a bomb cap); a truncated or corrupt stream is
// an error naming the file, the format and the offset.
[[nodiscard]] Expected<std::vector<std::uint8_t>> decompress_payload(core::Bytes file, const BzImageHeader& h,
                                                                     std::string_view what, std::uint64_t max_bytes);

// `file` itself when it is not a bzImage (an ELF, or anything read_elf_image then rejects);
// else the ELF inside it, which must carry XEN_ELFNOTE_PHYS32_ENTRY.
[[nodiscard]] Expected<std::vector<std::uint8_t>> kernel_elf(std::vector<std::uint8_t> file, std::string_view what);

[[nodiscard]] const char* compression_name(KernelCompression c);

} // namespace domfw::plan
