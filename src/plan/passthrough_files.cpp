#include "plan/passthrough_files.hpp"

#include <fmt/format.h>

#include "core/acpi_table.hpp"
#include "core/checksum.hpp"
#include "core/smbios_walk.hpp"
#include "module/module_error.hpp"
#include "smbios/errors.hpp"

namespace domfw::plan {

Expected<std::vector<core::Bytes>> split_smbios_firmware(core::Bytes file, std::string_view name) {
    if (file.empty())
        return fail("{}: file is empty (xl ignores an empty smbios_firmware silently; domfw refuses it)", name);
    std::vector<core::Bytes> out;
    const core::ByteReader r(file);
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < file.size(); ++i) {
        if (file.size() - pos < 4)
            return fail("{}: entry {} at offset {:#x}: {:#x} bytes left, too few for the 4-byte length prefix", name, i,
                        pos, file.size() - pos);
        const std::uint32_t len = r.u32_at(pos).value();
        const std::size_t left = file.size() - pos - 4;
        if (len < 4)
            return fail("{}: entry {} at offset {:#x}: length prefix {:#x} is below the 4-byte structure header", name,
                        i, pos, len);
        if (len > left)
            return fail(
                "{}: entry {} at offset {:#x}: length prefix {:#x} runs past the end of the file ({:#x} bytes left)",
                name, i, pos, len, left);
        const core::Bytes s = file.subspan(pos + 4, len);
        core::smbios::StructureWalk walk(s, 1);
        core::smbios::Structure st;
        if (!walk.next(st)) {
            core::smbios::WalkError e = walk.error();
            e.offset += pos + 4; // from the record to the file
            return fail("{}: entry {} at offset {:#x}: {}", name, i, pos, smbios::describe(e));
        }
        if (st.size() != len)
            return fail("{}: entry {} at offset {:#x} (type {}, handle {:#06x}): length prefix {:#x} differs from the "
                        "structure's size {:#x}",
                        name, i, pos, st.type, st.handle, len, st.size());
        out.push_back(s);
        pos += 4 + static_cast<std::size_t>(len);
    }
    return out;
}

Expected<std::vector<core::Bytes>> split_acpi_firmware(core::Bytes file, std::string_view name) {
    if (file.empty())
        return fail("{}: file is empty (xl ignores an empty acpi_firmware silently; domfw refuses it)", name);
    std::vector<core::Bytes> out;
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < file.size(); ++i) {
        const core::Bytes rest = file.subspan(pos);
        if (rest.size() < 36)
            return fail("{}: table {} at offset {:#x}: {:#x} bytes left, below the 36-byte table header", name, i, pos,
                        rest.size());
        auto t = core::acpi::table_bounds(rest);
        const std::string sig = module::signature_text(core::ByteReader(rest).u32_at(0).value());
        if (!t) {
            const auto& e = t.error();
            return fail("{}: table {} {} at offset {:#x}: {} (length {:#x}, {:#x} bytes left)", name, i, sig, pos,
                        e.what, e.value, rest.size());
        }
        if (core::sum8(t->bytes) != 0)
            return fail("{}: table {} {} at offset {:#x}: checksum byte {:#04x} should be {:#04x}", name, i, sig, pos,
                        t->header.checksum, core::acpi::expected_checksum(*t));
        out.push_back(t->bytes);
        pos += t->bytes.size();
    }
    return out;
}

} // namespace domfw::plan
