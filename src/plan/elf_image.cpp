#include "plan/elf_image.hpp"

#include "support/error.hpp"

namespace domfw::plan {

Expected<ElfImage> read_elf_image(core::Bytes file, std::string_view what) {
    const core::Result<core::ElfImage> r = core::read_elf_image(file);
    if (!r) return Unexpected(Error{describe(r.error(), what)});
    const core::ElfImage& c = r.value();
    ElfImage img;
    img.is64 = c.is64;
    img.entry = c.entry;
    if (c.has_pvh_entry()) img.phys32_entry = c.pvh_entry;
    img.file_size = file.size();
    img.segments.assign(c.segments, c.segments + c.segment_count);
    return img;
}

} // namespace domfw::plan
