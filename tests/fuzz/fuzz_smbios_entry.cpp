// Entry points and the single-file source detection on arbitrary bytes: a dump, RSMB blob or raw
// table either reads or fails with a message; an accepted entry point always has a valid checksum
// over its announced length, and the dump image built from what was read reads back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "core/checksum.hpp"
#include "core/smbios_walk.hpp"
#include "hostfw/smbios_sources.hpp"
#include "smbios/encode.hpp"

namespace cs = domfw::core::smbios;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    domfw::core::Bytes b(data, size);
    const cs::EntryResult ep = cs::parse_entry_point(b);
    if (ep.ok) {
        if (ep.entry.length > size) std::abort();
        if (domfw::core::sum8(b.first(ep.entry.length)) != 0) std::abort();
    }
    auto t = domfw::hostfw::read_smbios_bytes(b, "fuzz");
    if (!t) return 0;
    auto image = domfw::smbios::dump_bin_image(*t);
    if (!image) return 0;
    auto back = domfw::hostfw::read_smbios_dump(*image, "image");
    if (!back) std::abort();
    if (back->structures.size() != t->structures.size()) std::abort();
    return 0;
}
