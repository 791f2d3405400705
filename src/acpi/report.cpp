#include "acpi/report.hpp"

#include <cstddef>

#include <fmt/format.h>

#include "core/wire_names.hpp"
#include "support/escaped_text.hpp"
#include "support/sha256.hpp"

namespace domfw::acpi {

namespace {

namespace wire = domfw::abi::acpi;

constexpr std::size_t kMsdmSecretAt = offsetof(wire::MsdmBody, version);

// The MSDM body after the header: licensing structure and product key.
std::span<const std::uint8_t> msdm_secret(const AcpiTable& t) {
    const auto& b = t.bytes();
    if (b.size() <= kMsdmSecretAt) return {};
    return std::span<const std::uint8_t>(b).subspan(kMsdmSecretAt);
}

bool is_secret(const AcpiTable& t) { return t.signature_is("MSDM"); }

// The product key as the table states it (Data[DataLength], clamped to the bytes held).
std::string msdm_product_key(const AcpiTable& t) {
    const auto& b = t.bytes();
    constexpr std::size_t len_at = offsetof(wire::MsdmBody, data_length);
    constexpr std::size_t data_at = offsetof(wire::MsdmBody, data);
    if (b.size() < data_at) return {};
    std::size_t len = static_cast<std::size_t>(b[len_at]) | static_cast<std::size_t>(b[len_at + 1]) << 8;
    len = std::min(len, b.size() - data_at);
    return support::escaped(std::span<const std::uint8_t>(b).subspan(data_at, len));
}

nlohmann::json secret_json(const AcpiTable& t, const ReportOptions& opts) {
    auto body = msdm_secret(t);
    nlohmann::json j{{"length", body.size()}, {"sha256", support::sha256_hex(body)}};
    if (opts.show_secrets)
        j["product_key"] = msdm_product_key(t);
    else
        j["redacted"] = true;
    return j;
}

// A table whose header does not hold (problem()) is not written either: Linux would not have
// listed it, and its bytes may be anything (a capture's file that is not a table at all).
bool in_sysfs(const AcpiTable& t) {
    return t.kind() != TableKind::kRsdp && !t.signature_is("RSDT") && !t.signature_is("XSDT") && t.problem().empty();
}

// Signature bytes that are unsafe in a file name become '_'.
std::string file_safe(const AcpiTable& t) {
    std::string s;
    for (std::uint8_t c : t.signature())
        s.push_back(c > 0x20 && c < 0x7f && c != '/' && c != '\\' ? static_cast<char>(c) : '_');
    return s;
}

// JSON strings must be UTF-8: bytes outside printable ASCII (paths, names read from files) as
// \xNN. The messages carry the escapes of the bytes they quote already: backslashes stay.
std::string printable(std::string_view s) { return support::escaped(s, {.keep_backslash = true}); }

} // namespace

nlohmann::json to_json(const AcpiTableSet& set, const ReportOptions& opts) {
    nlohmann::json tables = nlohmann::json::array();
    auto names = set.names();
    for (std::size_t i = 0; i < set.size(); ++i) {
        const AcpiTable& t = set.tables()[i];
        nlohmann::json j;
        j["name"] = names[i];
        j["signature"] = t.signature_text();
        j["kind"] = t.kind() == TableKind::kRsdp ? "rsdp" : t.kind() == TableKind::kFacs ? "facs" : "table";
        if (t.kind() == TableKind::kFacs)
            j["oem_id"] = nullptr; // FACS has no OEM fields (§5.2.10)
        else
            j["oem_id"] = support::escaped(t.oem_id());
        if (t.kind() == TableKind::kTable) {
            j["oem_table_id"] = support::escaped(t.oem_table_id());
            j["oem_revision"] = t.oem_revision();
            j["creator_id"] = support::escaped(t.creator_id());
            j["creator_revision"] = t.creator_revision();
        } else {
            j["oem_table_id"] = nullptr;
            j["oem_revision"] = nullptr;
        }
        j["revision"] = t.revision();
        j["length"] = t.length();
        j["bytes_held"] = t.bytes().size();
        if (t.checksum_ok())
            j["checksum_ok"] = *t.checksum_ok();
        else
            j["checksum_ok"] = nullptr; // FACS has no checksum (§5.2.10)
        j["sha256"] = support::sha256_hex(t.bytes());
        if (t.origin().address) j["address"] = fmt::format("{:#x}", *t.origin().address);
        if (t.origin().dynamic) j["dynamic"] = true;
        if (!t.checksum_problem().empty()) j["checksum_error"] = printable(t.checksum_problem());
        if (!t.problem().empty()) j["error"] = printable(t.problem());
        if (is_secret(t)) j["secret"] = secret_json(t, opts);
        tables.push_back(std::move(j));
    }
    nlohmann::json warnings = nlohmann::json::array();
    for (const auto& w : set.warnings())
        warnings.push_back(printable(w));
    return nlohmann::json{
        {"source", printable(set.source())}, {"tables", std::move(tables)}, {"warnings", std::move(warnings)}};
}

std::string render_text(const AcpiTableSet& set, const ReportOptions& opts) {
    std::string out = fmt::format("ACPI tables from {}: {}\n", set.source(), set.size());
    out += fmt::format("{:<7} {:<4} {:>8} {:>3} {:<6} {:<8} {:>10} {:<4} {:>10} {:<8} {}\n", "NAME", "SIG", "LENGTH",
                       "REV", "OEM", "OEMTABLE", "OEMREV", "CRTR", "CRTRREV", "CHECKSUM", "ADDRESS");
    auto names = set.names();
    for (std::size_t i = 0; i < set.size(); ++i) {
        const AcpiTable& t = set.tables()[i];
        std::string sum = !t.problem().empty() ? "BROKEN" : !t.checksum_ok() ? "none" : *t.checksum_ok() ? "ok" : "BAD";
        bool std_hdr = t.kind() == TableKind::kTable;
        out += fmt::format(
            "{:<7} {:<4} {:>#8x} {:>3} {:<6} {:<8} {:>10} {:<4} {:>10} {:<8} {}\n", names[i], t.signature_text(),
            t.length(), t.revision(), t.kind() == TableKind::kFacs ? "-" : support::escaped(t.oem_id()),
            std_hdr ? support::escaped(t.oem_table_id()) : "-",
            std_hdr ? fmt::format("{:#010x}", t.oem_revision()) : "-", std_hdr ? support::escaped(t.creator_id()) : "-",
            std_hdr ? fmt::format("{:#010x}", t.creator_revision()) : "-", sum,
            t.origin().address ? fmt::format("{:#x}", *t.origin().address) : "-");
        if (!t.problem().empty()) out += fmt::format("        error: {}\n", t.problem());
        if (!t.checksum_problem().empty()) out += fmt::format("        checksum: {}\n", t.checksum_problem());
        if (is_secret(t)) {
            auto body = msdm_secret(t);
            if (opts.show_secrets)
                out += fmt::format("        product key: {}\n", msdm_product_key(t));
            else
                out += fmt::format("        product key: redacted ({} bytes, sha256 {}; --show-secrets shows it)\n",
                                   body.size(), support::sha256_hex(body));
        }
    }
    for (const auto& w : set.warnings())
        out += fmt::format("warning: {}\n", w);
    return out;
}

std::vector<std::pair<std::string, std::vector<std::uint8_t>>> sysfs_files(const AcpiTableSet& set) {
    std::vector<const AcpiTable*> shown;
    std::vector<std::string> sigs;
    // Linux lists static tables first, then the dynamic ones; numbering runs across both.
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& t : set.tables()) {
            if (!in_sysfs(t) || t.origin().dynamic != (pass == 1)) continue;
            shown.push_back(&t);
            sigs.push_back(file_safe(t));
        }
    }
    auto names = numbered_names(sigs);
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> out;
    out.reserve(shown.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
        out.emplace_back(shown[i]->origin().dynamic ? "dynamic/" + names[i] : names[i], shown[i]->bytes());
    }
    return out;
}

} // namespace domfw::acpi
