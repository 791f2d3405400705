// The guest memory the fuzz target (tests/fuzz/fuzz_loader.cpp) hands the loader: the input is
// the first bytes of a 256 KiB RAM (the rest zero), start_info at 0x100, the loader image and its
// hand-off area at 0x30000, its ACPI area at 0x38000, a moved bundle no lower than 0x8000.
// Shared with loader_tests, which writes and checks the seeds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "loader/lib/loader.hpp"

namespace domfw::loader::fuzz {

inline constexpr std::size_t kRam = 0x40000;
inline constexpr std::uint64_t kStartInfo = 0x100;
inline constexpr std::uint64_t kMemmap = 0x200;
inline constexpr std::uint64_t kModlist = 0x300;
inline constexpr std::uint64_t kCmdline = 0x400;
inline constexpr std::uint64_t kBundle = 0x1000;
inline constexpr std::uint64_t kKernel = 0x20000;

inline LoaderEnv env(std::span<std::uint8_t> ram) {
    // The bundle may move down to 0x8000, so the fuzzer reaches the move too.
    // The ACPI step merges into the image's upper half; its platform RSDP comes from the input
    // (start_info's rsdp_paddr, or the EBDA pointer at 0x40E).
    LoaderEnv e{PhysMemory::over(ram), Region{0x30000, 0x10000}, Region{0x30000, 0x8000}, 0x8000};
    e.acpi_area = Region{0x38000, 0x8000};
    return e;
}

inline void discard(void* /*context*/, char /*c*/) {}

// The whole loader on `input` as the start of RAM; `state` is reused across runs (it is large).
inline Outcome run_on(std::span<const std::uint8_t> input, std::span<std::uint8_t> ram, LoaderState& state,
                      Console::Sink sink = discard, void* context = nullptr) {
    const std::size_t n = input.size() < ram.size() ? input.size() : ram.size();
    std::memset(ram.data(), 0, ram.size());
    if (n != 0) std::memcpy(ram.data(), input.data(), n);
    Console con(sink, context);
    return run_loader(env(ram), kStartInfo, state, con);
}

} // namespace domfw::loader::fuzz
