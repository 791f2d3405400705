#include "plan/elf_image.hpp"

#include <algorithm>

#include "core/checked.hpp"

namespace domfw::plan {
namespace {

constexpr std::uint32_t kPtLoad = 1;
constexpr std::uint32_t kPtNote = 4;
constexpr std::uint64_t kMaxProgramHeaders = 4096;
constexpr std::uint64_t kMaxNotes = 4096;

struct Header {
    bool is64 = false;
    std::uint64_t entry = 0;
    std::uint64_t phoff = 0;
    std::uint64_t phentsize = 0;
    std::uint64_t phnum = 0;
};

Expected<Header> read_header(core::ByteReader r, std::string_view what) {
    // gABI "ELF Identification": 7f 'E' 'L' 'F', class, data, version.
    if (r.size() < 16)
        return fail("{}: file of {:#x} bytes is shorter than the 16-byte ELF identification", what, r.size());
    const core::Bytes id = r.bytes_at(0, 16).value();
    if (id[0] != 0x7F || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        return fail("{}: not an ELF file (no \\x7fELF magic)", what);
    if (id[4] != 1 && id[4] != 2)
        return fail("{}: ELF class {:#x} is neither ELFCLASS32 (1) nor ELFCLASS64 (2)", what, id[4]);
    if (id[5] != 1) return fail("{}: ELF data encoding {:#x} is not little-endian (1)", what, id[5]);
    Header h;
    h.is64 = id[4] == 2;
    const std::size_t ehsize = h.is64 ? 64 : 52;
    if (r.size() < ehsize)
        return fail("{}: file of {:#x} bytes is shorter than the {:#x}-byte ELF header", what, r.size(), ehsize);
    if (h.is64) {
        h.entry = r.u64_at(24).value();
        h.phoff = r.u64_at(32).value();
        h.phentsize = r.u16_at(54).value();
        h.phnum = r.u16_at(56).value();
    } else {
        h.entry = r.u32_at(24).value();
        h.phoff = r.u32_at(28).value();
        h.phentsize = r.u16_at(42).value();
        h.phnum = r.u16_at(44).value();
    }
    const std::size_t want = h.is64 ? 56 : 32;
    if (h.phnum == 0) return fail("{}: ELF file has no program headers", what);
    if (h.phnum > kMaxProgramHeaders)
        return fail("{}: e_phnum {:#x} exceeds the limit {:#x}", what, h.phnum, kMaxProgramHeaders);
    if (h.phentsize < want)
        return fail("{}: e_phentsize {:#x} is below the {:#x}-byte program header", what, h.phentsize, want);
    const std::uint64_t table = h.phnum * h.phentsize; // both bounded above: no overflow
    if (!core::range_fits(h.phoff, table, r.size()))
        return fail("{}: program header table at e_phoff {:#x} ({:#x} x {:#x} bytes) runs past the file size {:#x}",
                    what, h.phoff, h.phnum, h.phentsize, r.size());
    return h;
}

// gABI "Note Section": namesz, descsz, type, name (padded to 4), desc (padded to 4).
Expected<void> read_notes(core::ByteReader r, std::uint64_t off, std::uint64_t size, std::uint32_t ph,
                          std::string_view what, ElfImage& img) {
    std::uint64_t pos = 0;
    for (std::uint64_t n = 0; pos < size; ++n) {
        if (n >= kMaxNotes) return fail("{}: PT_NOTE segment {} holds more than {} notes", what, ph, kMaxNotes);
        if (size - pos < 12)
            return fail("{}: PT_NOTE segment {}: note at offset {:#x} has only {:#x} bytes left for its 12-byte header",
                        what, ph, off + pos, size - pos);
        const std::uint64_t at = off + pos;
        const std::uint32_t namesz = r.u32_at(at).value();
        const std::uint32_t descsz = r.u32_at(at + 4).value();
        const std::uint32_t type = r.u32_at(at + 8).value();
        const std::uint64_t name_pad = (static_cast<std::uint64_t>(namesz) + 3) & ~std::uint64_t{3};
        const std::uint64_t desc_pad = (static_cast<std::uint64_t>(descsz) + 3) & ~std::uint64_t{3};
        const std::uint64_t need = 12 + name_pad + desc_pad; // each term < 2^33: no overflow
        if (need > size - pos)
            return fail("{}: PT_NOTE segment {}: note at offset {:#x} (namesz {:#x}, descsz {:#x}) runs past the "
                        "segment end {:#x}",
                        what, ph, at, namesz, descsz, off + size);
        const core::Bytes name = r.bytes_at(at + 12, namesz).value();
        const bool xen = namesz == 4 && name[0] == 'X' && name[1] == 'e' && name[2] == 'n' && name[3] == 0;
        if (xen && type == kXenElfnotePhys32Entry) {
            const std::uint64_t d = at + 12 + name_pad;
            std::uint64_t entry = 0;
            if (descsz == 4)
                entry = r.u32_at(d).value();
            else if (descsz == 8)
                entry = r.u64_at(d).value();
            else
                return fail("{}: XEN_ELFNOTE_PHYS32_ENTRY at offset {:#x} has descsz {:#x}, not 4 or 8", what, at,
                            descsz);
            if (entry >= 0x1'0000'0000)
                return fail("{}: XEN_ELFNOTE_PHYS32_ENTRY {:#x} is not a 32-bit address", what, entry);
            img.phys32_entry = entry;
        }
        pos += need;
    }
    return {};
}

} // namespace

std::uint64_t ElfImage::load_start() const {
    std::uint64_t s = ~std::uint64_t{0};
    for (const auto& seg : segments)
        s = std::min(s, seg.paddr);
    return segments.empty() ? 0 : s;
}

std::uint64_t ElfImage::load_end() const {
    std::uint64_t e = 0;
    for (const auto& seg : segments)
        e = std::max(e, seg.paddr + seg.memsz); // proven not to overflow
    return e;
}

Expected<ElfImage> read_elf_image(core::Bytes file, std::string_view what) {
    const core::ByteReader r(file);
    DOMFW_TRY_X(Header h, read_header(r, what));
    ElfImage img;
    img.is64 = h.is64;
    img.entry = h.entry;
    img.file_size = file.size();
    for (std::uint64_t i = 0; i < h.phnum; ++i) {
        const std::uint64_t at = h.phoff + i * h.phentsize;
        const auto idx = static_cast<std::uint32_t>(i);
        std::uint32_t type = r.u32_at(at).value();
        ElfSegment s;
        s.index = idx;
        if (h.is64) {
            s.offset = r.u64_at(at + 8).value();
            s.paddr = r.u64_at(at + 24).value();
            s.filesz = r.u64_at(at + 32).value();
            s.memsz = r.u64_at(at + 40).value();
        } else {
            s.offset = r.u32_at(at + 4).value();
            s.paddr = r.u32_at(at + 12).value();
            s.filesz = r.u32_at(at + 16).value();
            s.memsz = r.u32_at(at + 20).value();
        }
        if (type != kPtLoad && type != kPtNote) continue;
        const char* tname = type == kPtLoad ? "PT_LOAD" : "PT_NOTE";
        if (!core::range_fits(s.offset, s.filesz, file.size()))
            return fail("{}: program header {} ({}): p_offset {:#x} + p_filesz {:#x} runs past the file size {:#x}",
                        what, idx, tname, s.offset, s.filesz, file.size());
        if (type == kPtNote) {
            DOMFW_TRY_VOID(read_notes(r, s.offset, s.filesz, idx, what, img));
            continue;
        }
        if (s.memsz < s.filesz)
            return fail("{}: program header {} (PT_LOAD): p_memsz {:#x} is below p_filesz {:#x}", what, idx, s.memsz,
                        s.filesz);
        auto end = core::checked_add(s.paddr, s.memsz);
        if (!end)
            return fail("{}: program header {} (PT_LOAD): p_paddr {:#x} + p_memsz {:#x} overflows", what, idx, s.paddr,
                        s.memsz);
        if (s.memsz == 0) continue;
        img.segments.push_back(s);
    }
    if (img.segments.empty()) return fail("{}: ELF file has no PT_LOAD segment with a non-zero p_memsz", what);
    // Segments must not overlap each other in guest-physical memory.
    std::vector<ElfSegment> sorted = img.segments;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.paddr < b.paddr; });
    for (std::size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i].paddr < sorted[i - 1].paddr + sorted[i - 1].memsz)
            return fail("{}: PT_LOAD segments {} [{:#x}, {:#x}) and {} [{:#x}, {:#x}) overlap", what,
                        sorted[i - 1].index, sorted[i - 1].paddr, sorted[i - 1].paddr + sorted[i - 1].memsz,
                        sorted[i].index, sorted[i].paddr, sorted[i].paddr + sorted[i].memsz);
    return img;
}

} // namespace domfw::plan
