// xl-disk-configuration: libxlutil's disk scanner (libxlu_disk_l.l, Xen 4.17) rule for rule. It is
// a flex scanner, so at each position every rule is tried, the longest match wins and the first
// rule wins a tie; a rule's trailing context ("raw:" followed by "/.*") counts in its length but
// is scanned again. That makes "raw:/x" a deprecated prefix, "/a:b" a target and "foo=bar" an
// unknown parameter near "foo=b", exactly as xl says. Xen 4.17 has no trusted/untrusted keys.
#include <algorithm>
#include <array>
#include <cstdlib>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "domain/devices/tokens.hpp"

namespace domfw::domain {

namespace {

using detail::is_digit;

enum class Rule : std::uint8_t {
    whitespace,
    format,
    cdrom,
    devtype_cdrom,
    devtype_disk,
    devtype_other,
    access,
    backend,
    backendtype,
    specification,
    vdev,
    script,
    direct_io_safe,
    discard,
    no_discard,
    colo,
    no_colo,
    colo_host,
    colo_port,
    colo_export,
    active_disk,
    hidden_disk,
    target,
    unknown_parameter,
    prefix_format,
    prefix_script,
    prefix_ignored,
    prefix_unknown,
    positional,
    bad_syntax,
};

struct Match {
    Rule rule;
    std::size_t text = 0;  // yytext's length
    std::size_t total = 0; // with the trailing context, which decides the longest match
};

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// `.*` from i: up to a newline.
std::size_t dot_star(std::string_view s, std::size_t i) {
    auto nl = s.find('\n', i);
    return (nl == std::string_view::npos ? s.size() : nl) - i;
}

// "word" then ",?" when s starts with it.
std::optional<std::size_t> word_comma(std::string_view s, std::string_view word) {
    if (!s.starts_with(word)) return std::nullopt;
    return word.size() + (s.size() > word.size() && s[word.size()] == ',' ? 1 : 0);
}

// "key=" then [^,]* then ",?".
std::optional<std::size_t> key_value(std::string_view s, std::string_view key_eq) {
    if (!s.starts_with(key_eq)) return std::nullopt;
    auto end = s.find(',', key_eq.size());
    return end == std::string_view::npos ? s.size() : end + 1;
}

// "prefix:" followed by "/.*": the prefix is yytext, the rest is trailing context.
std::optional<Match> prefix(std::string_view s, std::initializer_list<std::string_view> names, Rule rule) {
    std::optional<Match> best;
    for (auto n : names)
        if (s.size() > n.size() && s.starts_with(n) && s[n.size()] == ':') {
            std::size_t text = n.size() + 1;
            if (!best || text > best->text) best = Match{rule, text, text + dot_star(s, text)};
        }
    return best;
}

std::vector<Match> candidates(std::string_view s) {
    std::vector<Match> m;
    auto add = [&](Rule r, std::optional<std::size_t> len) {
        if (len) m.push_back(Match{r, *len, *len});
    };
    // [ \t\n]+/([^ \t\n].*)?
    std::size_t ws = 0;
    while (ws < s.size() && is_blank(s[ws]))
        ++ws;
    if (ws > 0) m.push_back(Match{Rule::whitespace, ws, ws < s.size() ? ws + 1 + dot_star(s, ws + 1) : ws});
    add(Rule::format, key_value(s, "format="));
    add(Rule::cdrom, word_comma(s, "cdrom"));
    add(Rule::devtype_cdrom, word_comma(s, "devtype=cdrom"));
    add(Rule::devtype_disk, word_comma(s, "devtype=disk"));
    add(Rule::devtype_other, key_value(s, "devtype="));
    add(Rule::access, key_value(s, "access="));
    add(Rule::backend, key_value(s, "backend="));
    add(Rule::backendtype, key_value(s, "backendtype="));
    add(Rule::specification, key_value(s, "specification="));
    add(Rule::vdev, key_value(s, "vdev="));
    add(Rule::script, key_value(s, "script="));
    add(Rule::direct_io_safe, word_comma(s, "direct-io-safe"));
    add(Rule::discard, word_comma(s, "discard"));
    add(Rule::no_discard, word_comma(s, "no-discard"));
    add(Rule::colo, word_comma(s, "colo"));
    add(Rule::no_colo, word_comma(s, "no-colo"));
    add(Rule::colo_host, key_value(s, "colo-host="));
    add(Rule::colo_port, key_value(s, "colo-port="));
    add(Rule::colo_export, key_value(s, "colo-export="));
    add(Rule::active_disk, key_value(s, "active-disk="));
    add(Rule::hidden_disk, key_value(s, "hidden-disk="));
    if (s.starts_with("target=")) add(Rule::target, 7 + dot_star(s, 7));
    // [a-z][-a-z0-9]*=[^,],?  (one character of value: xl quotes "foo=b" for "foo=bar")
    if (!s.empty() && is_lower(s[0])) {
        std::size_t i = 1;
        while (i < s.size() && (is_lower(s[i]) || is_digit(s[i]) || s[i] == '-'))
            ++i;
        if (i + 1 < s.size() && s[i] == '=' && s[i + 1] != ',')
            add(Rule::unknown_parameter, i + 2 + (i + 2 < s.size() && s[i + 2] == ',' ? 1 : 0));
    }
    if (auto p = prefix(s, {"raw", "qcow", "qcow2", "vhd"}, Rule::prefix_format)) m.push_back(*p);
    if (auto p = prefix(s, {"iscsi", "nbd", "enbd", "drbd"}, Rule::prefix_script)) m.push_back(*p);
    for (auto n : {"tapdisk", "tap", "tap2", "aio", "ioemu", "file", "phy"})
        if (auto p = prefix(s, {n}, Rule::prefix_ignored)) m.push_back(*p);
    // [a-z][a-z0-9]*:/([^a-z0-9].*)?
    if (!s.empty() && is_lower(s[0])) {
        std::size_t i = 1;
        while (i < s.size() && (is_lower(s[i]) || is_digit(s[i])))
            ++i;
        if (i < s.size() && s[i] == ':') {
            std::size_t text = i + 1;
            std::size_t total = text;
            if (text < s.size() && !is_lower(s[text]) && !is_digit(s[text]) && s[text] != '\n')
                total = text + 1 + dot_star(s, text + 1);
            m.push_back(Match{Rule::prefix_unknown, text, total});
        }
    }
    // [^=,]*,|[^=,]+,?
    std::size_t k = 0;
    while (k < s.size() && s[k] != '=' && s[k] != ',')
        ++k;
    if (k < s.size() && s[k] == ',')
        add(Rule::positional, k + 1);
    else if (k > 0)
        add(Rule::positional, k);
    if (!s.empty() && s[0] != '\n') add(Rule::bad_syntax, 1);
    return m;
}

class DiskScanner {
public:
    explicit DiskScanner(std::string_view spec) : spec_(spec) {}

    Expected<Disk> run() {
        std::size_t pos = 0;
        while (pos < spec_.size() && !stop_) {
            auto all = candidates(spec_.substr(pos));
            if (all.empty()) break; // a lone newline the rules leave: flex's default rule is off
            auto best = all.front();
            for (const auto& c : all)
                if (c.total > best.total) best = c;
            act(best, spec_.substr(pos, best.text), spec_.substr(pos));
            pos += best.text;
        }
        if (!error_.empty()) return Unexpected(Error{error_});
        if (d_.format == DiskFormat::unknown) d_.format = DiskFormat::raw;
        if (d_.is_cdrom != 0) {
            d_.removable = 1;
            d_.readwrite = 0;
            if (!d_.pdev_path || d_.pdev_path->empty()) d_.format = DiskFormat::empty;
        }
        if (!d_.vdev) return Unexpected(Error{complaint("no vdev specified", nullptr)});
        if (!d_.pdev_path && d_.removable == 0)
            return Unexpected(Error{complaint("no target specified (and device not removable)", nullptr)});
        return d_;
    }

private:
    std::string_view spec_;
    Disk d_;
    bool access_set_ = false;
    bool had_depr_prefix_ = false;
    bool stop_ = false;
    std::string error_; // the first complaint: xl prints each and exits after the item

    std::string complaint(std::string_view message, const std::string_view* near) const {
        return near != nullptr ? fmt::format("{}: near `{}' in `{}'", message, *near, spec_)
                               : fmt::format("{} in `{}'", message, spec_);
    }
    void err(std::string_view near, std::string_view message) {
        if (error_.empty()) error_ = complaint(message, &near);
    }

    static std::string_view strip(std::string_view t, char c) {
        if (!t.empty() && t.back() == c) t.remove_suffix(1);
        return t;
    }
    static std::string_view from_equals(std::string_view t) { return t.substr(t.find('=') + 1); }

    // An empty string may be overwritten without complaint (libxlu's savestring).
    void save(std::string_view what, std::optional<std::string>& field, std::string_view value) {
        if (field && !field->empty()) {
            err(value, fmt::format("{} respecified", what));
            return;
        }
        field = std::string(value);
    }
    template <class E> void set_enum(E& member, E value, std::string_view member_name, std::string_view str) {
        if (member != E{} && member != value)
            err(str, fmt::format("{} respecified", member_name));
        else
            member = value;
    }
    void set_access(std::string_view s) {
        if (s == "r" || s == "ro")
            d_.readwrite = 0;
        else if (s == "rw" || s == "w" || s.empty())
            d_.readwrite = 1;
        else
            err(s, "unknown value for access");
    }
    void set_format(std::string_view s) {
        static constexpr std::array<std::pair<std::string_view, DiskFormat>, 7> kFormats{{{"", DiskFormat::raw},
                                                                                          {"raw", DiskFormat::raw},
                                                                                          {"qcow", DiskFormat::qcow},
                                                                                          {"qcow2", DiskFormat::qcow2},
                                                                                          {"vhd", DiskFormat::vhd},
                                                                                          {"empty", DiskFormat::empty},
                                                                                          {"qed", DiskFormat::qed}}};
        for (const auto& [name, f] : kFormats)
            if (s == name) return set_enum(d_.format, f, "format", s);
        err(s, "unknown value for format");
    }
    void set_backendtype(std::string_view s) {
        if (s == "phy") return set_enum(d_.backend, DiskBackend::phy, "backend", s);
        if (s == "tap") return set_enum(d_.backend, DiskBackend::tap, "backend", s);
        if (s == "qdisk") return set_enum(d_.backend, DiskBackend::qdisk, "backend", s);
        if (s == "standalone") return set_enum(d_.backend, DiskBackend::standalone, "backend", s);
        err(s, "unknown value for backendtype");
    }
    void set_specification(std::string_view s) {
        if (s == "xen") return set_enum(d_.specification, DiskSpecification::xen, "specification", s);
        if (s == "virtio") return set_enum(d_.specification, DiskSpecification::virtio, "specification", s);
        err(s, "unknown value for specification");
    }
    void set_colo_port(std::string_view s) {
        int port = std::atoi(std::string(s).c_str()); // NOLINT(cert-err34-c): libxlu's atoi, 0 = refused
        if (port != 0)
            d_.colo_port = port;
        else
            err(s, "unknown value for colo_port");
    }
    // "<vdev>:<devtype>" (deprecated): true when it was that form.
    bool vdev_and_devtype(std::string_view s) {
        auto colon = s.rfind(':');
        if (colon == std::string_view::npos) return false;
        save("vdev", d_.vdev, s.substr(0, colon));
        auto type = s.substr(colon + 1);
        if (type == "cdrom")
            d_.is_cdrom = 1;
        else if (type == "disk")
            d_.is_cdrom = 0;
        else
            err(type, "unknown deprecated type");
        return true;
    }
    void positional(std::string_view t) {
        if (!error_.empty()) return; // later complaints would only follow from the first
        if (!d_.pdev_path) {
            d_.pdev_path = std::string(t);
        } else if (!had_depr_prefix_ && d_.format == DiskFormat::unknown) {
            if (d_.pdev_path->empty() && vdev_and_devtype(t))
                d_.format = DiskFormat::empty;
            else
                set_format(t);
        } else if (!d_.vdev) {
            if (!vdev_and_devtype(t)) save("vdev", d_.vdev, t);
        } else if (!access_set_) {
            access_set_ = true;
            set_access(t);
        } else {
            err(t, "too many positional parameters");
            stop_ = true;
        }
    }

    void act(const Match& m, std::string_view text, std::string_view rest) {
        auto value = from_equals(strip(text, ','));
        switch (m.rule) {
        case Rule::whitespace: break;
        case Rule::format: set_format(value); break;
        case Rule::cdrom:
        case Rule::devtype_cdrom: d_.is_cdrom = 1; break;
        case Rule::devtype_disk: d_.is_cdrom = 0; break;
        case Rule::devtype_other: err(text, "unknown value for type"); break;
        case Rule::access: set_access(value); break;
        case Rule::backend: save("backend", d_.backend_domname, value); break;
        case Rule::backendtype: set_backendtype(value); break;
        case Rule::specification: set_specification(value); break;
        case Rule::vdev: save("vdev", d_.vdev, value); break;
        case Rule::script: save("script", d_.script, value); break;
        case Rule::direct_io_safe: d_.direct_io_safe = true; break;
        case Rule::discard: d_.discard_enable = true; break;
        case Rule::no_discard: d_.discard_enable = false; break;
        case Rule::colo: d_.colo_enable = true; break;
        case Rule::no_colo: d_.colo_enable = false; break;
        case Rule::colo_host: save("colo-host", d_.colo_host, value); break;
        case Rule::colo_port: set_colo_port(value); break;
        case Rule::colo_export: save("colo-export", d_.colo_export, value); break;
        case Rule::active_disk: save("active-disk", d_.active_disk, value); break;
        case Rule::hidden_disk: save("hidden-disk", d_.hidden_disk, value); break;
        case Rule::target: save("target", d_.pdev_path, value); break;
        case Rule::unknown_parameter: err(text, "unknown parameter"); break;
        case Rule::prefix_format:
            had_depr_prefix_ = true;
            set_format(strip(text, ':'));
            break;
        case Rule::prefix_script:
            had_depr_prefix_ = true;
            save("script", d_.script, fmt::format("block-{}", strip(text, ':')));
            break;
        case Rule::prefix_ignored: had_depr_prefix_ = true; break;
        case Rule::prefix_unknown:
            err(text, "unknown deprecated disk prefix");
            stop_ = true;
            break;
        case Rule::positional: positional(strip(text, ',')); break;
        case Rule::bad_syntax:
            err(rest.substr(0, dot_star(rest, 0)), "bad disk syntax");
            stop_ = true;
            break;
        }
    }
};

} // namespace

Expected<Disk> parse_disk(std::string_view spec) { return DiskScanner(spec).run(); }

std::string_view libxl_name(DiskFormat f) {
    static constexpr std::array<std::string_view, 7> kNames{"unknown", "qcow", "qcow2", "vhd", "raw", "empty", "qed"};
    return kNames.at(static_cast<std::size_t>(f));
}
std::string_view libxl_name(DiskBackend b) {
    static constexpr std::array<std::string_view, 5> kNames{"unknown", "phy", "tap", "qdisk", "standalone"};
    return kNames.at(static_cast<std::size_t>(b));
}
std::string_view libxl_name(DiskSpecification s) {
    static constexpr std::array<std::string_view, 3> kNames{"unknown", "xen", "virtio"};
    return kNames.at(static_cast<std::size_t>(s));
}

} // namespace domfw::domain
