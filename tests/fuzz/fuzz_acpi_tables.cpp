// The ACPI header / RSDP / RSDT-XSDT walk over a memory image taken from the input (base
// 0xe0000, as in tests/acpi/malformed/image_*.bin): every check must answer with a value or an
// error and never read outside the image. The same bytes also go through the single-structure
// checks and the report, which must hold whatever the load produced.
#include <cstddef>
#include <cstdint>

#include "acpi/load.hpp"
#include "acpi/report.hpp"
#include "core/acpi_table.hpp"

namespace {

void check_structures(domfw::core::Bytes b) {
    namespace ca = domfw::core::acpi;
    if (auto t = ca::table_bounds(b)) {
        (void)ca::check_checksum(*t);
        if (auto root = ca::RootTable::from(*t)) {
            for (std::size_t i = 0; i <= root->count(); ++i)
                (void)root->entry(i);
        }
        (void)ca::fadt_pointers(*t);
    }
    (void)ca::check_rsdp(b);
    (void)ca::check_facs(b);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    domfw::core::Bytes image(data, size);
    check_structures(image);
    auto set = domfw::acpi::load_memory_image(image, 0xE0000);
    if (set) {
        (void)domfw::acpi::to_json(*set, {}).dump();
        (void)domfw::acpi::render_text(*set, {});
        (void)domfw::acpi::sysfs_files(*set);
    }
    // An explicit RSDP address from the first bytes reaches RSDPs off the 16-byte grid too.
    if (size >= 2) {
        std::uint64_t at = 0xE0000 + (static_cast<std::uint64_t>(data[0]) | static_cast<std::uint64_t>(data[1]) << 8);
        (void)domfw::acpi::load_memory_image(image, 0xE0000, at);
    }
    return 0;
}
