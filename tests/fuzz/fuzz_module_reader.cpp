// libFuzzer target: core's module and bundle reader, then the hosted inspection of whatever
// it accepts. Any crash, sanitizer report or accepted-but-undecodable input is a bug.
// The first byte chooses a mode; odd modes repair the CRC-32C fields of the rest before reading,
// so the fuzzer reaches the meaning checks behind the checksum instead of stopping at it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/checksum.hpp"
#include "core/module_reader.hpp"
#include "module/module_inspect.hpp"

namespace {

std::uint32_t get32(const std::vector<std::uint8_t>& v, std::size_t at) {
    return static_cast<std::uint32_t>(v[at] | (v[at + 1] << 8) | (v[at + 2] << 16)) |
           (static_cast<std::uint32_t>(v[at + 3]) << 24);
}
void put32(std::vector<std::uint8_t>& v, std::size_t at, std::uint32_t x) {
    for (std::size_t i = 0; i < 4; ++i)
        v[at + i] = static_cast<std::uint8_t>(x >> (8 * i));
}
// CRC of v[at, at+len) with the 4 bytes at at+field read as zero.
std::uint32_t crc_hole(const std::vector<std::uint8_t>& v, std::size_t at, std::size_t len, std::size_t field) {
    const domfw::core::Bytes b(v.data() + at, len);
    static const std::uint8_t zero[4] = {};
    std::uint32_t c = domfw::core::crc32c(b.first(field));
    c = domfw::core::crc32c(domfw::core::Bytes(zero, 4), c);
    return domfw::core::crc32c(b.subspan(field + 4), c);
}
bool fix_module(std::vector<std::uint8_t>& v, std::size_t at, std::size_t avail) {
    if (avail < 24 || !domfw::core::looks_like_module(domfw::core::Bytes(v.data() + at, avail))) return false;
    const std::size_t total = get32(v, at + 12);
    if (total < 24 || total > avail) return false;
    put32(v, at + 20, crc_hole(v, at, total, 20));
    return true;
}
void fix_bundle(std::vector<std::uint8_t>& v) {
    if (v.size() < 32 || !domfw::core::looks_like_bundle(v)) return;
    const std::size_t count = get32(v, 16);
    const std::size_t entry = static_cast<std::size_t>(v[20] | (v[21] << 8));
    const std::size_t hdr = static_cast<std::size_t>(v[6] | (v[7] << 8));
    if (entry < 16 || count > 1024 || hdr < 32 || hdr > 4096) return;
    const std::size_t dir_end = hdr + count * entry;
    if (dir_end > v.size()) return;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t e = hdr + i * entry;
        const std::size_t off = get32(v, e);
        const std::size_t len = get32(v, e + 4);
        if (off < v.size() && len <= v.size() - off && fix_module(v, off, len)) put32(v, e + 12, get32(v, off + 20));
    }
    put32(v, 24, crc_hole(v, 0, dir_end, 24));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    std::vector<std::uint8_t> v(data + 1, data + size);
    if ((data[0] & 1) != 0) {
        fix_bundle(v);
        fix_module(v, 0, v.size());
    }
    const domfw::core::Bytes bytes(v);
    bool accepted = false;
    if (auto m = domfw::core::read_module(bytes)) {
        accepted = m->total_length == bytes.size();
        if (m->total_length > bytes.size() || m->header_length > m->total_length) std::abort();
    }
    if (auto b = domfw::core::read_bundle(bytes)) {
        accepted = accepted || b->total_length == bytes.size();
        for (std::uint32_t i = 0; i < b->module_count; ++i) {
            auto e = domfw::core::bundle_entry(*b, i);
            if (!e) std::abort(); // read_bundle proved every entry
            (void)domfw::core::bundle_module(*b, i);
        }
    }
    auto j = domfw::module::inspect(bytes, {});
    if (j) (void)domfw::module::render_inspection(*j);
    // inspect accepts only whole-buffer modules/bundles that the core reader accepts.
    if (j && !accepted) std::abort();
    return 0;
}
