// A fault in a sequence of ACPI tables, in core's words (core/fault_text.hpp). A single table's,
// RSDP's or FACS's fault is worded by support's describe(error, context).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace domfw::acpi {

// A core::acpi::TableSequence fault, naming the table by `label` ("table 1", "ACPI table"), its
// signature when held and its offset: "CONTEXT: table 1 'SSDT' at offset 0x28: checksum 0x2c is
// wrong, should be 0x2b".
[[nodiscard]] std::string describe_sequence_error(const core::Error& e, std::string_view context,
                                                  std::string_view label);

} // namespace domfw::acpi
