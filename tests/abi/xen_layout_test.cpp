// Every abi struct Xen also defines, checked field by field against Xen's own public headers
// (Debian libxen-dev): size, each offset and each field's width, plus the constants.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "domfw/abi/e820.h"
#include "domfw/abi/hvm_info_table.h"
#include "domfw/abi/start_info.h"

#if __has_include(<xen/arch-x86/hvm/start_info.h>)
#define DOMFW_HAVE_XEN_HEADERS 1
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/hvm/e820.h>
#include <xen/hvm/hvm_info_table.h>
#endif

namespace {

#ifdef DOMFW_HAVE_XEN_HEADERS

#define EXPECT_SAME_FIELD(ours, xens, field)                                                                           \
    do {                                                                                                               \
        EXPECT_EQ(offsetof(ours, field), offsetof(xens, field)) << #field;                                             \
        EXPECT_EQ(sizeof(ours::field), sizeof(xens::field)) << #field;                                                 \
    } while (0)

TEST(XenLayout, StartInfo) {
    using O = domfw_hvm_start_info;
    using X = hvm_start_info;
    EXPECT_EQ(sizeof(O), sizeof(X));
    EXPECT_SAME_FIELD(O, X, magic);
    EXPECT_SAME_FIELD(O, X, version);
    EXPECT_SAME_FIELD(O, X, flags);
    EXPECT_SAME_FIELD(O, X, nr_modules);
    EXPECT_SAME_FIELD(O, X, modlist_paddr);
    EXPECT_SAME_FIELD(O, X, cmdline_paddr);
    EXPECT_SAME_FIELD(O, X, rsdp_paddr);
    EXPECT_SAME_FIELD(O, X, memmap_paddr);
    EXPECT_SAME_FIELD(O, X, memmap_entries);
    EXPECT_SAME_FIELD(O, X, reserved);
    EXPECT_EQ(DOMFW_HVM_START_MAGIC_VALUE, XEN_HVM_START_MAGIC_VALUE);
}

TEST(XenLayout, ModlistEntry) {
    using O = domfw_hvm_modlist_entry;
    using X = hvm_modlist_entry;
    EXPECT_EQ(sizeof(O), sizeof(X));
    EXPECT_SAME_FIELD(O, X, paddr);
    EXPECT_SAME_FIELD(O, X, size);
    EXPECT_SAME_FIELD(O, X, cmdline_paddr);
    EXPECT_SAME_FIELD(O, X, reserved);
}

TEST(XenLayout, MemmapEntry) {
    using O = domfw_hvm_memmap_table_entry;
    using X = hvm_memmap_table_entry;
    EXPECT_EQ(sizeof(O), sizeof(X));
    EXPECT_SAME_FIELD(O, X, addr);
    EXPECT_SAME_FIELD(O, X, size);
    EXPECT_SAME_FIELD(O, X, type);
    EXPECT_SAME_FIELD(O, X, reserved);
    EXPECT_EQ(DOMFW_HVM_MEMMAP_TYPE_RAM, XEN_HVM_MEMMAP_TYPE_RAM);
    EXPECT_EQ(DOMFW_HVM_MEMMAP_TYPE_RESERVED, XEN_HVM_MEMMAP_TYPE_RESERVED);
    EXPECT_EQ(DOMFW_HVM_MEMMAP_TYPE_ACPI, XEN_HVM_MEMMAP_TYPE_ACPI);
    EXPECT_EQ(DOMFW_HVM_MEMMAP_TYPE_NVS, XEN_HVM_MEMMAP_TYPE_NVS);
    EXPECT_EQ(DOMFW_HVM_MEMMAP_TYPE_UNUSABLE, XEN_HVM_MEMMAP_TYPE_UNUSABLE);
    EXPECT_EQ(DOMFW_HVM_MEMMAP_TYPE_DISABLED, XEN_HVM_MEMMAP_TYPE_DISABLED);
    EXPECT_EQ(DOMFW_HVM_MEMMAP_TYPE_PMEM, XEN_HVM_MEMMAP_TYPE_PMEM);
    // e820 types share the values (ACPI 6.5 Table 15.312).
    EXPECT_EQ(DOMFW_E820_RAM, XEN_HVM_MEMMAP_TYPE_RAM);
    EXPECT_EQ(DOMFW_E820_NVS, XEN_HVM_MEMMAP_TYPE_NVS);
    EXPECT_EQ(DOMFW_E820_PMEM, XEN_HVM_MEMMAP_TYPE_PMEM);
}

TEST(XenLayout, HvmInfoTable) {
    using O = domfw_hvm_info_table;
    using X = hvm_info_table;
    EXPECT_EQ(sizeof(O), sizeof(X));
    EXPECT_SAME_FIELD(O, X, signature);
    EXPECT_SAME_FIELD(O, X, length);
    EXPECT_SAME_FIELD(O, X, checksum);
    EXPECT_SAME_FIELD(O, X, apic_mode);
    EXPECT_SAME_FIELD(O, X, nr_vcpus);
    EXPECT_SAME_FIELD(O, X, low_mem_pgend);
    EXPECT_SAME_FIELD(O, X, reserved_mem_pgstart);
    EXPECT_SAME_FIELD(O, X, high_mem_pgend);
    EXPECT_SAME_FIELD(O, X, vcpu_online);
    // Our explicit pad covers exactly Xen's implicit padding between apic_mode and nr_vcpus.
    EXPECT_EQ(offsetof(O, pad) + sizeof(O::pad), offsetof(X, nr_vcpus));
    EXPECT_EQ(DOMFW_HVM_INFO_PFN, static_cast<unsigned>(HVM_INFO_PFN));
    EXPECT_EQ(DOMFW_HVM_INFO_OFFSET, static_cast<unsigned>(HVM_INFO_OFFSET));
    EXPECT_EQ(DOMFW_HVM_INFO_PADDR, static_cast<unsigned>(HVM_INFO_PADDR));
    EXPECT_EQ(DOMFW_HVM_INFO_PADDR, 0x9F800u);
    EXPECT_EQ(DOMFW_HVM_MAX_VCPUS, static_cast<unsigned>(HVM_MAX_VCPUS));
}

TEST(XenLayout, E820Constants) {
    EXPECT_EQ(DOMFW_HVM_E820_PAGE, static_cast<unsigned>(HVM_E820_PAGE));
    EXPECT_EQ(DOMFW_HVM_E820_NR_OFFSET, static_cast<unsigned>(HVM_E820_NR_OFFSET));
    EXPECT_EQ(DOMFW_HVM_E820_OFFSET, static_cast<unsigned>(HVM_E820_OFFSET));
    EXPECT_EQ(DOMFW_HVM_BELOW_4G_RAM_END, static_cast<unsigned>(HVM_BELOW_4G_RAM_END));
    EXPECT_EQ(DOMFW_HVM_BELOW_4G_MMIO_START, static_cast<unsigned>(HVM_BELOW_4G_MMIO_START));
    EXPECT_EQ(DOMFW_HVM_BELOW_4G_MMIO_LENGTH, static_cast<std::uint64_t>(HVM_BELOW_4G_MMIO_LENGTH));
}

#else
TEST(XenLayout, Skipped) { GTEST_SKIP() << "Xen public headers (libxen-dev) are not installed"; }
#endif

// The e820 descriptor has no Xen struct; check it against ACPI 6.5 Table 15.311 directly.
TEST(AbiLayout, E820Entry) {
    EXPECT_EQ(offsetof(domfw_e820_entry, addr), 0u);
    EXPECT_EQ(offsetof(domfw_e820_entry, size), 8u);
    EXPECT_EQ(offsetof(domfw_e820_entry, type), 16u);
    EXPECT_EQ(sizeof(domfw_e820_entry), 20u);
}

} // namespace
