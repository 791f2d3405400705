#include "plan/plan_keys.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "hostfw/policy.hpp"
#include "plan/from_domain.hpp"

namespace domfw::plan {

void check_plan_keys(const domain::LoadResult& loaded, support::Diagnostics& out) {
    const domain::DomainConfig& c = loaded.config;
    const std::string& file = loaded.document.file();
    auto at = [&](const cfg::SourceRange& r) { return support::SourceLocation{file, r.line, r.column, r.length}; };
    // Each entry of a string-or-list key, in order; a nested list is an error of its own.
    auto each = [&](const domain::PassThroughKey& k, auto&& check) {
        if (!k.value.is_list()) return check(k.value);
        for (const auto& v : k.value.items) {
            if (v.is_list())
                out.error(at(v.range),
                          fmt::format("{}: a nested list is not an entry; write each entry as a string", k.key));
            else
                check(v);
        }
    };
    const bool pv = c.type.is_set() && *c.type == domain::GuestType::pv;

    if (const auto* k = c.passthrough_key("module_placement")) {
        if (k->value.is_list() || (k->value.text != "proposal" && k->value.text != "behind_loader"))
            out.error(at(k->value.range), "module_placement must be \"proposal\" (modules from 2 MiB) or "
                                          "\"behind_loader\" (right behind hvmloader, as libxc)");
    }
    const auto* sp = c.passthrough_key("smbios_passthrough");
    const auto* ap = c.passthrough_key("acpi_passthrough");
    if (sp != nullptr) {
        each(*sp, [&](const cfg::Value& v) {
            if (auto r = hostfw::parse_type_range(v.text); !r) out.error(at(v.range), r.error().message);
        });
        if (c.smbios_firmware)
            out.error(
                at(sp->key_range),
                fmt::format(
                    "smbios_passthrough and smbios_firmware (line {}) both give the guest an SMBIOS blob; keep one",
                    c.smbios_firmware->where.line));
    }
    if (ap != nullptr) {
        const bool hvm = c.type.is_set() && *c.type == domain::GuestType::hvm;
        each(*ap, [&](const cfg::Value& v) {
            auto r = hostfw::parse_acpi_selector(v.text);
            if (!r) {
                out.error(at(v.range), r.error().message);
            } else if (hvm && r->signature == "SLIC") {
                // hvmloader appends acpi_firmware's tables as they are; Windows checks that the
                // RSDT's (and XSDT's, FADT's) OEM ID and OEM table ID equal the SLIC's, and they
                // are Xen's own. QEMU's -acpitable and domfw's PVH loader make them match.
                out.warning(at(v.range),
                            "a SLIC passed to an HVM guest on Xen does not activate Windows: stock hvmloader keeps "
                            "Xen's OEM IDs in the RSDT, XSDT and FADT, which must match the SLIC's; `domfw run` "
                            "(QEMU copies them from the SLIC) and PVH guests through domfw's loader make them match");
            }
        });
        if (c.acpi_firmware)
            out.error(
                at(ap->key_range),
                fmt::format("acpi_passthrough and acpi_firmware (line {}) both give the guest an ACPI blob; keep one",
                            c.acpi_firmware->where.line));
    }
    if (const auto* k = c.passthrough_key("smbios_copy_identity")) {
        if (k->value.is_list() || (k->value.text != "0" && k->value.text != "1"))
            out.error(at(k->value.range), "smbios_copy_identity must be 0 (replace serials, UUID and asset tags: the "
                                          "default) or 1 (copy the host's)");
    }
    if (const auto* k = c.passthrough_key("firmware_source")) {
        if (k->value.is_list()) {
            out.error(at(k->value.range), "firmware_source must be \"host\" or one path");
        } else if (k->value.text == "host") {
            // The keyword wins over a folder of the same name (a capture called "host" beside the
            // config is easy to make with `domfw host dump -o host`): say which is read.
            std::error_code ec;
            if (std::filesystem::is_directory(c.config_dir / "host", ec))
                out.warning(at(k->value.range),
                            fmt::format("firmware_source = \"host\" reads this machine's live firmware, not the folder "
                                        "\"{}\"; write firmware_source = \"./host\" to read that capture",
                                        (c.config_dir / "host").lexically_normal().string()));
        } else {
            std::filesystem::path p = k->value.text.view();
            if (!p.is_absolute()) p = c.config_dir / p;
            std::error_code ec;
            if (!std::filesystem::exists(p, ec))
                out.error(at(k->value.range), fmt::format("firmware_source = \"{}\": not found (resolved to \"{}\")",
                                                          k->value.text, p.lexically_normal().string()));
        }
        if (sp == nullptr && ap == nullptr)
            out.warning(at(k->key_range),
                        "firmware_source is read only for smbios_passthrough and acpi_passthrough, and neither is set");
    }
    if (pv)
        for (const auto* k : {sp, ap})
            if (k != nullptr)
                out.warning(
                    at(k->key_range),
                    fmt::format("{} is ignored for PV guests: domfw plans and builds HVM and PVH guests only", k->key));
}

void check_passthrough_source(const domain::LoadResult& loaded, support::Diagnostics& out) {
    const domain::DomainConfig& c = loaded.config;
    const auto* sp = c.passthrough_key("smbios_passthrough");
    const auto* ap = c.passthrough_key("acpi_passthrough");
    if ((sp == nullptr && ap == nullptr) || !loaded.ok() || out.has_errors()) return;
    if (c.type.is_set() && *c.type == domain::GuestType::pv) return;
    const std::string& file = loaded.document.file();
    // A failure is put in `out` where `build` puts it; a warning at the policy key it concerns.
    auto notes = passthrough_notes(loaded, out);
    if (!notes) return;
    constexpr std::string_view kWarning = "warning: ";
    for (const auto& n : *notes) {
        if (!n.starts_with(kWarning)) continue;
        const auto* k = policy_key_about(c, n);
        out.warning({file, k->key_range.line, k->key_range.column, k->key_range.length}, n.substr(kWarning.size()));
    }
}

} // namespace domfw::plan
