#include "acpi/table_error.hpp"

#include <fmt/format.h>

#include "core/acpi_table.hpp"
#include "support/error.hpp"

namespace domfw::acpi {
namespace ca = core::acpi;

std::string describe_table_error(const core::Error& e, std::string_view context) {
    std::string msg;
    if (e.what == ca::kTableBufferShort || e.what == ca::kRsdpBufferShort || e.what == ca::kRsdpV2BufferShort ||
        e.what == ca::kFacsBufferShort) {
        const char* what = e.what == ca::kTableBufferShort    ? "36-byte table header"
                           : e.what == ca::kRsdpBufferShort   ? "20-byte RSDP"
                           : e.what == ca::kRsdpV2BufferShort ? "36-byte revision-2 RSDP"
                                                              : "64-byte FACS";
        msg = fmt::format("holds {:#x} bytes, fewer than the {}", e.value, what);
    } else if (e.what == ca::kTableLengthBelowHeader) {
        msg = fmt::format("length {:#x} is below the 36-byte table header", e.value);
    } else if (e.what == ca::kRsdpLengthBelow) {
        msg = fmt::format("RSDP length {:#x} is below the 36 bytes of revision 2", e.value);
    } else if (e.what == ca::kFacsLengthBelow) {
        msg = fmt::format("FACS length {:#x} is below the 64-byte minimum", e.value);
    } else if (e.what == ca::kTableLengthPastEnd || e.what == ca::kRsdpLengthPastEnd ||
               e.what == ca::kFacsLengthPastEnd) {
        msg = fmt::format("length {:#x} exceeds the {:#x} bytes held", e.value, e.limit);
    } else if (e.what == ca::kTableBadChecksum) {
        msg = fmt::format("checksum {:#04x} is wrong, should be {:#04x}", e.value, e.limit);
    } else if (e.what == ca::kRsdpBadChecksum) {
        msg = fmt::format("RSDP checksum {:#04x} (first 20 bytes) is wrong, should be {:#04x}", e.value, e.limit);
    } else if (e.what == ca::kRsdpBadExtendedChecksum) {
        msg = fmt::format("RSDP extended checksum {:#04x} is wrong, should be {:#04x}", e.value, e.limit);
    } else if (e.what == ca::kRsdpBadSignature) {
        msg = "signature is not \"RSD PTR \"";
    } else if (e.what == ca::kFacsBadSignature) {
        msg = "signature is not \"FACS\"";
    } else if (e.what == ca::kFadtTooShort) {
        msg = fmt::format("FADT length {:#x} is too short to hold the DSDT address (needs {:#x})", e.value, e.limit);
    } else if (e.what == ca::kAddressBelowImage) {
        msg = fmt::format("address {:#x} is below the image base {:#x}", e.value, e.limit);
    } else if (e.what == ca::kAddressPastImage) {
        msg = fmt::format("address {:#x} is past the end of the image ({:#x})", e.value, e.limit);
    } else {
        return describe(e, context);
    }
    if (context.empty()) return msg;
    return fmt::format("{}: {}", context, msg);
}

} // namespace domfw::acpi
