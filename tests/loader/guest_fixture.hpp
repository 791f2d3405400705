// Simulated guest memory for the loader's host tests: a byte array standing in for RAM from
// physical 0, laid out as QEMU 7.2 lays out a PVH boot (LOADER-FACTS.md: start_info 0x21E0,
// module list 0x21C0, command line 0x11C0, memory map 0x5A8, the bundle page-aligned below the
// top of RAM), and builders for kernel ELFs and bundles (with the project's module writer).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domfw/abi/start_info.h"
#include "loader/lib/handoff.hpp"
#include "loader/lib/loader.hpp"
#include "module/module_writer.hpp"

namespace domfw::loader::test {

using ByteVector = std::vector<std::uint8_t>;

inline constexpr std::uint64_t kStartInfo = 0x21E0;
inline constexpr std::uint64_t kModlist = 0x21C0;
inline constexpr std::uint64_t kCmdline = 0x11C0;
inline constexpr std::uint64_t kMemmap = 0x5A8;
inline constexpr std::uint64_t kImage = 0x100000; // the loader image, as domfw-loader.elf
inline constexpr std::uint64_t kImageSize = 0x39000;
inline constexpr std::uint64_t kHandoff = 0x10C000;
inline constexpr std::uint64_t kHandoffSize = std::uint64_t{72} * 1024;

struct Segment {
    std::uint64_t paddr = 0;
    ByteVector bytes; // filesz = bytes.size()
    std::uint64_t memsz = 0;
};

struct KernelSpec {
    bool is64 = true;
    std::uint32_t note_size = 8; // 4 or 8 (Linux's vmlinux: 8)
    std::uint64_t entry = 0x1000000;
    std::vector<Segment> segments;
};

// An ET_EXEC x86 ELF with one PT_NOTE (the PVH note) and a PT_LOAD per segment.
ByteVector make_kernel_elf(const KernelSpec& spec);
// A small valid kernel: one segment at 16 MiB with `filesz` patterned bytes and a .bss tail.
KernelSpec small_kernel(bool is64 = true, std::uint32_t note_size = 8);

ByteVector blob(const std::string& name, const ByteVector& bytes);
ByteVector smbios_module();
ByteVector bundle_of(const std::vector<ByteVector>& modules);
ByteVector patterned(std::size_t n, std::uint8_t seed);

struct Guest {
    std::vector<std::uint8_t> ram;
    std::uint64_t bundle_paddr = 0;
    std::vector<domfw_hvm_memmap_table_entry> memmap;

    explicit Guest(std::uint64_t ram_size = 32u << 20);
    [[nodiscard]] LoaderEnv env() const;
    // Writes start_info, the memory map, the module list (the bundle as module 0) and the command
    // line where QEMU puts them; the bundle at QEMU's place below the top of RAM.
    void boot(const ByteVector& bundle, const std::string& cmdline);
    // Rewrites start_info fields after boot() (byte offset, little-endian value of `size` bytes).
    void poke(std::uint64_t paddr, std::uint64_t value, unsigned size);
    [[nodiscard]] std::uint64_t peek(std::uint64_t paddr, unsigned size) const;
    void write(std::uint64_t paddr, const ByteVector& bytes);
    [[nodiscard]] ByteVector read(std::uint64_t paddr, std::uint64_t size) const;
};

struct LoaderRun {
    Outcome outcome;
    std::string report;
};

LoaderRun run(const LoaderEnv& env);
LoaderRun run(Guest& g);

} // namespace domfw::loader::test
