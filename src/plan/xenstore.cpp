// The xenstore keys hvmloader reads (public/hvm/hvm_xs_strings.h; XEN-FACTS §4), with values
// formatted as libxl writes them: addresses and lengths as "0x%x" hex strings (hvmloader reads
// them with base-0 strtoll), booleans as "0"/"1".
#include "plan/xenstore.hpp"

#include <fmt/format.h>

#include "cfg/writer.hpp"
#include "plan/plan_parts.hpp"

namespace domfw::plan {

Expected<std::string> xenstore_line(std::string_view key, std::string_view value) {
    auto q = cfg::quote(value);
    if (!q) return fail("xenstore key {}: {}", key, q.error().message);
    return fmt::format("{} = {}", key, *q);
}

} // namespace domfw::plan

namespace domfw::plan::detail {

std::vector<std::pair<std::string, std::string>> make_xenstore(const PlanInput& in,
                                                               const std::vector<PlacedModule>& modules) {
    std::vector<std::pair<std::string, std::string>> kv;
    if (in.type != GuestType::hvm) return kv; // PVH has no hvmloader
    kv.emplace_back("hvmloader/bios", in.bios);
    for (const auto& m : modules) {
        if (m.role == ModuleRole::smbios_passthrough) {
            kv.emplace_back("hvmloader/smbios/address", fmt::format("{:#x}", m.paddr));
            kv.emplace_back("hvmloader/smbios/length", fmt::format("{:#x}", m.size));
        } else if (m.role == ModuleRole::acpi_passthrough) {
            kv.emplace_back("hvmloader/acpi/address", fmt::format("{:#x}", m.paddr));
            kv.emplace_back("hvmloader/acpi/length", fmt::format("{:#x}", m.size));
        }
    }
    // smbios = ["key=value"]: bios-strings/<key with '_' as '-'>, oem as oem-1, oem-2, ...
    int oem = 0;
    for (const auto& [key, value] : in.bios_strings) {
        if (key == "oem") {
            kv.emplace_back(fmt::format("bios-strings/oem-{}", ++oem), value);
            continue;
        }
        std::string k = key;
        for (auto& c : k)
            if (c == '_') c = '-';
        kv.emplace_back("bios-strings/" + k, value);
    }
    kv.emplace_back("platform/acpi", in.acpi ? "1" : "0");
    kv.emplace_back("platform/acpi_s3", in.acpi_s3 ? "1" : "0");
    kv.emplace_back("platform/acpi_s4", in.acpi_s4 ? "1" : "0");
    return kv;
}

} // namespace domfw::plan::detail
