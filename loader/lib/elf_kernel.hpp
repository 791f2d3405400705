// The guest kernel as an ELF file (blob `kernel`): ELF32 or ELF64, little-endian, x86, with a
// XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name "Xen"; Xen docs/misc/pvh.pandoc) whose
// descriptor is 4 bytes or, as in Linux's vmlinux, 8 bytes. Spec: System V gABI, "ELF Header",
// "Program Header", "Note Section". Freestanding twin of src/plan/elf_image (hosted, it may not
// be linked here); the same rules, so what `domfw plan` accepts the loader accepts.
#pragma once

#include <cstdint>

#include "core/byte_reader.hpp"
#include "loader/lib/fault.hpp"

namespace domfw::loader {

inline constexpr std::uint32_t kXenElfnotePhys32Entry = 18; // public/elfnote.h
inline constexpr std::uint32_t kMaxKernelSegments = 16;

struct KernelSegment {
    std::uint32_t index = 0; // program header index
    std::uint64_t offset = 0;
    std::uint64_t paddr = 0;
    std::uint64_t filesz = 0;
    std::uint64_t memsz = 0;
};

struct KernelImage {
    bool is64 = false;
    std::uint64_t entry = 0; // the PHYS32_ENTRY, a physical address
    std::uint32_t note_size = 0;
    KernelSegment segments[kMaxKernelSegments];
    std::uint32_t segment_count = 0;
};

// Errors carry the offset in the file; every offset and size is checked against the file first.
[[nodiscard]] LoaderError read_kernel_elf(core::Bytes file, KernelImage& out);

} // namespace domfw::loader
