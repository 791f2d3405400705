// The loader from entry to hand-off, independent of the machine it runs on: the x86 build calls
// run_loader() from its PVH entry and then does what the Outcome says; host tests and the fuzz
// target call it on simulated guest memory.
#pragma once

#include <cstdint>

#include "core/elf_image.hpp"
#include "loader/lib/boot_info.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/console.hpp"
#include "loader/lib/handoff.hpp"

namespace domfw::loader {

// Too big for a small stack: the x86 build keeps it in .bss.
struct LoaderState {
    BootInfo boot;
    BundleContents bundle;
    core::ElfImage kernel;
    SmbiosWork smbios;
};

enum class Next : std::uint8_t {
    start_kernel, // jump to `entry` with EBX = `start_info`
    exit_success, // `domfw.exit`: everything is in place, exit QEMU with success
    exit_failure, // `domfw.exit`: the boot stopped, exit QEMU with failure
    halt,         // the boot stopped: halt (the console says why)
};

struct Outcome {
    Next next = Next::halt;
    std::uint64_t entry = 0;
    std::uint64_t start_info = 0;
    LoaderError error{};
};

// isa-debug-exit (`-device isa-debug-exit,iobase=0xf4,iosize=0x04`): QEMU exits with status
// (value << 1) | 1, so these give 33 and 35.
// The kernel (blob `kernel`) read by core's ELF reader, the one `domfw plan` uses, then what a
// PVH start needs on top: a XEN_ELFNOTE_PHYS32_ENTRY note whose entry lies in a load segment.
[[nodiscard]] LoaderError read_kernel(core::Bytes file, core::ElfImage& out);

inline constexpr std::uint32_t kExitSuccess = 0x10;
inline constexpr std::uint32_t kExitFailure = 0x11;

[[nodiscard]] Outcome run_loader(const LoaderEnv& env, std::uint64_t start_info_paddr, LoaderState& state,
                                 Console& con);

} // namespace domfw::loader
