// Every guest-physical address and size the loader relies on, with the reason for each
// (STYLE.md: one layout header). loader/x86/CMakeLists.txt links domfw-loader.elf at
// kLoaderBase with a kLoaderStack stack; tests/loader/loader_elf_test.cpp checks the built ELF
// against these values.
#pragma once

#include <cstdint>

namespace domfw::loader {

// ---- address-space limits -------------------------------------------------------------------
// The loader runs in 32-bit protected mode with paging off (Xen docs/misc/pvh.pandoc): it can
// reach nothing at or above 4 GiB, so everything it reads or writes must end below.
inline constexpr std::uint64_t k4GiB = std::uint64_t{1} << 32;
// Linux reads start_info, its memory map, module list and command line through its early
// identity map: they must end below 1 GiB (LOADER-FACTS.md, "Starting Linux").
inline constexpr std::uint64_t kHandoffCeiling = 0x40000000;

// ---- the loader image -----------------------------------------------------------------------
// Linked at 1 MiB, as hvmloader is (XEN-FACTS.md §2): below it is the BIOS's (real-mode IVT, EBDA,
// VGA, option ROMs, the F-segment), and Linux's segments start at 16 MiB.
inline constexpr std::uint64_t kLoaderBase = 0x100000;
inline constexpr std::uint64_t kLoaderStack = 0x10000; // 64 KiB: no recursion, a few KiB deep
// The hand-off area in .bss: the largest start_info the loader writes is 64 + 128 x 24 (memory
// map) + 1024 x (32 + 32) (module list and names) + 1024 (command line) bytes.
inline constexpr std::uint64_t kHandoffSize = std::uint64_t{72} * 1024;

// ---- where a moved bundle may go ------------------------------------------------------------
// Never below 1 MiB (the BIOS's, as above); the highest free RAM below 4 GiB is taken first.
inline constexpr std::uint64_t kBundleMoveFloor = 0x100000;

} // namespace domfw::loader
