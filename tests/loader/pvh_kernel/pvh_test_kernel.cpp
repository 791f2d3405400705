// A tiny PVH kernel for the guest tests: domfw-loader.elf starts it like Linux (linked at 16 MiB,
// an 8-byte PHYS32_ENTRY note). It prints what its start_info holds: the command line, the memory
// map and, for every module, its size, FNV-1a 64 hash and command line; the test compares the
// hashes with the blobs it put in the bundle. Then it exits QEMU through isa-debug-exit, or, with
// `test-kernel.end=poweroff|reset|panic|hang` on its command line, ends as a guest would (for
// `domfw run`'s exit status tests): ACPI S5, a keyboard-controller reset, pvpanic, or halting.
#include <cstdint>

#include "domfw/abi/start_info.h"
#include "loader/lib/console.hpp"
#include "loader/x86/entry.hpp"
#include "loader/x86/io.hpp"
#include "loader/x86/serial.hpp"

namespace {

using domfw::loader::Console;

// Paging is off: a physical address is a pointer.
const std::uint8_t* phys(std::uint64_t paddr) {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): by design, as in loader/lib/phys_memory.hpp
    return reinterpret_cast<const std::uint8_t*>(static_cast<std::uintptr_t>(paddr));
}

std::uint64_t le(std::uint64_t paddr, unsigned n) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i)
        v |= std::uint64_t{phys(paddr)[i]} << (8 * i);
    return v;
}

std::uint64_t fnv1a64(std::uint64_t paddr, std::uint64_t size) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    const std::uint8_t* p = phys(paddr);
    for (std::uint64_t i = 0; i < size; ++i) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void cstring(Console& con, std::uint64_t paddr) {
    if (paddr == 0) {
        con.str("(none)");
        return;
    }
    con.put('"');
    for (std::uint64_t i = 0; i < 1024 && phys(paddr)[i] != 0; ++i)
        con.text(domfw::core::Bytes(phys(paddr) + i, 1));
    con.put('"');
}

void hexdump(Console& con, std::uint64_t paddr, std::uint64_t n) {
    constexpr char kDigits[] = "0123456789abcdef";
    for (std::uint64_t i = 0; i < n; ++i)
        con.put(kDigits[phys(paddr)[i] >> 4]).put(kDigits[phys(paddr)[i] & 15]);
}

// As Linux's dmi_scan_machine(): the F-segment on 16-byte boundaries, `_SM3_` first, then `_SM_`.
// Each entry point found and its table are printed in hex, for the test to decode with dmidecode.
void dump_smbios(Console& con) {
    for (std::uint64_t p = 0xF0000; p < 0x100000; p += 16) {
        if (le(p, 4) == 0x334D535FU && phys(p)[4] == '_') { // "_SM3_"
            con.str("test-kernel: smbios _SM3_ at ").hex(p).put(' ');
            hexdump(con, p, 0x18);
            con.put(' ');
            hexdump(con, le(p + 0x10, 4), le(p + 0x0C, 4));
            con.put('\n');
        }
        if (le(p, 4) == 0x5F4D535FU) { // "_SM_"
            con.str("test-kernel: smbios _SM_ at ").hex(p).put(' ');
            hexdump(con, p, 0x1F);
            con.put(' ');
            hexdump(con, le(p + 0x18, 4), le(p + 0x16, 2));
            con.put('\n');
        }
    }
}

// What Linux reads through start_info's rsdp_paddr: the RSDP, the XSDT and RSDT it names and
// every table the XSDT lists, each printed in hex (at most 64 KiB) for the test to decode with
// iasl -d and compare byte for byte.
void dump_acpi(Console& con, std::uint64_t rsdp) {
    if (rsdp == 0 || le(rsdp, 4) != 0x20445352U) return; // "RSD "
    con.str("test-kernel: acpi RSDP at ").hex(rsdp).put(' ');
    hexdump(con, rsdp, le(rsdp + 15, 1) >= 2 ? 36 : 20);
    con.put('\n');
    if (le(rsdp + 15, 1) < 2) return;
    auto table = [&](std::uint64_t at) {
        const std::uint64_t len = le(at + 4, 4);
        con.str("test-kernel: acpi table ").text(domfw::core::Bytes(phys(at), 4)).str(" at ").hex(at).put(' ');
        hexdump(con, at, len > 0x10000 ? 0x10000 : len);
        con.put('\n');
    };
    const std::uint64_t xsdt = le(rsdp + 24, 8);
    table(le(rsdp + 16, 4));
    table(xsdt);
    for (std::uint64_t e = xsdt + 36; e + 8 <= xsdt + le(xsdt + 4, 4); e += 8)
        table(le(e, 8));
}

// Whether the command line at `paddr` holds `word` followed by a space or its end.
bool cmdline_has(std::uint64_t paddr, const char* word) {
    if (paddr == 0) return false;
    const std::uint8_t* c = phys(paddr);
    for (std::uint64_t i = 0; i < 1024 && c[i] != 0; ++i) {
        if (i != 0 && c[i - 1] != ' ') continue;
        std::uint64_t k = 0;
        while (word[k] != 0 && c[i + k] == static_cast<std::uint8_t>(word[k]))
            ++k;
        if (word[k] == 0 && (c[i + k] == 0 || c[i + k] == ' ')) return true;
    }
    return false;
}

void outw(std::uint16_t port, std::uint16_t v) { asm volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }

// The endings a real guest has, as QEMU's pc and q35 machines see them.
void end_as_asked(Console& con, std::uint64_t cmdline) {
    using domfw::loader::x86::outb;
    if (cmdline_has(cmdline, "test-kernel.end=poweroff")) {
        con.str("test-kernel: powering off\n");
        // SeaBIOS puts the ACPI PM block at 0x600 (PIIX4 and ICH9); PM1a_CNT is at +4, and
        // QEMU's DSDT gives S5 the SLP_TYP 0: SLP_EN (bit 13) alone enters it.
        outw(0x604, 0x2000);
    } else if (cmdline_has(cmdline, "test-kernel.end=reset")) {
        con.str("test-kernel: resetting\n");
        outb(0x64, 0xFE); // the keyboard controller's reset line
    } else if (cmdline_has(cmdline, "test-kernel.end=panic")) {
        con.str("test-kernel: panicking\n");
        outb(0x505, 1); // pvpanic's ISA port: "guest panicked"
    } else if (cmdline_has(cmdline, "test-kernel.end=hang")) {
        con.str("test-kernel: hanging\n");
    } else {
        return;
    }
    for (;;)
        asm volatile("cli; hlt");
}

} // namespace

extern "C" [[noreturn]] void pvh_main(std::uint32_t si) {
    domfw::loader::x86::serial_init();
    Console con(domfw::loader::x86::console_put, nullptr);
    if (le(si, 4) != DOMFW_HVM_START_MAGIC_VALUE || le(si + 4, 4) < 1) {
        con.str("test-kernel: bad start_info at ").hex(si).put('\n');
        domfw::loader::x86::debug_exit(0x11);
    }
    const std::uint64_t n = le(si + 12, 4), ml = le(si + 16, 8), mm = le(si + 40, 8), mn = le(si + 48, 4);
    con.str("test-kernel: start_info ").hex(si).str(" version ").dec(le(si + 4, 4)).str(", ").dec(n);
    con.str(" modules, rsdp ").hex(le(si + 32, 8)).str(", cmdline ");
    cstring(con, le(si + 24, 8));
    con.put('\n');
    for (std::uint64_t i = 0; i < mn; ++i) {
        const std::uint64_t e = mm + 24 * i;
        con.str("test-kernel: memmap ").hex(le(e, 8)).put(' ').hex(le(e + 8, 8)).put(' ').dec(le(e + 16, 4)).put('\n');
    }
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t e = ml + 32 * i;
        con.str("test-kernel: module ").dec(i).str(" at ").hex(le(e, 8)).str(" size ").hex(le(e + 8, 8));
        con.str(" fnv1a64 ").hex(fnv1a64(le(e, 8), le(e + 8, 8))).str(" cmdline ");
        cstring(con, le(e + 16, 8));
        con.put('\n');
    }
    dump_smbios(con);
    dump_acpi(con, le(si + 32, 8));
    con.str("test-kernel: done\n");
    end_as_asked(con, le(si + 24, 8));
    domfw::loader::x86::debug_exit(0x10);
    for (;;)
        asm volatile("cli; hlt");
}
