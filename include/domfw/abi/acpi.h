// ACPI wire structures (ACPI 6.5, chapter 5.2 "ACPI System Description Tables").
// Packed PODs that document the layout: sizes and offsets are checked at compile time and the
// readers take their offsets from here (offsetof). Untrusted bytes are never cast to them; they
// are read with core::ByteReader. Signature, OEM ID and OEM table ID are byte arrays, not strings.
#pragma once

#include <cstddef>
#include <cstdint>

namespace domfw::abi::acpi {

#pragma pack(push, 1)

// ACPI 6.5 §5.2.6 "System Description Table Header", Table 5.4: every table but RSDP and FACS.
struct TableHeader {
    std::uint8_t signature[4];      // 0x00 §5.2.6: ASCII table identifier, e.g. "DSDT"
    std::uint32_t length;           // 0x04 §5.2.6: whole table in bytes, header included
    std::uint8_t revision;          // 0x08 §5.2.6: revision of the table's own layout
    std::uint8_t checksum;          // 0x09 §5.2.6: the whole table sums to 0 mod 256
    std::uint8_t oem_id[6];         // 0x0A §5.2.6: OEM identification, not NUL-terminated
    std::uint8_t oem_table_id[8];   // 0x10 §5.2.6: OEM's name for this table
    std::uint32_t oem_revision;     // 0x18 §5.2.6
    std::uint8_t creator_id[4];     // 0x1C §5.2.6: vendor ID of the tool that made the table
    std::uint32_t creator_revision; // 0x20 §5.2.6
};
static_assert(sizeof(TableHeader) == 36);
static_assert(offsetof(TableHeader, length) == 0x04);
static_assert(offsetof(TableHeader, checksum) == 0x09);
static_assert(offsetof(TableHeader, oem_id) == 0x0A);
static_assert(offsetof(TableHeader, oem_table_id) == 0x10);
static_assert(offsetof(TableHeader, oem_revision) == 0x18);
static_assert(offsetof(TableHeader, creator_id) == 0x1C);
static_assert(offsetof(TableHeader, creator_revision) == 0x20);

// ACPI 6.5 §5.2.5.3 "Root System Description Pointer (RSDP) Structure", Table 5.3.
// Revision 0 (ACPI 1.0) ends after rsdt_address: 20 bytes, covered by `checksum`.
struct RsdpV1 {
    std::uint8_t signature[8];  // 0x00 §5.2.5.3: "RSD PTR " (trailing blank)
    std::uint8_t checksum;      // 0x08 §5.2.5.3: the first 20 bytes sum to 0
    std::uint8_t oem_id[6];     // 0x09 §5.2.5.3
    std::uint8_t revision;      // 0x0F §5.2.5.3: 0 = ACPI 1.0 (20 bytes), 2 = ACPI 2.0+ (36 bytes)
    std::uint32_t rsdt_address; // 0x10 §5.2.5.3: 32-bit physical address of the RSDT
};
static_assert(sizeof(RsdpV1) == 20);
static_assert(offsetof(RsdpV1, checksum) == 0x08);
static_assert(offsetof(RsdpV1, oem_id) == 0x09);
static_assert(offsetof(RsdpV1, revision) == 0x0F);
static_assert(offsetof(RsdpV1, rsdt_address) == 0x10);

// Revision 2 adds the length, the 64-bit XSDT address and a checksum over `length` bytes.
struct Rsdp {
    RsdpV1 v1;                      // 0x00 §5.2.5.3: the ACPI 1.0 part
    std::uint32_t length;           // 0x14 §5.2.5.3: whole structure in bytes (36 for 2.0+)
    std::uint64_t xsdt_address;     // 0x18 §5.2.5.3: 64-bit physical address of the XSDT
    std::uint8_t extended_checksum; // 0x20 §5.2.5.3: the whole structure sums to 0
    std::uint8_t reserved[3];       // 0x21 §5.2.5.3
};
static_assert(sizeof(Rsdp) == 36);
static_assert(offsetof(Rsdp, length) == 0x14);
static_assert(offsetof(Rsdp, xsdt_address) == 0x18);
static_assert(offsetof(Rsdp, extended_checksum) == 0x20);

// ACPI 6.5 §5.2.7 (RSDT) and §5.2.8 (XSDT): the header followed by 4- resp. 8-byte physical
// addresses; the entry count follows from the header's length.
inline constexpr std::size_t kRsdtEntrySize = 4;
inline constexpr std::size_t kXsdtEntrySize = 8;

// ACPI 6.5 §5.2.9 "Fixed ACPI Description Table (FADT)", Table 5.9: the prefix up to X_DSDT,
// which is all domfw follows (the FACS and DSDT pointers). ACPI 1.0 FADTs are 116 bytes long and
// end before the X_ fields; a reader checks the header's length before looking at them.
struct FadtPointers {
    TableHeader header;            // 0x00 §5.2.9: signature "FACP"
    std::uint32_t firmware_ctrl;   // 0x24 §5.2.9: 32-bit physical address of the FACS
    std::uint32_t dsdt;            // 0x28 §5.2.9: 32-bit physical address of the DSDT
    std::uint8_t fields_2c_83[88]; // 0x2C §5.2.9: INT_MODEL .. RESET_VALUE etc. (not used here)
    std::uint64_t x_firmware_ctrl; // 0x84 §5.2.9 (ACPI 2.0+): 64-bit FACS address, wins when nonzero
    std::uint64_t x_dsdt;          // 0x8C §5.2.9 (ACPI 2.0+): 64-bit DSDT address, wins when nonzero
};
static_assert(sizeof(FadtPointers) == 148);
static_assert(offsetof(FadtPointers, firmware_ctrl) == 0x24);
static_assert(offsetof(FadtPointers, dsdt) == 0x28);
static_assert(offsetof(FadtPointers, x_firmware_ctrl) == 0x84);
static_assert(offsetof(FadtPointers, x_dsdt) == 0x8C);
inline constexpr std::size_t kFadtV1Length = 116; // §5.2.9: ACPI 1.0 FADT (no X_ fields)

// ACPI 6.5 §5.2.10 "Firmware ACPI Control Structure (FACS)", Table 5.13. It has no checksum and
// no standard header: only signature and length, and its length is at least 64.
struct Facs {
    std::uint8_t signature[4];              // 0x00 §5.2.10: "FACS"
    std::uint32_t length;                   // 0x04 §5.2.10: >= 64
    std::uint32_t hardware_signature;       // 0x08 §5.2.10
    std::uint32_t firmware_waking_vector;   // 0x0C §5.2.10
    std::uint32_t global_lock;              // 0x10 §5.2.10
    std::uint32_t flags;                    // 0x14 §5.2.10
    std::uint64_t x_firmware_waking_vector; // 0x18 §5.2.10 (ACPI 2.0+)
    std::uint8_t version;                   // 0x20 §5.2.10
    std::uint8_t reserved1[3];              // 0x21 §5.2.10
    std::uint32_t ospm_flags;               // 0x24 §5.2.10 (ACPI 4.0+)
    std::uint8_t reserved2[24];             // 0x28 §5.2.10
};
static_assert(sizeof(Facs) == 64);
static_assert(offsetof(Facs, length) == 0x04);
static_assert(offsetof(Facs, version) == 0x20);

// MSDM (Microsoft "Software Licensing Tables (SLIC and MSDM)", 2011): the header, then a
// software licensing structure whose Data field is the Windows product key. A secret.
struct MsdmBody {
    TableHeader header;          // 0x00: signature "MSDM"
    std::uint32_t version;       // 0x24
    std::uint32_t reserved;      // 0x28
    std::uint32_t data_type;     // 0x2C: 1 = product key
    std::uint32_t data_reserved; // 0x30
    std::uint32_t data_length;   // 0x34: 29 for a "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" key
    std::uint8_t data[29];       // 0x38: the product key (ASCII)
};
static_assert(sizeof(MsdmBody) == 85);
static_assert(offsetof(MsdmBody, data_length) == 0x34);
static_assert(offsetof(MsdmBody, data) == 0x38);

#pragma pack(pop)

} // namespace domfw::abi::acpi
