// The sentences for core/smbios_walk's fault codes (STYLE.md rule 5: what, which object, values).
#pragma once

#include <string>

#include "core/smbios_walk.hpp"

namespace domfw::smbios {

// "_SM_ entry point: checksum over 0x1f bytes is 0x12, not 0"
[[nodiscard]] std::string describe(const core::smbios::EntryError& e);
// "SMBIOS structure at offset 0x1de (type 0, handle 0x0000): formatted length 0x00 is below the 4-byte header"
[[nodiscard]] std::string describe(const core::smbios::WalkError& e);
// "_SM_", "_SM3_", "_DMI_"
[[nodiscard]] const char* anchor_name(core::smbios::EntryKind k);

} // namespace domfw::smbios
