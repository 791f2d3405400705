#include "plan/passthrough_files.hpp"

#include <fmt/format.h>

#include "acpi/table_error.hpp"
#include "core/acpi_table.hpp"
#include "core/smbios_firmware.hpp"
#include "smbios/errors.hpp"

namespace domfw::plan {

Expected<std::vector<core::Bytes>> split_smbios_firmware(core::Bytes file, std::string_view name) {
    if (file.empty())
        return fail("{}: file is empty (xl ignores an empty smbios_firmware silently; domfw refuses it)", name);
    std::vector<core::Bytes> out;
    core::SmbiosFirmwareReader records(file);
    for (core::smbios::Structure st; records.next(st);)
        out.push_back(file.subspan(st.offset, st.size()));
    if (records.failed())
        return fail("{}: {}", name, smbios::describe_firmware_record(records.error(), records.count()));
    return out;
}

Expected<std::vector<core::Bytes>> split_acpi_firmware(core::Bytes file, std::string_view name) {
    if (file.empty())
        return fail("{}: file is empty (xl ignores an empty acpi_firmware silently; domfw refuses it)", name);
    std::vector<core::Bytes> out;
    core::acpi::TableSequence tables(file);
    for (core::acpi::TableView t; tables.next(t);)
        out.push_back(t.bytes);
    if (tables.failed())
        return Unexpected(
            Error{acpi::describe_sequence_error(tables.error(), name, fmt::format("table {}", tables.count()))});
    return out;
}

} // namespace domfw::plan
