// A bounds-checked reader of the parts of an ELF executable a PVH boot needs: the PT_LOAD
// segments (where the image goes in guest-physical memory) and the Xen ELF notes, above all
// XEN_ELFNOTE_PHYS32_ENTRY (type 18, name "Xen"; docs/misc/pvh.pandoc), the 32-bit entry.
// ELF32 and ELF64, little-endian only (x86). Spec: System V gABI, "ELF Header", "Program
// Header", "Note Section"; Xen public/elfnote.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/byte_reader.hpp"
#include "support/error.hpp"

namespace domfw::plan {

inline constexpr std::uint32_t kXenElfnotePhys32Entry = 18; // public/elfnote.h

struct ElfSegment {
    std::uint32_t index = 0; // program header index
    std::uint64_t offset = 0;
    std::uint64_t paddr = 0;
    std::uint64_t filesz = 0;
    std::uint64_t memsz = 0;
};

struct ElfImage {
    bool is64 = false;
    std::uint64_t entry = 0;                   // e_entry (virtual)
    std::optional<std::uint64_t> phys32_entry; // XEN_ELFNOTE_PHYS32_ENTRY
    std::vector<ElfSegment> segments;          // PT_LOAD with memsz > 0, in header order
    std::uint64_t file_size = 0;
    // [lowest paddr, highest paddr + memsz) over the load segments.
    [[nodiscard]] std::uint64_t load_start() const;
    [[nodiscard]] std::uint64_t load_end() const;
};

// `what` names the file in errors ("kernel '/boot/vmlinux'").
[[nodiscard]] Expected<ElfImage> read_elf_image(core::Bytes file, std::string_view what);

} // namespace domfw::plan
