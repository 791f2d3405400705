#include <fmt/format.h>

#include "acpi/load.hpp"
#include "support/error.hpp"
#include "support/escaped_text.hpp"

namespace domfw::acpi {
namespace ca = core::acpi;

namespace {

std::string sig_text(const ca::Signature& s) { return support::escaped(s); }

TableOrigin at_address(std::string name, std::uint64_t address) {
    std::string where = fmt::format("{} at {:#x}", name, address);
    return TableOrigin{std::move(name), address, std::move(where), false};
}

AcpiTable copy_table(core::Bytes bytes, std::string name, std::uint64_t address) {
    return AcpiTable::decode(std::vector<std::uint8_t>(bytes.begin(), bytes.end()),
                             at_address(std::move(name), address));
}

// Adds the table at `address`, or warns and returns nullopt.
std::optional<ca::TableView> add_table_at(AcpiTableSet& set, const ca::PhysicalImage& image, std::uint64_t address,
                                          std::string_view who) {
    auto from = image.from(address);
    if (!from) {
        set.warn(describe(from.error(), who));
        return std::nullopt;
    }
    auto view = ca::table_bounds(*from);
    if (!view) {
        set.warn(describe(view.error(), fmt::format("{}: table at {:#x}", who, address)));
        return std::nullopt;
    }
    set.add(copy_table(view->bytes, sig_text(view->header.signature), address));
    return *view;
}

void add_fadt_children(AcpiTableSet& set, const ca::PhysicalImage& image, const ca::TableView& fadt,
                       std::uint64_t fadt_address) {
    auto ptrs = ca::fadt_pointers(fadt);
    if (!ptrs) {
        set.warn(describe(ptrs.error(), fmt::format("FACP at {:#x}", fadt_address)));
        return;
    }
    if (ptrs->dsdt != 0) (void)add_table_at(set, image, ptrs->dsdt, fmt::format("FACP at {:#x}: DSDT", fadt_address));
    if (ptrs->facs == 0) return; // hardware-reduced ACPI (§4.1) has no FACS
    std::string who = fmt::format("FACP at {:#x}: FACS", fadt_address);
    auto from = image.from(ptrs->facs);
    if (!from) {
        set.warn(describe(from.error(), who));
        return;
    }
    auto facs = ca::check_facs(*from);
    if (!facs) {
        set.warn(describe(facs.error(), fmt::format("{} at {:#x}", who, ptrs->facs)));
        return;
    }
    set.add(copy_table(facs->bytes, "FACS", ptrs->facs));
}

} // namespace

Expected<AcpiTableSet> load_memory_image(core::Bytes image_bytes, std::uint64_t base,
                                         std::optional<std::uint64_t> rsdp_address) {
    ca::PhysicalImage image{base, image_bytes};
    AcpiTableSet set;
    set.set_source(fmt::format("memory image at {:#x} ({:#x} bytes)", base, image_bytes.size()));
    std::uint64_t rsdp_at = 0;
    if (rsdp_address) {
        rsdp_at = *rsdp_address;
    } else {
        auto found = ca::find_rsdp(image);
        if (!found) {
            return fail("memory image at {:#x} ({:#x} bytes): no valid RSDP on a 16-byte boundary", base,
                        image_bytes.size());
        }
        rsdp_at = *found;
    }
    std::string rsdp_ctx = fmt::format("RSDP at {:#x}", rsdp_at);
    auto from = image.from(rsdp_at);
    if (!from) return Unexpected(Error{describe(from.error(), rsdp_ctx)});
    auto rsdp = ca::check_rsdp(*from);
    if (!rsdp) return Unexpected(Error{describe(rsdp.error(), rsdp_ctx)});
    set.add(copy_table(rsdp->bytes, "RSDP", rsdp_at));

    std::uint64_t root_at = rsdp->root_address();
    if (root_at == 0) return fail("{}: points to no RSDT or XSDT (both addresses are 0)", rsdp_ctx);
    const bool use_xsdt = rsdp->has_extended_part() && rsdp->xsdt_address != 0;
    const char* root_name = use_xsdt ? "XSDT" : "RSDT";
    std::string root_ctx = fmt::format("{} at {:#x} (from the RSDP)", root_name, root_at);
    auto root_from = image.from(root_at);
    if (!root_from) return Unexpected(Error{describe(root_from.error(), root_ctx)});
    auto root_view = ca::table_bounds(*root_from);
    if (!root_view) return Unexpected(Error{describe(root_view.error(), root_ctx)});
    if (!ca::signature_is(root_view->header.signature, use_xsdt ? "XSDT" : "RSDT")) {
        return fail("{}: signature is '{}', expected '{}'", root_ctx, sig_text(root_view->header.signature), root_name);
    }
    auto root = ca::RootTable::from(*root_view);
    if (!root) return Unexpected(Error{describe(root.error(), root_ctx)});
    set.add(copy_table(root_view->bytes, root_name, root_at));
    if (root->trailing_bytes() != 0) {
        set.warn(fmt::format("{}: length leaves {} bytes after the last whole {}-byte entry (ignored)", root_ctx,
                             root->trailing_bytes(), root->entry_size()));
    }

    for (std::size_t i = 0; i < root->count(); ++i) {
        auto addr = root->entry(i);
        if (!addr) continue; // cannot happen: i < count()
        std::string who = fmt::format("{} entry {}", root_name, i);
        if (*addr == 0) {
            set.warn(fmt::format("{}: address is 0 (skipped)", who));
            continue;
        }
        auto view = add_table_at(set, image, *addr, who);
        if (view && ca::signature_is(view->header.signature, "FACP")) add_fadt_children(set, image, *view, *addr);
    }
    return set;
}

} // namespace domfw::acpi
