#include "support/error.hpp"

#include "core/byte_writer.hpp"

namespace domfw {

std::string describe(const core::Error& e, std::string_view context) {
    std::string out;
    if (!context.empty()) out = fmt::format("{}: ", context);
    out += fmt::format("{} at offset {:#x} ({:#x} vs {:#x})", e.what, e.offset, e.value, e.limit);
    return out;
}

std::string describe(const core::WriteFault& f, std::string_view object) {
    return fmt::format("{}: {} write needs {:#x} bytes at offset {:#x}, {:#x} held", object, core::to_string(f.op),
                       f.needed, f.offset, f.held);
}

} // namespace domfw
