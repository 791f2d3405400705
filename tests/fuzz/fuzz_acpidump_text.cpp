// The acpidump text reader on arbitrary text: a table set or an error with a line number,
// never a crash; what it loads goes through the report too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "acpi/load.hpp"
#include "acpi/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto set = domfw::acpi::load_acpidump_text(text, "fuzz");
    if (set) {
        (void)domfw::acpi::to_json(*set, {}).dump();
        (void)domfw::acpi::render_text(*set, {});
        (void)domfw::acpi::sysfs_files(*set);
    }
    return 0;
}
