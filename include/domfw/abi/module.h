/* domfw firmware modules and bundles: typed, checksummed, self-describing blobs that the
 * toolstack loads into guest memory and the guest loader validates and consumes.
 * The complete format is documented in docs/module-format.md; this header is its normative
 * layout. All integers are little-endian; every length is bounded by a constant below; every
 * module and every bundle directory is protected by CRC-32C (Castagnoli, RFC 3720 §B.4).
 *
 * Layout of a module:    [domfw_module_header][type-specific header][payload]
 *                         \------------ header_length -------------/
 *                         \------------------------- total_length -----------/
 * Layout of a bundle:    [domfw_bundle_header][directory: module_count x domfw_bundle_entry]
 *                         [pad][module 0][pad][module 1]...   (modules 8-byte aligned)
 */
#ifndef DOMFW_ABI_MODULE_H
#define DOMFW_ABI_MODULE_H

#include "domfw/abi/abi.h"

/* ---- common module header ------------------------------------------------------------------ */

#define DOMFW_MODULE_SIGNATURE "DFWM" /* 44 46 57 4d at offset 0 */
#define DOMFW_MODULE_VERSION 1u       /* the only format version; readers reject others */
#define DOMFW_MODULE_ALIGN 8u         /* header_length and bundle offsets are multiples of 8 */
/* Bounds: a module must fit the guest's low memory with the loader and Xen's fixed regions
 * (below 0xF0000000, public/hvm/e820.h), so 2 GiB is a generous, overflow-free ceiling. */
#define DOMFW_MODULE_MAX_LENGTH 0x80000000u
#define DOMFW_MODULE_MAX_HEADER_LENGTH 0x1000u

/* type: readers skip types they do not know unless DOMFW_MODULE_F_REQUIRED is set. */
#define DOMFW_MODULE_TYPE_SMBIOS 1u     /* SMBIOS structures (DSP0134) */
#define DOMFW_MODULE_TYPE_ACPI 2u       /* complete ACPI tables (ACPI 6.5 §5.2.6) */
#define DOMFW_MODULE_TYPE_OPTION_ROM 3u /* PCI option ROM image (PCI Firmware 3.3 §5.1) */
#define DOMFW_MODULE_TYPE_BLOB 4u       /* named opaque bytes: kernel, ramdisk, cloud-init data */

/* flags: bits 0..15 are mandatory (a reader that does not know a set bit rejects the module),
 * bits 16..31 are optional (a reader ignores the ones it does not know). */
#define DOMFW_MODULE_FLAGS_MANDATORY_MASK 0x0000FFFFu
#define DOMFW_MODULE_FLAGS_OPTIONAL_MASK 0xFFFF0000u
/* Mandatory: a reader that does not understand `type` must fail instead of skipping. */
#define DOMFW_MODULE_F_REQUIRED 0x00000001u
#define DOMFW_MODULE_FLAGS_KNOWN_MANDATORY (DOMFW_MODULE_F_REQUIRED)

struct DOMFW_PACKED domfw_module_header {
    uint8_t signature[4];   /* @0  DOMFW_MODULE_SIGNATURE, not NUL-terminated */
    uint16_t type;          /* @4  DOMFW_MODULE_TYPE_* */
    uint16_t version;       /* @6  DOMFW_MODULE_VERSION */
    uint32_t header_length; /* @8  common + type-specific header; >= 24, multiple of 8 */
    uint32_t total_length;  /* @12 header_length + payload; <= DOMFW_MODULE_MAX_LENGTH */
    uint32_t flags;         /* @16 DOMFW_MODULE_F_*, see the mandatory/optional split */
    uint32_t crc32c;        /* @20 CRC-32C of all total_length bytes, this field read as 0 */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_module_header) == 24, "module header is 24 bytes");
DOMFW_ABI_OFFSET(struct domfw_module_header, signature, 0);
DOMFW_ABI_OFFSET(struct domfw_module_header, type, 4);
DOMFW_ABI_OFFSET(struct domfw_module_header, version, 6);
DOMFW_ABI_OFFSET(struct domfw_module_header, header_length, 8);
DOMFW_ABI_OFFSET(struct domfw_module_header, total_length, 12);
DOMFW_ABI_OFFSET(struct domfw_module_header, flags, 16);
DOMFW_ABI_OFFSET(struct domfw_module_header, crc32c, 20);

/* ---- type 1: SMBIOS structures --------------------------------------------------------------- */
/* Payload: structure_count complete SMBIOS structures back to back (DSP0134 §6.1.2: formatted
 * area of `length` >= 4 bytes, then the string-set ending in a double NUL). No entry point. */

#define DOMFW_SMBIOS_MODULE_MAX_STRUCTURES 0xFFFFu /* handles are 16-bit (DSP0134 §6.1.2) */

struct DOMFW_PACKED domfw_smbios_module_header {
    uint8_t smbios_major;     /* @0 SMBIOS version the structures follow, e.g. 3 */
    uint8_t smbios_minor;     /* @1 e.g. 5 */
    uint8_t smbios_docrev;    /* @2 e.g. 0 */
    uint8_t reserved;         /* @3 must be zero */
    uint32_t structure_count; /* @4 structures in the payload, 1..DOMFW_SMBIOS_MODULE_MAX_STRUCTURES */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_smbios_module_header) == 8, "SMBIOS module header is 8 bytes");
DOMFW_ABI_OFFSET(struct domfw_smbios_module_header, smbios_major, 0);
DOMFW_ABI_OFFSET(struct domfw_smbios_module_header, smbios_minor, 1);
DOMFW_ABI_OFFSET(struct domfw_smbios_module_header, smbios_docrev, 2);
DOMFW_ABI_OFFSET(struct domfw_smbios_module_header, reserved, 3);
DOMFW_ABI_OFFSET(struct domfw_smbios_module_header, structure_count, 4);

/* ---- type 2: ACPI tables --------------------------------------------------------------------- */
/* Payload: table_count complete tables back to back, each with the 36-byte header of ACPI 6.5
 * §5.2.6 whose `length` steps to the next and whose bytes sum to 0 mod 256. */

#define DOMFW_ACPI_MODULE_MAX_TABLES 256u
#define DOMFW_ACPI_TABLE_HEADER_LENGTH 36u
/* acpi_flags: same mandatory (0..15) / optional (16..31) split as the module flags.
 * MATCH_SLIC: the loader must copy the SLIC's OEM ID and OEM table ID into the guest's RSDT,
 * XSDT and FADT (what Windows activation checks); the payload must hold a SLIC. */
#define DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS 0x00000001u
#define DOMFW_ACPI_FLAGS_KNOWN_MANDATORY (DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS)

struct DOMFW_PACKED domfw_acpi_module_header {
    uint32_t table_count; /* @0 tables in the payload, 1..DOMFW_ACPI_MODULE_MAX_TABLES */
    uint32_t acpi_flags;  /* @4 DOMFW_ACPI_F_* */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_acpi_module_header) == 8, "ACPI module header is 8 bytes");
DOMFW_ABI_OFFSET(struct domfw_acpi_module_header, table_count, 0);
DOMFW_ABI_OFFSET(struct domfw_acpi_module_header, acpi_flags, 4);

/* ---- type 3: option ROM ---------------------------------------------------------------------- */
/* Payload: a PCI expansion ROM image: 55 AA, then the size in 512-byte units at offset 2
 * (PCI Firmware Specification 3.3 §5.1.1); that size must fit the payload. */

struct DOMFW_PACKED domfw_option_rom_module_header {
    uint16_t pci_vendor_id; /* @0 device the ROM is for, 0xFFFF = any */
    uint16_t pci_device_id; /* @2 0xFFFF = any */
    uint32_t reserved;      /* @4 must be zero */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_option_rom_module_header) == 8, "option ROM module header is 8 bytes");
DOMFW_ABI_OFFSET(struct domfw_option_rom_module_header, pci_vendor_id, 0);
DOMFW_ABI_OFFSET(struct domfw_option_rom_module_header, pci_device_id, 2);
DOMFW_ABI_OFFSET(struct domfw_option_rom_module_header, reserved, 4);

/* ---- type 4: named opaque blob --------------------------------------------------------------- */
/* Payload: any bytes. The name says what they are ("kernel", "ramdisk", "cloud-init"). */

#define DOMFW_BLOB_NAME_LENGTH 32u

struct DOMFW_PACKED domfw_blob_module_header {
    uint8_t name[DOMFW_BLOB_NAME_LENGTH]; /* @0 1..31 bytes of 0x21..0x7e, then NUL padding */
    uint64_t reserved;                    /* @32 must be zero */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_blob_module_header) == 40, "blob module header is 40 bytes");
DOMFW_ABI_OFFSET(struct domfw_blob_module_header, name, 0);
DOMFW_ABI_OFFSET(struct domfw_blob_module_header, reserved, 32);

/* Revision 1.1 (the version field stays 1): a blob may carry a command line, for the modules a
 * loader hands on to a kernel (start_info modlist cmdline, at most MAX_GUEST_CMDLINE = 1024 bytes
 * with its NUL, public/arch-x86/hvm/start_info.h). The flag is OPTIONAL, so a 1.0 reader keeps
 * reading such a blob (name and payload) and only does not see the command line. With the flag
 * set, the type-specific header continues after domfw_blob_module_header with
 * domfw_blob_cmdline_header, then cmdline_length bytes of text whose last byte is the only NUL,
 * then zeros up to header_length. */
#define DOMFW_MODULE_F_BLOB_CMDLINE 0x00010000u
#define DOMFW_BLOB_CMDLINE_MAX_LENGTH 1024u /* with the NUL: MAX_GUEST_CMDLINE */

struct DOMFW_PACKED domfw_blob_cmdline_header {
    uint16_t cmdline_length; /* @40 (module @64) bytes of the command line with its NUL, 1..1024 */
    uint16_t reserved;       /* @42 (module @66) must be zero */
    uint32_t reserved2;      /* @44 (module @68) must be zero */
    /* @48 (module @72): the command line, cmdline_length bytes, NUL-terminated */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_blob_cmdline_header) == 8, "blob command line header is 8 bytes");

/* ---- bundle ---------------------------------------------------------------------------------- */

#define DOMFW_BUNDLE_SIGNATURE "DFWB" /* 44 46 57 42 at offset 0 */
#define DOMFW_BUNDLE_VERSION 1u
#define DOMFW_BUNDLE_MAX_MODULES 1024u
#define DOMFW_BUNDLE_MAX_LENGTH 0x80000000u
/* Bundle flags use the same split; none are defined yet, so any mandatory bit is rejected. */
#define DOMFW_BUNDLE_FLAGS_KNOWN_MANDATORY 0u

struct DOMFW_PACKED domfw_bundle_header {
    uint8_t signature[4];   /* @0  DOMFW_BUNDLE_SIGNATURE */
    uint16_t version;       /* @4  DOMFW_BUNDLE_VERSION */
    uint16_t header_length; /* @6  sizeof(domfw_bundle_header) = 32; the directory follows */
    uint32_t total_length;  /* @8  the whole bundle; <= DOMFW_BUNDLE_MAX_LENGTH */
    uint32_t flags;         /* @12 mandatory bits 0..15, optional bits 16..31 */
    uint32_t module_count;  /* @16 directory entries, 0..DOMFW_BUNDLE_MAX_MODULES */
    uint16_t entry_size;    /* @20 sizeof(domfw_bundle_entry) = 16 */
    uint16_t reserved;      /* @22 must be zero */
    uint32_t crc32c;        /* @24 CRC-32C of header + directory, this field read as 0 */
    uint32_t reserved2;     /* @28 must be zero */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_bundle_header) == 32, "bundle header is 32 bytes");
DOMFW_ABI_OFFSET(struct domfw_bundle_header, signature, 0);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, version, 4);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, header_length, 6);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, total_length, 8);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, flags, 12);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, module_count, 16);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, entry_size, 20);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, reserved, 22);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, crc32c, 24);
DOMFW_ABI_OFFSET(struct domfw_bundle_header, reserved2, 28);

struct DOMFW_PACKED domfw_bundle_entry {
    uint32_t offset;   /* @0  module start from the bundle start; 8-aligned, ascending, after the directory */
    uint32_t length;   /* @4  equals the module's total_length */
    uint16_t type;     /* @8  equals the module's type (find a type without touching the others) */
    uint16_t reserved; /* @10 must be zero */
    uint32_t crc32c;   /* @12 equals the module's crc32c */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_bundle_entry) == 16, "bundle directory entry is 16 bytes");
DOMFW_ABI_OFFSET(struct domfw_bundle_entry, offset, 0);
DOMFW_ABI_OFFSET(struct domfw_bundle_entry, length, 4);
DOMFW_ABI_OFFSET(struct domfw_bundle_entry, type, 8);
DOMFW_ABI_OFFSET(struct domfw_bundle_entry, reserved, 10);
DOMFW_ABI_OFFSET(struct domfw_bundle_entry, crc32c, 12);

#endif /* DOMFW_ABI_MODULE_H */
