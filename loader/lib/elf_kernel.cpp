#include "loader/lib/elf_kernel.hpp"

#include "core/checked.hpp"

namespace domfw::loader {
namespace {

constexpr std::uint32_t kPtLoad = 1;
constexpr std::uint32_t kPtNote = 4;
constexpr std::uint16_t kEmI386 = 3;
constexpr std::uint16_t kEmX8664 = 62;
constexpr std::uint16_t kEtExec = 2;
constexpr std::uint16_t kMaxPhnum = 64;

LoaderError elf_error(const char* what, std::uint64_t offset, std::uint64_t value, std::uint64_t limit) {
    return {.fault = Fault::elf_invalid, .cause = core::Error{what, offset, value, limit}};
}

// The notes of one PT_NOTE segment: namesz, descsz, type, then name and desc, each padded to 4.
LoaderError read_notes(core::ByteReader notes, std::uint64_t base, KernelImage& out) {
    std::size_t pos = 0;
    while (notes.size() - pos >= 12) {
        const std::uint32_t namesz = notes.u32_at(pos).value();
        const std::uint32_t descsz = notes.u32_at(pos + 4).value();
        const std::uint32_t type = notes.u32_at(pos + 8).value();
        const auto name_len = core::align_up<std::uint64_t>(namesz, 4);
        const auto desc_len = core::align_up<std::uint64_t>(descsz, 4);
        const std::uint64_t left = notes.size() - pos - 12;
        if (!name_len || !desc_len || name_len.value() > left || desc_len.value() > left - name_len.value())
            return elf_error("note at offset {o}: namesz {v} and descsz run past the PT_NOTE segment end {l}",
                             base + pos, namesz, base + notes.size());
        const core::Bytes name = notes.bytes_at(pos + 12, namesz).value();
        const std::size_t desc_at = pos + 12 + static_cast<std::size_t>(name_len.value());
        const bool xen = namesz == 4 && name[0] == 'X' && name[1] == 'e' && name[2] == 'n' && name[3] == 0;
        if (xen && type == kXenElfnotePhys32Entry) {
            std::uint64_t entry = 0;
            if (descsz == 4)
                entry = notes.u32_at(desc_at).value();
            else if (descsz == 8)
                entry = notes.u64_at(desc_at).value();
            else
                return elf_error("XEN_ELFNOTE_PHYS32_ENTRY note at offset {o}: descriptor size {v} is not 4 or 8",
                                 base + pos, descsz, 0);
            if (entry >= (std::uint64_t{1} << 32))
                return elf_error("XEN_ELFNOTE_PHYS32_ENTRY note at offset {o}: entry {v} is not a 32-bit address",
                                 base + pos, entry, 0);
            out.entry = entry;
            out.note_size = descsz;
        }
        pos = desc_at + static_cast<std::size_t>(desc_len.value());
    }
    return {};
}

} // namespace

LoaderError read_kernel_elf(core::Bytes file, KernelImage& out) {
    out = KernelImage{};
    const core::ByteReader r(file);
    if (file.size() < 16 || file[0] != 0x7F || file[1] != 'E' || file[2] != 'L' || file[3] != 'F')
        return elf_error("no ELF magic at offset {o} (a bzImage must be unpacked by `domfw build`)", 0, 0, 0);
    const std::uint8_t cls = file[4];
    if (cls != 1 && cls != 2)
        return elf_error("EI_CLASS {v} at offset {o} is neither ELF32 (1) nor ELF64 (2)", 4, cls, 0);
    out.is64 = cls == 2;
    if (file[5] != 1) return elf_error("EI_DATA {v} at offset {o} is not little-endian (1)", 5, file[5], 0);
    const std::size_t ehsize = out.is64 ? 64 : 52;
    if (file.size() < ehsize)
        return elf_error("file of {l} bytes is shorter than the {v}-byte ELF header", 0, ehsize, file.size());
    const std::uint16_t type = r.u16_at(16).value();
    const std::uint16_t machine = r.u16_at(18).value();
    if (type != kEtExec) return elf_error("e_type {v} at offset {o} is not ET_EXEC (2)", 16, type, 0);
    if (machine != kEmI386 && machine != kEmX8664)
        return elf_error("e_machine {v} at offset {o} is neither EM_386 (3) nor EM_X86_64 (62)", 18, machine, 0);
    const std::uint64_t phoff = out.is64 ? r.u64_at(32).value() : r.u32_at(28).value();
    const std::uint16_t phentsize = r.u16_at(out.is64 ? 54 : 42).value();
    const std::uint16_t phnum = r.u16_at(out.is64 ? 56 : 44).value();
    const std::uint16_t want_phent = out.is64 ? 56 : 32;
    if (phentsize < want_phent)
        return elf_error("e_phentsize {v} at offset {o} is below {l}", out.is64 ? 54 : 42, phentsize, want_phent);
    if (phnum == 0 || phnum > kMaxPhnum)
        return elf_error("e_phnum {v} at offset {o} is outside 1..{l}", out.is64 ? 56 : 44, phnum, kMaxPhnum);
    if (!core::range_fits(phoff, std::uint64_t{phnum} * phentsize, file.size()))
        return elf_error("program headers at {o} ({v} bytes) run past the file end {l}", phoff,
                         std::uint64_t{phnum} * phentsize, file.size());
    for (std::uint16_t i = 0; i < phnum; ++i) {
        const std::size_t at = static_cast<std::size_t>(phoff) + std::size_t{i} * phentsize;
        const std::uint32_t p_type = r.u32_at(at).value();
        KernelSegment s{.index = i};
        if (out.is64) {
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
        if (p_type != kPtLoad && p_type != kPtNote) continue;
        if (!core::range_fits(s.offset, s.filesz, file.size()))
            return elf_error("program header {v} at offset {o}: its file bytes run past the file end {l}", at, i,
                             file.size());
        if (p_type == kPtNote) {
            DOMFW_LOADER_TRY(read_notes(
                core::ByteReader(file.subspan(static_cast<std::size_t>(s.offset), static_cast<std::size_t>(s.filesz))),
                s.offset, out));
            continue;
        }
        if (s.filesz > s.memsz)
            return elf_error("PT_LOAD program header at offset {o}: p_filesz {v} exceeds p_memsz {l}", at, s.filesz,
                             s.memsz);
        if (s.memsz == 0) continue;
        if (out.segment_count == kMaxKernelSegments)
            return {.fault = Fault::elf_too_many_segments, .limit = kMaxKernelSegments};
        out.segments[out.segment_count++] = s;
    }
    if (out.note_size == 0) return {.fault = Fault::elf_no_pvh_note};
    for (std::uint32_t i = 0; i < out.segment_count; ++i) {
        const KernelSegment& s = out.segments[i];
        if (out.entry >= s.paddr && out.entry - s.paddr < s.memsz) return {};
    }
    return {.fault = Fault::elf_entry_outside, .value = out.entry};
}

} // namespace domfw::loader
