// Every guest-physical address domfw uses, in one place, grouped by region from the bottom of
// memory up, each with the reason for its value (after cloud-hypervisor's arch/x86_64/layout.rs).
// Sources: XEN-FACTS.md §1-§2; Xen 4.17 tools/firmware/hvmloader/config.h (hvmloader),
// tools/libs/guest/xg_dom_x86.c (libxc), tools/libs/light/libxl_x86_acpi.c (PVH ACPI),
// public/hvm/{hvm_info_table,e820}.h. Nothing here is ever at or above 4 GiB except the
// constant that names 4 GiB itself and where high RAM begins.
#pragma once

#include <cstdint>

#include "domfw/abi/e820.h"
#include "domfw/abi/hvm_info_table.h"

namespace domfw::plan::layout {

// ---- Granularity ----------------------------------------------------------------------------

// x86 page: every region the planner places or reserves starts and ends on a page boundary.
inline constexpr std::uint64_t kPage = 0x1000;
// xl's `memory=` is in MiB, so minimum memory is reported rounded up to a MiB.
inline constexpr std::uint64_t kMiB = 0x100000;
inline constexpr std::uint64_t k4GiB = 0x1'0000'0000;

// ---- Real-mode area: 0 .. 0xA0000 (RAM, used by hvmloader) --------------------------------

// Page 0 holds the real-mode IVT and BIOS data area; start_info uses 0 for "not present", so
// nothing is ever loaded here (docs/misc/pvh.pandoc).
inline constexpr std::uint64_t kZeroPageStart = 0x0;
inline constexpr std::uint64_t kZeroPageEnd = 0x1000;
// hvmloader's scratch allocator starts at SCRATCH_PHYSICAL_ADDRESS (config.h) and grows up to
// the hypercall page; the toolstack must not load anything there.
inline constexpr std::uint64_t kScratchStart = 0x10000;
inline constexpr std::uint64_t kScratchEnd = 0x80000;
// HYPERCALL_PHYSICAL_ADDRESS (config.h): hvmloader's hypercall page.
inline constexpr std::uint64_t kHypercallPage = 0x80000;
// HVM_E820_PAGE (public/hvm/e820.h): where hvmloader writes the e820 for the BIOS.
inline constexpr std::uint64_t kE820Page = DOMFW_HVM_E820_PAGE;
// HVM_INFO_PADDR 0x9F800 (public/hvm/hvm_info_table.h) lies in the page 0x9F000.
inline constexpr std::uint64_t kHvmInfoPaddr = DOMFW_HVM_INFO_PADDR;
inline constexpr std::uint64_t kHvmInfoPage = kHvmInfoPaddr & ~(kPage - 1);
// Conventional memory ends where the VGA window starts (IBM PC; hvmloader's e820 RAM entry).
inline constexpr std::uint64_t kLowRamEnd = 0xA0000;

// ---- Legacy hole: 0xA0000 .. 0x100000 (never RAM to the guest OS) ---------------------------

// VGA frame buffer window, emulated by the device model.
inline constexpr std::uint64_t kVgaStart = 0xA0000;
inline constexpr std::uint64_t kVgaEnd = 0xC0000;
// Option ROMs (VGA BIOS at 0xC0000, others after it) up to the BIOS image.
inline constexpr std::uint64_t kOptionRomStart = 0xC0000;
inline constexpr std::uint64_t kOptionRomEnd = 0xE0000;
// The BIOS image (SeaBIOS is up to 128 KiB) and hvmloader's tables inside it:
// the ACPI RSDP at 0xEA020 and SMBIOS at 0xEB000..0xF0000 (rombios/OVMF; XEN-FACTS §2).
inline constexpr std::uint64_t kBiosStart = 0xE0000;
inline constexpr std::uint64_t kRsdpPaddr = 0xEA020;
inline constexpr std::uint64_t kRsdpPage = kRsdpPaddr & ~(kPage - 1);
inline constexpr std::uint64_t kSmbiosStart = 0xEB000;
inline constexpr std::uint64_t kSmbiosEnd = 0xF0000;
inline constexpr std::uint64_t kBiosEnd = 0x100000;
// The F-segment: Linux (no EFI) finds SMBIOS only by scanning 0xF0000..0xFFFFF for `_SM3_` /
// `_SM_` on 16-byte boundaries (dmi_scan_machine), so domfw's loader writes its entry point
// there (LOADER-FACTS.md). On Xen PVH the range is writable RAM marked reserved.
inline constexpr std::uint64_t kFSegmentStart = 0xF0000;

// ---- Loader and modules: 0x100000 .. low RAM end --------------------------------------------

// hvmloader is linked and loaded at 1 MiB, 32-bit flat (XEN-FACTS §2).
inline constexpr std::uint64_t kLoaderBase = 0x100000;
// The "HVMLOADER modules" proposal stacks modules from 2 MiB, leaving hvmloader its first MiB.
inline constexpr std::uint64_t kProposalModuleBase = 0x200000;
// MAX_GUEST_CMDLINE (docs/misc/pvh.pandoc): command lines, NUL included.
inline constexpr std::uint64_t kMaxCmdline = 1024;

// ---- domfw's loader and its bundle (PVH, docs/plan.md "One loader, one bundle") -------------

// QEMU's PVH boot puts the one -initrd module page-aligned just below the top of low RAM:
// (below_4g_ram - 0x28000 - 1 - size) & ~0xFFF (hw/i386/x86.c, seen with -m 512: 0x1BCE8000).
inline constexpr std::uint64_t kQemuInitrdGap = 0x28000 + 1;
// QEMU 7.2 `-machine pc` keeps low RAM below 3 GiB once the guest has 3.5 GiB or more
// (pc_piix.c, gigabyte_align); smaller guests have all their RAM below 4 GiB.
inline constexpr std::uint64_t kQemuPcLowmemSplit = 0xE0000000;
inline constexpr std::uint64_t kQemuPcLowmem = 0xC0000000;
// domfw-loader.elf keeps its SMBIOS area (64 KiB, the merged table at its start), its ACPI area
// (128 KiB, the new RSDP at its start) and then its hand-off area (72 KiB, the start_info it
// hands on at its start) last in its image (loader/x86/loader.ld.in; sizes: loader/lib/smbios.hpp
// kSmbiosAreaSize, acpi.hpp kAcpiAreaSize and guest_layout.hpp kHandoffSize, checked equal by
// tests/loader/loader_elf_test.cpp).
inline constexpr std::uint64_t kLoaderSmbiosArea = 0x10000;
inline constexpr std::uint64_t kLoaderAcpiArea = 0x20000;
inline constexpr std::uint64_t kLoaderHandoffArea = 0x12000;
inline constexpr std::uint64_t kLoaderAreas = kLoaderSmbiosArea + kLoaderAcpiArea + kLoaderHandoffArea;
// QEMU 7.2 with SeaBIOS: the top 128 KiB of low RAM is reserved in the e820 (SeaBIOS's high
// tables), so the loader's highest free RAM ends there (measured with -m 18 and -m 256).
inline constexpr std::uint64_t kQemuSeabiosHighReserve = 0x20000;

// ---- Below 4 GiB: the MMIO hole and hvmloader's reserved memory -----------------------------

// HVM_BELOW_4G_RAM_END (public/hvm/e820.h): low RAM never extends past the MMIO hole.
inline constexpr std::uint64_t kMmioHoleStart = DOMFW_HVM_BELOW_4G_MMIO_START;
// RESERVED_MEMBASE (hvmloader config.h) and ACPI_INFO_PHYSICAL_ADDRESS: the ACPI info page.
inline constexpr std::uint64_t kReservedMemBase = 0xFC000000;
// hvmloader's ACPI tables start one page above (RESERVED_MEMORY_DYNAMIC_START) and stay below
// where SeaBIOS's dynamic memory begins (XEN-FACTS §2).
inline constexpr std::uint64_t kAcpiTablesStart = kReservedMemBase + kPage;
inline constexpr std::uint64_t kSeabiosDynamicStart = 0xFC100000;
// RESERVED_MEMORY_DYNAMIC_END (config.h): hvmloader's allocations stop here.
inline constexpr std::uint64_t kReservedDynamicEnd = 0xFE000000;

// ---- hvmloader's ACPI tables and the e820 entry that covers them (HVM) -----------------------

// hvmloader allocates its tables one after the other from ACPI_MEMORY_DYNAMIC_START
// (kAcpiTablesStart), each at the next multiple of its alignment (at least 16) after the last
// byte of the one before (util.c acpi_mem_alloc), in the order of tools/libacpi/build.c: FACS,
// DSDT, the ACPI 1.0 FADT, the FADT, MADT, HPET, WAET, the S3 and S4 SSDTs, each pass-through
// table, XSDT, RSDT. Its e820 then marks [0xfc000000, kAcpiTablesStart + pages allocated) ACPI NVS
// (e820.c; acpi_pages_allocated counts the pages up to the one holding the last byte). Sizes are
// Xen 4.17's structures; the DSDT is the qemu-xen one built into Debian's 4.17 hvmloader (its
// length as Linux and SeaBIOS report it in a real guest, tests/xen: "parse DSDT at 0xfc001040
// (len 37539)"), which the hvmloader binary carries without symbols to read it by.
inline constexpr std::uint64_t kAcpiFacsSize = 64;
inline constexpr std::uint64_t kAcpiFacsAlign = 64;
inline constexpr std::uint64_t kAcpiTableAlign = 16;
inline constexpr std::uint64_t kAcpiDsdtQemuXenSize = 0x92A3;
inline constexpr std::uint64_t kAcpiFadt10Size = 116; // struct acpi_10_fadt, for the RSDT
inline constexpr std::uint64_t kAcpiFadt4Size = 244;  // acpi_revision 4: up to sleep_control
// MADT: header 44, 16 interrupt source overrides of 10 bytes, one IOAPIC (12), a LAPIC (8) per vCPU.
inline constexpr std::uint64_t kAcpiMadtFixedSize = 44 + 16 * 10 + 12;
inline constexpr std::uint64_t kAcpiMadtPerVcpu = 8;
inline constexpr std::uint64_t kAcpiHpetSize = 56;   // qemu-xen emulates an HPET (libxl hpet=1)
inline constexpr std::uint64_t kAcpiWaetSize = 40;   // ACPI_HAS_WAET, always
inline constexpr std::uint64_t kAcpiSsdtS3Size = 49; // platform/acpi_s3 = "1"
inline constexpr std::uint64_t kAcpiSsdtS4Size = 49; // platform/acpi_s4 = "1"
// XSDT and RSDT: a header (36) with one entry (the FADT) in the struct, one more per secondary table.
inline constexpr std::uint64_t kAcpiXsdtFixedSize = 36 + 8;
inline constexpr std::uint64_t kAcpiRsdtFixedSize = 36 + 4;
// ACPI_MAX_SECONDARY_TABLES: the pass-through tables stop at this many secondary tables, less one.
inline constexpr std::uint64_t kAcpiMaxSecondaryTables = 16;

// ---- What SeaBIOS makes of hvmloader's e820 (src/fw/xen.c, malloc.c; measured in tests/xen) --

// SeaBIOS copies hvmloader's table, drops [0xA0000, 0xF0000) (its option ROM and UMB space),
// reserves its own 64 KiB at 0xF0000, its 1 KiB EBDA just below 640 KiB, and the top page of low
// RAM, where it puts the Xen hypercall page ("Allocated Xen hypercall page at 1f7ff000" in a
// 512 MiB guest with 8 MiB of video RAM): the rest of its high zone it gives back as RAM.
inline constexpr std::uint64_t kSeabiosEbdaStart = 0x9FC00;
inline constexpr std::uint64_t kSeabiosHypercallPages = kPage;
// The platform devices between hvmloader's memory and Xen's special pages: the IOAPIC
// (IOAPIC_BASE_ADDRESS, hvmloader config.h) and the local APIC (LAPIC_BASE_ADDRESS).
inline constexpr std::uint64_t kIoApicBase = 0xFEC00000;
inline constexpr std::uint64_t kLapicBase = 0xFEE00000;
// libxl_x86_acpi.c: PVH ACPI tables occupy NUM_ACPI_PAGES (16) from ACPI_INFO_PHYSICAL_ADDRESS.
inline constexpr std::uint64_t kPvhAcpiStart = kReservedMemBase;
inline constexpr std::uint64_t kPvhAcpiEnd = kPvhAcpiStart + 16 * kPage;
// Where Xen 4.17's libxl puts a PVH guest's RSDP (v2, OEM "Xen"): start_info.rsdp_paddr seen
// in a real 256 MiB PVH guest (LOADER-FACTS.md), inside the ACPI pages above. Not 0xFFFC0
// below 1 MiB, which older notes (and domfw before this) said.
inline constexpr std::uint64_t kPvhRsdpPaddr = kPvhAcpiStart + 8 * kPage;
// libxl__dom_load_acpi: the RSDP module is RSDP_LEN (64) bytes, and the memory map's ACPI entry
// (type 3, ACPI data) runs from the info page to its end: [0xfc000000, 0xfc008040) in a real Xen
// 4.17 PVH guest (tests/xen, docs/xen-harness.md). The RSDP's page follows the tables' pages, so a
// guest whose tables outgrow 7 pages (many vCPUs) gets both later; measured with 2 vCPUs.
inline constexpr std::uint64_t kPvhRsdpLength = 64;
inline constexpr std::uint64_t kPvhAcpiE820End = kPvhRsdpPaddr + kPvhRsdpLength;
// libxc: X86_HVM_END_SPECIAL_REGION 0xFF000 minus 8 special pages minus 8 ioreq-server pages
// gives hvm_info_table.reserved_mem_pgstart = 0xFEFF0.
inline constexpr std::uint64_t kSpecialPagesStart = 0xFEFF0000;
inline constexpr std::uint64_t kSpecialPagesEnd = 0xFF000000;
inline constexpr std::uint32_t kReservedMemPgstart = 0xFEFF0;
// A PVH guest has no ioreq servers: its memory map reserves only the 8 special pages
// (X86_HVM_NR_SPECIAL_PAGES) below X86_HVM_END_SPECIAL_REGION, [0xfeff8000, 0xff000000) in a
// real Xen 4.17 PVH guest (tests/xen).
inline constexpr std::uint64_t kPvhSpecialPagesStart = kSpecialPagesEnd - 8 * kPage;
// RAM above the hole is remapped from 4 GiB up (hvm_info_table.high_mem_pgend).
inline constexpr std::uint64_t kHighRamStart = k4GiB;

} // namespace domfw::plan::layout
