#include "acpi/table_error.hpp"

#include <array>

#include <fmt/format.h>

#include "acpi/table.hpp"
#include "core/acpi_table.hpp"
#include "support/error.hpp"
#include "support/escaped_text.hpp"

namespace domfw::acpi {

namespace {

using core::acpi::AcpiFault;

std::string sentence(const core::Error& e) {
    switch (e.fault<AcpiFault>()) {
    case AcpiFault::table_buffer_short:
        return fmt::format("holds {:#x} bytes, fewer than the 36-byte table header", e.value);
    case AcpiFault::rsdp_buffer_short: return fmt::format("holds {:#x} bytes, fewer than the 20-byte RSDP", e.value);
    case AcpiFault::rsdp_v2_buffer_short:
        return fmt::format("holds {:#x} bytes, fewer than the 36-byte revision-2 RSDP", e.value);
    case AcpiFault::facs_buffer_short: return fmt::format("holds {:#x} bytes, fewer than the 64-byte FACS", e.value);
    case AcpiFault::table_length_below_header:
        return fmt::format("length {:#x} is below the 36-byte table header", e.value);
    case AcpiFault::rsdp_length_below:
        return fmt::format("RSDP length {:#x} is below the 36 bytes of revision 2", e.value);
    case AcpiFault::facs_length_below: return fmt::format("FACS length {:#x} is below the 64-byte minimum", e.value);
    case AcpiFault::table_length_past_end:
    case AcpiFault::rsdp_length_past_end:
    case AcpiFault::facs_length_past_end:
        return fmt::format("length {:#x} exceeds the {:#x} bytes held", e.value, e.limit);
    case AcpiFault::table_bad_checksum:
        return fmt::format("checksum {:#04x} is wrong, should be {:#04x}", e.value, e.limit);
    case AcpiFault::rsdp_bad_checksum:
        return fmt::format("RSDP checksum {:#04x} (first 20 bytes) is wrong, should be {:#04x}", e.value, e.limit);
    case AcpiFault::rsdp_bad_extended_checksum:
        return fmt::format("RSDP extended checksum {:#04x} is wrong, should be {:#04x}", e.value, e.limit);
    case AcpiFault::rsdp_bad_signature: return "signature is not \"RSD PTR \"";
    case AcpiFault::facs_bad_signature: return "signature is not \"FACS\"";
    case AcpiFault::table_wrong_signature: return "table has an unexpected signature";
    case AcpiFault::root_not_root: return "table is neither an RSDT nor an XSDT";
    case AcpiFault::root_index_past_end:
        return fmt::format("root table entry {:#x} is past the last of {:#x} entries", e.value, e.limit);
    case AcpiFault::fadt_too_short:
        return fmt::format("FADT length {:#x} is too short to hold the DSDT address (needs {:#x})", e.value, e.limit);
    case AcpiFault::address_below_image:
        return fmt::format("address {:#x} is below the image base {:#x}", e.value, e.limit);
    case AcpiFault::address_past_image:
        return fmt::format("address {:#x} is past the end of the image ({:#x})", e.value, e.limit);
    case AcpiFault::no_rsdp_in_image:
        return fmt::format("no valid RSDP on a 16-byte boundary of the {:#x}-byte image at {:#x}", e.limit, e.value);
    }
    return fmt::format("ACPI fault {}", e.code);
}

} // namespace

std::string describe_table_error(const core::Error& e, std::string_view context) {
    if (e.reader != core::Reader::acpi_table) return describe(e, context);
    std::string msg = sentence(e);
    if (context.empty()) return msg;
    return fmt::format("{}: {}", context, msg);
}

std::string describe_sequence_error(const core::Error& e, std::string_view context, std::string_view label) {
    std::string who(label);
    if ((e.object & core::acpi::kSignatureHeld) != 0) {
        std::array<std::uint8_t, 4> sig{};
        for (std::size_t i = 0; i < sig.size(); ++i)
            sig[i] = static_cast<std::uint8_t>(e.object >> (8 * i));
        // Appended in two steps: GCC 12 -O3 reports a false -Wrestrict on " " + std::string.
        who += ' ';
        who += support::quoted(sig, '\'');
    }
    who += fmt::format(" at offset {:#x}", e.offset);
    return describe_table_error(e, context.empty() ? who : fmt::format("{}: {}", context, who));
}

} // namespace domfw::acpi
