/* hvm_info_table: what the domain builder tells hvmloader about vCPUs and memory.
 * Spec: Xen public/hvm/hvm_info_table.h (Xen 4.17). Checked against Debian's
 * /usr/include/xen/hvm/hvm_info_table.h in tests/abi. */
#ifndef DOMFW_ABI_HVM_INFO_TABLE_H
#define DOMFW_ABI_HVM_INFO_TABLE_H

#include "domfw/abi/abi.h"

/* hvm_info_table.h: the table lives at page 0x9F, offset 0x800, i.e. 0x9F800. */
#define DOMFW_HVM_INFO_PFN 0x09Fu
#define DOMFW_HVM_INFO_OFFSET 0x800u
#define DOMFW_HVM_INFO_PADDR ((DOMFW_HVM_INFO_PFN << 12) + DOMFW_HVM_INFO_OFFSET)
/* "Maximum we can support with current vLAPIC ID mapping." */
#define DOMFW_HVM_MAX_VCPUS 128u
#define DOMFW_HVM_INFO_SIGNATURE "HVM INFO"

struct DOMFW_PACKED domfw_hvm_info_table {
    uint8_t signature[8];                               /* @0  "HVM INFO", no NUL */
    uint32_t length;                                    /* @8  sizeof this table (48) */
    uint8_t checksum;                                   /* @12 all `length` bytes sum to 0 mod 256 */
    uint8_t apic_mode;                                  /* @13 1: firmware builds MADT / MP tables */
    uint8_t pad[2];                                     /* @14 implicit padding in Xen's struct */
    uint32_t nr_vcpus;                                  /* @16 vCPUs at boot */
    uint32_t low_mem_pgend;                             /* @20 RAM below 4 GiB ends at page_to_phys(this) */
    uint32_t reserved_mem_pgstart;                      /* @24 special mappings from page_to_phys(this) to 4 GiB */
    uint32_t high_mem_pgend;                            /* @28 RAM above 4 GiB ends here; 0 = none */
    uint8_t vcpu_online[(DOMFW_HVM_MAX_VCPUS + 7) / 8]; /* @32 bitmap of online vCPUs */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_hvm_info_table) == 48, "hvm_info_table is 48 bytes");
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, signature, 0);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, length, 8);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, checksum, 12);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, apic_mode, 13);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, pad, 14);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, nr_vcpus, 16);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, low_mem_pgend, 20);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, reserved_mem_pgstart, 24);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, high_mem_pgend, 28);
DOMFW_ABI_OFFSET(struct domfw_hvm_info_table, vcpu_online, 32);

#endif /* DOMFW_ABI_HVM_INFO_TABLE_H */
