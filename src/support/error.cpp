#include "support/error.hpp"

#include "core/byte_writer.hpp"

namespace domfw {

std::string describe(const core::Error& e, std::string_view context) {
    std::string out;
    if (!context.empty()) out = fmt::format("{}: ", context);
    // A typed fault reaching here has no words of its own place: name its reader and code.
    if (e.reader != core::Reader::generic)
        out += fmt::format("fault {} of core reader {}", e.code, static_cast<unsigned>(e.reader));
    else
        out += e.what;
    out += fmt::format(" at offset {:#x} ({:#x} vs {:#x})", e.offset, e.value, e.limit);
    return out;
}

std::string describe(const core::WriteFault& f, std::string_view object) {
    return fmt::format("{}: {} write needs {:#x} bytes at offset {:#x}, {:#x} held", object, core::to_string(f.op),
                       f.needed, f.offset, f.held);
}

} // namespace domfw
