// The loader library on simulated guest memory (guest_fixture.hpp): the whole run from
// start_info to the start_info handed on, and one malformed case per error path with its exact
// message (STYLE.md rule 6).
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "guest_fixture.hpp"
#include "loader/lib/boot_info.hpp"
#include "loader/lib/loader.hpp"

using namespace domfw::loader;
using namespace domfw::loader::test;

namespace {

// The report's "error:" line, without its prefix.
std::string error_of(const LoaderRun& r) {
    const std::string tag = "domfw-loader: error: ";
    const auto at = r.report.find(tag);
    if (at == std::string::npos) return "(no error line in: " + r.report + ")";
    return r.report.substr(at + tag.size(), r.report.find('\n', at) - at - tag.size());
}

bool has_line(const LoaderRun& r, const std::string& line) {
    return r.report.find("domfw-loader: " + line + "\n") != std::string::npos;
}

ByteVector default_bundle() {
    return bundle_of({blob("kernel", make_kernel_elf(small_kernel())), blob("ramdisk", patterned(0x2345, 2)),
                      blob("cloud-init", patterned(0x300, 3)), smbios_module(), blob("extra", patterned(0x10, 4))});
}

// A guest booted with the default bundle, then `edit` applied, then the loader run.
template <class F> LoaderRun run_edited(F edit, const std::string& cmdline = "console=ttyS0") {
    Guest g;
    g.boot(default_bundle(), cmdline);
    edit(g);
    return run(g);
}

LoaderRun run_bundle(const ByteVector& bundle, const std::string& cmdline = "console=ttyS0") {
    Guest g;
    g.boot(bundle, cmdline);
    return run(g);
}

} // namespace

// ---- the whole run ------------------------------------------------------------------------------

TEST(Loader, HandsOnKernelModulesAndCommandLine) {
    Guest g;
    const ByteVector ramdisk = patterned(0x2345, 2), cloud = patterned(0x300, 3), extra = patterned(0x10, 4);
    const KernelSpec k = small_kernel();
    g.boot(bundle_of({blob("kernel", make_kernel_elf(k)), blob("ramdisk", ramdisk), blob("cloud-init", cloud),
                      smbios_module(), blob("extra", extra)}),
           "console=ttyS0 root=/dev/ram0");
    const LoaderRun r = run(g);
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_EQ(r.outcome.entry, 0x1000010u);
    EXPECT_EQ(r.outcome.start_info, kHandoff);
    // The segment at its p_paddr, its .bss tail zeroed (RAM was 0xAA).
    EXPECT_EQ(g.read(0x1000000, 0x3000), k.segments[0].bytes);
    EXPECT_EQ(g.read(0x1003000, 0x2000), ByteVector(0x2000, 0));
    EXPECT_EQ(g.peek(0x1005000, 1), 0xAAu);
    // The new start_info: version 1, 3 modules, the same command line, rsdp unchanged.
    const std::uint64_t si = r.outcome.start_info;
    EXPECT_EQ(g.peek(si, 4), DOMFW_HVM_START_MAGIC_VALUE);
    EXPECT_EQ(g.peek(si + 4, 4), 1u);
    ASSERT_EQ(g.peek(si + 12, 4), 3u);
    EXPECT_EQ(g.peek(si + 32, 8), 0xF59D0u);
    const std::uint64_t cmd = g.peek(si + 24, 8);
    const std::string want = "console=ttyS0 root=/dev/ram0";
    const ByteVector got = g.read(cmd, want.size() + 1);
    EXPECT_EQ(std::string(got.begin(), got.end() - 1), want);
    EXPECT_EQ(got.back(), 0);
    const std::uint64_t ml = g.peek(si + 16, 8);
    const ByteVector* want_mod[] = {&ramdisk, &cloud, &extra};
    const char* want_name[] = {nullptr, "cloud-init", "extra"};
    for (unsigned i = 0; i < 3; ++i) {
        SCOPED_TRACE(i);
        const std::uint64_t paddr = g.peek(ml + 32ULL * i, 8), size = g.peek(ml + 32ULL * i + 8, 8);
        EXPECT_EQ(g.read(paddr, size), *want_mod[i]);
        const std::uint64_t name = g.peek(ml + 32ULL * i + 16, 8);
        if (want_name[i] == nullptr) {
            EXPECT_EQ(name, 0u); // as Xen gives a PVH ramdisk
        } else {
            const ByteVector n = g.read(name, std::string(want_name[i]).size() + 1);
            EXPECT_EQ(std::string(n.begin(), n.end() - 1), want_name[i]);
            EXPECT_EQ(n.back(), 0);
        }
        EXPECT_GE(paddr, g.bundle_paddr); // in place, inside the bundle
    }
    // The memory map: the input's, with the used part of the hand-off area reserved.
    const std::uint64_t mm = g.peek(si + 40, 8);
    ASSERT_EQ(g.peek(si + 48, 4), 7u);
    const std::uint64_t want_map[7][3] = {
        {0, 0x9FC00, 1},        {0x9FC00, 0x400, 2},
        {0xF0000, 0x10000, 2},  {0x100000, kHandoff - 0x100000, 1},
        {kHandoff, 0x1000, 2},  {kHandoff + 0x1000, (32u << 20) - kHandoff - 0x1000, 1},
        {0xFEFFC000, 0x4000, 2}};
    for (unsigned i = 0; i < 7; ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(g.peek(mm + 24ULL * i, 8), want_map[i][0]);
        EXPECT_EQ(g.peek(mm + 24ULL * i + 8, 8), want_map[i][1]);
        EXPECT_EQ(g.peek(mm + 24ULL * i + 16, 4), want_map[i][2]);
    }
    EXPECT_TRUE(has_line(r, "kernel: ELF64, PVH entry 0x1000010 (8-byte note), 1 segment")) << r.report;
    EXPECT_TRUE(has_line(r, "module 3: SMBIOS 3.0, 1 structure, 0x2a bytes")) << r.report;
    // No SMBIOS area in this environment: the SMBIOS step is off (smbios_test.cpp runs it).
    EXPECT_EQ(r.report.find("smbios:"), std::string::npos) << r.report;
    EXPECT_TRUE(has_line(r, "starting the kernel at 0x1000010 with start_info 0x10c000")) << r.report;
}

TEST(Loader, Elf32WithFourByteNote) {
    const LoaderRun r = run_bundle(bundle_of({blob("kernel", make_kernel_elf(small_kernel(false, 4)))}));
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "kernel: ELF32, PVH entry 0x1000010 (4-byte note), 1 segment")) << r.report;
}

TEST(Loader, DomfwExitReportsInsteadOfStarting) {
    const LoaderRun ok = run_bundle(default_bundle(), "quiet domfw.exit");
    EXPECT_EQ(ok.outcome.next, Next::exit_success) << ok.report;
    EXPECT_TRUE(has_line(ok, "domfw.exit: kernel ready at 0x1000010 with start_info 0x10c000; exiting instead of "
                             "starting it"))
        << ok.report;
    const LoaderRun bad = run_bundle(bundle_of({blob("ramdisk", patterned(16, 1))}), "domfw.exit");
    EXPECT_EQ(bad.outcome.next, Next::exit_failure);
    EXPECT_TRUE(has_line(bad, "stopped; domfw.exit: exiting with failure")) << bad.report;
    // Only the whole word counts.
    const LoaderRun not_exit = run_bundle(default_bundle(), "domfw.exit2 xdomfw.exit");
    EXPECT_EQ(not_exit.outcome.next, Next::start_kernel);
}

TEST(Loader, StopsAndHaltsWithoutDomfwExit) {
    const LoaderRun r = run_bundle(bundle_of({blob("ramdisk", patterned(16, 1))}));
    EXPECT_EQ(r.outcome.next, Next::halt);
    EXPECT_TRUE(has_line(r, "stopped; halting")) << r.report;
}

TEST(Loader, BadFirmwareModuleIsSkippedWithItsReason) {
    ByteVector b = default_bundle();
    // Module 3 (SMBIOS): flip a payload byte; its CRC no longer matches.
    const auto m3 = static_cast<std::size_t>(b[32 + 3 * 16] | b[32 + 3 * 16 + 1] << 8);
    b[m3 + 40] ^= 0xFF;
    const LoaderRun r = run_bundle(b);
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_NE(r.report.find("domfw-loader: module 3 (SMBIOS at bundle offset 0x"), std::string::npos) << r.report;
    EXPECT_NE(r.report.find(") skipped: CRC-32C 0x"), std::string::npos) << r.report;
    EXPECT_EQ(r.report.find("firmware module"), std::string::npos) << r.report;
}

TEST(Loader, MovesTheBundleOutOfTheKernelsWay) {
    // 20 MiB of RAM: QEMU puts the bundle just below 0x13D8000, where this kernel's .bss must go.
    Guest g(20u << 20);
    KernelSpec k = small_kernel();
    k.segments[0].memsz = 0x3F0000 + 0x10000;
    const ByteVector ramdisk = patterned(0x8000, 7);
    const ByteVector bundle = bundle_of({blob("kernel", make_kernel_elf(k)), blob("ramdisk", ramdisk)});
    g.boot(bundle, "");
    const std::uint64_t was = g.bundle_paddr;
    ASSERT_LT(was, 0x1400000u);
    const LoaderRun r = run(g);
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    // The highest free page-aligned range: right below the kernel at 16 MiB.
    const std::uint64_t to = (0x1000000 - bundle.size()) & ~std::uint64_t{0xFFF};
    std::ostringstream line;
    line << std::hex << "bundle moved from 0x" << was << " to 0x" << to << ": it overlapped kernel segment 0";
    EXPECT_TRUE(has_line(r, line.str())) << r.report;
    EXPECT_EQ(g.read(0x1000000, 0x3000), k.segments[0].bytes);
    EXPECT_EQ(g.read(0x1003000, k.segments[0].memsz - 0x3000), ByteVector(k.segments[0].memsz - 0x3000, 0));
    const std::uint64_t ml = g.peek(r.outcome.start_info + 16, 8);
    const std::uint64_t paddr = g.peek(ml, 8);
    EXPECT_LT(paddr + ramdisk.size(), 0x1000000u);
    EXPECT_EQ(g.read(paddr, g.peek(ml + 8, 8)), ramdisk);
}

TEST(Loader, NoRamdiskButExtrasIsNoted) {
    const LoaderRun r =
        run_bundle(bundle_of({blob("kernel", make_kernel_elf(small_kernel())), blob("cloud-init", {1})}));
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "note: no blob 'ramdisk': Linux will take module 0 as its initrd")) << r.report;
}

TEST(Loader, CmdlineWords) {
    BootInfo b;
    const std::string s = "  a domfw.exit  b";
    std::copy(s.begin(), s.end(), b.cmdline);
    b.cmdline_length = static_cast<std::uint32_t>(s.size());
    EXPECT_TRUE(cmdline_has_word(b, "domfw.exit"));
    EXPECT_TRUE(cmdline_has_word(b, "a"));
    EXPECT_FALSE(cmdline_has_word(b, "domfw"));
    EXPECT_FALSE(cmdline_has_word(b, "exit"));
}

TEST(MemoryMap, ReserveSplitsRamAndRefusesNonRam) {
    MemoryMap m;
    m.entries[0] = {0, 0x1000, 1};
    m.entries[1] = {0x1000, 0x1000, 2};
    m.entries[2] = {0x2000, 0x8000, 1};
    m.count = 3;
    EXPECT_FALSE(m.reserve({0x3000, 0x1000}, 2));
    ASSERT_EQ(m.count, 5u);
    EXPECT_EQ(m.entries[2].addr, 0x2000u);
    EXPECT_EQ(m.entries[2].size, 0x1000u);
    EXPECT_EQ(m.entries[3].addr, 0x3000u);
    EXPECT_EQ(m.entries[3].type, 2u);
    EXPECT_EQ(m.entries[4].addr, 0x4000u);
    EXPECT_EQ(m.entries[4].size, 0x6000u);
    // At the start of an entry: no empty RAM piece.
    EXPECT_FALSE(m.reserve({0x0, 0x800}, 2));
    EXPECT_EQ(m.count, 6u);
    EXPECT_EQ(m.entries[0].size, 0x800u);
    EXPECT_EQ(m.entries[1].addr, 0x800u);
    EXPECT_EQ(m.entries[1].type, 1u);
    EXPECT_EQ(m.reserve({0x1000, 0x10}, 2).fault, Fault::range_not_ram);
    EXPECT_FALSE(m.is_ram({0x1800, 0x1000}));
    EXPECT_TRUE(m.is_ram({0x4000, 0x6000}));
}

// ---- one malformed case per error path ----------------------------------------------------------

struct Malformed {
    const char* name;
    std::string message;
};

TEST(LoaderMalformed, StartInfo) {
    {
        Guest g;
        g.boot(default_bundle(), "");
        auto env = g.env();
        LoaderRun r;
        Console con([](void* c, char ch) { static_cast<std::string*>(c)->push_back(ch); }, &r.report);
        auto st = std::make_unique<LoaderState>();
        r.outcome = run_loader(env, 0x1FFFFFF0, *st, con);
        EXPECT_EQ(error_of(r), "start_info at 0x1ffffff0 (EBX) does not fit the 0x2000000 bytes of addressable memory");
        r.report.clear();
        r.outcome = run_loader(env, 0, *st, con);
        EXPECT_EQ(error_of(r), "start_info at 0x0 (EBX) does not fit the 0x2000000 bytes of addressable memory");
    }
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo, 0x336ec579, 4); })),
              "start_info at 0x21e0: magic 0x336ec579 is not 0x336ec578");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo + 4, 0, 4); })),
              "start_info at 0x21e0: version 0x0 has no memory map (need version >= 0x1)");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo + 48, 0, 4); })),
              "start_info at 0x21e0: no memory map (memmap_paddr 0x5a8, memmap_entries 0x0)");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo + 48, 129, 4); })),
              "start_info at 0x21e0: memmap_entries 0x81 exceeds the loader's limit 0x80");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kMemmap + 24ULL * 2 + 8, ~0ULL, 8); })),
              "memory map entry 2: addr 0xf0000 + size 0xffffffffffffffff wraps around 2^64");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo + 12, 17, 4); })),
              "start_info at 0x21e0: nr_modules 0x11 exceeds the loader's limit 0x10");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo + 16, 0, 8); })),
              "module list: address is 0 (absent) with size 0x20");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kModlist + 8, ~0ULL - 0x100, 8); })),
              "start_info module 0 at 0x1fd2000: size 0xfffffffffffffeff wraps around 2^64");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo + 40, 0xFFFFFFF0, 8); })),
              "memory map [0xfffffff0, 0x100000068) does not end below 4 GiB");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kModlist, 0xF1000, 8); })),
              "start_info module 0 [0xf1000, 0xf68c8) is not inside RAM of the memory map (at 0xf1000)");
    // The memory map claims RAM up to 64 MiB; only 32 MiB exist.
    EXPECT_EQ(error_of(run_edited([](Guest& g) {
                  g.poke(kMemmap + 24ULL * 3 + 8, (64u << 20) - 0x100000, 8);
                  g.poke(kModlist, 40u << 20, 8);
              })),
              "start_info module 0 [0x2800000, 0x28058c8) lies outside the 0x2000000 bytes of addressable memory");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kModlist, 0x120000, 8); })),
              "start_info module 0 [0x120000, 0x1258c8) overlaps the loader image [0x100000, 0x139000)");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kModlist, 0x2000, 8); })),
              "start_info module 0 [0x2000, 0x78c8) overlaps start_info [0x21e0, 0x2218)");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.write(kCmdline, ByteVector(1100, 'x')); })),
              "command line at 0x11c0: no NUL in its first 0x400 bytes (the limit is 0x400 bytes, or the end of RAM)");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(kStartInfo + 12, 0, 4); })),
              "start_info lists no modules: no bundle to boot from");
}

TEST(LoaderMalformed, Bundle) {
    // The core reader's own message, inside the loader's.
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(g.bundle_paddr + 4, 2, 2); })),
              "bundle (start_info module 0 at 0x1fd2000, 0x58c8 bytes): bundle format version 0x2 is newer than this "
              "reader, which knows version 0x1: use a newer domfw");
    EXPECT_EQ(error_of(run_edited([](Guest& g) { g.poke(g.bundle_paddr + 32 + 8, 5, 2); })),
              "bundle (start_info module 0 at 0x1fd2000, 0x58c8 bytes): bundle CRC-32C 0xa53ffb17 does not match the "
              "computed 0x9cec4981");
    EXPECT_EQ(error_of(run_bundle(bundle_of(
                  {blob("kernel", make_kernel_elf(small_kernel())), blob("ramdisk", {1}), blob("kernel", {2})}))),
              "bundle module 2: a second blob named 'kernel' (the first is module 0)");
    EXPECT_EQ(error_of(run_bundle(bundle_of({blob("ramdisk", {1}), blob("ramdisk", {2})}))),
              "bundle module 1: a second blob named 'ramdisk' (the first is module 0)");
    EXPECT_EQ(error_of(run_bundle(bundle_of({blob("ramdisk", {1}), smbios_module()}))),
              "bundle has no valid blob named 'kernel' (2 modules)");
    // A damaged kernel module is skipped with its reason; then there is no kernel.
    ByteVector b = bundle_of({blob("kernel", make_kernel_elf(small_kernel()))});
    b[b.size() - 1] ^= 1;
    const LoaderRun r = run_bundle(b);
    EXPECT_EQ(error_of(r), "bundle has no valid blob named 'kernel' (1 modules)");
    EXPECT_NE(r.report.find("domfw-loader: module 0 (blob at bundle offset 0x30) skipped: CRC-32C 0x"),
              std::string::npos)
        << r.report;
}

TEST(LoaderMalformed, KernelElf) {
    auto with_kernel = [](const ByteVector& elf) { return run_bundle(bundle_of({blob("kernel", elf)})); };
    EXPECT_EQ(error_of(with_kernel(ByteVector(64, 0))),
              "kernel ELF: not an ELF file (no \\x7fELF magic); a bzImage must be unpacked by `domfw build`");
    ByteVector e = make_kernel_elf(small_kernel());
    ByteVector x = e;
    x[4] = 3;
    EXPECT_EQ(error_of(with_kernel(x)),
              "kernel ELF: ELF class 0x3 at offset 0x4 is neither ELFCLASS32 (1) nor ELFCLASS64 (2)");
    x = e, x[5] = 2;
    EXPECT_EQ(error_of(with_kernel(x)), "kernel ELF: ELF data encoding 0x2 at offset 0x5 is not little-endian (1)");
    x = ByteVector(e.begin(), e.begin() + 40);
    EXPECT_EQ(error_of(with_kernel(x)), "kernel ELF: file of 0x28 bytes is shorter than the 0x40-byte ELF header");
    x = e, x[16] = 3;
    EXPECT_EQ(error_of(with_kernel(x)),
              "kernel ELF: e_type 0x3 at offset 0x10 is not ET_EXEC (2): not a bootable executable");
    x = e, x[18] = 40;
    EXPECT_EQ(error_of(with_kernel(x)),
              "kernel ELF: e_machine 0x28 at offset 0x12 is neither EM_386 (3) nor EM_X86_64 (62)");
    x = e, x[54] = 32;
    EXPECT_EQ(error_of(with_kernel(x)), "kernel ELF: e_phentsize 0x20 is below the 0x38-byte program header");
    x = e, x[56] = 0;
    EXPECT_EQ(error_of(with_kernel(x)), "kernel ELF: ELF file has no program headers (e_phnum 0)");
    x = e, x[33] = 0x40;
    EXPECT_EQ(error_of(with_kernel(x)),
              "kernel ELF: program header table of 0x70 bytes at e_phoff 0x4040 runs past the file size 0x30d0");
    x = e, x[64 + 56 + 32] = 0xFF, x[64 + 56 + 33] = 0xFF; // segment 1's p_filesz
    EXPECT_EQ(error_of(with_kernel(x)),
              "kernel ELF: program header 1 (PT_LOAD): p_offset 0xd0 + p_filesz 0xffff runs past the file size 0x30d0");
    x = e, x[64 + 56 + 40] = 0x00, x[64 + 56 + 41] = 0x10; // p_memsz 0x1000 < p_filesz 0x3000
    EXPECT_EQ(error_of(with_kernel(x)),
              "kernel ELF: program header 1 (PT_LOAD): p_memsz 0x1000 is below p_filesz 0x3000");
    {
        ByteVector n = e;
        n[64 + 2 * 56] = 0xFF; // namesz 0xff
        EXPECT_EQ(
            error_of(with_kernel(n)),
            "kernel ELF: PT_NOTE segment 0: note at offset 0xb0 needs 0x114 bytes, the segment holds 0x18 from it");
        n = e;
        n[64 + 2 * 56 + 4] = 6; // descsz 6 (and the segment holds it: 8 bytes reserved)
        EXPECT_EQ(error_of(with_kernel(n)),
                  "kernel ELF: XEN_ELFNOTE_PHYS32_ENTRY note at offset 0xb0 has descsz 0x6, not 4 or 8");
        n = e;
        n[64 + 2 * 56 + 16 + 4] = 1; // the 8-byte entry's high half
        EXPECT_EQ(error_of(with_kernel(n)),
                  "kernel ELF: XEN_ELFNOTE_PHYS32_ENTRY note at offset 0xb0: entry 0x101000010 is not below "
                  "0x100000000 (4 GiB)");
        n = e;
        n[64 + 2 * 56 + 8] = 17; // another Xen note type
        EXPECT_EQ(error_of(with_kernel(n)), "kernel ELF: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18): not a PVH kernel");
    }
    KernelSpec k = small_kernel();
    k.entry = 0x2000000;
    EXPECT_EQ(error_of(with_kernel(make_kernel_elf(k))), "kernel ELF: PVH entry 0x2000000 lies in no PT_LOAD segment");
    k = small_kernel();
    for (int i = 1; i < 17; ++i)
        k.segments.push_back({0x1000000 + 0x10000u * static_cast<unsigned>(i), {1}, 1});
    EXPECT_EQ(error_of(with_kernel(make_kernel_elf(k))),
              "kernel ELF: program header 17 (PT_LOAD) is load segment 17, above the limit of 16");
}

TEST(LoaderMalformed, KernelPlacement) {
    auto with = [](const KernelSpec& k) { return run_bundle(bundle_of({blob("kernel", make_kernel_elf(k))})); };
    KernelSpec k = small_kernel();
    k.segments[0].paddr = 0xF0000;
    k.entry = 0xF0010;
    EXPECT_EQ(error_of(with(k)),
              "kernel segment 0 [0xf0000, 0xf5000) is not inside RAM of the memory map (at 0xf0000)");
    k = small_kernel();
    k.segments[0].paddr = 0x1FFE000; // runs past the end of RAM at 32 MiB
    k.entry = 0x1FFE010;
    EXPECT_EQ(error_of(with(k)),
              "kernel segment 0 [0x1ffe000, 0x2003000) is not inside RAM of the memory map (at 0x2000000)");
    k = small_kernel();
    k.segments[0].paddr = 0xFFFFF000;
    k.entry = 0xFFFFF010;
    EXPECT_EQ(error_of(with(k)), "kernel segment 0 [0xfffff000, 0x100004000) does not end below 4 GiB");
    k = small_kernel();
    k.segments[0].paddr = 0x130000;
    k.entry = 0x130010;
    EXPECT_EQ(error_of(with(k)),
              "kernel segment 0 [0x130000, 0x135000) overlaps the loader image [0x100000, 0x139000)");
    k = small_kernel();
    k.segments.push_back({0x1004000, {1, 2}, 0x10});
    EXPECT_EQ(error_of(with(k)),
              "kernel ELF: PT_LOAD segment 2 at p_paddr 0x1004000 starts inside PT_LOAD segment 1, which ends at "
              "0x1005000");
    // The bundle is in the way and there is no other room for it: 4 MiB of RAM, the kernel
    // needs 2..4 MiB and the 1 MiB bundle does not fit between the loader and 2 MiB.
    Guest g(4u << 20);
    k = small_kernel();
    k.segments[0].paddr = 0x200000;
    k.entry = 0x200010;
    k.segments[0].memsz = (2u << 20) - 0x1000;
    g.boot(bundle_of({blob("kernel", make_kernel_elf(k)), blob("ramdisk", patterned(1u << 20, 9))}), "");
    const LoaderRun r = run(g);
    EXPECT_EQ(error_of(r), "bundle [0x2d4000, 0x3d7190) overlaps kernel segment 0 and no free RAM range of 0x103190 "
                           "bytes is left to move it to");
}

TEST(LoaderMalformed, HandOff) {
    Guest g;
    g.boot(default_bundle(), "");
    LoaderEnv env = g.env();
    env.handoff.size = 0x100;
    EXPECT_EQ(error_of(run(env)),
              "the hand-off area of 0x100 bytes cannot hold the new start_info (needs 0xd01 bytes)");
}

TEST(LoaderMalformed, HandOffAbove1GiBAndMemoryMapFull) {
    // The hand-off area must end below 1 GiB: move it (in a test only) to 1 GiB - 0x100.
    Guest g;
    g.boot(default_bundle(), "");
    LoaderEnv env = g.env();
    env.handoff = Region{0x3FFFFF00, 0x20000};
    EXPECT_EQ(error_of(run(env)),
              "the hand-off area [0x3fffff00, 0x40000c01) does not end below 1 GiB (Linux reads start_info through "
              "its early identity map)");
    // 128 entries in: splitting one RAM entry around the hand-off area needs two more.
    Guest f;
    f.boot(default_bundle(), "");
    ByteVector mm = f.read(kMemmap, 5ULL * 24);
    for (int i = 5; i < 128; ++i) {
        ByteVector e(24, 0);
        const std::uint64_t addr = 0xFF000000ULL + 0x1000ULL * static_cast<unsigned>(i);
        for (unsigned b = 0; b < 8; ++b)
            e[b] = static_cast<std::uint8_t>(addr >> (8 * b));
        e[8] = 0, e[9] = 0x10, e[16] = 2;
        mm.insert(mm.end(), e.begin(), e.end());
    }
    // The table no longer fits at 0x5A8 beside the command line: put it at 0x3000.
    f.write(0x3000, mm);
    f.poke(kStartInfo + 40, 0x3000, 8);
    f.poke(kStartInfo + 48, 128, 4);
    EXPECT_EQ(error_of(run(f)), "the memory map handed on would need more than 0x80 entries");
}
