#include "smbios/identity.hpp"

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "support/sha256.hpp"

namespace domfw::smbios {
namespace {

constexpr IdentityField kFields[] = {
    {1, 0x07, "system serial number"},   {2, 0x07, "baseboard serial number"},     {2, 0x08, "baseboard asset tag"},
    {3, 0x07, "chassis serial number"},  {3, 0x08, "chassis asset tag"},           {4, 0x20, "processor serial number"},
    {4, 0x21, "processor asset tag"},    {17, 0x18, "memory serial number"},       {17, 0x19, "memory asset tag"},
    {22, 0x07, "battery serial number"}, {39, 0x08, "power supply serial number"}, {39, 0x09, "power supply asset tag"},
};

// Placeholders firmware leaves in identity fields (seen in the corpus and in vendor BIOS kits),
// lower case: the one list both `build` and `host show` use.
constexpr std::string_view kPlaceholders[] = {
    "to be filled by o.e.m.",
    "to be filled by oem",
    "default string",
    "not specified",
    "not available",
    "not applicable",
    "not present",
    "not settable",
    "none",
    "unknown",
    "n/a",
    "empty",
    "invalid",
    "<bad index>",
    "oem",
    "o.e.m.",
    "fill by oem",
    "no asset information",
    "no asset tag",
    "0123456789",
    "1234567890",
    "123456789",
    "serial number",
    "system serial number",
    "chassis serial number",
    "base board serial number",
    "baseboard serial number",
    "asset tag",
    "chassis asset tag",
    "base board asset tag",
    "asset-1234567890",
    "type2 - board serial number",
    "type2 - board asset tag",
    // The UUID AMI firmware ships with (both byte orders as text).
    "03000200-0400-0500-0006-000700080009",
    "00020003-0004-0005-0006-000700080009",
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::uint8_t lower(std::uint8_t c) { return c >= 'A' && c <= 'Z' ? static_cast<std::uint8_t>(c - 'A' + 'a') : c; }

std::uint8_t upper(std::uint8_t c) { return c >= 'a' && c <= 'z' ? static_cast<std::uint8_t>(c - 'a' + 'A') : c; }

std::string_view trimmed(std::string_view v) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!v.empty() && blank(v.front()))
        v.remove_prefix(1);
    while (!v.empty() && blank(v.back()))
        v.remove_suffix(1);
    return v;
}

// The UUID's first three fields in the other byte order (DSP0134 §7.2.1: little-endian from
// SMBIOS 2.6, wire order before, and firmware gets it wrong either way).
std::array<std::uint8_t, 16> swapped(const std::array<std::uint8_t, 16>& u) {
    std::array<std::uint8_t, 16> s = u;
    std::reverse(s.begin(), s.begin() + 4);
    std::reverse(s.begin() + 4, s.begin() + 6);
    std::reverse(s.begin() + 6, s.begin() + 8);
    return s;
}

std::string uuid_text(const std::array<std::uint8_t, 16>& u, bool dashes) {
    // By hand, not fmt::format per byte: `host show` makes four of these per table.
    constexpr std::string_view digits = "0123456789abcdef";
    std::string s;
    s.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (dashes && (i == 4 || i == 6 || i == 8 || i == 10)) s += '-';
        s += digits[u[i] >> 4U];
        s += digits[u[i] & 0x0FU];
    }
    return s;
}

// The guest's system UUID: an RFC 4122 version 4 UUID from the seed, stored as it is read.
std::array<std::uint8_t, 16> derived_uuid(std::string_view seed) {
    const std::string in = std::string(seed) + "/system-uuid";
    auto h = support::sha256(std::span(reinterpret_cast<const std::uint8_t*>(in.data()), in.size()));
    h[6] = static_cast<std::uint8_t>((h[6] & 0x0F) | 0x40);
    h[8] = static_cast<std::uint8_t>((h[8] & 0x3F) | 0x80);
    std::array<std::uint8_t, 16> u{};
    std::copy_n(h.begin(), 16, u.begin());
    return u;
}

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

std::vector<std::uint8_t> utf16le(std::string_view s) {
    std::vector<std::uint8_t> out;
    out.reserve(2 * s.size());
    for (char c : s) {
        out.push_back(static_cast<std::uint8_t>(c));
        out.push_back(0);
    }
    return out;
}

template <typename Text, typename Uuid>
std::vector<IdentityPattern> patterns(const HostIdentity& ids, const Text& text_of, const Uuid& uuid_of) {
    std::vector<IdentityPattern> out;
    for (std::size_t i = 0; i < ids.texts.size(); ++i) {
        const std::string& v = ids.texts[i];
        const std::string r = text_of(i, v.size());
        out.push_back({bytes_of(v), bytes_of(r), true});
        out.push_back({utf16le(v), utf16le(r), false});
    }
    const auto guest = uuid_of();
    for (const auto& u : ids.uuids) {
        out.push_back({{u.begin(), u.end()}, {guest.begin(), guest.end()}, false});
        const auto su = swapped(u), sg = swapped(guest);
        out.push_back({{su.begin(), su.end()}, {sg.begin(), sg.end()}, false});
    }
    return out;
}

struct Match {
    std::size_t at = std::string::npos;
    const IdentityPattern* pattern = nullptr;
};

// The first case-insensitive match at or after `from`: at each offset the first pattern listed
// (the longest: texts are sorted so) that matches there.
// The filter's bit for four bytes, the first in the high byte.
std::size_t quad_bit(std::uint32_t window) { return (window * 0x9E3779B1U) >> 16U; }

template <typename Byte>
Match find_first(std::span<const Byte> hay, std::size_t from, bool text_only, const std::vector<IdentityPattern>& ps,
                 const IdentityScrubber::Index& by_first, const IdentityScrubber::Quads& quads) {
    // Patterns have at least four bytes (collect_identity's texts, their UTF-16 forms, UUIDs): an
    // offset whose four bytes start none, in any case, is passed over with one test on the bytes
    // as they are, and none starts in the last three (unless a HostIdentity made by hand holds a
    // shorter text: then all is searched).
    std::uint32_t window = 0;
    for (std::size_t k = from; k < hay.size() && k < from + 3; ++k)
        window = (window << 8U) | static_cast<std::uint8_t>(hay[k]);
    for (std::size_t i = from; i < hay.size(); ++i) {
        if (i + 3 < hay.size()) {
            window = (window << 8U) | static_cast<std::uint8_t>(hay[i + 3]);
            if (!quads.bits[quad_bit(window)]) continue;
        } else if (!quads.short_patterns) {
            break;
        }
        for (const std::uint16_t k : by_first[lower(static_cast<std::uint8_t>(hay[i]))]) {
            const IdentityPattern& p = ps[k];
            if ((text_only && !p.text) || p.bytes.size() > hay.size() - i) continue;
            std::size_t n = 1;
            while (n < p.bytes.size() && lower(static_cast<std::uint8_t>(hay[i + n])) == lower(p.bytes[n]))
                ++n;
            if (n == p.bytes.size()) return {i, &p};
        }
    }
    return {};
}

std::string join_strings(const std::vector<std::string>& strings) {
    std::string set;
    for (const std::string& str : strings) {
        set += str;
        set += '\0';
    }
    return set;
}

// Back into the strings `join_strings` made: the same count and lengths (only non-NUL bytes changed).
void split_strings(const std::string& set, std::vector<std::string>& strings) {
    std::size_t pos = 0;
    for (std::string& str : strings) {
        str = set.substr(pos, str.size());
        pos += str.size() + 1;
    }
}

} // namespace

std::span<const IdentityField> identity_fields() { return kFields; }

bool is_identity_placeholder(std::string_view value) {
    const std::string_view v = trimmed(value);
    if (v.size() < 4) return true;
    if (std::all_of(v.begin(), v.end(), [&](char c) { return c == v.front(); })) return true;
    std::string l(v);
    std::transform(l.begin(), l.end(), l.begin(), [](char c) { return lower(c); });
    return std::find(std::begin(kPlaceholders), std::end(kPlaceholders), l) != std::end(kPlaceholders);
}

HostIdentity collect_identity(std::span<const Structure> all) {
    HostIdentity ids;
    std::set<std::string> seen; // lower case: hunting ignores case anyway
    auto add = [&](std::string_view v) {
        std::string l(v);
        std::transform(l.begin(), l.end(), l.begin(), [](char c) { return lower(c); });
        if (seen.insert(l).second) ids.texts.emplace_back(v);
    };
    for (const Structure& s : all) {
        for (const IdentityField& f : kFields) {
            if (f.type != s.type || f.offset >= s.formatted.size()) continue;
            const std::string* v = s.string(s.formatted[f.offset]);
            if (v != nullptr && !is_identity_placeholder(*v)) add(trimmed(*v));
        }
        if (s.type == 1 && s.formatted.size() >= 0x18) {
            std::array<std::uint8_t, 16> u{};
            std::copy_n(s.formatted.begin() + 8, 16, u.begin());
            const bool blank = std::all_of(u.begin(), u.end(), [](std::uint8_t b) { return b == 0; }) ||
                               std::all_of(u.begin(), u.end(), [](std::uint8_t b) { return b == 0xFF; });
            if (blank || is_identity_placeholder(uuid_text(u, true))) continue;
            ids.uuids.push_back(u);
            for (const auto& form : {u, swapped(u)}) {
                add(uuid_text(form, true));
                add(uuid_text(form, false));
            }
        }
    }
    // Longest first: a value embedded in another is then replaced as part of the longer one.
    std::stable_sort(ids.texts.begin(), ids.texts.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return ids;
}

std::string derived_text(std::string_view seed, std::string_view what, std::size_t length) {
    std::string hex;
    for (unsigned round = 0; hex.size() < length + 4; ++round) {
        const std::string in =
            round == 0 ? fmt::format("{}/{}", seed, what) : fmt::format("{}/{}/{}", seed, what, round);
        const auto h = support::sha256(std::span(reinterpret_cast<const std::uint8_t*>(in.data()), in.size()));
        // Six bytes per round as before ("DFW-" + 12 digits for a 16-byte field), more after.
        hex += support::to_hex(std::span(h.data(), round == 0 ? 6 : h.size()));
    }
    const std::string text = length >= 8 ? "DFW-" + hex : hex;
    return text.substr(0, length);
}

std::string IdentityScrubber::text(std::string_view what, std::size_t length) const {
    return replace_ == Replace::masked ? std::string(length, '*') : derived_text(seed_, what, length);
}

std::array<std::uint8_t, 16> IdentityScrubber::uuid() const {
    std::array<std::uint8_t, 16> u{};
    if (replace_ == Replace::masked)
        u.fill('*');
    else
        u = derived_uuid(seed_);
    return u;
}

IdentityScrubber::IdentityScrubber(const HostIdentity& ids, std::string seed, Replace replace)
    : seed_(std::move(seed)), replace_(replace),
      patterns_(patterns(
          ids,
          [this](std::size_t i, std::size_t length) {
              // Masks name nothing: no text to format for them.
              return replace_ == Replace::masked ? std::string(length, '*')
                                                 : text(fmt::format("identity/{}", i), length);
          },
          [this] { return uuid(); })) {
    for (std::size_t k = 0; k < patterns_.size() && k <= 0xFFFF; ++k) {
        by_first_[lower(patterns_[k].bytes.front())].push_back(static_cast<std::uint16_t>(k));
        longest_ = std::max(longest_, patterns_[k].bytes.size());
        const std::vector<std::uint8_t>& b = patterns_[k].bytes;
        if (b.size() < 4) {
            quads_.short_patterns = true;
            continue;
        }
        // The first four bytes in each case they match in.
        for (unsigned cases = 0; cases < 16; ++cases) {
            bool again = false; // a byte without case: the same bytes as with its bit clear
            for (unsigned n = 0; n < 4; ++n)
                again = again || (((cases >> n) & 1U) != 0 && lower(b[n]) == upper(b[n]));
            if (again) continue;
            std::uint32_t window = 0;
            for (unsigned n = 0; n < 4; ++n)
                window = (window << 8U) | (((cases >> n) & 1U) != 0 ? upper(b[n]) : lower(b[n]));
            quads_.bits.set(quad_bit(window));
        }
    }
    if (quads_.short_patterns) quads_.bits.set();
    masks_cannot_match_ =
        replace_ == Replace::masked && std::none_of(patterns_.begin(), patterns_.end(), [](const auto& p) {
            return std::find(p.bytes.begin(), p.bytes.end(), '*') != p.bytes.end();
        });
}

bool IdentityScrubber::changes_only_fields(const Structure& s) const {
    if (patterns_.empty()) return true;
    if (!masks_cannot_match_) return false;
    // The bytes as scrub()'s last check reads them once the fields are masked (as scrub() masks
    // them): the formatted area, each string and its NUL, then one more NUL (two when there are
    // no strings). A field's own value is masked there, so only a copy elsewhere is found. Short
    // structures are laid out on the stack, the rare long one once on the heap.
    std::size_t size = s.formatted.size() + (s.strings.empty() ? 2 : 1);
    for (const std::string& str : s.strings)
        size += str.size() + 1;
    std::array<std::uint8_t, 1024> stack; // NOLINT(cppcoreguidelines-pro-type-member-init): written below
    std::vector<std::uint8_t> heap;
    std::uint8_t* whole = stack.data();
    if (size > stack.size()) {
        heap.resize(size);
        whole = heap.data();
    }
    std::uint8_t* p = std::copy(s.formatted.begin(), s.formatted.end(), whole);
    if (s.type == 1 && s.formatted.size() >= 0x18) std::fill(whole + 8, whole + 0x18, std::uint8_t{'*'});
    if (s.type == 22 && s.formatted.size() >= 0x12 && (s.formatted[0x10] != 0 || s.formatted[0x11] != 0))
        std::fill(whole + 0x10, whole + 0x12, std::uint8_t{'*'});
    std::bitset<256> masked;
    for (const IdentityField& f : kFields)
        if (f.type == s.type && f.offset < s.formatted.size()) masked.set(s.formatted[f.offset]);
    for (std::size_t i = 0; i < s.strings.size(); ++i) {
        const std::string& str = s.strings[i];
        p = i + 1 < masked.size() && masked[i + 1] ? std::fill_n(p, str.size(), std::uint8_t{'*'})
                                                   : std::copy(str.begin(), str.end(), p);
        *p++ = 0;
    }
    std::fill(p, whole + size, std::uint8_t{0});
    return find_first(std::span<const std::uint8_t>(whole, size), 0, false, patterns_, by_first_, quads_).pattern ==
           nullptr;
}

ScrubOutcome IdentityScrubber::scrub(Structure& s) const {
    const std::vector<IdentityPattern>& ps = patterns_;
    // Looked at before the fields change: when no value occurs and the masks cannot form one,
    // the hunt below would find nothing and its last check nothing either.
    const bool fields_only = changes_only_fields(s);
    ScrubOutcome out;
    auto where = [&] { return fmt::format("type {} (handle {:#06x})", s.type, s.handle); };
    for (const IdentityField& f : kFields) {
        if (f.type != s.type || f.offset >= s.formatted.size()) continue;
        const std::uint8_t idx = s.formatted[f.offset];
        if (idx == 0 || idx > s.strings.size()) continue;
        std::string& v = s.strings[idx - 1u];
        v = text(fmt::format("{}/{}", s.handle, f.what), v.size());
        out.replaced.push_back(fmt::format("{} {}", where(), f.what));
    }
    if (s.type == 1 && s.formatted.size() >= 0x18) {
        const auto u = uuid();
        std::copy(u.begin(), u.end(), s.formatted.begin() + 8);
        out.replaced.push_back(fmt::format("{} UUID", where()));
    }
    // §7.23: the battery's SBDS serial number, a word, when the serial string is absent.
    if (s.type == 22 && s.formatted.size() >= 0x12 && (s.formatted[0x10] != 0 || s.formatted[0x11] != 0)) {
        const std::string d = text(fmt::format("{}/sbds serial", s.handle), 4);
        s.formatted[0x10] = static_cast<std::uint8_t>(d[0]);
        s.formatted[0x11] = static_cast<std::uint8_t>(d[1]);
        out.replaced.push_back(fmt::format("{} battery SBDS serial number", where()));
    }
    if (ps.empty() || fields_only) return out;
    bool hunted = false; // a value was replaced below
    // The string set as the guest reads it (strings back to back, each NUL-ended), searched once:
    // a value inside one string, and a UUID or UTF-16 value whose 00 bytes fall on the NULs that
    // end strings. Only bytes other than 00 are replaced, so every string keeps its length and the
    // set its count.
    if (!s.strings.empty()) {
        std::string set = join_strings(s.strings);
        std::vector<std::size_t> starts; // of each string in `set`
        for (std::size_t pos = 0; const std::string& str : s.strings) {
            starts.push_back(pos);
            pos += str.size() + 1;
        }
        std::vector<bool> noted(s.strings.size() + 1, false); // the last slot: "across strings"
        for (Match m; (m = find_first(std::span<const char>(set), m.pattern ? m.at + m.pattern->bytes.size() : 0, false,
                                      ps, by_first_, quads_))
                          .pattern != nullptr;) {
            bool across = false;
            for (std::size_t k = 0; k < m.pattern->bytes.size(); ++k) {
                char& c = set[m.at + k];
                if (c == '\0') {
                    across = true;
                    continue;
                }
                c = m.pattern->replacement[k] != 0 ? static_cast<char>(m.pattern->replacement[k]) : '0';
            }
            const std::size_t i =
                across
                    ? s.strings.size()
                    : static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), m.at) - starts.begin()) -
                          1;
            if (!noted[i])
                out.replaced.push_back(
                    across ? fmt::format("{} string set (holds an identity value across strings)", where())
                           : fmt::format("{} string {} (holds an identity value)", where(), i + 1));
            noted[i] = true;
            hunted = true;
        }
        split_strings(set, s.strings);
    }
    for (Match m; (m = find_first(std::span<const std::uint8_t>(s.formatted),
                                  m.pattern ? m.at + m.pattern->bytes.size() : 0, false, ps, by_first_, quads_))
                      .pattern != nullptr;) {
        if (m.at < 4) {
            out.clean = false;
            out.why = fmt::format("{}: an identity value overlaps its header", where());
            return out;
        }
        std::copy(m.pattern->replacement.begin(), m.pattern->replacement.end(),
                  s.formatted.begin() + static_cast<std::ptrdiff_t>(m.at));
        out.replaced.push_back(
            fmt::format("{} formatted bytes at offset {:#04x} (hold an identity value)", where(), m.at));
        hunted = true;
    }
    // What the guest reads, the formatted area and the strings as one run, searched again: a
    // replacement can complete another value across its edge, and a value can straddle the two.
    // When nothing was replaced, only a straddling value can be there: the bytes around the edge.
    std::string whole(s.formatted.begin(), s.formatted.end());
    whole += s.strings.empty() ? std::string(2, '\0') : join_strings(s.strings) + '\0';
    const std::size_t formatted = s.formatted.size();
    const std::size_t from = hunted || formatted < longest_ ? 0 : formatted - longest_ + 1;
    const std::string_view look = hunted ? std::string_view(whole) : std::string_view(whole).substr(from, 2 * longest_);
    if (Match m = find_first(std::span<const char>(look), 0, false, ps, by_first_, quads_); m.pattern != nullptr) {
        m.at += hunted ? 0 : from;
        const std::size_t end = m.at + m.pattern->bytes.size();
        out.clean = false;
        out.why = end <= formatted
                      ? fmt::format("{}: an identity value remains in its formatted area after replacement", where())
                  : m.at >= formatted
                      ? fmt::format("{}: an identity value remains in its strings after replacement", where())
                      : fmt::format("{}: an identity value spans its formatted area and its strings", where());
    }
    return out;
}

} // namespace domfw::smbios
