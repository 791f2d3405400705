#include "support/error.hpp"

namespace domfw {

std::string describe(const core::Error& e, std::string_view context) {
    std::string out;
    if (!context.empty()) out = fmt::format("{}: ", context);
    out += fmt::format("{} at offset {:#x} ({:#x} vs {:#x})", e.what, e.offset, e.value, e.limit);
    return out;
}

} // namespace domfw
