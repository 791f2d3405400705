// Words for the errors of core/acpi_table: "CONTEXT: length 0x73f exceeds the 0x730 bytes held".
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace domfw::acpi {

[[nodiscard]] std::string describe_table_error(const core::Error& e, std::string_view context);

} // namespace domfw::acpi
