/* ACPI wire structures (ACPI 6.5, chapter 5.2 "ACPI System Description Tables").
 * Packed structs that document the layout: sizes and offsets are checked at compile time and the
 * readers take their offsets from here (offsetof). Untrusted bytes are never cast to them; they
 * are read with core::ByteReader. Signature, OEM ID and OEM table ID are byte arrays, not strings.
 * Names carry a domfw_acpi_ prefix so this header can be included beside ACPICA's. */
#ifndef DOMFW_ABI_ACPI_H
#define DOMFW_ABI_ACPI_H

#include "domfw/abi/abi.h"

/* ACPI 6.5 §5.2.6 "System Description Table Header", Table 5.4: every table but RSDP and FACS. */
struct DOMFW_PACKED domfw_acpi_table_header {
    uint8_t signature[4];      /* @0x00 §5.2.6: ASCII table identifier, e.g. "DSDT" */
    uint32_t length;           /* @0x04 §5.2.6: whole table in bytes, header included */
    uint8_t revision;          /* @0x08 §5.2.6: revision of the table's own layout */
    uint8_t checksum;          /* @0x09 §5.2.6: the whole table sums to 0 mod 256 */
    uint8_t oem_id[6];         /* @0x0A §5.2.6: OEM identification, not NUL-terminated */
    uint8_t oem_table_id[8];   /* @0x10 §5.2.6: OEM's name for this table */
    uint32_t oem_revision;     /* @0x18 §5.2.6 */
    uint8_t creator_id[4];     /* @0x1C §5.2.6: vendor ID of the tool that made the table */
    uint32_t creator_revision; /* @0x20 §5.2.6 */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_acpi_table_header) == 36, "ACPI table header is 36 bytes");
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, signature, 0x00);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, length, 0x04);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, revision, 0x08);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, checksum, 0x09);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, oem_id, 0x0A);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, oem_table_id, 0x10);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, oem_revision, 0x18);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, creator_id, 0x1C);
DOMFW_ABI_OFFSET(struct domfw_acpi_table_header, creator_revision, 0x20);

/* ACPI 6.5 §5.2.5.3 "Root System Description Pointer (RSDP) Structure", Table 5.3.
 * Revision 0 (ACPI 1.0) ends after rsdt_address: 20 bytes, covered by `checksum`. */
struct DOMFW_PACKED domfw_acpi_rsdp_v1 {
    uint8_t signature[8];  /* @0x00 §5.2.5.3: "RSD PTR " (trailing blank) */
    uint8_t checksum;      /* @0x08 §5.2.5.3: the first 20 bytes sum to 0 */
    uint8_t oem_id[6];     /* @0x09 §5.2.5.3 */
    uint8_t revision;      /* @0x0F §5.2.5.3: 0 = ACPI 1.0 (20 bytes), 2 = ACPI 2.0+ (36 bytes) */
    uint32_t rsdt_address; /* @0x10 §5.2.5.3: 32-bit physical address of the RSDT */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_acpi_rsdp_v1) == 20, "ACPI 1.0 RSDP is 20 bytes");
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp_v1, signature, 0x00);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp_v1, checksum, 0x08);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp_v1, oem_id, 0x09);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp_v1, revision, 0x0F);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp_v1, rsdt_address, 0x10);

/* Revision 2 adds the length, the 64-bit XSDT address and a checksum over `length` bytes. */
struct DOMFW_PACKED domfw_acpi_rsdp {
    struct domfw_acpi_rsdp_v1 v1; /* @0x00 §5.2.5.3: the ACPI 1.0 part */
    uint32_t length;              /* @0x14 §5.2.5.3: whole structure in bytes (36 for 2.0+) */
    uint64_t xsdt_address;        /* @0x18 §5.2.5.3: 64-bit physical address of the XSDT */
    uint8_t extended_checksum;    /* @0x20 §5.2.5.3: the whole structure sums to 0 */
    uint8_t reserved[3];          /* @0x21 §5.2.5.3 */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_acpi_rsdp) == 36, "ACPI 2.0 RSDP is 36 bytes");
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp, v1, 0x00);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp, length, 0x14);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp, xsdt_address, 0x18);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp, extended_checksum, 0x20);
DOMFW_ABI_OFFSET(struct domfw_acpi_rsdp, reserved, 0x21);

/* ACPI 6.5 §5.2.7 (RSDT) and §5.2.8 (XSDT): the header followed by 4- resp. 8-byte physical
 * addresses; the entry count follows from the header's length. */
#define DOMFW_ACPI_RSDT_ENTRY_SIZE 4u
#define DOMFW_ACPI_XSDT_ENTRY_SIZE 8u

/* ACPI 6.5 §5.2.9 "Fixed ACPI Description Table (FADT)", Table 5.9: the prefix up to X_DSDT,
 * which is all domfw follows (the FACS and DSDT pointers). ACPI 1.0 FADTs are 116 bytes long and
 * end before the X_ fields; a reader checks the header's length before looking at them. */
struct DOMFW_PACKED domfw_acpi_fadt_pointers {
    struct domfw_acpi_table_header header; /* @0x00 §5.2.9: signature "FACP" */
    uint32_t firmware_ctrl;                /* @0x24 §5.2.9: 32-bit physical address of the FACS */
    uint32_t dsdt;                         /* @0x28 §5.2.9: 32-bit physical address of the DSDT */
    uint8_t fields_2c_83[88];              /* @0x2C §5.2.9: INT_MODEL .. RESET_VALUE etc. (not used here) */
    uint64_t x_firmware_ctrl;              /* @0x84 §5.2.9 (ACPI 2.0+): 64-bit FACS address, wins when nonzero */
    uint64_t x_dsdt;                       /* @0x8C §5.2.9 (ACPI 2.0+): 64-bit DSDT address, wins when nonzero */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_acpi_fadt_pointers) == 148, "FADT prefix up to X_DSDT is 148 bytes");
DOMFW_ABI_OFFSET(struct domfw_acpi_fadt_pointers, header, 0x00);
DOMFW_ABI_OFFSET(struct domfw_acpi_fadt_pointers, firmware_ctrl, 0x24);
DOMFW_ABI_OFFSET(struct domfw_acpi_fadt_pointers, dsdt, 0x28);
DOMFW_ABI_OFFSET(struct domfw_acpi_fadt_pointers, fields_2c_83, 0x2C);
DOMFW_ABI_OFFSET(struct domfw_acpi_fadt_pointers, x_firmware_ctrl, 0x84);
DOMFW_ABI_OFFSET(struct domfw_acpi_fadt_pointers, x_dsdt, 0x8C);
#define DOMFW_ACPI_FADT_V1_LENGTH 116u /* §5.2.9: ACPI 1.0 FADT (no X_ fields) */

/* ACPI 6.5 §5.2.10 "Firmware ACPI Control Structure (FACS)", Table 5.13. It has no checksum and
 * no standard header: only signature and length, and its length is at least 64. */
struct DOMFW_PACKED domfw_acpi_facs {
    uint8_t signature[4];              /* @0x00 §5.2.10: "FACS" */
    uint32_t length;                   /* @0x04 §5.2.10: >= 64 */
    uint32_t hardware_signature;       /* @0x08 §5.2.10 */
    uint32_t firmware_waking_vector;   /* @0x0C §5.2.10 */
    uint32_t global_lock;              /* @0x10 §5.2.10 */
    uint32_t flags;                    /* @0x14 §5.2.10 */
    uint64_t x_firmware_waking_vector; /* @0x18 §5.2.10 (ACPI 2.0+) */
    uint8_t version;                   /* @0x20 §5.2.10 */
    uint8_t reserved1[3];              /* @0x21 §5.2.10 */
    uint32_t ospm_flags;               /* @0x24 §5.2.10 (ACPI 4.0+) */
    uint8_t reserved2[24];             /* @0x28 §5.2.10 */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_acpi_facs) == 64, "FACS is 64 bytes");
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, signature, 0x00);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, length, 0x04);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, hardware_signature, 0x08);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, firmware_waking_vector, 0x0C);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, global_lock, 0x10);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, flags, 0x14);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, x_firmware_waking_vector, 0x18);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, version, 0x20);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, reserved1, 0x21);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, ospm_flags, 0x24);
DOMFW_ABI_OFFSET(struct domfw_acpi_facs, reserved2, 0x28);

/* MSDM (Microsoft "Software Licensing Tables (SLIC and MSDM)", 2011): the header, then a
 * software licensing structure whose Data field is the Windows product key. A secret. */
struct DOMFW_PACKED domfw_acpi_msdm_body {
    struct domfw_acpi_table_header header; /* @0x00: signature "MSDM" */
    uint32_t version;                      /* @0x24 */
    uint32_t reserved;                     /* @0x28 */
    uint32_t data_type;                    /* @0x2C: 1 = product key */
    uint32_t data_reserved;                /* @0x30 */
    uint32_t data_length;                  /* @0x34: 29 for a "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" key */
    uint8_t data[29];                      /* @0x38: the product key (ASCII) */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_acpi_msdm_body) == 85, "MSDM with a product key is 85 bytes");
DOMFW_ABI_OFFSET(struct domfw_acpi_msdm_body, header, 0x00);
DOMFW_ABI_OFFSET(struct domfw_acpi_msdm_body, version, 0x24);
DOMFW_ABI_OFFSET(struct domfw_acpi_msdm_body, reserved, 0x28);
DOMFW_ABI_OFFSET(struct domfw_acpi_msdm_body, data_type, 0x2C);
DOMFW_ABI_OFFSET(struct domfw_acpi_msdm_body, data_reserved, 0x30);
DOMFW_ABI_OFFSET(struct domfw_acpi_msdm_body, data_length, 0x34);
DOMFW_ABI_OFFSET(struct domfw_acpi_msdm_body, data, 0x38);

#endif /* DOMFW_ABI_ACPI_H */
