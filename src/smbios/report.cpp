#include "smbios/report.hpp"

#include <set>

#include <fmt/format.h>

#include "smbios/decode.hpp"
#include "smbios/errors.hpp"

namespace domfw::smbios {

namespace {

// String indices that secret fields point at: they are hidden from the raw string list too.
std::set<std::uint8_t> secret_strings(const Decoded& d) {
    std::set<std::uint8_t> out;
    for (const Field& f : d.fields)
        if (f.secret && f.string_index) out.insert(*f.string_index);
    return out;
}

std::string entry_summary(const SmbiosTable& t) {
    if (!t.entry) return "no entry point";
    const auto& e = *t.entry;
    if (e.kind == core::smbios::EntryKind::smbios3)
        return fmt::format("{} entry point, table at {:#x}, at most {:#x} bytes", anchor_name(e.kind), e.table_address, e.table_length);
    return fmt::format("{} entry point, table at {:#x}, {:#x} bytes, {} structures", anchor_name(e.kind), e.table_address,
                       e.table_length, e.structure_count);
}

} // namespace

nlohmann::json to_json(const SmbiosTable& t, const ReportOptions& opt) {
    nlohmann::json j;
    j["version"] = version_text(t);
    j["source"] = t.origin;
    if (t.entry) {
        const auto& e = *t.entry;
        j["entry_point"] = {{"anchor", anchor_name(e.kind)},
                            {"announced_version", e.kind == core::smbios::EntryKind::smbios3
                                                      ? fmt::format("{}.{}.{}", e.major, e.minor, e.docrev)
                                                      : fmt::format("{}.{}", e.major, e.minor)},
                            {"table_address", e.table_address},
                            {"table_length", e.table_length},
                            {"table_length_is_maximum", e.kind == core::smbios::EntryKind::smbios3},
                            {"structure_count", e.structure_count}};
    } else {
        j["entry_point"] = nullptr;
    }
    j["table_bytes"] = t.table_bytes.size();
    auto& arr = j["structures"] = nlohmann::json::array();
    for (const Structure& s : t.structures) {
        const Decoded d = decode(s, t.version);
        const std::set<std::uint8_t> hidden = opt.show_secrets ? std::set<std::uint8_t>{} : secret_strings(d);
        nlohmann::json o;
        o["type"] = s.type;
        o["handle"] = s.handle;
        o["offset"] = s.offset;
        o["length"] = s.length();
        if (!d.name.empty()) o["name"] = d.name;
        auto& strs = o["strings"] = nlohmann::json::array();
        for (std::size_t i = 0; i < s.strings.size(); ++i)
            strs.push_back(hidden.contains(static_cast<std::uint8_t>(i + 1)) ? std::string(kRedacted) : display_bytes(s.strings[i]));
        if (!d.fields.empty()) {
            auto& fields = o["fields"] = nlohmann::json::object();
            nlohmann::json values = nlohmann::json::object();
            for (const Field& f : d.fields) {
                const bool hide = f.secret && !opt.show_secrets;
                fields[f.key] = hide ? std::string(kRedacted) : f.text;
                if (f.number && !hide) values[f.key] = *f.number;
            }
            if (!values.empty()) o["values"] = std::move(values);
        }
        arr.push_back(std::move(o));
    }
    j["error"] = t.error ? nlohmann::json(*t.error) : nlohmann::json(nullptr);
    j["notes"] = t.notes;
    return j;
}

std::string render_text(const SmbiosTable& t, const ReportOptions& opt) {
    std::string out = fmt::format("SMBIOS {} ({}), {} structures in {:#x} bytes\n", version_text(t), entry_summary(t),
                                  t.structures.size(), t.used_bytes);
    for (const std::string& n : t.notes) out += fmt::format("note: {}\n", n);
    for (const Structure& s : t.structures) {
        const Decoded d = decode(s, t.version);
        out += fmt::format("handle {:#06x} type {:3} length {:#04x} at {:#06x}  {}\n", s.handle, s.type, s.length(), s.offset,
                           d.name.empty() ? fmt::format("({} strings)", s.strings.size()) : d.name);
        for (const Field& f : d.fields)
            out += fmt::format("    {}: {}\n", f.label, f.secret && !opt.show_secrets ? kRedacted : f.text);
        if (d.fields.empty() && !s.strings.empty()) {
            for (std::size_t i = 0; i < s.strings.size(); ++i) out += fmt::format("    string {}: {}\n", i + 1, display_bytes(s.strings[i]));
        }
    }
    if (t.error) out += fmt::format("error: {}\n", *t.error);
    return out;
}

} // namespace domfw::smbios
