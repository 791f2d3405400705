// `vdispl`: xl 4.17's parse_vdispl_config. An item is cut at ',' (strtok, leading spaces dropped);
// every piece is `backend=`, `be-alloc=` or `connectors=ID:WxH;ID:WxH...` (matched as "key=" at
// its start), and an item needs at least one connector. xl cuts the connector list at ';' and a
// connector at ':' with strtok_r (empty pieces skipped, a third ':' piece ignored) and reads the
// resolution with sscanf("%ux%u"), whose trailing text it ignores.
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "domain/devices/tokens.hpp"

namespace domfw::domain {

namespace {

// sscanf(s, "%u", ...) from `at`: blanks skipped, a sign, decimal digits (strtoul's value, cut to
// 32 bits as the unsigned int it lands in). -1 = the text ended first, 0 = no number, 1 = read.
int scan_unsigned(std::string_view s, std::size_t& at, std::uint32_t& out) {
    while (at < s.size() && std::isspace(static_cast<unsigned char>(s[at])) != 0)
        ++at;
    if (at == s.size()) return -1;
    std::size_t start = at, digits = at;
    if (s[digits] == '+' || s[digits] == '-') ++digits;
    std::size_t end = digits;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end])) != 0)
        ++end;
    if (end == digits) return 0;
    out = static_cast<std::uint32_t>(std::strtoul(std::string(s.substr(start, end - start)).c_str(), nullptr, 10));
    at = end;
    return 1;
}

// sscanf(s, "%ux%u", &w, &h)'s return value: 2 when both were read, else 1, 0 or EOF (-1).
int scan_resolution(std::string_view s, std::uint32_t& w, std::uint32_t& h) {
    std::size_t at = 0;
    int r = scan_unsigned(s, at, w);
    if (r != 1) return r;
    if (at == s.size() || s[at] != 'x') return 1;
    ++at;
    return scan_unsigned(s, at, h) == 1 ? 2 : 1;
}

} // namespace

Expected<Vdispl> parse_vdispl(std::string_view spec, int devid) {
    Vdispl v;
    v.devid = devid;
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} in vdispl spec `{}'", m, spec)}); };
    for (const auto& p : detail::pieces(spec)) {
        std::string val;
        if (detail::match_option("backend", p, val)) {
            v.backend_domname = val;
        } else if (detail::match_option("be-alloc", p, val)) {
            v.be_alloc = detail::xl_strtoul(val) != 0; // a bool in libxl: any non-zero value is true
        } else if (detail::match_option("connectors", p, val)) {
            auto list = detail::strtok_all(val, ';');
            // xl 4.17 copies the NULL token of an empty list and crashes; domfw says so.
            if (list.empty()) return fail("connectors= names no connector (give connectors=ID:WIDTHxHEIGHT;...)");
            v.connectors.clear(); // a later connectors= replaces the list, as in xl
            for (auto c : list) {
                auto halves = detail::strtok_all(c, ':');
                // xl reads a resolution it never set and crashes; domfw says what is missing.
                if (halves.size() < 2) return fail(fmt::format("connector \"{}\" is not ID:WIDTHxHEIGHT", c));
                VdisplConnector con;
                con.unique_id = std::string(halves[0]);
                // Where sscanf reads no number at all xl prints this and still creates the
                // display, without the rest of the list; domfw refuses it (docs/differences-from-xl.md).
                if (scan_resolution(halves[1], con.width, con.height) != 2)
                    return fail(fmt::format("Can't parse connector resolution \"{}\" of connector \"{}\" (expected "
                                            "WIDTHxHEIGHT, such as 1920x1080)",
                                            halves[1], halves[0]));
                v.connectors.push_back(std::move(con));
            }
        } else {
            return fail(fmt::format("Unknown string \"{}\" (expected backend=, be-alloc= or connectors=)", p));
        }
    }
    if (v.connectors.empty())
        return fail("At least one connector should be specified (connectors=ID:WIDTHxHEIGHT;...)");
    return v;
}

} // namespace domfw::domain
