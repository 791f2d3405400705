#include "smbios/errors.hpp"

#include "core/fault_text.hpp"
#include "support/error.hpp"

namespace domfw::smbios {

std::string describe(const core::smbios::EntryError& e) { return domfw::describe(core::smbios::to_error(e)); }

std::string describe(const core::smbios::WalkError& e) { return domfw::describe(core::smbios::walk_error(e, 0)); }

std::string describe_firmware_record(const core::Error& e, std::size_t index) {
    std::string msg;
    core::TextSink sink = string_sink(msg);
    core::write_firmware_record_fault(sink, e, index);
    return msg;
}

} // namespace domfw::smbios
