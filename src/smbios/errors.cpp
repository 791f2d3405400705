#include "smbios/errors.hpp"

#include <fmt/format.h>

#include "core/smbios_firmware.hpp"
#include "support/error.hpp"
#include "support/escaped_text.hpp"

namespace domfw::smbios {

using core::smbios::EntryFault;
using core::smbios::EntryKind;
using core::smbios::WalkFault;

const char* anchor_name(EntryKind k) {
    switch (k) {
    case EntryKind::smbios2: return "_SM_";
    case EntryKind::smbios3: return "_SM3_";
    case EntryKind::legacy_dmi: return "_DMI_";
    }
    return "?";
}

namespace {

// The 5 bytes found where an anchor belongs (packed first byte highest), as text between '...'.
std::string anchor_bytes(std::uint64_t be5) {
    std::uint8_t b[5];
    for (std::size_t i = 0; i < 5; ++i)
        b[i] = static_cast<std::uint8_t>(be5 >> (8 * (4 - i)));
    return support::quoted(b, '\'');
}

} // namespace

std::string describe(const core::smbios::EntryError& e) {
    const std::string who = fmt::format("{} entry point", anchor_name(e.kind));
    switch (e.fault) {
    case EntryFault::none: return who + ": no error";
    case EntryFault::too_short:
        return fmt::format("{}: {:#x} bytes held, the entry point needs {:#x}", who, e.value, e.limit);
    case EntryFault::unknown_anchor:
        return fmt::format("SMBIOS entry point: no _SM_, _SM3_ or _DMI_ anchor at offset 0 (found {})",
                           anchor_bytes(e.value));
    case EntryFault::bad_length:
        return fmt::format("{}: length {:#04x} is outside {:#04x}..0x20", who, e.value, e.limit);
    case EntryFault::length_past_end:
        return fmt::format("{}: length {:#04x} exceeds the {:#x} bytes held", who, e.value, e.limit);
    case EntryFault::bad_checksum:
        return fmt::format("{}: checksum over {:#x} bytes sums to {:#04x}, not 0", who, e.limit, e.value);
    case EntryFault::bad_intermediate_anchor:
        return fmt::format("{}: no _DMI_ intermediate anchor at offset 0x10 (found {})", who, anchor_bytes(e.value));
    case EntryFault::bad_intermediate_checksum:
        return fmt::format("{}: intermediate (_DMI_) checksum over {:#x} bytes at offset 0x10 sums to {:#04x}, not 0",
                           who, e.limit, e.value);
    }
    return who + ": unknown fault";
}

std::string describe(const core::smbios::WalkError& e) {
    const std::string who =
        fmt::format("SMBIOS structure at offset {:#x} (type {}, handle {:#06x})", e.offset, e.type, e.handle);
    switch (e.fault) {
    case WalkFault::none: return who + ": no error";
    case WalkFault::short_formatted:
        return fmt::format("{}: formatted length {:#04x} is below the 4-byte header", who, e.value);
    case WalkFault::formatted_past_end:
        return fmt::format("{}: formatted length {:#04x} runs past the end of the table ({:#x} bytes left)", who,
                           e.value, e.limit);
    case WalkFault::unterminated_strings:
        return fmt::format("{}: string set has no double-NUL terminator in the {:#x} bytes left", who, e.value);
    }
    return who + ": unknown fault";
}

std::string describe_firmware_record(const core::Error& e, std::size_t index) {
    using core::SmbiosFirmwareFault;
    if (e.reader == core::Reader::smbios_structure)
        return fmt::format("entry {}: {}", index, describe(core::smbios::walk_error_of(e)));
    const std::string who = fmt::format("entry {} at offset {:#x}", index, e.offset);
    if (e.reader != core::Reader::smbios_firmware) return domfw::describe(e, who);
    switch (e.fault<SmbiosFirmwareFault>()) {
    case SmbiosFirmwareFault::prefix_cut:
        return fmt::format("{}: {:#x} bytes left, too few for the {}-byte length prefix", who, e.value, e.limit);
    case SmbiosFirmwareFault::length_below_header:
        return fmt::format("{}: length prefix {:#x} is below the {}-byte structure header", who, e.value, e.limit);
    case SmbiosFirmwareFault::length_past_end:
        return fmt::format("{}: length prefix {:#x} runs past the end of the file ({:#x} bytes left)", who, e.value,
                           e.limit);
    case SmbiosFirmwareFault::length_not_size:
        return fmt::format("{} (type {}, handle {:#06x}): length prefix {:#x} differs from the structure's size {:#x}",
                           who, e.object >> 16, e.object & 0xFFFF, e.value, e.limit);
    }
    return fmt::format("{}: smbios_firmware fault {}", who, e.code);
}

} // namespace domfw::smbios
