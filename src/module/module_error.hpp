// The module reader's faults in core's words (core/fault_text.hpp), after the object they concern.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace domfw::module {

// Prefixes `object`, e.g. "module at offset 0x40: total_length 0x100 exceeds the 0x80 bytes held";
// a payload's ACPI table is named by signature and offset, an SMBIOS structure by offset,
// type and handle.
[[nodiscard]] std::string describe_module_error(const core::Error& e, std::string_view object);

} // namespace domfw::module
