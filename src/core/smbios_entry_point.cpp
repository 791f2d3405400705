#include "core/smbios_entry_point.hpp"

#include <cstddef>

#include "core/byte_writer.hpp"
#include "core/checksum.hpp"
#include "core/result.hpp"

namespace domfw::core::smbios {
namespace {

void anchor(ByteWriter& w, const char* text, std::size_t n) {
    w.bytes(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text), n));
}

} // namespace

void write_sm2(std::span<std::uint8_t> out, const EntryPointFields& f) {
    DOMFW_CORE_ASSERT(out.size() >= kSm2Length);
    ByteWriter w(out.first(kSm2Length));
    anchor(w, "_SM_", 4);
    w.u8(0); // 0x04 checksum, below
    w.u8(kSm2Length);
    w.u8(f.major);
    w.u8(f.minor);
    w.u16le(f.max_structure_size);
    w.zeros(6); // 0x0A revision 0 and its formatted area
    anchor(w, "_DMI_", 5);
    w.u8(0); // 0x15 intermediate checksum, below
    w.u16le(static_cast<std::uint16_t>(f.table_length));
    w.u32le(static_cast<std::uint32_t>(f.table_address));
    w.u16le(f.structure_count);
    w.u8(static_cast<std::uint8_t>(((f.major & 0x0F) << 4) | (f.minor & 0x0F))); // BCD revision
    seal_entry_point(out.first(kSm2Length), EntryKind::smbios2);
}

void write_sm3(std::span<std::uint8_t> out, const EntryPointFields& f) {
    DOMFW_CORE_ASSERT(out.size() >= kSm3Length);
    ByteWriter w(out.first(kSm3Length));
    anchor(w, "_SM3_", 5);
    w.u8(0); // 0x05 checksum, below
    w.u8(kSm3Length);
    w.u8(f.major);
    w.u8(f.minor);
    w.u8(f.docrev);
    w.u8(1); // 0x0A entry point revision 1 (§5.2.2)
    w.u8(0);
    w.u32le(f.table_length);
    w.u64le(f.table_address);
    seal_entry_point(out.first(kSm3Length), EntryKind::smbios3);
}

void seal_entry_point(std::span<std::uint8_t> ep, EntryKind k) {
    std::size_t at = offsetof(abi::LegacyDmiEntryPoint, checksum);
    std::size_t length = kLegacyDmiLength;
    if (k == EntryKind::smbios2) {
        if (ep.size() >= abi::kSmbiosIntermediateOffset + abi::kSmbiosIntermediateLength) {
            ep[offsetof(abi::SmbiosEntryPoint21, intermediate_checksum)] = 0;
            ep[offsetof(abi::SmbiosEntryPoint21, intermediate_checksum)] =
                sum8_fix(ep.subspan(abi::kSmbiosIntermediateOffset, abi::kSmbiosIntermediateLength));
        }
        at = offsetof(abi::SmbiosEntryPoint21, checksum);
        length = ep.size() > at + 1 ? ep[offsetof(abi::SmbiosEntryPoint21, length)] : 0;
    } else if (k == EntryKind::smbios3) {
        at = offsetof(abi::Smbios3EntryPoint, checksum);
        length = ep.size() > at + 1 ? ep[offsetof(abi::Smbios3EntryPoint, length)] : 0;
    }
    if (length > ep.size()) length = ep.size();
    if (length <= at) return;
    ep[at] = 0;
    ep[at] = sum8_fix(ep.first(length));
}

} // namespace domfw::core::smbios
