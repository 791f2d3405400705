// Words for the module reader's faults, in one place, with the values in hex.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace domfw::module {

// Prefixes `object`, e.g. "module at offset 0x40: total_length 0x100 exceeds the 0x80 bytes held".
// Payload faults are worded by their format's own place (smbios/errors, acpi/table_error).
[[nodiscard]] std::string describe_module_error(const core::Error& e, std::string_view object);

} // namespace domfw::module
