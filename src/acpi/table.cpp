#include "acpi/table.hpp"

#include <fmt/format.h>

#include "support/error.hpp"
#include "support/escaped_text.hpp"

namespace domfw::acpi {
namespace ca = core::acpi;

namespace {

// The signature the source named the table by, when its bytes are too short to say.
ca::Signature signature_from_name(std::string_view name) {
    ca::Signature s{' ', ' ', ' ', ' '};
    for (std::size_t i = 0; i < 4 && i < name.size(); ++i)
        s[i] = static_cast<std::uint8_t>(name[i]);
    return s;
}

} // namespace

std::string AcpiTable::signature_text() const { return support::escaped(signature_); }

AcpiTable AcpiTable::decode(std::vector<std::uint8_t> bytes, TableOrigin origin) {
    AcpiTable t;
    t.bytes_ = std::move(bytes);
    t.origin_ = std::move(origin);
    core::Bytes span(t.bytes_);
    const std::string& ctx = t.origin_.where;

    if (core::starts_with(span, "RSD PTR ") || (t.bytes_.size() < 8 && t.origin_.name.starts_with("RSD"))) {
        t.kind_ = TableKind::kRsdp;
        t.signature_ = {'R', 'S', 'D', 'P'};
        auto v = ca::rsdp_bounds(span);
        if (!v) {
            t.problem_ = describe(v.error(), ctx);
            t.checksum_ok_ = false;
            return t;
        }
        t.length_ = v->length;
        t.revision_ = v->revision;
        t.oem_id_ = v->oem_id;
        auto sums = ca::check_rsdp_checksums(*v);
        t.checksum_ok_ = sums.ok();
        if (!sums) t.checksum_problem_ = describe(sums.error(), ctx);
        return t;
    }
    if (core::starts_with(span, "FACS") || (t.bytes_.size() < 4 && t.origin_.name.starts_with("FACS"))) {
        t.kind_ = TableKind::kFacs;
        t.signature_ = {'F', 'A', 'C', 'S'};
        auto v = ca::check_facs(span);
        if (!v) {
            t.problem_ = describe(v.error(), ctx);
            if (auto len = core::ByteReader(span).u32_at(4)) t.length_ = *len;
            return t;
        }
        t.length_ = v->length;
        t.revision_ = v->version;
        return t;
    }

    t.checksum_ok_ = false;
    auto header = ca::read_header(span);
    if (!header) {
        t.signature_ = t.bytes_.size() >= 4 ? ca::Signature{t.bytes_[0], t.bytes_[1], t.bytes_[2], t.bytes_[3]}
                                            : signature_from_name(t.origin_.name);
        t.problem_ = describe(header.error(), ctx);
        return t;
    }
    const ca::TableHeader& h = *header;
    t.signature_ = h.signature;
    t.length_ = h.length;
    t.revision_ = h.revision;
    t.oem_id_ = h.oem_id;
    t.oem_table_id_ = h.oem_table_id;
    t.oem_revision_ = h.oem_revision;
    t.creator_id_ = h.creator_id;
    t.creator_revision_ = h.creator_revision;
    auto view = ca::table_bounds(span);
    if (!view) {
        t.problem_ = describe(view.error(), ctx);
        return t;
    }
    auto sum = ca::check_checksum(*view);
    t.checksum_ok_ = sum.ok();
    if (!sum) t.checksum_problem_ = describe(sum.error(), ctx);
    return t;
}

} // namespace domfw::acpi
