// SMBIOS faults in words: the entry point and the structure walk (core/smbios_walk.hpp), and
// hvmloader's smbios_firmware records (core/smbios_firmware.hpp; write_firmware_record_fault
// puts "entry N at offset 0x..: " in front).
#include "core/fault_text.hpp"

namespace domfw::core {

using namespace fields;
namespace {
constexpr Field Anchor = Field::anchor, Found = Field::found_bytes, Structure = Field::structure,
                StructureType = Field::structure_type, Handle = Field::structure_handle;
} // namespace

Words words(smbios::EntryFault f) {
    using F = smbios::EntryFault;
    switch (f) {
    case F::none: return {Anchor, " entry point: no error"};
    case F::too_short: return {Anchor, " entry point: ", V, " bytes held, the entry point needs ", L};
    case F::unknown_anchor:
        return {"SMBIOS entry point: no _SM_, _SM3_ or _DMI_ anchor at offset 0 (found ", Found, ")"};
    case F::bad_length: return {Anchor, " entry point: length ", Vb, " is outside ", Lb, "..0x20"};
    case F::length_past_end: return {Anchor, " entry point: length ", Vb, " exceeds the ", L, " bytes held"};
    case F::bad_checksum: return {Anchor, " entry point: checksum over ", L, " bytes sums to ", Vb, ", not 0"};
    case F::bad_intermediate_anchor:
        return {Anchor, " entry point: no _DMI_ intermediate anchor at offset 0x10 (found ", Found, ")"};
    case F::bad_intermediate_checksum:
        return {Anchor,   " entry point: intermediate (_DMI_) checksum over ", L, " bytes at offset 0x10 sums to ", Vb,
                ", not 0"};
    }
    return {};
}

Words words(smbios::WalkFault f) {
    using F = smbios::WalkFault;
    switch (f) {
    case F::none: return {Structure, ": no error"};
    case F::short_formatted: return {Structure, ": formatted length ", Vb, " is below the 4-byte header"};
    case F::formatted_past_end:
        return {Structure, ": formatted length ", Vb, " runs past the end of the table (", L, " bytes left)"};
    case F::unterminated_strings:
        return {Structure, ": string set has no double-NUL terminator in the ", V, " bytes left"};
    }
    return {};
}

Words words(SmbiosFirmwareFault f) {
    using F = SmbiosFirmwareFault;
    switch (f) {
    case F::prefix_cut: return {V, " bytes left, too few for the ", Ld, "-byte length prefix"};
    case F::length_below_header: return {"length prefix ", V, " is below the ", Ld, "-byte structure header"};
    case F::length_past_end: return {"length prefix ", V, " runs past the end of the file (", L, " bytes left)"};
    case F::length_not_size:
        return {" (type ",
                StructureType,
                ", handle ",
                Handle,
                "): length prefix ",
                V,
                " differs from the structure's size ",
                L};
    }
    return {};
}

} // namespace domfw::core
