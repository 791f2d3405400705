#include "acpi/table_error.hpp"

#include "core/fault_text.hpp"
#include "support/error.hpp"

namespace domfw::acpi {

std::string describe_sequence_error(const core::Error& e, std::string_view context, std::string_view label) {
    std::string msg(context);
    if (!msg.empty()) msg += ": ";
    core::TextSink sink = string_sink(msg);
    core::write_table_fault(sink, e, std::string(label).c_str());
    return msg;
}

} // namespace domfw::acpi
