// xl-network-configuration: xl 4.17's parse_nic_config and libxlutil's xlu_vif_parse_rate. The
// item is cut at every ',' (strtok: empty pieces vanish), leading spaces dropped, each piece
// "key=value" or a bare flag. Where xl prints a complaint and goes on with a half-made NIC (a bad
// mac, a bad type, an unknown piece), domfw refuses the item (docs/differences-from-xl.md).
#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "domain/devices/tokens.hpp"

namespace domfw::domain {

namespace {

using detail::is_digit;

struct StringOption {
    std::string_view option; // as written in the config
    std::string_view field;  // libxl_device_nic's field
};

// libxl_types.idl order, which is the JSON's order.
constexpr auto kStringFields = std::to_array<std::string_view>({"backend_domname",
                                                                "model",
                                                                "ip",
                                                                "bridge",
                                                                "ifname",
                                                                "script",
                                                                "gatewaydev",
                                                                "coloft_forwarddev",
                                                                "colo_sock_mirror_id",
                                                                "colo_sock_mirror_ip",
                                                                "colo_sock_mirror_port",
                                                                "colo_sock_compare_pri_in_id",
                                                                "colo_sock_compare_pri_in_ip",
                                                                "colo_sock_compare_pri_in_port",
                                                                "colo_sock_compare_sec_in_id",
                                                                "colo_sock_compare_sec_in_ip",
                                                                "colo_sock_compare_sec_in_port",
                                                                "colo_sock_compare_notify_id",
                                                                "colo_sock_compare_notify_ip",
                                                                "colo_sock_compare_notify_port",
                                                                "colo_sock_redirector0_id",
                                                                "colo_sock_redirector0_ip",
                                                                "colo_sock_redirector0_port",
                                                                "colo_sock_redirector1_id",
                                                                "colo_sock_redirector1_ip",
                                                                "colo_sock_redirector1_port",
                                                                "colo_sock_redirector2_id",
                                                                "colo_sock_redirector2_ip",
                                                                "colo_sock_redirector2_port",
                                                                "colo_filter_mirror_queue",
                                                                "colo_filter_mirror_outdev",
                                                                "colo_filter_redirector0_queue",
                                                                "colo_filter_redirector0_indev",
                                                                "colo_filter_redirector0_outdev",
                                                                "colo_filter_redirector1_queue",
                                                                "colo_filter_redirector1_indev",
                                                                "colo_filter_redirector1_outdev",
                                                                "colo_compare_pri_in",
                                                                "colo_compare_sec_in",
                                                                "colo_compare_out",
                                                                "colo_compare_notify_dev",
                                                                "colo_sock_sec_redirector0_id",
                                                                "colo_sock_sec_redirector0_ip",
                                                                "colo_sock_sec_redirector0_port",
                                                                "colo_sock_sec_redirector1_id",
                                                                "colo_sock_sec_redirector1_ip",
                                                                "colo_sock_sec_redirector1_port",
                                                                "colo_filter_sec_redirector0_queue",
                                                                "colo_filter_sec_redirector0_indev",
                                                                "colo_filter_sec_redirector0_outdev",
                                                                "colo_filter_sec_redirector1_queue",
                                                                "colo_filter_sec_redirector1_indev",
                                                                "colo_filter_sec_redirector1_outdev",
                                                                "colo_filter_sec_rewriter0_queue",
                                                                "colo_checkpoint_host",
                                                                "colo_checkpoint_port"});

// The options whose name is not the field's; every other COLO option is its field's name.
constexpr std::array<StringOption, 7> kRenamed{{{"backend", "backend_domname"},
                                                {"vifname", "ifname"},
                                                {"netdev", "gatewaydev"},
                                                {"forwarddev", "coloft_forwarddev"},
                                                {"model", "model"},
                                                {"ip", "ip"},
                                                {"bridge", "bridge"}}};

std::optional<std::string_view> string_field(std::string_view option) {
    for (const auto& r : kRenamed)
        if (r.option == option) return r.field;
    if (option == "script" || option == "gatewaydev") return option;
    if (option.starts_with("colo_") && option != "coloft_forwarddev")
        for (auto f : kStringFields)
            if (f == option) return f;
    return std::nullopt;
}

// xl's parse_ulong: strtoul base 10, stored in an int as C truncates it.
Expected<int> xl_ulong(std::string_view text) {
    std::string s(text);
    char* end = nullptr;
    errno = 0;
    unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (end == s.c_str() || v == ULONG_MAX)
        return Unexpected(Error{fmt::format("failed to convert \"{}\" to number", text)});
    return static_cast<int>(static_cast<unsigned>(v));
}

Expected<std::array<std::uint8_t, 6>> parse_mac(std::string_view text) {
    std::string s(text);
    std::array<std::uint8_t, 6> mac{};
    std::size_t at = 0;
    for (std::size_t i = 0; i < mac.size(); ++i) {
        // xl steps over one separator after each octet, whatever it is, and reads on past the
        // end of the value when there are fewer than six: domfw stops there.
        if (at > s.size())
            return Unexpected(Error{fmt::format("Invalid parameter `mac': \"{}\" has {} octets, not 6", text, i)});
        const char* p = s.c_str() + at;
        char* end = nullptr;
        unsigned long v = std::strtoul(p, &end, 16);
        if (end == p || v > 255)
            return Unexpected(Error{fmt::format("Invalid parameter `mac': octet {} of \"{}\" is not a hexadecimal "
                                                "number from 0 to ff",
                                                i + 1, text)});
        mac.at(i) = static_cast<std::uint8_t>(v);
        at = static_cast<std::size_t>(end - s.c_str()) + 1;
    }
    return mac;
}

// strtoull(text, &end, 0) on digits only, as libxlutil does after its regex: a leading 0 is octal.
std::optional<std::uint64_t> leading_number(const std::string& s, std::size_t& used) {
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(s.c_str(), &end, 0);
    used = static_cast<std::size_t>(end - s.c_str());
    if (v == 0 || v > UINT32_MAX || errno == ERANGE) return std::nullopt;
    return v;
}

// libxlutil's xlu_vif_parse_rate: RATE[@INTERVAL], RATE = ^[0-9]+[GMK]?[Bb]/s$, INTERVAL =
// ^[0-9]+[mu]?s?$ (default 50 ms).
Expected<std::pair<std::uint64_t, std::uint32_t>> parse_rate(std::string_view rate) {
    auto bad = [&](std::string_view what, std::string_view text) {
        return Unexpected(Error{fmt::format("config parsing error in vif: {} in `{}'", what, text)});
    };
    auto at = rate.find('@');
    auto bytes = rate.substr(0, at);
    if (bytes.empty()) return bad("no rate specified", rate);
    std::size_t digits = 0;
    while (digits < bytes.size() && is_digit(bytes[digits]))
        ++digits;
    std::size_t i = digits;
    if (i < bytes.size() && (bytes[i] == 'G' || bytes[i] == 'M' || bytes[i] == 'K')) ++i;
    if (digits == 0 || (bytes.substr(i) != "b/s" && bytes.substr(i) != "B/s")) return bad("invalid rate", bytes);
    std::string b(bytes);
    std::size_t used = 0;
    auto n = leading_number(b, used);
    if (!n) return bad("rate overflow", bytes);
    std::uint64_t per_sec = *n;
    char unit = b[used];
    if (unit == 'G')
        per_sec *= 1000ULL * 1000 * 1000;
    else if (unit == 'M')
        per_sec *= 1000ULL * 1000;
    else if (unit == 'K')
        per_sec *= 1000ULL;
    if (unit == 'b' || b[used + 1] == 'b') per_sec /= 8;
    std::uint64_t usecs = 50000;
    if (at != std::string_view::npos) {
        auto interval = rate.substr(at + 1);
        std::size_t d = 0;
        while (d < interval.size() && is_digit(interval[d]))
            ++d;
        std::size_t j = d;
        if (j < interval.size() && (interval[j] == 'm' || interval[j] == 'u')) ++j;
        if (j < interval.size() && interval[j] == 's') ++j;
        if (d == 0 || j != interval.size()) return bad("invalid replenishment interval", interval);
        std::string iv(interval);
        auto t = leading_number(iv, used);
        if (!t) return bad("replenishment interval overflow", interval);
        usecs = *t;
        if (iv[used] == 's' || iv[used] == '\0')
            usecs *= 1000ULL * 1000;
        else if (iv[used] == 'm')
            usecs *= 1000ULL;
        if (usecs > UINT32_MAX) return bad("replenishment interval overflow", interval);
    }
    if (per_sec > UINT64_MAX / usecs) return bad("rate overflow", rate);
    return std::pair{per_sec * usecs / 1000000ULL, static_cast<std::uint32_t>(usecs)};
}

} // namespace

std::span<const std::string_view> nic_string_fields() { return kStringFields; }

const std::string* Nic::string(std::string_view field) const {
    for (const auto& [f, v] : strings)
        if (f == field) return &v;
    return nullptr;
}

Expected<Nic> parse_nic(std::string_view spec, int devid) {
    Nic n;
    n.devid = devid;
    auto set_string = [&](std::string_view field, std::string_view value) {
        for (auto& [f, v] : n.strings)
            if (f == field) {
                v = std::string(value);
                return;
            }
        n.strings.emplace_back(std::string(field), std::string(value));
    };
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} in `{}'", m, spec)}); };
    std::size_t pos = 0;
    while (pos <= spec.size()) {
        auto comma = spec.find(',', pos);
        auto token = spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        pos = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
        if (token.empty()) continue; // strtok skips empty pieces
        while (!token.empty() && token.front() == ' ')
            token.remove_prefix(1);
        auto eq = token.find('=');
        if (eq == std::string_view::npos) {
            if (token == "trusted")
                n.trusted = true;
            else if (token == "untrusted")
                n.trusted = false;
            else
                return fail(fmt::format("unrecognized argument `{}'", token));
            continue;
        }
        auto key = token.substr(0, eq);
        auto value = token.substr(eq + 1);
        if (key == "type") {
            if (value == "vif")
                n.nictype = NicType::vif;
            else if (value == "ioemu")
                n.nictype = NicType::vif_ioemu;
            else
                return fail(fmt::format("Invalid parameter `type': \"{}\" (expected \"vif\" or \"ioemu\")", value));
        } else if (key == "mac") {
            auto mac = parse_mac(value);
            if (!mac) return fail(mac.error().message);
            n.mac = *mac;
        } else if (key == "rate") {
            auto r = parse_rate(value);
            if (!r) return Unexpected(r.error());
            n.rate_bytes_per_interval = r->first;
            n.rate_interval_usecs = r->second;
        } else if (key == "devid" || key == "mtu") {
            auto v = xl_ulong(value);
            if (!v) return fail(fmt::format("{}: {}", key, v.error().message));
            (key == "devid" ? n.devid : n.mtu) = *v;
        } else if (key == "accel") {
            n.warnings.emplace_back("the accel parameter for vifs is currently not supported; xl ignores it");
        } else if (auto field = string_field(key)) {
            if (key == "netdev")
                n.warnings.emplace_back("the netdev parameter is deprecated, please use gatewaydev instead");
            set_string(*field, value);
        } else {
            return fail(fmt::format("unrecognized argument `{}'", token));
        }
    }
    if (n.mac && std::all_of(n.mac->begin(), n.mac->end(), [](std::uint8_t b) { return b == 0; }))
        n.mac.reset(); // libxl: an all-zero address means "make one up"
    return n;
}

std::string_view libxl_name(NicType t) {
    static constexpr std::array<std::string_view, 3> kNames{"unknown", "vif_ioemu", "vif"};
    return kNames.at(static_cast<std::size_t>(t));
}

} // namespace domfw::domain
