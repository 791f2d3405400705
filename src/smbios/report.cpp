#include "smbios/report.hpp"

#include <algorithm>
#include <bitset>
#include <set>

#include <fmt/format.h>

#include "smbios/decode.hpp"
#include "smbios/errors.hpp"
#include "smbios/identity.hpp"
#include "smbios/json_writer.hpp"

namespace domfw::smbios {

namespace {

// String indices that secret fields point at: they are hidden from the raw string list too.
std::set<std::uint8_t> secret_strings(const Decoded& d) {
    std::set<std::uint8_t> out;
    for (const Field& f : d.fields)
        if (f.secret && f.string_index) out.insert(*f.string_index);
    return out;
}

// What the report hides of one structure beyond the fields decode() marks secret, found by the
// scrubber `domfw build` uses (identity.hpp) run on a copy: the strings it changes (a serial
// copied into an OEM string, a shared or unreferenced string; placeholders stay visible), every
// value read from the formatted area when it changed bytes there beyond the type 1 UUID and the
// battery's SBDS serial, and everything when it cannot clean the structure.
struct Hidden {
    std::bitset<256> strings;
    std::vector<std::string> texts; // the hidden strings as decode() shows them
    bool formatted = false;
    bool all = false;
    [[nodiscard]] bool field(const Field& f) const {
        if (f.secret || all) return true;
        if (f.string_index) return strings.test(*f.string_index);
        // Fields that show a string without naming its index (type 11, 12 "String N").
        return formatted || std::find(texts.begin(), texts.end(), f.text) != texts.end();
    }
};

Hidden hidden_by_scrubber(const Structure& s, const IdentityScrubber& scrubber) {
    Hidden h;
    if (scrubber.changes_only_fields(s)) {
        // What the copy would show without making it: the identity fields' strings masked (the
        // same '*' the scrubber writes), the UUID and SBDS serial in their known places.
        for (const IdentityField& f : identity_fields()) {
            if (f.type != s.type || f.offset >= s.formatted.size()) continue;
            const std::uint8_t idx = s.formatted[f.offset];
            if (idx == 0 || idx > s.strings.size() || h.strings.test(idx)) continue;
            const std::string& v = s.strings[idx - 1u];
            if (std::all_of(v.begin(), v.end(), [](char c) { return c == '*'; }) || is_identity_placeholder(v))
                continue;
            h.strings.set(idx);
            h.texts.push_back(display_string(s, idx));
        }
        return h;
    }
    Structure copy = s;
    const ScrubOutcome o = scrubber.scrub(copy);
    h.all = !o.clean;
    for (std::size_t i = 0; i < s.strings.size() && i + 1 < h.strings.size(); ++i)
        if (copy.strings[i] != s.strings[i] && !is_identity_placeholder(s.strings[i])) {
            h.strings.set(i + 1);
            h.texts.push_back(display_string(s, static_cast<std::uint8_t>(i + 1)));
        }
    for (std::size_t i = 4; i < s.formatted.size(); ++i) {
        const bool known = (s.type == 1 && i >= 0x08 && i < 0x18) || (s.type == 22 && (i == 0x10 || i == 0x11));
        if (!known && copy.formatted[i] != s.formatted[i]) h.formatted = true;
    }
    return h;
}

// The scrubber for a whole table: identity values collected from every structure. The seed only
// names what the copy is scrubbed with; nothing derived from it is shown.
IdentityScrubber show_scrubber(const SmbiosTable& t, const ReportOptions& opt) {
    return {opt.show_secrets ? HostIdentity{} : collect_identity(t.structures), "domfw host show",
            IdentityScrubber::Replace::masked};
}

Hidden hidden_in(const Structure& s, const IdentityScrubber& scrubber, const ReportOptions& opt) {
    // Nothing hunted: the scrubber would change only the fields decode() already marks secret.
    return opt.show_secrets || scrubber.hunts_nothing() ? Hidden{} : hidden_by_scrubber(s, scrubber);
}

std::string entry_summary(const SmbiosTable& t) {
    if (!t.entry) return "no entry point";
    const auto& e = *t.entry;
    if (e.kind == core::smbios::EntryKind::smbios3)
        return fmt::format("{} entry point, table at {:#x}, at most {:#x} bytes", anchor_name(e.kind), e.table_address,
                           e.table_length);
    return fmt::format("{} entry point, table at {:#x}, {:#x} bytes, {} structures", anchor_name(e.kind),
                       e.table_address, e.table_length, e.structure_count);
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
    const IdentityScrubber scrubber = show_scrubber(t, opt);
    for (const Structure& s : t.structures) {
        const Decoded d = decode(s, t.version);
        const Hidden by_value = hidden_in(s, scrubber, opt);
        std::set<std::uint8_t> hidden = opt.show_secrets ? std::set<std::uint8_t>{} : secret_strings(d);
        for (std::size_t i = 1; i < by_value.strings.size(); ++i)
            if (by_value.all || by_value.strings.test(i)) hidden.insert(static_cast<std::uint8_t>(i));
        nlohmann::json o;
        o["type"] = s.type;
        o["handle"] = s.handle;
        o["offset"] = s.offset;
        o["length"] = s.length();
        if (!d.name.empty()) o["name"] = std::string(d.name);
        auto& strs = o["strings"] = nlohmann::json::array();
        for (std::size_t i = 0; i < s.strings.size(); ++i)
            strs.push_back(hidden.contains(static_cast<std::uint8_t>(i + 1)) ? std::string(kRedacted)
                                                                             : display_bytes(s.strings[i]));
        if (!d.fields.empty()) {
            auto& fields = o["fields"] = nlohmann::json::object();
            nlohmann::json values = nlohmann::json::object();
            for (const Field& f : d.fields) {
                const bool hide = !opt.show_secrets && by_value.field(f);
                fields[std::string(f.key)] = hide ? std::string(kRedacted) : f.text;
                if (f.number && !hide) values[std::string(f.key)] = *f.number;
            }
            if (!values.empty()) o["values"] = std::move(values);
        }
        arr.push_back(std::move(o));
    }
    j["error"] = t.error ? nlohmann::json(*t.error) : nlohmann::json(nullptr);
    j["notes"] = t.notes;
    return j;
}

namespace {

void write_json_to(JsonWriter& w, const SmbiosTable& t, const ReportOptions& opt) {
    // Members in the order nlohmann's std::map keeps them (sorted), so both forms are identical.
    w.begin_object();
    w.key("entry_point");
    if (t.entry) {
        const auto& e = *t.entry;
        const bool v3 = e.kind == core::smbios::EntryKind::smbios3;
        w.begin_object();
        w.key("anchor");
        w.string(anchor_name(e.kind));
        w.key("announced_version");
        w.string(v3 ? fmt::format("{}.{}.{}", e.major, e.minor, e.docrev) : fmt::format("{}.{}", e.major, e.minor));
        w.key("structure_count");
        w.number(std::uint64_t{e.structure_count});
        w.key("table_address");
        w.number(std::uint64_t{e.table_address});
        w.key("table_length");
        w.number(std::uint64_t{e.table_length});
        w.key("table_length_is_maximum");
        w.boolean(v3);
        w.end_object();
    } else {
        w.null();
    }
    w.key("error");
    if (t.error)
        w.string(*t.error);
    else
        w.null();
    w.key("notes");
    w.begin_array();
    for (const std::string& n : t.notes)
        w.string(n);
    w.end_array();
    w.key("source");
    w.string(t.origin);
    w.key("structures");
    w.begin_array();
    std::vector<const Field*> sorted, unique;
    std::bitset<256> hidden;
    Decoded d;
    d.fields.reserve(32);
    const IdentityScrubber scrubber = show_scrubber(t, opt);
    for (const Structure& s : t.structures) {
        decode_into(s, t.version, d);
        const Hidden by_value = hidden_in(s, scrubber, opt);
        hidden = by_value.strings;
        if (by_value.all) hidden.set();
        if (!opt.show_secrets)
            for (const Field& f : d.fields)
                if (f.secret && f.string_index) hidden.set(*f.string_index);
        sorted.clear();
        unique.clear();
        for (const Field& f : d.fields)
            sorted.push_back(&f);
        // Stable insertion sort: a structure has a few dozen fields at most, and std::stable_sort
        // allocates a buffer per call.
        // Keys differ within their first bytes: compared inline, not through a memcmp call each.
        auto less = [](std::string_view a, std::string_view b) {
            const std::size_t n = std::min(a.size(), b.size());
            for (std::size_t i = 0; i < n; ++i)
                if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
            return a.size() < b.size();
        };
        for (std::size_t i = 1; i < sorted.size(); ++i)
            for (std::size_t j = i; j > 0 && less(sorted[j]->key, sorted[j - 1]->key); --j)
                std::swap(sorted[j], sorted[j - 1]);
        // A repeated key keeps its last value, as an assignment into the map would.
        for (std::size_t i = 0; i < sorted.size(); ++i)
            if (i + 1 == sorted.size() || sorted[i + 1]->key != sorted[i]->key) unique.push_back(sorted[i]);
        w.begin_object();
        if (!unique.empty()) {
            w.key("fields");
            w.begin_object();
            for (const Field* f : unique) {
                w.key(f->key);
                w.string(!opt.show_secrets && by_value.field(*f) ? std::string_view(kRedacted)
                                                                 : std::string_view(f->text));
            }
            w.end_object();
        }
        w.key("handle");
        w.number(std::uint64_t{s.handle});
        w.key("length");
        w.number(std::uint64_t{s.length()});
        if (!d.name.empty()) {
            w.key("name");
            w.string(d.name);
        }
        w.key("offset");
        w.number(std::uint64_t{s.offset});
        w.key("strings");
        w.begin_array();
        for (std::size_t i = 0; i < s.strings.size(); ++i) {
            if (i + 1 < hidden.size() && hidden.test(i + 1))
                w.string(kRedacted);
            else if (is_displayable(s.strings[i]))
                w.string(s.strings[i]);
            else
                w.string(display_bytes(s.strings[i]));
        }
        w.end_array();
        w.key("type");
        w.number(std::uint64_t{s.type});
        bool any_value = false;
        for (const Field* f : unique)
            if (f->number && !(!opt.show_secrets && by_value.field(*f))) any_value = true;
        if (any_value) {
            w.key("values");
            w.begin_object();
            for (const Field* f : unique) {
                if (!f->number || (!opt.show_secrets && by_value.field(*f))) continue;
                w.key(f->key);
                w.number(std::int64_t{*f->number});
            }
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
    w.key("table_bytes");
    w.number(std::uint64_t{t.table_bytes.size()});
    w.key("version");
    w.string(version_text(t));
    w.end_object();
}

} // namespace

void write_json(const SmbiosTable& t, const ReportOptions& opt, std::string& out, int depth) {
    // About 8 bytes of JSON per table byte; the writer appends to `out` (reserved: one copy) when
    // it goes.
    const std::size_t expected = 4096 + t.table_bytes.size() * 8;
    out.reserve(out.size() + expected);
    JsonWriter w(out, depth, expected);
    write_json_to(w, t, opt);
}

void write_json(const SmbiosTable& t, const ReportOptions& opt, const JsonWriter::Sink& sink, int depth) {
    JsonWriter w(sink, depth);
    write_json_to(w, t, opt);
}

void write_text(const SmbiosTable& t, const ReportOptions& opt, const JsonWriter::Sink& sink) {
    std::string out = fmt::format("SMBIOS {} ({}), {} structures in {:#x} bytes\n", version_text(t), entry_summary(t),
                                  t.structures.size(), t.used_bytes);
    for (const std::string& n : t.notes)
        out += fmt::format("note: {}\n", n);
    const IdentityScrubber scrubber = show_scrubber(t, opt);
    for (const Structure& s : t.structures) {
        const Decoded d = decode(s, t.version);
        const Hidden by_value = hidden_in(s, scrubber, opt);
        out +=
            fmt::format("handle {:#06x} type {:3} length {:#04x} at {:#06x}  {}\n", s.handle, s.type, s.length(),
                        s.offset, d.name.empty() ? fmt::format("({} strings)", s.strings.size()) : std::string(d.name));
        for (const Field& f : d.fields)
            out += fmt::format("    {}: {}\n", f.label, !opt.show_secrets && by_value.field(f) ? kRedacted : f.text);
        if (d.fields.empty() && !s.strings.empty()) {
            for (std::size_t i = 0; i < s.strings.size(); ++i)
                out += fmt::format("    string {}: {}\n", i + 1,
                                   by_value.all || (i + 1 < by_value.strings.size() && by_value.strings.test(i + 1))
                                       ? std::string(kRedacted)
                                       : display_bytes(s.strings[i]));
        }
        // Handed on in pieces: the listing of a large table is never held whole.
        if (out.size() >= std::size_t{64} * 1024) {
            sink(out);
            out.clear();
        }
    }
    if (t.error) out += fmt::format("error: {}\n", *t.error);
    sink(out);
}

std::string render_text(const SmbiosTable& t, const ReportOptions& opt) {
    std::string out;
    write_text(t, opt, [&out](std::string_view piece) { out += piece; });
    return out;
}

} // namespace domfw::smbios
