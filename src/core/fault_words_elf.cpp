// The ELF image reader's faults in words (core/elf_image.hpp). The object is the program header
// index; for an overlap, the two segments' indexes (high half first).
#include "core/fault_text.hpp"

namespace domfw::core {

using namespace fields;
namespace {
constexpr Field Ph = Field::object_dec, First = Field::object_high_dec, Second = Field::object_low_dec;
} // namespace

Words words(ElfFault f) {
    using F = ElfFault;
    switch (f) {
    case F::ident_short: return {"file of ", V, " bytes is shorter than the ", Ld, "-byte ELF identification"};
    case F::no_magic: return {"not an ELF file (no \\x7fELF magic)"};
    case F::bad_class: return {"ELF class ", V, " at offset ", O, " is neither ELFCLASS32 (1) nor ELFCLASS64 (2)"};
    case F::not_little_endian: return {"ELF data encoding ", V, " at offset ", O, " is not little-endian (", Ld, ")"};
    case F::header_short: return {"file of ", V, " bytes is shorter than the ", L, "-byte ELF header"};
    case F::not_exec: return {"e_type ", V, " at offset ", O, " is not ET_EXEC (", Ld, "): not a bootable executable"};
    case F::not_x86: return {"e_machine ", V, " at offset ", O, " is neither EM_386 (3) nor EM_X86_64 (62)"};
    case F::no_program_headers: return {"ELF file has no program headers (e_phnum 0)"};
    case F::phnum_huge: return {"e_phnum ", V, " exceeds the limit ", L};
    case F::phentsize_small: return {"e_phentsize ", V, " is below the ", L, "-byte program header"};
    case F::phdr_table_past_end:
        return {"program header table of ", V, " bytes at e_phoff ", O, " runs past the file size ", L};
    case F::load_past_end:
        return {"program header ", Ph, " (PT_LOAD): p_offset ", O, " + p_filesz ", V, " runs past the file size ", L};
    case F::note_past_end:
        return {"program header ", Ph, " (PT_NOTE): p_offset ", O, " + p_filesz ", V, " runs past the file size ", L};
    case F::memsz_below_filesz: return {"program header ", Ph, " (PT_LOAD): p_memsz ", V, " is below p_filesz ", L};
    case F::paddr_overflow: return {"program header ", Ph, " (PT_LOAD): p_paddr ", V, " + p_memsz ", L, " overflows"};
    case F::too_many_segments:
        return {"program header ", Ph, " (PT_LOAD) is load segment ", Vd, ", above the limit of ", Ld};
    case F::no_load_segment: return {"ELF file has no PT_LOAD segment with a non-zero p_memsz"};
    case F::segments_overlap:
        return {"PT_LOAD segment ", Second, " at p_paddr ", V, " starts inside PT_LOAD segment ", First,
                ", which ends at ", L};
    case F::too_many_notes: return {"PT_NOTE segment ", Ph, " at offset ", O, " holds more than ", Ld, " notes"};
    case F::note_header_cut:
        return {"PT_NOTE segment ",     Ph, ": note at offset ", O, " has only ", V,
                " bytes left for its ", Ld, "-byte header"};
    case F::note_too_long:
        return {"PT_NOTE segment ",           Ph, ": note at offset ", O, " needs ", V,
                " bytes, the segment holds ", L,  " from it"};
    case F::pvh_note_size: return {"XEN_ELFNOTE_PHYS32_ENTRY note at offset ", O, " has descsz ", V, ", not 4 or 8"};
    case F::pvh_entry_above_4g:
        return {"XEN_ELFNOTE_PHYS32_ENTRY note at offset ", O, ": entry ", V, " is not below ", L, " (4 GiB)"};
    }
    return {};
}

} // namespace domfw::core
