#include "plan/elf_image.hpp"

#include <algorithm>

#include "support/error.hpp"

namespace domfw::plan {

std::uint64_t ElfImage::load_start() const {
    std::uint64_t s = ~std::uint64_t{0};
    for (const auto& seg : segments)
        s = std::min(s, seg.paddr);
    return segments.empty() ? 0 : s;
}

std::uint64_t ElfImage::load_end() const {
    std::uint64_t e = 0;
    for (const auto& seg : segments)
        e = std::max(e, seg.paddr + seg.memsz); // core proved it does not overflow
    return e;
}

Expected<ElfImage> read_elf_image(core::Bytes file, std::string_view what) {
    const core::Result<core::ElfImage> r = core::read_elf_image(file);
    if (!r) return Unexpected(Error{describe(r.error(), what)});
    const core::ElfImage& c = r.value();
    ElfImage img;
    img.is64 = c.is64;
    img.entry = c.entry;
    if (c.has_pvh_entry()) img.phys32_entry = c.pvh_entry;
    img.file_size = file.size();
    for (std::uint32_t i = 0; i < c.segment_count; ++i) {
        const core::ElfSegment& s = c.segments[i];
        img.segments.push_back(
            {.index = s.index, .offset = s.offset, .paddr = s.paddr, .filesz = s.filesz, .memsz = s.memsz});
    }
    return img;
}

} // namespace domfw::plan
