#include "plan/elf_error.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "core/elf_image.hpp"
#include "support/error.hpp"

namespace domfw::plan {
namespace {

using F = core::ElfFault;

std::string sentence(const core::Error& e) {
    const std::uint64_t o = e.offset, v = e.value, l = e.limit, ph = e.object;
    switch (e.fault<F>()) {
    case F::ident_short: return fmt::format("file of {:#x} bytes is shorter than the {}-byte ELF identification", v, l);
    case F::no_magic: return "not an ELF file (no \\x7fELF magic)";
    case F::bad_class:
        return fmt::format("ELF class {:#x} at offset {:#x} is neither ELFCLASS32 (1) nor ELFCLASS64 (2)", v, o);
    case F::not_little_endian:
        return fmt::format("ELF data encoding {:#x} at offset {:#x} is not little-endian ({})", v, o, l);
    case F::header_short: return fmt::format("file of {:#x} bytes is shorter than the {:#x}-byte ELF header", v, l);
    case F::not_exec:
        return fmt::format("e_type {:#x} at offset {:#x} is not ET_EXEC ({}): not a bootable executable", v, o, l);
    case F::not_x86:
        return fmt::format("e_machine {:#x} at offset {:#x} is neither EM_386 (3) nor EM_X86_64 (62)", v, o);
    case F::no_program_headers: return "ELF file has no program headers (e_phnum 0)";
    case F::phnum_huge: return fmt::format("e_phnum {:#x} exceeds the limit {:#x}", v, l);
    case F::phentsize_small: return fmt::format("e_phentsize {:#x} is below the {:#x}-byte program header", v, l);
    case F::phdr_table_past_end:
        return fmt::format("program header table of {:#x} bytes at e_phoff {:#x} runs past the file size {:#x}", v, o,
                           l);
    case F::load_past_end:
    case F::note_past_end:
        return fmt::format("program header {} ({}): p_offset {:#x} + p_filesz {:#x} runs past the file size {:#x}", ph,
                           e.is(F::load_past_end) ? "PT_LOAD" : "PT_NOTE", o, v, l);
    case F::memsz_below_filesz:
        return fmt::format("program header {} (PT_LOAD): p_memsz {:#x} is below p_filesz {:#x}", ph, v, l);
    case F::paddr_overflow:
        return fmt::format("program header {} (PT_LOAD): p_paddr {:#x} + p_memsz {:#x} overflows", ph, v, l);
    case F::too_many_segments:
        return fmt::format("program header {} (PT_LOAD) is load segment {}, above the limit of {}", ph, v, l);
    case F::no_load_segment: return "ELF file has no PT_LOAD segment with a non-zero p_memsz";
    case F::segments_overlap:
        return fmt::format("PT_LOAD segment {} at p_paddr {:#x} starts inside PT_LOAD segment {}, which ends at {:#x}",
                           ph & 0xFFFF'FFFFU, v, ph >> 32, l);
    case F::too_many_notes: return fmt::format("PT_NOTE segment {} at offset {:#x} holds more than {} notes", ph, o, l);
    case F::note_header_cut:
        return fmt::format("PT_NOTE segment {}: note at offset {:#x} has only {:#x} bytes left for its {}-byte header",
                           ph, o, v, l);
    case F::note_too_long:
        return fmt::format(
            "PT_NOTE segment {}: note at offset {:#x} needs {:#x} bytes, the segment holds {:#x} from it", ph, o, v, l);
    case F::pvh_note_size:
        return fmt::format("XEN_ELFNOTE_PHYS32_ENTRY note at offset {:#x} has descsz {:#x}, not 4 or 8", o, v);
    case F::pvh_entry_above_4g:
        return fmt::format("XEN_ELFNOTE_PHYS32_ENTRY note at offset {:#x}: entry {:#x} is not below {:#x} (4 GiB)", o,
                           v, l);
    }
    return fmt::format("ELF fault {}", e.code);
}

} // namespace

std::string describe_elf_error(const core::Error& e, std::string_view what) {
    if (e.reader != core::Reader::elf) return describe(e, what);
    return fmt::format("{}: {}", what, sentence(e));
}

} // namespace domfw::plan
