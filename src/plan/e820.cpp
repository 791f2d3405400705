// The guest's e820 before and after the loader hands off (XEN-FACTS §2). HVM follows what
// hvmloader builds: RAM below 0xA0000, the BIOS image reserved, RAM from 1 MiB, the ACPI area
// NVS, the rest of hvmloader's reserved memory up to 4 GiB reserved, RAM above 4 GiB. Before
// hand-off the module area is reserved so the loader's allocator leaves it alone; afterwards
// it is ordinary RAM. PVH follows libxl: ACPI pages NVS, special pages reserved.
#include "domfw/abi/e820.h"
#include "plan/layout.hpp"
#include "plan/plan_parts.hpp"

namespace domfw::plan::detail {
namespace {

void add(std::vector<E820Entry>& m, std::uint64_t start, std::uint64_t end, std::uint32_t type) {
    if (end > start) m.push_back({start, end - start, type});
}

} // namespace

std::vector<E820Entry> make_e820(GuestType type, std::uint64_t low_ram_end, std::uint64_t high_ram_end,
                                 std::uint64_t area_start, std::uint64_t area_end, bool before) {
    using namespace layout;
    std::vector<E820Entry> m;
    add(m, 0, kLowRamEnd, DOMFW_E820_RAM);
    if (type == GuestType::hvm) {
        add(m, kBiosStart, kBiosEnd, DOMFW_E820_RESERVED);
        if (before && area_end > area_start) {
            add(m, kBiosEnd, area_start, DOMFW_E820_RAM);
            add(m, area_start, area_end, DOMFW_E820_RESERVED);
            add(m, area_end, low_ram_end, DOMFW_E820_RAM);
        } else {
            add(m, kBiosEnd, low_ram_end, DOMFW_E820_RAM);
        }
        add(m, kReservedMemBase, kSeabiosDynamicStart, DOMFW_E820_NVS);
        add(m, kSeabiosDynamicStart, k4GiB, DOMFW_E820_RESERVED);
    } else {
        add(m, kVgaStart, kBiosEnd, DOMFW_E820_RESERVED);
        add(m, kBiosEnd, low_ram_end, DOMFW_E820_RAM);
        add(m, kPvhAcpiStart, kPvhAcpiE820End, DOMFW_E820_ACPI);
        add(m, kPvhSpecialPagesStart, kSpecialPagesEnd, DOMFW_E820_RESERVED);
    }
    if (high_ram_end > kHighRamStart) add(m, kHighRamStart, high_ram_end, DOMFW_E820_RAM);
    return m;
}

} // namespace domfw::plan::detail
