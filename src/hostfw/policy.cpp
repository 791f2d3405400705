#include "hostfw/policy.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/acpi_table.hpp"
#include "core/smbios_firmware.hpp"
#include "smbios/encode.hpp"
#include "smbios/errors.hpp"
#include "smbios/identity.hpp"
#include "support/error.hpp"
#include "support/escaped_text.hpp"

namespace domfw::hostfw {
namespace {

// ACPI tables that would replace the guest's own (XEN-FACTS §2: the man page says they cannot be
// overridden; libacpi does not enforce it).
// The RSDP's signature is "RSD PTR "; acpi::AcpiTable names it "RSDP".
constexpr const char* kRefused[] = {"DSDT", "FACP", "FACS", "RSDT", "XSDT", "RSDP", "RSD "};
constexpr const char* kHardware[] = {"APIC", "HPET", "MCFG", "SRAT", "SLIT"};

Expected<unsigned> number(std::string_view s, std::string_view whole) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty() || v > 255)
        return fail("smbios_passthrough entry \"{}\": \"{}\" is not an SMBIOS type 0..255", whole, s);
    return v;
}

} // namespace

Expected<TypeRange> parse_type_range(std::string_view t) {
    const auto dash = t.find('-');
    if (dash == std::string_view::npos) {
        DOMFW_TRY_X(unsigned v, number(t, t));
        return TypeRange{v, v};
    }
    DOMFW_TRY_X(unsigned lo, number(t.substr(0, dash), t));
    DOMFW_TRY_X(unsigned hi, number(t.substr(dash + 1), t));
    if (lo > hi) return fail("smbios_passthrough entry \"{}\": the range is reversed", t);
    return TypeRange{lo, hi};
}

Expected<AcpiSelector> parse_acpi_selector(std::string_view t) {
    AcpiSelector s;
    const auto colon = t.find(':');
    s.signature = std::string(t.substr(0, colon));
    if (s.signature.size() != 4)
        return fail("acpi_passthrough entry \"{}\": \"{}\" is not a 4-character table signature", t, s.signature);
    for (const char* r : kRefused)
        if (s.signature == r)
            return fail("acpi_passthrough entry \"{}\": {} is the guest's own table; passing the host's would replace "
                        "it, so it is refused",
                        t, s.signature);
    if (colon != std::string_view::npos) {
        const std::string_view rest = t.substr(colon + 1);
        constexpr std::string_view kKey = "oem_table_id=";
        if (!rest.starts_with(kKey) || rest.size() == kKey.size() || rest.size() > kKey.size() + 8)
            return fail("acpi_passthrough entry \"{}\": expected SIG or SIG:oem_table_id=ID (ID up to 8 characters)",
                        t);
        s.oem_table_id = std::string(rest.substr(kKey.size()));
    }
    return s;
}

Expected<PolicyResult> apply_policy(const HostFirmware& host, const PassthroughPolicy& p) {
    PolicyResult r;
    if (!p.smbios_types.empty()) {
        if (!host.smbios)
            return fail("smbios_passthrough: the firmware source has no SMBIOS ({})",
                        host.smbios_missing.value_or("not found"));
        if (host.smbios->error)
            r.warnings.push_back(fmt::format("the firmware source's SMBIOS table is broken ({}); only the {} "
                                             "structures before the break are considered",
                                             *host.smbios->error, host.smbios->structures.size()));
        // Collected from the whole table, not only the types passed: a vendor structure copies
        // the system serial (smbios/identity.hpp).
        const smbios::IdentityScrubber scrubber(
            p.smbios_copy_identity ? smbios::HostIdentity{} : smbios::collect_identity(host.smbios->structures),
            p.guest_seed);
        for (const auto& st : host.smbios->structures) {
            if (st.type == 127) continue; // hvmloader writes its own end-of-table
            const bool wanted = std::any_of(p.smbios_types.begin(), p.smbios_types.end(),
                                            [&](const TypeRange& t) { return st.type >= t.lo && st.type <= t.hi; });
            if (!wanted) continue;
            smbios::Structure s = st;
            if (!p.smbios_copy_identity) {
                smbios::ScrubOutcome o = scrubber.scrub(s);
                r.scrubbed.insert(r.scrubbed.end(), o.replaced.begin(), o.replaced.end());
                if (!o.clean) {
                    r.scrubbed.push_back(fmt::format("{}; the structure is dropped", o.why));
                    continue;
                }
            }
            OverrideReport set;
            DOMFW_TRY_VOID(apply_smbios_overrides(s, p.smbios_overrides, set));
            r.overridden.insert(r.overridden.end(), set.applied.begin(), set.applied.end());
            r.warnings.insert(r.warnings.end(), set.warnings.begin(), set.warnings.end());
            DOMFW_TRY_X(auto bytes, smbios::encode_structure(s));
            std::vector<std::uint8_t> record(core::kSmbiosFirmwarePrefix + bytes.size());
            core::ByteWriter w(record);
            if (auto written = core::write_smbios_firmware_record(w, bytes); !written)
                return fail("smbios_passthrough: type {} (handle {:#06x}): {}", s.type, s.handle,
                            smbios::describe_firmware_record(written.error(), r.smbios_structures));
            r.smbios_blob.insert(r.smbios_blob.end(), record.begin(), record.end());
            ++r.smbios_structures;
        }
        if (r.smbios_structures == 0)
            return fail("smbios_passthrough: the firmware source has no structure of the requested types");
        // An entry that matched nothing passes nothing: say which, so a type the host lacks (a
        // desktop has no type 22 battery) is not mistaken for one passed.
        std::string absent;
        for (const TypeRange& t : p.smbios_types) {
            const bool any =
                std::any_of(host.smbios->structures.begin(), host.smbios->structures.end(),
                            [&](const auto& st) { return st.type != 127 && st.type >= t.lo && st.type <= t.hi; });
            if (!any)
                absent += (absent.empty() ? "" : ", ") +
                          (t.lo == t.hi ? std::to_string(t.lo) : fmt::format("{}-{}", t.lo, t.hi));
        }
        if (!absent.empty())
            r.warnings.push_back(fmt::format("smbios_passthrough: the firmware source has no structure of type {}; "
                                             "those entries pass nothing",
                                             absent));
    }
    if (!p.acpi.empty()) {
        if (!host.acpi)
            return fail("acpi_passthrough: the firmware source has no ACPI tables ({})",
                        host.acpi_missing.value_or("not found"));
        for (const auto& sel : p.acpi) {
            bool found = false;
            for (std::size_t index = 0; index < host.acpi->tables().size(); ++index) {
                const auto& t = host.acpi->tables()[index];
                const auto& sig = t.signature();
                if (std::string(reinterpret_cast<const char*>(sig.data()), 4) != sel.signature) continue;
                if (sel.oem_table_id) {
                    std::string id(reinterpret_cast<const char*>(t.oem_table_id().data()), 8);
                    while (!id.empty() && (id.back() == ' ' || id.back() == '\0'))
                        id.pop_back();
                    if (id != *sel.oem_table_id) continue;
                }
                const auto& b = t.bytes();
                // The table as hvmloader will take it: its header's length, exactly the bytes held.
                auto checked = core::acpi::checked_table(b);
                if (!checked || checked->bytes.size() != b.size()) {
                    const std::string id = support::quoted(t.oem_table_id(), '"'); // a byte array
                    const std::string why = checked ? fmt::format("length {:#x} is below the {:#x} bytes held",
                                                                  checked->bytes.size(), b.size())
                                                    : describe(checked.error(), {});
                    return fail("acpi_passthrough: host table {} (OEM table ID {}, index {} of the firmware "
                                "source): {}; refusing to pass it",
                                sel.signature, id, index, why);
                }
                r.acpi_blob.insert(r.acpi_blob.end(), b.begin(), b.end());
                ++r.acpi_tables;
                found = true;
            }
            if (!found)
                return fail("acpi_passthrough: the firmware source has no {} table{}", sel.signature,
                            sel.oem_table_id ? " with OEM table ID \"" + *sel.oem_table_id + "\"" : std::string());
            for (const char* h : kHardware)
                if (sel.signature == h)
                    r.warnings.push_back(fmt::format("acpi_passthrough passes the host's {} table, which describes the "
                                                     "host's hardware, not the guest's",
                                                     h));
        }
    }
    return r;
}

} // namespace domfw::hostfw
