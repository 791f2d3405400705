/* The e820 memory map: the BIOS INT 15h, EAX=E820h Address Range Descriptor and Xen's HVM
 * e820 constants. Spec: ACPI 6.5 §15.1 (Table 15.311, the 20-byte descriptor; the optional
 * Extended Attributes dword is not used by Xen) and Xen public/hvm/e820.h (Xen 4.17), whose
 * constants tests/abi checks against Debian's /usr/include/xen/hvm/e820.h. */
#ifndef DOMFW_ABI_E820_H
#define DOMFW_ABI_E820_H

#include "domfw/abi/abi.h"

/* ACPI 6.5 Table 15.312 address range types (same values as hvm_memmap_table_entry.type). */
#define DOMFW_E820_RAM 1u
#define DOMFW_E820_RESERVED 2u
#define DOMFW_E820_ACPI 3u
#define DOMFW_E820_NVS 4u
#define DOMFW_E820_UNUSABLE 5u
#define DOMFW_E820_DISABLED 6u
#define DOMFW_E820_PMEM 7u

/* public/hvm/e820.h: where hvmloader's e820 lives and where the MMIO hole starts. */
#define DOMFW_HVM_E820_PAGE 0x00090000u
#define DOMFW_HVM_E820_NR_OFFSET 0x000001E8u
#define DOMFW_HVM_E820_OFFSET 0x000002D0u
#define DOMFW_HVM_BELOW_4G_RAM_END 0xF0000000u
#define DOMFW_HVM_BELOW_4G_MMIO_START DOMFW_HVM_BELOW_4G_RAM_END
#define DOMFW_HVM_BELOW_4G_MMIO_LENGTH ((UINT64_C(1) << 32) - DOMFW_HVM_BELOW_4G_MMIO_START)

struct DOMFW_PACKED domfw_e820_entry {
    uint64_t addr; /* @0  BaseAddrLow/High */
    uint64_t size; /* @8  LengthLow/High */
    uint32_t type; /* @16 DOMFW_E820_* */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_e820_entry) == 20, "e820 descriptor is 20 bytes");
DOMFW_ABI_OFFSET(struct domfw_e820_entry, addr, 0);
DOMFW_ABI_OFFSET(struct domfw_e820_entry, size, 8);
DOMFW_ABI_OFFSET(struct domfw_e820_entry, type, 16);

#endif /* DOMFW_ABI_E820_H */
