// Decoding of the structure types a pass-through user cares about (DSP0134 §7): 0 BIOS, 1 System,
// 2 Baseboard, 3 Chassis, 4 Processor, 11 OEM Strings, 16 Physical Memory Array, 17 Memory Device,
// 22 Portable Battery, 39 System Power Supply. Labels and value texts are dmidecode 3.4's, so a
// decoded field can be compared line by line with `dmidecode --from-dump`; other types decode
// generically (type, handle, length, strings).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smbios/table.hpp"

namespace domfw::smbios {

struct Field {
    std::string_view key;                     // JSON key, e.g. "serial_number" (static storage)
    std::string_view label;                   // dmidecode's label, e.g. "Serial Number" (static storage)
    std::string text;                         // the value as dmidecode prints it
    std::optional<std::int64_t> number;       // the value as a number, where it is one
    std::optional<std::uint8_t> string_index; // the string it came from, if any
    bool secret = false;                      // serial numbers, UUIDs, asset tags: hidden unless asked for
};

struct Decoded {
    std::string_view name; // dmidecode's heading, e.g. "System Information" (static); empty for generic types
    std::vector<Field> fields;
};

[[nodiscard]] Decoded decode(const Structure& s, std::uint16_t version);
// The same into `out`, reusing its storage (a table's worth of structures, one allocation).
void decode_into(const Structure& s, std::uint16_t version, Decoded& out);

// dmidecode's dmi_string(): "Not Specified" for index 0, "<BAD INDEX>" past the last string, and
// bytes below 0x20, 0x7f and above it shown as '.'.
[[nodiscard]] std::string display_string(const Structure& s, std::uint8_t index);
[[nodiscard]] std::string display_bytes(std::string_view raw);
// True when display_bytes(raw) == raw (every byte printable ASCII), so no copy is needed.
[[nodiscard]] bool is_displayable(std::string_view raw);

// dmidecode's dmi_system_uuid(): "Not Present" (all FF), "Not Settable" (all 00), otherwise the
// first three fields little-endian from SMBIOS 2.6 on (§7.2.1) and in wire order before.
[[nodiscard]] std::string format_uuid(std::span<const std::uint8_t, 16> b, std::uint16_t version);

// True for texts that carry no information ("Not Specified", "Not Present", ...), so hiding
// them protects nothing.
[[nodiscard]] bool is_placeholder(std::string_view text);

// dmidecode's heading for a type, e.g. "Memory Device"; "" for types it does not name here.
[[nodiscard]] std::string_view type_name(std::uint8_t type);

} // namespace domfw::smbios
