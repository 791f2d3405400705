// The planner's view of an ELF executable: what core::read_elf_image (core/elf_image.hpp, the
// one ELF reader, shared with the guest loader) proved, as hosted types, with errors worded by
// plan/elf_error.cpp. No parsing here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/byte_reader.hpp"
#include "core/elf_image.hpp"
#include "support/error.hpp"

namespace domfw::plan {

inline constexpr std::uint32_t kXenElfnotePhys32Entry = core::kXenElfnotePhys32Entry;

using ElfSegment = core::ElfSegment;

struct ElfImage {
    bool is64 = false;
    std::uint64_t entry = 0;                   // e_entry (virtual)
    std::optional<std::uint64_t> phys32_entry; // XEN_ELFNOTE_PHYS32_ENTRY
    std::vector<ElfSegment> segments;          // PT_LOAD with memsz > 0, in header order, disjoint
    std::uint64_t file_size = 0;
    [[nodiscard]] std::uint64_t load_start() const { return core::load_start(segments); }
    [[nodiscard]] std::uint64_t load_end() const { return core::load_end(segments); }
};

// `what` names the file in errors ("kernel '/boot/vmlinux'"), once, at their start.
[[nodiscard]] Expected<ElfImage> read_elf_image(core::Bytes file, std::string_view what);

} // namespace domfw::plan
