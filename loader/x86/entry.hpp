// The PVH entry stub (entry.cpp) and what it hands to C++. Xen docs/misc/pvh.pandoc: entered in
// 32-bit protected mode, paging off, flat segments, interrupts off, EBX = hvm_start_info.
#pragma once

#include <cstdint>

// Called by the stub with .bss cleared and a stack set up; does not return.
extern "C" [[noreturn]] void pvh_main(std::uint32_t start_info);
// Jumps to a PVH kernel entry with EBX = start_info, as Xen and QEMU enter one.
extern "C" [[noreturn]] void enter_kernel(std::uint32_t entry, std::uint32_t start_info);
