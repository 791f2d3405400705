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
// Each fault with its sentence: core/faults/elf.def.
enum class ElfFault : std::uint8_t {
#define DOMFW_FAULT(name, ...) name,
#include "core/faults/elf.def"
#undef DOMFW_FAULT
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
