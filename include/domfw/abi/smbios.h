// SMBIOS wire formats (DMTF DSP0134 3.7.0): the three entry points and the structure header.
// These structs document the layout and give the readers their offsets (offsetof); untrusted
// bytes are never cast to them (STYLE.md rule 2): src/core/smbios_walk.cpp reads every field
// with core::ByteReader at these offsets.
#pragma once

#include <cstddef>
#include <cstdint>

namespace domfw::abi {

// "_SM_" 32-bit entry point, SMBIOS 2.1 to 2.8 (DSP0134 §5.2.1, Table 1). Its second half is the
// "_DMI_" intermediate entry point, which carries the table location and has its own checksum.
struct __attribute__((packed)) SmbiosEntryPoint21 {
    std::uint8_t anchor[4];              // 0x00 "_SM_" (§5.2.1)
    std::uint8_t checksum;               // 0x04 sums the first `length` bytes to 0
    std::uint8_t length;                 // 0x05 entry point length: 0x1F (2.1 erratum: 0x1E)
    std::uint8_t major;                  // 0x06 SMBIOS major version
    std::uint8_t minor;                  // 0x07 SMBIOS minor version
    std::uint16_t max_structure_size;    // 0x08 size of the largest structure
    std::uint8_t revision;               // 0x0A entry point revision (0 = 2.1 format)
    std::uint8_t formatted_area[5];      // 0x0B revision-specific, zero for revision 0
    std::uint8_t intermediate_anchor[5]; // 0x10 "_DMI_" (§5.2.1)
    std::uint8_t intermediate_checksum;  // 0x15 sums bytes 0x10..0x1E to 0
    std::uint16_t table_length;          // 0x16 exact length of the structure table
    std::uint32_t table_address;         // 0x18 32-bit physical address of the table
    std::uint16_t structure_count;       // 0x1C number of structures in the table
    std::uint8_t bcd_revision;           // 0x1E SMBIOS version in BCD (0x21 = 2.1)
};
static_assert(sizeof(SmbiosEntryPoint21) == 31);
static_assert(offsetof(SmbiosEntryPoint21, intermediate_anchor) == 0x10);
static_assert(offsetof(SmbiosEntryPoint21, structure_count) == 0x1C);

// The "_DMI_" intermediate checksum covers 15 bytes from offset 0x10 (§5.2.1).
inline constexpr std::size_t kSmbiosIntermediateLength = 15;
inline constexpr std::size_t kSmbiosIntermediateOffset = 0x10;

// Legacy DMI 2.0 entry point: just the "_DMI_" part, found alone on pre-2.1 firmware
// (DSP0134 §5.2.1 describes it as the intermediate anchor; DMI 2.0 used it standalone).
struct __attribute__((packed)) LegacyDmiEntryPoint {
    std::uint8_t anchor[5];        // 0x00 "_DMI_"
    std::uint8_t checksum;         // 0x05 sums the 15 bytes to 0
    std::uint16_t table_length;    // 0x06 exact length of the structure table
    std::uint32_t table_address;   // 0x08 32-bit physical address of the table
    std::uint16_t structure_count; // 0x0C number of structures
    std::uint8_t bcd_revision;     // 0x0E DMI version in BCD (high nibble major, low nibble minor)
};
static_assert(sizeof(LegacyDmiEntryPoint) == 15);

// "_SM3_" 64-bit entry point, SMBIOS 3.0 and later (DSP0134 §5.2.2, Table 2).
struct __attribute__((packed)) Smbios3EntryPoint {
    std::uint8_t anchor[5];       // 0x00 "_SM3_"
    std::uint8_t checksum;        // 0x05 sums the first `length` bytes to 0
    std::uint8_t length;          // 0x06 entry point length: 0x18
    std::uint8_t major;           // 0x07 SMBIOS major version
    std::uint8_t minor;           // 0x08 SMBIOS minor version
    std::uint8_t docrev;          // 0x09 specification document revision
    std::uint8_t revision;        // 0x0A entry point revision (1 = 3.0 format)
    std::uint8_t reserved;        // 0x0B zero
    std::uint32_t table_max_size; // 0x0C MAXIMUM table size: the table may end earlier (§5.2.2)
    std::uint64_t table_address;  // 0x10 64-bit physical address of the table
};
static_assert(sizeof(Smbios3EntryPoint) == 24);

// Every structure starts with this header (DSP0134 §6.1.2, Table 3); the formatted area is
// `length` bytes including the header, followed by the string set ending in a double NUL (§6.1.3).
struct __attribute__((packed)) SmbiosStructureHeader {
    std::uint8_t type;    // 0x00 structure type (127 = end of table, §7.45)
    std::uint8_t length;  // 0x01 formatted area length, header included (>= 4)
    std::uint16_t handle; // 0x02 handle, unique within the table
};
static_assert(sizeof(SmbiosStructureHeader) == 4);

inline constexpr std::uint8_t kSmbiosEndOfTable = 127; // §7.45 "End-of-Table"

} // namespace domfw::abi
