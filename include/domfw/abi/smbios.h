/* SMBIOS wire formats (DMTF DSP0134 3.7.0): the three entry points and the structure header.
 * These structs document the layout and give the readers their offsets (offsetof); untrusted
 * bytes are never cast to them (STYLE.md rule 2): src/core/smbios_walk.cpp reads every field
 * with core::ByteReader at these offsets. */
#ifndef DOMFW_ABI_SMBIOS_H
#define DOMFW_ABI_SMBIOS_H

#include "domfw/abi/abi.h"

/* "_SM_" 32-bit entry point, SMBIOS 2.1 to 2.8 (DSP0134 §5.2.1, Table 1). Its second half is the
 * "_DMI_" intermediate entry point, which carries the table location and has its own checksum. */
struct DOMFW_PACKED domfw_smbios_entry_point_21 {
    uint8_t anchor[4];              /* @0x00 "_SM_" (§5.2.1) */
    uint8_t checksum;               /* @0x04 sums the first `length` bytes to 0 */
    uint8_t length;                 /* @0x05 entry point length: 0x1F (2.1 erratum: 0x1E) */
    uint8_t major;                  /* @0x06 SMBIOS major version */
    uint8_t minor;                  /* @0x07 SMBIOS minor version */
    uint16_t max_structure_size;    /* @0x08 size of the largest structure */
    uint8_t revision;               /* @0x0A entry point revision (0 = 2.1 format) */
    uint8_t formatted_area[5];      /* @0x0B revision-specific, zero for revision 0 */
    uint8_t intermediate_anchor[5]; /* @0x10 "_DMI_" (§5.2.1) */
    uint8_t intermediate_checksum;  /* @0x15 sums bytes 0x10..0x1E to 0 */
    uint16_t table_length;          /* @0x16 exact length of the structure table */
    uint32_t table_address;         /* @0x18 32-bit physical address of the table */
    uint16_t structure_count;       /* @0x1C number of structures in the table */
    uint8_t bcd_revision;           /* @0x1E SMBIOS version in BCD (0x21 = 2.1) */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_smbios_entry_point_21) == 31, "SMBIOS 2.1 entry point is 31 bytes");
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, anchor, 0x00);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, checksum, 0x04);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, length, 0x05);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, major, 0x06);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, minor, 0x07);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, max_structure_size, 0x08);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, revision, 0x0A);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, formatted_area, 0x0B);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, intermediate_anchor, 0x10);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, intermediate_checksum, 0x15);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, table_length, 0x16);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, table_address, 0x18);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, structure_count, 0x1C);
DOMFW_ABI_OFFSET(struct domfw_smbios_entry_point_21, bcd_revision, 0x1E);

/* The "_DMI_" intermediate checksum covers 15 bytes from offset 0x10 (§5.2.1). */
#define DOMFW_SMBIOS_INTERMEDIATE_LENGTH 15u
#define DOMFW_SMBIOS_INTERMEDIATE_OFFSET 0x10u

/* Legacy DMI 2.0 entry point: just the "_DMI_" part, found alone on pre-2.1 firmware
 * (DSP0134 §5.2.1 describes it as the intermediate anchor; DMI 2.0 used it standalone). */
struct DOMFW_PACKED domfw_smbios_legacy_dmi_entry_point {
    uint8_t anchor[5];        /* @0x00 "_DMI_" */
    uint8_t checksum;         /* @0x05 sums the 15 bytes to 0 */
    uint16_t table_length;    /* @0x06 exact length of the structure table */
    uint32_t table_address;   /* @0x08 32-bit physical address of the table */
    uint16_t structure_count; /* @0x0C number of structures */
    uint8_t bcd_revision;     /* @0x0E DMI version in BCD (high nibble major, low nibble minor) */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_smbios_legacy_dmi_entry_point) == 15, "legacy DMI entry point is 15 bytes");
DOMFW_ABI_OFFSET(struct domfw_smbios_legacy_dmi_entry_point, anchor, 0x00);
DOMFW_ABI_OFFSET(struct domfw_smbios_legacy_dmi_entry_point, checksum, 0x05);
DOMFW_ABI_OFFSET(struct domfw_smbios_legacy_dmi_entry_point, table_length, 0x06);
DOMFW_ABI_OFFSET(struct domfw_smbios_legacy_dmi_entry_point, table_address, 0x08);
DOMFW_ABI_OFFSET(struct domfw_smbios_legacy_dmi_entry_point, structure_count, 0x0C);
DOMFW_ABI_OFFSET(struct domfw_smbios_legacy_dmi_entry_point, bcd_revision, 0x0E);

/* "_SM3_" 64-bit entry point, SMBIOS 3.0 and later (DSP0134 §5.2.2, Table 2). */
struct DOMFW_PACKED domfw_smbios3_entry_point {
    uint8_t anchor[5];       /* @0x00 "_SM3_" */
    uint8_t checksum;        /* @0x05 sums the first `length` bytes to 0 */
    uint8_t length;          /* @0x06 entry point length: 0x18 */
    uint8_t major;           /* @0x07 SMBIOS major version */
    uint8_t minor;           /* @0x08 SMBIOS minor version */
    uint8_t docrev;          /* @0x09 specification document revision */
    uint8_t revision;        /* @0x0A entry point revision (1 = 3.0 format) */
    uint8_t reserved;        /* @0x0B zero */
    uint32_t table_max_size; /* @0x0C MAXIMUM table size: the table may end earlier (§5.2.2) */
    uint64_t table_address;  /* @0x10 64-bit physical address of the table */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_smbios3_entry_point) == 24, "SMBIOS 3 entry point is 24 bytes");
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, anchor, 0x00);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, checksum, 0x05);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, length, 0x06);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, major, 0x07);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, minor, 0x08);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, docrev, 0x09);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, revision, 0x0A);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, reserved, 0x0B);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, table_max_size, 0x0C);
DOMFW_ABI_OFFSET(struct domfw_smbios3_entry_point, table_address, 0x10);

/* Every structure starts with this header (DSP0134 §6.1.2, Table 3); the formatted area is
 * `length` bytes including the header, followed by the string set ending in a double NUL (§6.1.3). */
struct DOMFW_PACKED domfw_smbios_structure_header {
    uint8_t type;    /* @0x00 structure type (127 = end of table, §7.45) */
    uint8_t length;  /* @0x01 formatted area length, header included (>= 4) */
    uint16_t handle; /* @0x02 handle, unique within the table */
};
DOMFW_ABI_ASSERT(sizeof(struct domfw_smbios_structure_header) == 4, "SMBIOS structure header is 4 bytes");
DOMFW_ABI_OFFSET(struct domfw_smbios_structure_header, type, 0x00);
DOMFW_ABI_OFFSET(struct domfw_smbios_structure_header, length, 0x01);
DOMFW_ABI_OFFSET(struct domfw_smbios_structure_header, handle, 0x02);

#define DOMFW_SMBIOS_END_OF_TABLE 127u /* §7.45 "End-of-Table" */

#endif /* DOMFW_ABI_SMBIOS_H */
