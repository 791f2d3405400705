#include "module/module_error.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "core/byte_reader.hpp"
#include "support/escaped_text.hpp"

namespace domfw::module {

std::string signature_text(std::uint32_t v) {
    std::uint8_t bytes[4]; // as stored: little-endian
    for (std::size_t i = 0; i < 4; ++i)
        bytes[i] = static_cast<std::uint8_t>(v >> (8 * i));
    return support::quoted(bytes, '\'');
}

std::string describe_module_error(const core::Error& e, std::string_view object) {
    std::string out(object);
    if (!out.empty()) out += ": ";
    std::string_view w = e.what;
    for (std::size_t i = 0; i < w.size();) {
        if (w.substr(i).starts_with("{vsig}")) {
            out += signature_text(static_cast<std::uint32_t>(e.value));
            i += 6;
        } else if (w.substr(i).starts_with("{o}")) {
            out += fmt::format("{:#x}", e.offset);
            i += 3;
        } else if (w.substr(i).starts_with("{v}")) {
            out += fmt::format("{:#x}", e.value);
            i += 3;
        } else if (w.substr(i).starts_with("{l}")) {
            out += fmt::format("{:#x}", e.limit);
            i += 3;
        } else {
            out += w[i++];
        }
    }
    // The generic byte reader's texts carry no placeholders: append the values.
    if (w == core::kReadPastEnd) out += fmt::format(" at offset {:#x} ({:#x} vs {:#x})", e.offset, e.value, e.limit);
    return out;
}

} // namespace domfw::module
