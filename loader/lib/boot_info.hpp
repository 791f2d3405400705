// What the loader reads out of the hvm_start_info it is entered with (XEN-FACTS.md §1,
// LOADER-FACTS.md): everything is validated and copied out first, because the tables live in
// low memory that the loader and the kernel may reuse later.
#pragma once

#include <cstdint>

#include "domfw/abi/start_info.h"
#include "loader/lib/fault.hpp"
#include "loader/lib/memory_map.hpp"
#include "loader/lib/phys_memory.hpp"

namespace domfw::loader {

// Xen and QEMU pass one module (the bundle); a few more are tolerated and reported, not used.
inline constexpr std::uint32_t kMaxBootModules = 16;
inline constexpr std::uint32_t kCmdlineMax = DOMFW_HVM_MAX_GUEST_CMDLINE; // NUL included

struct BootModule {
    std::uint64_t paddr = 0;
    std::uint64_t size = 0;
};

struct BootInfo {
    std::uint64_t start_info_paddr = 0;
    std::uint32_t version = 0;
    std::uint32_t flags = 0;
    std::uint64_t rsdp_paddr = 0;
    MemoryMap memmap;
    BootModule modules[kMaxBootModules];
    std::uint32_t module_count = 0;
    bool has_cmdline = false;
    char cmdline[kCmdlineMax] = {};
    std::uint32_t cmdline_length = 0; // without the NUL
};

// Reads and validates the start_info at `paddr`: magic, version >= 1 with a memory map, every
// table and module (no wrap, below 4 GiB, inside RAM and the window, disjoint from `loader_image`
// and from each other), the command line NUL-terminated within 1024 bytes.
[[nodiscard]] LoaderError read_boot_info(const PhysMemory& mem, std::uint64_t paddr, const Region& loader_image,
                                         BootInfo& out);

// True when `word` is one of the command line's space-separated words.
[[nodiscard]] bool cmdline_has_word(const BootInfo& info, const char* word);

} // namespace domfw::loader
