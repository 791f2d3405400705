// The one reader of the ELF executables a PVH boot starts: the guest kernel (vmlinux, xen-shim),
// domfw-loader.elf and hvmloader. It reads the PT_LOAD segments (where the image goes in
// guest-physical memory) and the Xen ELF notes, above all XEN_ELFNOTE_PHYS32_ENTRY (type 18, name
// "Xen"; Xen docs/misc/pvh.pandoc), the 32-bit PVH entry, whose descriptor is 4 bytes or, as in
// Linux's vmlinux, 8 bytes. ELF32 and ELF64, little-endian, ET_EXEC, EM_386 or EM_X86_64.
// Spec: System V gABI, "ELF Header", "Program Header", "Note Section"; Xen public/elfnote.h.
//
// Freestanding: `domfw plan`/`check` and the guest loader run this same code, so what the
// planner accepts the loader accepts. Errors are typed ElfFaults; plan/elf_error.cpp words them
// on the host, loader/lib/fault.cpp on the loader's console.
#pragma once

#include <cstdint>
#include <span>

#include "core/byte_reader.hpp"
#include "core/result.hpp"

namespace domfw::core {

inline constexpr std::uint32_t kXenElfnotePhys32Entry = 18; // public/elfnote.h
// Bounds that keep the image a fixed size (no heap): Linux's vmlinux has 4-5 PT_LOAD segments.
inline constexpr std::uint32_t kMaxElfLoadSegments = 16;
inline constexpr std::uint32_t kMaxElfProgramHeaders = 4096;
inline constexpr std::uint32_t kMaxElfNotes = 4096;

// Checked in this order. offset = the byte offset in the file of what is wrong; object = the
// program header index where one is named.
enum class ElfFault : std::uint8_t {
    ident_short,         // value = bytes held, limit = 16
    no_magic,            //
    bad_class,           // offset = 4; value = EI_CLASS
    not_little_endian,   // offset = 5; value = EI_DATA
    header_short,        // value = bytes held, limit = the ELF header's size
    not_exec,            // offset = 16; value = e_type, limit = ET_EXEC
    not_x86,             // offset = 18; value = e_machine
    no_program_headers,  // offset = e_phnum's
    phnum_huge,          // offset = e_phnum's; value = e_phnum, limit = kMaxElfProgramHeaders
    phentsize_small,     // offset = e_phentsize's; value = e_phentsize, limit = the header's size
    phdr_table_past_end, // offset = e_phoff; value = table bytes, limit = file size
    load_past_end,       // offset = p_offset; value = p_filesz, limit = file size; object = index
    note_past_end,       // offset = p_offset; value = p_filesz, limit = file size; object = index
    memsz_below_filesz,  // offset = the header's; value = p_memsz, limit = p_filesz; object = index
    paddr_overflow,      // offset = the header's; value = p_paddr, limit = p_memsz; object = index
    too_many_segments,   // offset = the header's; limit = kMaxElfLoadSegments; object = index
    no_load_segment,     //
    segments_overlap,    // value = later's p_paddr, limit = earlier's end; object = earlier << 32 | later
    too_many_notes,      // offset = the segment's; limit = kMaxElfNotes; object = index
    note_header_cut,     // offset = the note's; value = bytes left, limit = 12; object = index
    note_too_long,       // offset = the note's; value = bytes it needs, limit = bytes left; object = index
    pvh_note_size,       // offset = the note's; value = descsz (4 or 8 wanted)
    pvh_entry_above_4g,  // offset = the note's; value = the entry, limit = 2^32
};
[[nodiscard]] constexpr Reader reader_of(ElfFault) { return Reader::elf; }

struct ElfSegment {
    std::uint32_t index = 0; // program header index
    std::uint64_t offset = 0;
    std::uint64_t paddr = 0;
    std::uint64_t filesz = 0; // offset + filesz is inside the file, filesz <= memsz
    std::uint64_t memsz = 0;  // > 0; paddr + memsz does not overflow
};

// [lowest paddr, highest paddr + memsz) over load segments (the planner's and the loader's).
[[nodiscard]] std::uint64_t load_start(std::span<const ElfSegment> segments);
[[nodiscard]] std::uint64_t load_end(std::span<const ElfSegment> segments);

struct ElfImage {
    bool is64 = false;
    std::uint16_t machine = 0;
    std::uint64_t entry = 0;                  // e_entry (virtual)
    std::uint64_t pvh_entry = 0;              // XEN_ELFNOTE_PHYS32_ENTRY, below 4 GiB
    std::uint32_t pvh_note_size = 0;          // its descsz, 4 or 8; 0 when the file has no such note
    std::uint64_t pvh_note_offset = 0;        // the note's offset in the file
    ElfSegment segments[kMaxElfLoadSegments]; // PT_LOAD with memsz > 0, in header order, disjoint
    std::uint32_t segment_count = 0;          // >= 1

    [[nodiscard]] constexpr bool has_pvh_entry() const { return pvh_note_size != 0; }
    [[nodiscard]] constexpr std::span<const ElfSegment> loaded() const { return {segments, segment_count}; }
    [[nodiscard]] std::uint64_t load_start() const { return core::load_start(loaded()); }
    [[nodiscard]] std::uint64_t load_end() const { return core::load_end(loaded()); }
    // True when `paddr` lies in one of the load segments.
    [[nodiscard]] bool loads(std::uint64_t paddr) const;
};

// Every offset and size is checked against the file before it is used.
[[nodiscard]] Result<ElfImage> read_elf_image(Bytes file);

} // namespace domfw::core
