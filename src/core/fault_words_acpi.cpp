// The ACPI table checks' faults in words (core/acpi_table.hpp). The table itself (signature,
// offset) is named by whoever knows where it sits: write_table_fault, or the caller's context.
#include "core/fault_text.hpp"

namespace domfw::core {

using namespace fields;

Words words(acpi::AcpiFault f) {
    using F = acpi::AcpiFault;
    switch (f) {
    case F::table_buffer_short: return {"holds ", V, " bytes, fewer than the 36-byte table header"};
    case F::rsdp_buffer_short: return {"holds ", V, " bytes, fewer than the 20-byte RSDP"};
    case F::rsdp_v2_buffer_short: return {"holds ", V, " bytes, fewer than the 36-byte revision-2 RSDP"};
    case F::facs_buffer_short: return {"holds ", V, " bytes, fewer than the 64-byte FACS"};
    case F::table_length_below_header: return {"length ", V, " is below the 36-byte table header"};
    case F::rsdp_length_below: return {"RSDP length ", V, " is below the 36 bytes of revision 2"};
    case F::facs_length_below: return {"FACS length ", V, " is below the 64-byte minimum"};
    case F::table_length_past_end:
    case F::rsdp_length_past_end:
    case F::facs_length_past_end: return {"length ", V, " exceeds the ", L, " bytes held"};
    case F::table_bad_checksum: return {"checksum ", Vb, " is wrong, should be ", Lb};
    case F::rsdp_bad_checksum: return {"RSDP checksum ", Vb, " (first 20 bytes) is wrong, should be ", Lb};
    case F::rsdp_bad_extended_checksum: return {"RSDP extended checksum ", Vb, " is wrong, should be ", Lb};
    case F::rsdp_bad_signature: return {"signature is not \"RSD PTR \""};
    case F::facs_bad_signature: return {"signature is not \"FACS\""};
    case F::table_wrong_signature: return {"table has an unexpected signature"};
    case F::root_not_root: return {"table is neither an RSDT nor an XSDT"};
    case F::root_index_past_end: return {"root table entry ", V, " is past the last of ", L, " entries"};
    case F::fadt_too_short: return {"FADT length ", V, " is too short to hold the DSDT address (needs ", L, ")"};
    case F::address_below_image: return {"address ", V, " is below the image base ", L};
    case F::address_past_image: return {"address ", V, " is past the end of the image (", L, ")"};
    case F::no_rsdp_in_image: return {"no valid RSDP on a 16-byte boundary of the ", L, "-byte image at ", V};
    }
    return {};
}

} // namespace domfw::core
