#include "loader/lib/vcpus.hpp"

#include "core/acpi_table.hpp"

namespace domfw::loader {
namespace {

namespace acpi = core::acpi;

// A table at `paddr`: its header read first, then exactly its length, checked.
core::Result<acpi::TableView> table_at(const PhysMemory& mem, std::uint64_t paddr) {
    const auto head = mem.view(paddr, acpi::kHeaderSize);
    if (head.empty()) return core::Error{};
    const core::Result<acpi::TableHeader> h = acpi::read_header(head);
    if (!h) return h.error();
    const auto whole = mem.view(paddr, h->length);
    if (whole.empty()) return core::Error{};
    return acpi::checked_table(whole);
}

VcpuCount one(Console& con, const char* why, std::uint64_t at) {
    con.line().str("smbios: one type 4: ").str(why).str(" (at ").hex(at).str(")").end();
    return {};
}

} // namespace

VcpuCount count_vcpus(const PhysMemory& mem, std::uint64_t rsdp_paddr, Console& con) {
    if (rsdp_paddr == 0) {
        con.line().str("smbios: one type 4: no rsdp_paddr, so no MADT to count vCPUs in").end();
        return {};
    }
    auto rsdp_bytes = mem.view(rsdp_paddr, acpi::kRsdpV2Size);
    if (rsdp_bytes.empty()) rsdp_bytes = mem.view(rsdp_paddr, acpi::kRsdpV1Size);
    const core::Result<acpi::RsdpView> rsdp = acpi::check_rsdp(rsdp_bytes);
    if (!rsdp) return one(con, "the RSDP is not valid", rsdp_paddr);
    const std::uint64_t root_at = rsdp->root_address();
    const core::Result<acpi::TableView> root_table = table_at(mem, root_at);
    if (!root_table) return one(con, "the RSDT/XSDT is not valid", root_at);
    const core::Result<acpi::RootTable> root = acpi::RootTable::from(*root_table);
    if (!root) return one(con, "the root table is neither RSDT nor XSDT", root_at);
    for (std::size_t i = 0; i < root->count(); ++i) {
        const core::Result<std::uint64_t> at = root->entry(i);
        if (!at) break;
        const core::Result<acpi::TableView> t = table_at(mem, *at);
        if (!t || !acpi::signature_is(t->header.signature, "APIC")) continue;
        // The interrupt controller structures follow the 36-byte header and two dwords (§5.2.12).
        const core::Bytes b = t->bytes;
        std::uint32_t n = 0;
        for (std::size_t off = acpi::kHeaderSize + 8; off + 2 <= b.size();) {
            const std::uint8_t type = b[off];
            const std::uint8_t len = b[off + 1];
            if (len < 2 || len > b.size() - off) break; // a broken entry ends the list
            if ((type == 0 || type == 9) && n < kMaxSmbiosVcpus) ++n;
            off += len;
        }
        if (n == 0) return one(con, "the MADT lists no processor", *at);
        con.line().str("smbios: ").dec(n).str(n == 1 ? " vCPU" : " vCPUs").str(" in the MADT at ").hex(*at);
        con.str(": one type 4 each").end();
        return {.count = n, .from_madt = true};
    }
    return one(con, "no valid MADT in the root table", root_at);
}

} // namespace domfw::loader
