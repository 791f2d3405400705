// smbios and acpi share a row: neither includes the other.
#include "core/smbios_walk.hpp"
#include "acpi/table.hpp"
#include <fmt/format.h>
