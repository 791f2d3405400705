#include <fmt/format.h>

#include "acpi/acpidump_text.hpp"
#include "acpi/load.hpp"

namespace domfw::acpi {

Expected<AcpiTableSet> load_acpidump_text(std::string_view text, std::string_view origin) {
    DOMFW_TRY_X(auto blocks, parse_acpidump_text(text, origin));
    AcpiTableSet set;
    set.set_source(std::string(origin));
    for (auto& b : blocks) {
        TableOrigin o{b.name, b.address, fmt::format("{}:{}: {}", origin, b.line, b.name), false};
        set.add(AcpiTable::decode(std::move(b.bytes), std::move(o)));
    }
    return set;
}

} // namespace domfw::acpi
