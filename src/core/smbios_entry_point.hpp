// SMBIOS entry points written (DMTF DSP0134 §5.2.1 "_SM_", §5.2.2 "_SM3_"), checksums included:
// the one writer of the format, for the host's images (smbios/encode) and the guest loader's
// F-segment. Reading them is core/smbios_walk's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/smbios_walk.hpp"
#include "core/wire_names.hpp"

namespace domfw::core::smbios {

struct EntryPointFields {
    std::uint8_t major = 3;
    std::uint8_t minor = 0;
    std::uint8_t docrev = 0;
    std::uint64_t table_address = 0;      // "_SM_": its low 32 bits
    std::uint32_t table_length = 0;       // "_SM_": its low 16 bits (exact); "_SM3_": a maximum
    std::uint16_t structure_count = 0;    // "_SM_" only
    std::uint16_t max_structure_size = 0; // "_SM_" only
};

inline constexpr std::size_t kSm2Length = sizeof(abi::SmbiosEntryPoint21);        // 0x1F
inline constexpr std::size_t kSm3Length = sizeof(abi::Smbios3EntryPoint);         // 0x18
inline constexpr std::size_t kLegacyDmiLength = sizeof(abi::LegacyDmiEntryPoint); // 0x0F

// The first kSm2Length bytes of `out`: "_SM_" with its "_DMI_" half. A caller whose address or
// length is wider than the fields refuses it first; `out` too short is a broken invariant.
void write_sm2(std::span<std::uint8_t> out, const EntryPointFields& f);
// The first kSm3Length bytes of `out`: "_SM3_", entry point revision 1.
void write_sm3(std::span<std::uint8_t> out, const EntryPointFields& f);
// Recomputes the checksums of the entry point of kind `k` held in `ep`, after a field changed:
// over the length its length field announces ("_DMI_" alone: 15 bytes), and for "_SM_" the
// "_DMI_" half's over its 15 bytes at 0x10. Bytes not held are not summed.
void seal_entry_point(std::span<std::uint8_t> ep, EntryKind k);

} // namespace domfw::core::smbios
