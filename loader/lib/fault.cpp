#include "loader/lib/fault.hpp"

#include "core/byte_reader.hpp"
#include "core/elf_image.hpp"
#include "loader/lib/fault_names.hpp"

namespace domfw::loader {
namespace {

// Placeholders: {obj} {other} {i} (decimal) {a} {s} {e} = addr + size {v} {l} (hex) {cause}.
const char* message(Fault f) {
    switch (f) {
    case Fault::none: return "no error";
    case Fault::start_info_unmapped: return "start_info at {a} (EBX) does not fit the {l} bytes of addressable memory";
    case Fault::start_info_magic: return "start_info at {a}: magic {v} is not {l}";
    case Fault::start_info_version: return "start_info at {a}: version {v} has no memory map (need version >= {l})";
    case Fault::memmap_absent: return "start_info at {a}: no memory map (memmap_paddr {v}, memmap_entries {l})";
    case Fault::memmap_too_many: return "start_info at {a}: memmap_entries {v} exceeds the loader's limit {l}";
    case Fault::memmap_entry_wraps: return "memory map entry {i}: addr {a} + size {s} wraps around 2^64";
    case Fault::too_many_modules: return "start_info at {a}: nr_modules {v} exceeds the loader's limit {l}";
    case Fault::range_absent: return "{obj}: address is 0 (absent) with size {s}";
    case Fault::range_wraps: return "{obj} at {a}: size {s} wraps around 2^64";
    case Fault::range_above_4g: return "{obj} [{a}, {e}) does not end below 4 GiB";
    case Fault::range_not_ram: return "{obj} [{a}, {e}) is not inside RAM of the memory map (at {v})";
    case Fault::range_unmapped: return "{obj} [{a}, {e}) lies outside the {l} bytes of addressable memory";
    case Fault::range_overlap: return "{obj} [{a}, {e}) overlaps {other} [{v}, {l})";
    case Fault::cmdline_unterminated:
        return "{obj} at {a}: no NUL in its first {v} bytes (the limit is {l} bytes, or the end of RAM)";
    case Fault::no_bundle: return "start_info lists no modules: no bundle to boot from";
    case Fault::bundle_invalid: return "bundle (start_info module 0 at {a}, {s} bytes): {cause}";
    case Fault::blob_duplicate: return "bundle module {i}: a second blob named '{obj}' (the first is module {v})";
    case Fault::kernel_missing: return "bundle has no valid blob named 'kernel' ({v} modules)";
    case Fault::elf_invalid: return "kernel ELF: {cause}";
    case Fault::elf_no_pvh_note: return "kernel ELF: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18): not a PVH kernel";
    case Fault::elf_entry_outside: return "kernel ELF: PVH entry {v} lies in no PT_LOAD segment";
    case Fault::no_room_for_bundle:
        return "bundle [{a}, {e}) overlaps kernel segment {i} and no free RAM range of {s} bytes is left to move it to";
    case Fault::handoff_full: return "the hand-off area of {l} bytes cannot hold {obj} (needs {v} bytes)";
    case Fault::handoff_above_1g:
        return "the hand-off area [{a}, {e}) does not end below 1 GiB (Linux reads start_info through its early "
               "identity map)";
    case Fault::memmap_full: return "the memory map handed on would need more than {l} entries";
    }
    return "unknown fault";
}

// The ELF reader's faults (core/elf_image.hpp), in plan/elf_error.cpp's words so `domfw plan`
// and the loader say the same. Placeholders: {o} {v} {l} (hex) of the core::Error, {ph} its
// object (decimal), {ph1} {ph2} the two segments of an overlap (object's high, low half).
const char* elf_message(core::ElfFault f) {
    using F = core::ElfFault;
    switch (f) {
    case F::ident_short: return "file of {v} bytes is shorter than the {ld}-byte ELF identification";
    case F::no_magic: return "not an ELF file (no \\x7fELF magic; a bzImage must be unpacked by `domfw build`)";
    case F::bad_class: return "ELF class {v} at offset {o} is neither ELFCLASS32 (1) nor ELFCLASS64 (2)";
    case F::not_little_endian: return "ELF data encoding {v} at offset {o} is not little-endian ({ld})";
    case F::header_short: return "file of {v} bytes is shorter than the {l}-byte ELF header";
    case F::not_exec: return "e_type {v} at offset {o} is not ET_EXEC ({ld}): not a bootable executable";
    case F::not_x86: return "e_machine {v} at offset {o} is neither EM_386 (3) nor EM_X86_64 (62)";
    case F::no_program_headers: return "ELF file has no program headers (e_phnum 0)";
    case F::phnum_huge: return "e_phnum {v} exceeds the limit {l}";
    case F::phentsize_small: return "e_phentsize {v} is below the {l}-byte program header";
    case F::phdr_table_past_end: return "program header table of {v} bytes at e_phoff {o} runs past the file size {l}";
    case F::load_past_end:
        return "program header {ph} (PT_LOAD): p_offset {o} + p_filesz {v} runs past the file size {l}";
    case F::note_past_end:
        return "program header {ph} (PT_NOTE): p_offset {o} + p_filesz {v} runs past the file size {l}";
    case F::memsz_below_filesz: return "program header {ph} (PT_LOAD): p_memsz {v} is below p_filesz {l}";
    case F::paddr_overflow: return "program header {ph} (PT_LOAD): p_paddr {v} + p_memsz {l} overflows";
    case F::too_many_segments: return "program header {ph} (PT_LOAD) is load segment {vd}, above the limit of {ld}";
    case F::no_load_segment: return "ELF file has no PT_LOAD segment with a non-zero p_memsz";
    case F::segments_overlap:
        return "PT_LOAD segment {ph2} at p_paddr {v} starts inside PT_LOAD segment {ph1}, which ends at {l}";
    case F::too_many_notes: return "PT_NOTE segment {ph} at offset {o} holds more than {ld} notes";
    case F::note_header_cut:
        return "PT_NOTE segment {ph}: note at offset {o} has only {v} bytes left for its {ld}-byte header";
    case F::note_too_long:
        return "PT_NOTE segment {ph}: note at offset {o} needs {v} bytes, the segment holds {l} from it";
    case F::pvh_note_size: return "XEN_ELFNOTE_PHYS32_ENTRY note at offset {o} has descsz {v}, not 4 or 8";
    case F::pvh_entry_above_4g:
        return "XEN_ELFNOTE_PHYS32_ENTRY note at offset {o}: entry {v} is not below {l} (4 GiB)";
    }
    return "unknown ELF fault";
}

bool starts_with(const char* s, const char* prefix) {
    while (*prefix != '\0')
        if (*s++ != *prefix++) return false;
    return true;
}

std::uint64_t saturating_end(std::uint64_t a, std::uint64_t s) {
    std::uint64_t e = 0;
    return __builtin_add_overflow(a, s, &e) ? ~std::uint64_t{0} : e;
}

void signature(Console& con, std::uint64_t v) {
    std::uint8_t sig[4];
    for (unsigned i = 0; i < 4; ++i)
        sig[i] = static_cast<std::uint8_t>((v >> (8 * i)) & 0xFFU);
    con.put('\'').text(core::Bytes(sig, 4)).put('\'');
}

} // namespace

void render_core(Console& con, const core::Error& e) {
    // A typed fault the host words in a sentence: its reader, name, offset and values here.
    if (const char* name = fault_name(e); name != nullptr) {
        con.str(reader_name(e.reader));
        con.str(" fault ");
        con.str(name);
        con.str(" at offset ");
        con.hex(e.offset);
        con.str(" (value ");
        con.hex(e.value);
        con.str(", limit ");
        con.hex(e.limit);
        if (e.object != 0) {
            con.str(", object ");
            con.hex(e.object);
        }
        con.str(")");
        return;
    }
    const char* w = e.reader == core::Reader::elf ? elf_message(e.fault<core::ElfFault>()) : e.what;
    const char* p = w;
    while (*p != '\0') {
        if (starts_with(p, "{ph1}")) {
            con.dec(e.object >> 32);
            p += 5;
        } else if (starts_with(p, "{ph2}")) {
            con.dec(e.object & 0xFFFF'FFFFU);
            p += 5;
        } else if (starts_with(p, "{ph}")) {
            con.dec(e.object);
            p += 4;
        } else if (starts_with(p, "{vd}")) {
            con.dec(e.value);
            p += 4;
        } else if (starts_with(p, "{ld}")) {
            con.dec(e.limit);
            p += 4;
        } else if (starts_with(p, "{vsig}")) {
            signature(con, e.value);
            p += 6;
        } else if (starts_with(p, "{o}")) {
            con.hex(e.offset);
            p += 3;
        } else if (starts_with(p, "{v}")) {
            con.hex(e.value);
            p += 3;
        } else if (starts_with(p, "{l}")) {
            con.hex(e.limit);
            p += 3;
        } else {
            con.put(*p++);
        }
    }
    // The generic byte reader's texts carry no placeholders: append the values.
    // Compared by content: each translation unit may hold its own copy of the literal.
    if (starts_with(w, core::kReadPastEnd) && w[__builtin_strlen(core::kReadPastEnd)] == '\0')
        con.str(" at offset ").hex(e.offset).str(" (").hex(e.value).str(" vs ").hex(e.limit).put(')');
}

void render(Console& con, const LoaderError& e) {
    const char* p = message(e.fault);
    while (*p != '\0') {
        if (starts_with(p, "{obj}")) {
            con.str(e.object);
            p += 5;
        } else if (starts_with(p, "{other}")) {
            con.str(e.other);
            p += 7;
        } else if (starts_with(p, "{cause}")) {
            render_core(con, e.cause);
            p += 7;
        } else if (starts_with(p, "{i}")) {
            con.dec(e.index);
            p += 3;
        } else if (starts_with(p, "{a}")) {
            con.hex(e.addr);
            p += 3;
        } else if (starts_with(p, "{s}")) {
            con.hex(e.size);
            p += 3;
        } else if (starts_with(p, "{e}")) {
            con.hex(saturating_end(e.addr, e.size));
            p += 3;
        } else if (starts_with(p, "{v}")) {
            con.hex(e.value);
            p += 3;
        } else if (starts_with(p, "{l}")) {
            con.hex(e.limit);
            p += 3;
        } else {
            con.put(*p++);
        }
    }
}

} // namespace domfw::loader
