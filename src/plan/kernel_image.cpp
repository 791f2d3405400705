#include "plan/kernel_image.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "core/checked.hpp"
#include "plan/elf_image.hpp"
#include "support/input_limits.hpp"

namespace domfw::plan {
namespace {

// Linux Documentation/arch/x86/boot.rst, "The real-mode kernel header".
constexpr std::size_t kSetupSects = 0x1F1;
constexpr std::size_t kBootFlag = 0x1FE;    // 0xAA55
constexpr std::size_t kHeaderMagic = 0x202; // "HdrS"
constexpr std::size_t kVersion = 0x206;
constexpr std::size_t kPayloadOffset = 0x248; // protocol 2.08+
constexpr std::size_t kPayloadLength = 0x24C;
constexpr std::size_t kHeaderEnd = 0x250;
constexpr std::uint16_t kMinProtocol = 0x0208;
// The kernel's lz4 payload is the legacy frame format (lib/decompress_unlz4.c): this magic,
// then blocks of [u32 compressed size][data], each at most 8 MiB decompressed.
constexpr std::uint32_t kLz4LegacyMagic = 0x184C2102;
constexpr std::size_t kLz4LegacyBlock = std::size_t{8} << 20;

bool starts_with(core::Bytes b, std::initializer_list<std::uint8_t> magic) {
    if (b.size() < magic.size()) return false;
    return std::equal(magic.begin(), magic.end(), b.begin());
}

std::string hex_bytes(core::Bytes b) {
    std::string out;
    for (std::size_t i = 0; i < std::min<std::size_t>(b.size(), 6); ++i)
        out += fmt::format("{}{:02x}", i == 0 ? "" : " ", b[i]);
    return out;
}

// Output that refuses to grow past the cap.
struct Sink {
    std::vector<std::uint8_t> out;
    std::uint64_t cap;
    std::string_view what;
    const char* format;
    // Up to `want` more bytes of room, fewer near the cap; none left is the error: the stream
    // still had output to give when the cap was reached.
    Expected<std::size_t> room(std::size_t want) {
        const std::uint64_t left = cap - std::min<std::uint64_t>(cap, out.size());
        if (left == 0)
            return fail("{}: the {} payload decompresses to more than {:#x} bytes, the limit for {}", what, format, cap,
                        support::kDecompressedKernel.what);
        return static_cast<std::size_t>(std::min<std::uint64_t>(want, left));
    }
    // The next piece of output for a stream decoder to fill; trim() gives back what it left.
    // Output grows by what it holds already (64 KiB .. 16 MiB at a time): a small payload costs
    // a small buffer, a 66 MB vmlinux a few dozen reallocations.
    Expected<std::span<std::uint8_t>> grow() {
        DOMFW_TRY_X(const std::size_t n,
                    room(std::clamp<std::size_t>(out.size(), std::size_t{64} << 10, std::size_t{16} << 20)));
        out.resize(out.size() + n);
        return std::span(out).last(n);
    }
    void trim(std::size_t unused) { out.resize(out.size() - unused); }
};

Expected<void> inflate_gzip(core::Bytes in, Sink& s) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return fail("{}: zlib cannot start", s.what);
    const std::unique_ptr<z_stream, decltype(&inflateEnd)> end(&z, inflateEnd);
    z.next_in = const_cast<Bytef*>(in.data()); // zlib's API is not const-correct; it does not write
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
    for (;;) {
        DOMFW_TRY_X(const std::span<std::uint8_t> buf, s.grow());
        z.next_out = buf.data();
        z.avail_out = static_cast<uInt>(buf.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        s.trim(z.avail_out);
        if (rc == Z_STREAM_END) return {};
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            return fail("{}: the gzip payload is truncated: it ends after {:#x} bytes without the end of its stream",
                        s.what, in.size());
        if (rc != Z_OK)
            return fail("{}: the gzip payload is corrupt at input offset {:#x}: {}", s.what, z.total_in,
                        z.msg != nullptr ? z.msg : "error");
    }
}

Expected<void> unxz(core::Bytes in, Sink& s) {
    lzma_stream x = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&x, UINT64_MAX, 0) != LZMA_OK) return fail("{}: liblzma cannot start", s.what);
    const std::unique_ptr<lzma_stream, decltype(&lzma_end)> end(&x, lzma_end);
    x.next_in = in.data();
    x.avail_in = in.size();
    for (;;) {
        DOMFW_TRY_X(const std::span<std::uint8_t> buf, s.grow());
        x.next_out = buf.data();
        x.avail_out = buf.size();
        // LZMA_FINISH: all input is given, so a stream cut short is reported as LZMA_BUF_ERROR.
        const lzma_ret rc = lzma_code(&x, LZMA_FINISH);
        s.trim(x.avail_out);
        if (rc == LZMA_STREAM_END) return {};
        if (rc == LZMA_OK) continue;
        if (rc == LZMA_BUF_ERROR)
            return fail("{}: the xz payload is truncated: it ends after {:#x} bytes without the end of its stream",
                        s.what, in.size());
        return fail("{}: the xz payload is corrupt near input offset {:#x} (liblzma error {})", s.what, x.total_in,
                    static_cast<int>(rc));
    }
}

Expected<void> unzstd(core::Bytes in, Sink& s) {
    const std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> z(ZSTD_createDStream(), ZSTD_freeDStream);
    if (!z) return fail("{}: libzstd cannot start", s.what);
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    for (;;) {
        DOMFW_TRY_X(const std::span<std::uint8_t> buf, s.grow());
        ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
        const std::size_t rc = ZSTD_decompressStream(z.get(), &ob, &ib);
        s.trim(buf.size() - ob.pos);
        if (ZSTD_isError(rc) != 0)
            return fail("{}: the zstd payload is corrupt near input offset {:#x}: {}", s.what, ib.pos,
                        ZSTD_getErrorName(rc));
        if (rc == 0) return {}; // a frame is complete; what follows is the kernel's appended size
        if (ib.pos == ib.size && ob.pos < buf.size())
            return fail("{}: the zstd payload is truncated: it ends after {:#x} bytes without the end of its frame",
                        s.what, in.size());
    }
}

Expected<void> unlz4_legacy(core::Bytes in, Sink& s) {
    const core::ByteReader r(in);
    std::size_t pos = 4; // the magic, checked by the caller
    bool any = false;
    while (pos < in.size()) {
        // The kernel appends the decompressed size (4 bytes) after the last block.
        if (in.size() - pos == 4 && any) break;
        if (in.size() - pos < 4)
            return fail("{}: the lz4 payload is truncated: {:#x} bytes left at offset {:#x} for a block size", s.what,
                        in.size() - pos, pos);
        const std::uint32_t n = r.u32_at(pos).value();
        if (n == kLz4LegacyMagic) { // concatenated frames
            pos += 4;
            continue;
        }
        if (n > in.size() - pos - 4)
            return fail(
                "{}: the lz4 payload is truncated: block at offset {:#x} of {:#x} bytes runs past its end {:#x}",
                s.what, pos, n, in.size());
        if (n > static_cast<std::uint32_t>(LZ4_compressBound(static_cast<int>(kLz4LegacyBlock))))
            return fail("{}: the lz4 payload is corrupt: block at offset {:#x} claims {:#x} bytes, above an 8 MiB "
                        "block's bound",
                        s.what, pos, n);
        // LZ4 expands a byte to at most 255: the block needs no more room than that.
        const std::size_t room = std::min<std::size_t>(kLz4LegacyBlock, std::size_t{n} * 255 + 16);
        const std::size_t at = s.out.size();
        DOMFW_TRY_X(const std::size_t granted, s.room(room));
        s.out.resize(at + granted);
        const int got = LZ4_decompress_safe(reinterpret_cast<const char*>(in.data() + pos + 4),
                                            reinterpret_cast<char*>(s.out.data() + at), static_cast<int>(n),
                                            static_cast<int>(granted));
        if (got < 0 && granted < room) // it did not fit what the cap left
            return fail("{}: the lz4 payload decompresses to more than {:#x} bytes, the limit for {}", s.what, s.cap,
                        support::kDecompressedKernel.what);
        if (got < 0) return fail("{}: the lz4 payload is corrupt: block at offset {:#x} does not decode", s.what, pos);
        s.out.resize(at + static_cast<std::size_t>(got));
        pos += 4 + std::size_t{n};
        any = true;
    }
    if (!any) return fail("{}: the lz4 payload is truncated: it holds no block", s.what);
    return {};
}

} // namespace

const char* compression_name(KernelCompression c) {
    switch (c) {
    case KernelCompression::gzip: return "gzip";
    case KernelCompression::xz: return "xz";
    case KernelCompression::zstd: return "zstd";
    case KernelCompression::lz4: return "lz4";
    }
    return "?";
}

bool looks_like_bzimage(core::Bytes f) {
    return f.size() >= kHeaderMagic + 4 && f[kBootFlag] == 0x55 && f[kBootFlag + 1] == 0xAA &&
           std::memcmp(f.data() + kHeaderMagic, "HdrS", 4) == 0;
}

Expected<BzImageHeader> read_bzimage_header(core::Bytes f, std::string_view what) {
    if (f.size() < kHeaderEnd)
        return fail("{}: {:#x} bytes are fewer than the {:#x}-byte bzImage setup header", what, f.size(), kHeaderEnd);
    if (!looks_like_bzimage(f)) return fail("{}: no bzImage setup header (boot flag 0xaa55, \"HdrS\" at 0x202)", what);
    const core::ByteReader r(f);
    BzImageHeader h;
    h.protocol = r.u16_at(kVersion).value();
    if (h.protocol < kMinProtocol)
        return fail("{}: bzImage boot protocol {:#x} is below 2.08, which first gives the payload's place", what,
                    h.protocol);
    const std::uint64_t sects = f[kSetupSects] == 0 ? 4 : f[kSetupSects]; // 0 means 4 (boot.rst)
    const std::uint64_t pm_start = (sects + 1) * 512;
    const std::uint32_t off = r.u32_at(kPayloadOffset).value();
    const std::uint32_t len = r.u32_at(kPayloadLength).value();
    h.payload_start = pm_start + off;
    h.payload_length = len;
    if (len < 4 || !core::range_fits(h.payload_start, len, f.size()))
        return fail("{}: bzImage payload at {:#x} ((setup_sects + 1) * 512 + payload_offset {:#x}) of {:#x} bytes "
                    "runs past the file's {:#x} bytes",
                    what, h.payload_start, off, len, f.size());
    const core::Bytes p = f.subspan(h.payload_start, len);
    if (starts_with(p, {0x1F, 0x8B}))
        h.compression = KernelCompression::gzip;
    else if (starts_with(p, {0xFD, '7', 'z', 'X', 'Z', 0x00}))
        h.compression = KernelCompression::xz;
    else if (starts_with(p, {0x28, 0xB5, 0x2F, 0xFD}))
        h.compression = KernelCompression::zstd;
    else if (starts_with(p, {0x02, 0x21, 0x4C, 0x18}))
        h.compression = KernelCompression::lz4;
    else {
        const char* known = starts_with(p, {'B', 'Z', 'h'})         ? " (bzip2)"
                            : starts_with(p, {0x5D, 0x00, 0x00})    ? " (lzma)"
                            : starts_with(p, {0x89, 'L', 'Z', 'O'}) ? " (lzo)"
                                                                    : "";
        return fail("{}: bzImage payload at {:#x} starts with {}{}: not a compression domfw reads (xz, gzip, zstd, "
                    "lz4)",
                    what, h.payload_start, hex_bytes(p), known);
    }
    return h;
}

Expected<std::vector<std::uint8_t>> decompress_payload(core::Bytes f, const BzImageHeader& h, std::string_view what,
                                                       std::uint64_t max_bytes) {
    const core::Bytes p = f.subspan(h.payload_start, h.payload_length);
    Sink s{{}, max_bytes, what, compression_name(h.compression)};
    switch (h.compression) {
    case KernelCompression::gzip: DOMFW_TRY_VOID(inflate_gzip(p, s)); break;
    case KernelCompression::xz: DOMFW_TRY_VOID(unxz(p, s)); break;
    case KernelCompression::zstd: DOMFW_TRY_VOID(unzstd(p, s)); break;
    case KernelCompression::lz4: DOMFW_TRY_VOID(unlz4_legacy(p, s)); break;
    }
    s.out.shrink_to_fit();
    return std::move(s.out);
}

Expected<std::vector<std::uint8_t>> kernel_elf(std::vector<std::uint8_t> file, std::string_view what) {
    if (!looks_like_bzimage(file)) return file;
    DOMFW_TRY_X(BzImageHeader h, read_bzimage_header(file, what));
    DOMFW_TRY_X(auto elf, decompress_payload(file, h, what, support::kDecompressedKernel.max_bytes));
    const std::string inner = fmt::format("{} (the vmlinux in its {} payload)", what, compression_name(h.compression));
    DOMFW_TRY_X(ElfImage img, read_elf_image(elf, inner));
    if (!img.phys32_entry)
        return fail("{}: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"): a kernel built without CONFIG_PVH",
                    inner);
    return elf;
}

} // namespace domfw::plan
