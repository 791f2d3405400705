#include "support/error.hpp"

#include "core/byte_writer.hpp"
#include "core/fault_text.hpp"

namespace domfw {

core::TextSink string_sink(std::string& out) {
    return core::TextSink(
        [](void* s, const char* text, std::size_t size) { static_cast<std::string*>(s)->append(text, size); }, &out);
}

std::string describe(const core::Error& e, std::string_view context) {
    std::string out;
    if (!context.empty()) out = fmt::format("{}: ", context);
    core::TextSink sink = string_sink(out);
    core::write_fault(sink, e);
    return out;
}

std::string describe(const core::WriteFault& f, std::string_view object) {
    return fmt::format("{}: {} write needs {:#x} bytes at offset {:#x}, {:#x} held", object, core::to_string(f.op),
                       f.needed, f.offset, f.held);
}

} // namespace domfw
