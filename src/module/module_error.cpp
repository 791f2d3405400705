#include "module/module_error.hpp"

#include "core/fault_text.hpp"
#include "support/error.hpp"

namespace domfw::module {

std::string describe_module_error(const core::Error& e, std::string_view object) {
    std::string msg(object);
    if (!msg.empty()) msg += ": ";
    core::TextSink sink = string_sink(msg);
    core::write_module_fault(sink, e);
    return msg;
}

} // namespace domfw::module
