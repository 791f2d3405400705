// Words for the faults of core/acpi_table, in one place: "CONTEXT: length 0x73f exceeds the 0x730
// bytes held".
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace domfw::acpi {

// A fault of one table, RSDP or FACS; any other error is worded by support::describe.
[[nodiscard]] std::string describe_table_error(const core::Error& e, std::string_view context);

// A core::acpi::TableSequence fault, naming the table by `label` ("table 1", "ACPI table"), its
// signature when held and its offset: "CONTEXT: table 1 'SSDT' at offset 0x28: checksum 0x2c is
// wrong, should be 0x2b".
[[nodiscard]] std::string describe_sequence_error(const core::Error& e, std::string_view context,
                                                  std::string_view label);

} // namespace domfw::acpi
