// Names of core's typed faults, for the loader's console (loader/lib/fault_names.cpp says why names).
#pragma once

#include "core/result.hpp"

namespace domfw::loader {

// The fault's enumerator name ("crc", "table_bad_checksum"), or nullptr for generic and ELF faults
// (generic ones carry their text in `what`; ELF faults are worded in lib/fault.cpp).
[[nodiscard]] const char* fault_name(const core::Error& e);
// The reader in words: "module", "ACPI table", ...
[[nodiscard]] const char* reader_name(core::Reader r);

} // namespace domfw::loader
