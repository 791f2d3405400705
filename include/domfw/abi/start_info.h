/* The PVH boot ABI: hvm_start_info version 1 and the two tables it points to.
 * Spec: Xen public/arch-x86/hvm/start_info.h (Xen 4.17; version 1 added the memory map) and
 * docs/misc/pvh.pandoc. All fields little-endian; an address of 0 means "not present".
 * Checked field by field against Debian's /usr/include/xen/arch-x86/hvm/start_info.h in
 * tests/abi. Names carry a domfw_ prefix so this header can be included beside Xen's. */
#ifndef DOMFW_ABI_START_INFO_H
#define DOMFW_ABI_START_INFO_H

#include "domfw/abi/abi.h"

/* "xEn3" with the 0x80 bit of the "E" set; bytes 78 c5 6e 33 in memory. */
#define DOMFW_HVM_START_MAGIC_VALUE 0x336ec578u
#define DOMFW_HVM_START_INFO_VERSION 1u
/* docs/misc/pvh.pandoc: the command line is at most this long, NUL included. */
#define DOMFW_HVM_MAX_GUEST_CMDLINE 1024u

/* hvm_memmap_table_entry.type: the e820 types (ACPI 6.5 §15, Table 15.312). */
#define DOMFW_HVM_MEMMAP_TYPE_RAM 1u
#define DOMFW_HVM_MEMMAP_TYPE_RESERVED 2u
#define DOMFW_HVM_MEMMAP_TYPE_ACPI 3u
#define DOMFW_HVM_MEMMAP_TYPE_NVS 4u
#define DOMFW_HVM_MEMMAP_TYPE_UNUSABLE 5u
#define DOMFW_HVM_MEMMAP_TYPE_DISABLED 6u
#define DOMFW_HVM_MEMMAP_TYPE_PMEM 7u

struct DOMFW_PACKED domfw_hvm_start_info {
    uint32_t magic;          /* @0  DOMFW_HVM_START_MAGIC_VALUE */
    uint32_t version;        /* @4  0 or 1 (start_info.h "Version of this structure") */
    uint32_t flags;          /* @8  SIF_xxx flags (xen.h); 0 for HVM/PVH guests */
    uint32_t nr_modules;     /* @12 entries at modlist_paddr */
    uint64_t modlist_paddr;  /* @16 array of domfw_hvm_modlist_entry */
    uint64_t cmdline_paddr;  /* @24 NUL-terminated kernel command line */
    uint64_t rsdp_paddr;     /* @32 ACPI RSDP (ACPI 6.5 §5.2.5), 0 = search for it */
    uint64_t memmap_paddr;   /* @40 version 1: array of domfw_hvm_memmap_table_entry */
    uint32_t memmap_entries; /* @48 version 1: 0 = no memory map */
    uint32_t reserved;       /* @52 version 1: must be zero */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_hvm_start_info) == 56, "hvm_start_info is 56 bytes (v1)");
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, magic, 0);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, version, 4);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, flags, 8);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, nr_modules, 12);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, modlist_paddr, 16);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, cmdline_paddr, 24);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, rsdp_paddr, 32);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, memmap_paddr, 40);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, memmap_entries, 48);
DOMFW_ABI_OFFSET(struct domfw_hvm_start_info, reserved, 52);

struct DOMFW_PACKED domfw_hvm_modlist_entry {
    uint64_t paddr;         /* @0  module start */
    uint64_t size;          /* @8  module size in bytes */
    uint64_t cmdline_paddr; /* @16 NUL-terminated module command line, 0 = none */
    uint64_t reserved;      /* @24 must be zero */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_hvm_modlist_entry) == 32, "hvm_modlist_entry is 32 bytes");
DOMFW_ABI_OFFSET(struct domfw_hvm_modlist_entry, paddr, 0);
DOMFW_ABI_OFFSET(struct domfw_hvm_modlist_entry, size, 8);
DOMFW_ABI_OFFSET(struct domfw_hvm_modlist_entry, cmdline_paddr, 16);
DOMFW_ABI_OFFSET(struct domfw_hvm_modlist_entry, reserved, 24);

struct DOMFW_PACKED domfw_hvm_memmap_table_entry {
    uint64_t addr;     /* @0  region base */
    uint64_t size;     /* @8  region size in bytes */
    uint32_t type;     /* @16 DOMFW_HVM_MEMMAP_TYPE_* */
    uint32_t reserved; /* @20 must be zero in version 1 */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_hvm_memmap_table_entry) == 24, "hvm_memmap_table_entry is 24 bytes");
DOMFW_ABI_OFFSET(struct domfw_hvm_memmap_table_entry, addr, 0);
DOMFW_ABI_OFFSET(struct domfw_hvm_memmap_table_entry, size, 8);
DOMFW_ABI_OFFSET(struct domfw_hvm_memmap_table_entry, type, 16);
DOMFW_ABI_OFFSET(struct domfw_hvm_memmap_table_entry, reserved, 20);

#endif /* DOMFW_ABI_START_INFO_H */
