// The pass-through splitters on arbitrary bytes: the user's smbios_firmware and acpi_firmware
// files (plan/passthrough_files, through core's smbios_firmware codec and ACPI table sequence).
// Whatever is accepted must be the whole file, piece by piece, and write back byte for byte;
// whatever is refused must say so with the file's name in front.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/acpi_table.hpp"
#include "core/byte_writer.hpp"
#include "core/smbios_firmware.hpp"
#include "plan/passthrough_files.hpp"

namespace {

void check_refusal(const std::string& message) {
    if (message.rfind("f: ", 0) != 0 || message.size() <= 3) std::abort();
}

void smbios_firmware(domfw::core::Bytes file) {
    auto pieces = domfw::plan::split_smbios_firmware(file, "f");
    if (!pieces) return check_refusal(pieces.error().message);
    // The codec's writer rebuilds exactly the file from the structures.
    std::vector<std::uint8_t> out(file.size());
    domfw::core::ByteWriter w(out);
    for (domfw::core::Bytes s : *pieces) {
        if (s.data() < file.data() || s.data() + s.size() > file.data() + file.size()) std::abort();
        if (!domfw::core::write_smbios_firmware_record(w, s)) std::abort();
    }
    if (w.offset() != file.size()) std::abort();
    for (std::size_t i = 0; i < file.size(); ++i)
        if (out[i] != file[i]) std::abort();
}

void acpi_firmware(domfw::core::Bytes file) {
    auto pieces = domfw::plan::split_acpi_firmware(file, "f");
    if (!pieces) return check_refusal(pieces.error().message);
    // Back to back, each a whole table with a good checksum, covering the file.
    const std::uint8_t* next = file.data();
    for (domfw::core::Bytes t : *pieces) {
        if (t.data() != next) std::abort();
        auto checked = domfw::core::acpi::checked_table(t);
        if (!checked || checked->bytes.size() != t.size()) std::abort();
        next = t.data() + t.size();
    }
    if (next != file.data() + file.size()) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    // First byte: which file (even: smbios_firmware, odd: acpi_firmware).
    const domfw::core::Bytes file(data + 1, size - 1);
    if ((data[0] & 1) == 0)
        smbios_firmware(file);
    else
        acpi_firmware(file);
    return 0;
}
