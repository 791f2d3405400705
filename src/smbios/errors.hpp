// core/smbios_walk's and core/smbios_firmware's faults as strings, in core's words (core/fault_text.hpp).
#pragma once

#include <string>

#include "core/result.hpp"
#include "core/smbios_walk.hpp"

namespace domfw::smbios {

// "_SM_ entry point: checksum over 0x1f bytes is 0x12, not 0"
[[nodiscard]] std::string describe(const core::smbios::EntryError& e);
// "SMBIOS structure at offset 0x1de (type 0, handle 0x0000): formatted length 0x00 is below the 4-byte header"
[[nodiscard]] std::string describe(const core::smbios::WalkError& e);
// A core::SmbiosFirmwareReader fault (hvmloader's smbios_firmware records), record `index`:
// "entry 1 at offset 0xb: 0x1 bytes left, too few for the 4-byte length prefix".
[[nodiscard]] std::string describe_firmware_record(const core::Error& e, std::size_t index);
using core::smbios::anchor_name;

} // namespace domfw::smbios
