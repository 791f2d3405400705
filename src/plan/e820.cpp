// The guest's e820 before and after the loader hands off (XEN-FACTS §2). HVM follows what
// hvmloader builds: RAM below 0xA0000, the BIOS image reserved, RAM from 1 MiB, the ACPI area
// NVS, the rest of hvmloader's reserved memory up to 4 GiB reserved, RAM above 4 GiB. Before
// hand-off the module area is reserved so the loader's allocator leaves it alone; afterwards
// it is ordinary RAM. PVH follows libxl: ACPI pages NVS, special pages reserved.
#include <algorithm>

#include "domfw/abi/e820.h"
#include "plan/layout.hpp"
#include "plan/plan_parts.hpp"

namespace domfw::plan::detail {
namespace {

void add(std::vector<E820Entry>& m, std::uint64_t start, std::uint64_t end, std::uint32_t type) {
    if (end > start) m.push_back({start, end - start, type});
}

// Sets [start, end) to `type` over whatever was there (type 0 removes it), as SeaBIOS's
// e820_add/e820_remove do; keeps the map sorted with equal neighbours merged.
void paint(std::vector<E820Entry>& m, std::uint64_t start, std::uint64_t end, std::uint32_t type) {
    if (end <= start) return;
    std::vector<E820Entry> out;
    for (const auto& e : m) {
        const std::uint64_t e_end = e.addr + e.size;
        if (e_end <= start || e.addr >= end) {
            out.push_back(e);
            continue;
        }
        add(out, e.addr, start, e.type);
        add(out, end, e_end, e.type);
    }
    if (type != 0) out.push_back({start, end - start, type});
    std::sort(out.begin(), out.end(), [](const E820Entry& a, const E820Entry& b) { return a.addr < b.addr; });
    m.clear();
    for (const auto& e : out) {
        if (!m.empty() && m.back().type == e.type && m.back().addr + m.back().size == e.addr)
            m.back().size += e.size;
        else
            m.push_back(e);
    }
}

} // namespace

std::uint64_t hvmloader_acpi_room(const PlanInput& in) {
    // MADT, HPET, WAET always; the S3 and S4 SSDTs as platform/acpi_s3 and acpi_s4 say.
    const std::uint64_t builtin = 3 + (in.acpi_s3 ? 1 : 0) + (in.acpi_s4 ? 1 : 0);
    return layout::kAcpiMaxSecondaryTables - builtin - 1;
}

std::uint64_t hvmloader_acpi_end(const PlanInput& in) {
    using namespace layout;
    if (!in.acpi) return kReservedMemBase;
    std::uint64_t last = kAcpiTablesStart - 1; // acpi_alloc_up: the last byte allocated so far
    auto alloc = [&last](std::uint64_t size, std::uint64_t align) {
        last = ((last + align) & ~(align - 1)) + size - 1;
    };
    alloc(kAcpiFacsSize, kAcpiFacsAlign);
    alloc(kAcpiDsdtQemuXenSize, kAcpiTableAlign);
    alloc(kAcpiFadt10Size, kAcpiTableAlign);
    alloc(kAcpiFadt4Size, kAcpiTableAlign);
    std::uint64_t secondary = 0;
    // vcpus <= HVM_MAX_VCPUS (check_input), so the MADT's size cannot overflow.
    for (const std::uint64_t size : {kAcpiMadtFixedSize + kAcpiMadtPerVcpu * in.vcpus, kAcpiHpetSize, kAcpiWaetSize}) {
        alloc(size, kAcpiTableAlign);
        ++secondary;
    }
    for (const auto& [on, size] : {std::pair{in.acpi_s3, kAcpiSsdtS3Size}, std::pair{in.acpi_s4, kAcpiSsdtS4Size}}) {
        if (!on) continue;
        alloc(size, kAcpiTableAlign);
        ++secondary;
    }
    const std::uint64_t room = hvmloader_acpi_room(in);
    // The blob's tables were split and checked (split_acpi_firmware): each is below the blob's size.
    for (std::size_t i = 0; i < in.acpi_tables.size() && i < room; ++i) {
        alloc(in.acpi_tables[i], kAcpiTableAlign);
        ++secondary;
    }
    alloc(kAcpiXsdtFixedSize + 8 * secondary, kAcpiTableAlign);
    alloc(kAcpiRsdtFixedSize + 4 * secondary, kAcpiTableAlign);
    const std::uint64_t pages = (last / kPage) - ((kAcpiTablesStart - 1) / kPage);
    return kAcpiTablesStart + pages * kPage;
}

std::vector<E820Entry> make_hvm_e820_after(const PlanInput& in, std::uint64_t low_ram_end, std::uint64_t high_ram_end) {
    using namespace layout;
    std::uint64_t acpi_blob = 0;
    for (const auto& m : in.modules)
        if (m.role == ModuleRole::acpi_passthrough) acpi_blob = m.size;
    // hvmloader's table (e820.c build_e820_table), in the order it sorts it: its own entries, then
    // the toolstack's map, in which Xen 4.17's libxl lists the ACPI blob at address 0 (its
    // address is not known yet when libxl builds the map): the later entry wins where they overlap.
    std::vector<E820Entry> m;
    paint(m, 0, kLowRamEnd, DOMFW_E820_RAM);
    paint(m, 0, std::min(acpi_blob, kMmioHoleStart), DOMFW_E820_ACPI);
    paint(m, kBiosStart, kBiosEnd, DOMFW_E820_RESERVED);
    const std::uint64_t acpi_end = hvmloader_acpi_end(in);
    paint(m, kReservedMemBase, acpi_end, DOMFW_E820_NVS);
    paint(m, acpi_end, k4GiB, DOMFW_E820_RESERVED);
    paint(m, kBiosEnd, low_ram_end, DOMFW_E820_RAM);
    if (high_ram_end > kHighRamStart) paint(m, kHighRamStart, high_ram_end, DOMFW_E820_RAM);
    if (in.bios == "seabios") {
        paint(m, kLowRamEnd, kFSegmentStart, 0);
        paint(m, kFSegmentStart, kBiosEnd, DOMFW_E820_RESERVED);
        paint(m, kSeabiosEbdaStart, kLowRamEnd, DOMFW_E820_RESERVED);
        paint(m, low_ram_end - kSeabiosHypercallPages, low_ram_end, DOMFW_E820_RESERVED);
    }
    return m;
}

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
