#include "core/elf_image.hpp"

#include "core/checked.hpp"

namespace domfw::core {
namespace {

constexpr std::uint32_t kPtLoad = 1;
constexpr std::uint32_t kPtNote = 4;
constexpr std::uint16_t kEtExec = 2;
constexpr std::uint16_t kEmI386 = 3;
constexpr std::uint16_t kEmX8664 = 62;

// Offsets below are proved inside the file (and so below SIZE_MAX) before they are narrowed.
constexpr std::size_t at(std::uint64_t off) { return static_cast<std::size_t>(off); }

struct Header {
    std::uint64_t phoff = 0;
    std::uint64_t phentsize = 0;
    std::uint64_t phnum = 0;
};

Result<Header> read_header(const ByteReader& r, ElfImage& img) {
    // gABI "ELF Identification": 7f 'E' 'L' 'F', class, data, version.
    if (r.size() < 16) return fault(ElfFault::ident_short, 0, r.size(), 16);
    const Bytes id = r.bytes_at(0, 16).value();
    if (id[0] != 0x7F || id[1] != 'E' || id[2] != 'L' || id[3] != 'F') return fault(ElfFault::no_magic, 0, 0, 0);
    if (id[4] != 1 && id[4] != 2) return fault(ElfFault::bad_class, 4, id[4], 0);
    if (id[5] != 1) return fault(ElfFault::not_little_endian, 5, id[5], 1);
    img.is64 = id[4] == 2;
    const std::uint64_t ehsize = img.is64 ? 64 : 52;
    if (r.size() < ehsize) return fault(ElfFault::header_short, 0, r.size(), ehsize);
    const std::uint16_t type = r.u16_at(16).value();
    img.machine = r.u16_at(18).value();
    if (type != kEtExec) return fault(ElfFault::not_exec, 16, type, kEtExec);
    if (img.machine != kEmI386 && img.machine != kEmX8664) return fault(ElfFault::not_x86, 18, img.machine, 0);
    Header h;
    const std::size_t phentsize_at = img.is64 ? 54 : 42;
    const std::size_t phnum_at = phentsize_at + 2;
    img.entry = img.is64 ? r.u64_at(24).value() : r.u32_at(24).value();
    h.phoff = img.is64 ? r.u64_at(32).value() : r.u32_at(28).value();
    h.phentsize = r.u16_at(phentsize_at).value();
    h.phnum = r.u16_at(phnum_at).value();
    const std::uint64_t want = img.is64 ? 56 : 32;
    if (h.phnum == 0) return fault(ElfFault::no_program_headers, phnum_at, 0, 0);
    if (h.phnum > kMaxElfProgramHeaders) return fault(ElfFault::phnum_huge, phnum_at, h.phnum, kMaxElfProgramHeaders);
    if (h.phentsize < want) return fault(ElfFault::phentsize_small, phentsize_at, h.phentsize, want);
    const std::uint64_t table = h.phnum * h.phentsize; // both 16-bit: no overflow
    if (!range_fits(h.phoff, table, r.size())) return fault(ElfFault::phdr_table_past_end, h.phoff, table, r.size());
    return h;
}

// gABI "Note Section": namesz, descsz, type, name (padded to 4), desc (padded to 4). The
// segment [off, off + size) is inside the file.
Status read_notes(const ByteReader& r, std::uint64_t off, std::uint64_t size, std::uint32_t ph, ElfImage& img) {
    std::uint64_t pos = 0;
    for (std::uint64_t n = 0; pos < size; ++n) {
        if (n >= kMaxElfNotes) return fault(ElfFault::too_many_notes, off, n + 1, kMaxElfNotes, ph);
        const std::uint64_t note = off + pos;
        const std::uint64_t left = size - pos;
        if (left < 12) return fault(ElfFault::note_header_cut, note, left, 12, ph);
        const std::uint32_t namesz = r.u32_at(at(note)).value();
        const std::uint32_t descsz = r.u32_at(at(note + 4)).value();
        const std::uint32_t type = r.u32_at(at(note + 8)).value();
        const std::uint64_t name_pad = align_up<std::uint64_t>(namesz, 4).value(); // < 2^33: fits
        const std::uint64_t desc_pad = align_up<std::uint64_t>(descsz, 4).value();
        const std::uint64_t need = 12 + name_pad + desc_pad; // each term < 2^33: no overflow
        if (need > left) return fault(ElfFault::note_too_long, note, need, left, ph);
        const Bytes name = r.bytes_at(at(note + 12), namesz).value();
        const bool xen = namesz == 4 && name[0] == 'X' && name[1] == 'e' && name[2] == 'n' && name[3] == 0;
        if (xen && type == kXenElfnotePhys32Entry) {
            const std::size_t desc = at(note + 12 + name_pad);
            std::uint64_t entry = 0;
            if (descsz == 4)
                entry = r.u32_at(desc).value();
            else if (descsz == 8)
                entry = r.u64_at(desc).value();
            else
                return fault(ElfFault::pvh_note_size, note, descsz, 0, ph);
            if (entry >= (std::uint64_t{1} << 32))
                return fault(ElfFault::pvh_entry_above_4g, note, entry, std::uint64_t{1} << 32, ph);
            img.pvh_entry = entry;
            img.pvh_note_size = descsz;
            img.pvh_note_offset = note;
        }
        pos += need;
    }
    return {};
}

// Load segments must not overlap each other in guest-physical memory. At most 16: pairwise.
Status check_disjoint(const ElfImage& img) {
    for (std::uint32_t j = 1; j < img.segment_count; ++j)
        for (std::uint32_t i = 0; i < j; ++i) {
            const ElfSegment& a = img.segments[i];
            const ElfSegment& b = img.segments[j];
            if (a.paddr < b.paddr + b.memsz && b.paddr < a.paddr + a.memsz) {
                // Name them in address order: the later one starts inside the earlier one.
                const ElfSegment& lo = a.paddr <= b.paddr ? a : b;
                const ElfSegment& hi = a.paddr <= b.paddr ? b : a;
                return fault(ElfFault::segments_overlap, 0, hi.paddr, lo.paddr + lo.memsz,
                             (std::uint64_t{lo.index} << 32) | hi.index);
            }
        }
    return {};
}

} // namespace

std::uint64_t load_start(std::span<const ElfSegment> segments) {
    if (segments.empty()) return 0;
    std::uint64_t s = ~std::uint64_t{0};
    for (const ElfSegment& seg : segments)
        s = seg.paddr < s ? seg.paddr : s;
    return s;
}

std::uint64_t load_end(std::span<const ElfSegment> segments) {
    std::uint64_t e = 0;
    for (const ElfSegment& seg : segments) {
        const std::uint64_t end = seg.paddr + seg.memsz; // read_elf_image proved it does not overflow
        e = end > e ? end : e;
    }
    return e;
}

bool ElfImage::loads(std::uint64_t paddr) const {
    for (const ElfSegment& s : loaded())
        if (paddr >= s.paddr && paddr - s.paddr < s.memsz) return true;
    return false;
}

Result<ElfImage> read_elf_image(Bytes file) {
    const ByteReader r(file);
    ElfImage img;
    DOMFW_TRY(const Header h, read_header(r, img));
    for (std::uint64_t i = 0; i < h.phnum; ++i) {
        const std::uint64_t ph = h.phoff + i * h.phentsize; // inside the table, proved in the file
        const auto idx = static_cast<std::uint32_t>(i);
        const std::uint32_t type = r.u32_at(at(ph)).value();
        if (type != kPtLoad && type != kPtNote) continue;
        ElfSegment s{.index = idx};
        if (img.is64) {
            s.offset = r.u64_at(at(ph + 8)).value();
            s.paddr = r.u64_at(at(ph + 24)).value();
            s.filesz = r.u64_at(at(ph + 32)).value();
            s.memsz = r.u64_at(at(ph + 40)).value();
        } else {
            s.offset = r.u32_at(at(ph + 4)).value();
            s.paddr = r.u32_at(at(ph + 12)).value();
            s.filesz = r.u32_at(at(ph + 16)).value();
            s.memsz = r.u32_at(at(ph + 20)).value();
        }
        if (!range_fits(s.offset, s.filesz, file.size()))
            return fault(type == kPtLoad ? ElfFault::load_past_end : ElfFault::note_past_end, s.offset, s.filesz,
                         file.size(), idx);
        if (type == kPtNote) {
            DOMFW_TRY_STATUS(read_notes(r, s.offset, s.filesz, idx, img));
            continue;
        }
        if (s.memsz < s.filesz) return fault(ElfFault::memsz_below_filesz, ph, s.memsz, s.filesz, idx);
        if (!checked_add(s.paddr, s.memsz)) return fault(ElfFault::paddr_overflow, ph, s.paddr, s.memsz, idx);
        if (s.memsz == 0) continue;
        if (img.segment_count == kMaxElfLoadSegments)
            return fault(ElfFault::too_many_segments, ph, img.segment_count + 1, kMaxElfLoadSegments, idx);
        img.segments[img.segment_count++] = s;
    }
    if (img.segment_count == 0) return fault(ElfFault::no_load_segment, 0, 0, 0);
    DOMFW_TRY_STATUS(check_disjoint(img));
    return img;
}

} // namespace domfw::core
