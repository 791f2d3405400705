// `vtpm`, `channel`, `p9` and `pvcalls`: xl 4.17's parse_config_data loops over them. A vtpm, p9
// or pvcalls item (only `backend=`) is cut as a vfb item is (strtok at ',', leading spaces dropped, the first piece
// without '=' ends the item) and must name its backend; a channel item is cut at ',' and each piece at '=' (strtok_r,
// both sides trimmed), must say its connection, and a socket needs a path. A p9 item needs a tag, a path and a security
// model, which xl carries over from the item before.
#include <cctype>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "domain/devices/tokens.hpp"

namespace domfw::domain {

namespace {

// libuuid's uuid_parse, which libxl_uuid_from_string is: exactly 36 characters, '-' at 8, 13, 18
// and 23, hexadecimal digits elsewhere (either case).
std::optional<std::array<std::uint8_t, 16>> parse_uuid(std::string_view s) {
    if (s.size() != 36) return std::nullopt;
    std::array<std::uint8_t, 16> out{};
    std::size_t byte = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return std::nullopt;
            ++i;
            continue;
        }
        auto hex = [](char c) -> int {
            if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return -1;
            return std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0' : std::tolower(c) - 'a' + 10;
        };
        int hi = hex(s[i]), lo = hex(s[i + 1]); // pairs never straddle a '-'
        if (hi < 0 || lo < 0) return std::nullopt;
        out.at(byte++) = static_cast<std::uint8_t>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string_view trim_space(std::string_view s) { // xl's trim(isspace, ...)
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0)
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0)
        s.remove_suffix(1);
    return s;
}

} // namespace

Expected<Vtpm> parse_vtpm(std::string_view spec, int devid) {
    Vtpm v;
    v.devid = devid;
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} in vtpm spec `{}'", m, spec)}); };
    bool got_backend = false;
    for (const auto& p : detail::pieces(spec)) {
        auto eq = p.find('=');
        if (eq == std::string::npos) break; // as xl: the rest of the item is not read
        auto key = p.substr(0, eq);
        auto val = p.substr(eq + 1);
        if (key == "backend") {
            v.backend_domname = val;
            got_backend = true;
        } else if (key == "uuid") {
            auto u = parse_uuid(val);
            if (!u)
                return fail(fmt::format("Failed to parse vtpm UUID: \"{}\" is not 8-4-4-4-12 hexadecimal digits", val));
            v.uuid = *u;
        } else {
            return fail(fmt::format("Unknown string `{}'", key));
        }
    }
    if (!got_backend) return fail("missing required backend field (backend=DOMAIN)");
    return v;
}

Expected<Channel> parse_channel(std::string_view spec, int devid) {
    Channel c;
    c.devid = devid;
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} in `{}'", m, spec)}); };
    auto items = detail::strtok_all(spec, ',');
    // xl 4.17 copies a NULL token here and crashes; domfw says what is wrong.
    if (items.empty()) return fail("failed to parse channel configuration: the item is empty");
    for (auto piece : items) {
        auto halves = detail::strtok_all(piece, '='); // strtok_r twice: "a==b" is a/b, "a=b=c" a/b
        if (halves.size() < 2)
            return fail(fmt::format("failed to parse channel configuration: \"{}\" is not key=value", piece));
        auto key = trim_space(halves[0]);
        auto value = std::string(trim_space(halves[1]));
        if (key == "backend") {
            c.backend_domname = value;
        } else if (key == "name") {
            c.name = value;
        } else if (key == "path") {
            c.path = value;
        } else if (key == "connection") {
            if (value == "pty")
                c.connection = ChannelConnection::pty;
            else if (value == "socket")
                c.connection = ChannelConnection::socket;
            else
                return fail(fmt::format("unknown channel connection '{}' (expected pty or socket)", value));
        } else {
            c.warnings.push_back(fmt::format("unknown channel parameter '{}', ignoring", key));
        }
    }
    if (c.connection == ChannelConnection::unknown)
        return fail("channel has unknown 'connection' (give connection=pty or connection=socket)");
    if (c.connection == ChannelConnection::socket && !c.path)
        return fail("channel connection 'socket' requires path=..");
    if (c.connection == ChannelConnection::pty) c.path.reset(); // libxl's pty has no field for it
    return c;
}

Expected<P9> parse_p9(std::string_view spec, const P9* previous) {
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} in 9pfs spec `{}'", m, spec)}); };
    std::optional<std::string> backend, tag, path, security_model;
    if (previous != nullptr) {
        backend = previous->backend_domname;
        tag = previous->tag;
        path = previous->path;
        security_model = previous->security_model;
    }
    for (const auto& p : detail::pieces(spec)) {
        auto eq = p.find('=');
        if (eq == std::string::npos) break; // as xl: the rest of the item is not read
        auto key = p.substr(0, eq);
        auto val = p.substr(eq + 1);
        if (key == "security_model")
            security_model = val;
        else if (key == "path")
            path = val;
        else if (key == "tag")
            tag = val;
        else if (key == "backend")
            backend = val;
        else
            return fail(fmt::format("Unknown string `{}'", key));
    }
    std::string missing;
    for (auto [name, v] : {std::pair{"path=", &path}, {"security_model=", &security_model}, {"tag=", &tag}})
        if (!*v) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", name);
    if (!missing.empty())
        return fail(fmt::format("missing required field {} (each item needs path=, security_model= and tag=, or "
                                "takes them from the item before it)",
                                missing));
    P9 out;
    out.backend_domname = std::move(backend);
    out.tag = std::move(*tag);
    out.path = std::move(*path);
    out.security_model = std::move(*security_model);
    return out;
}

Expected<Pvcalls> parse_pvcalls(std::string_view spec, int devid) {
    Pvcalls v;
    v.devid = devid;
    for (const auto& p : detail::pieces(spec)) {
        auto eq = p.find('=');
        if (eq == std::string::npos) break; // as xl: the rest of the item is not read
        if (p.substr(0, eq) != "backend")
            return Unexpected(Error{fmt::format("Unknown string `{}' in pvcalls spec `{}'", p.substr(0, eq), spec)});
        v.backend_domname = p.substr(eq + 1);
    }
    return v;
}

std::string_view libxl_name(ChannelConnection c) {
    switch (c) {
    case ChannelConnection::unknown: return "unknown";
    case ChannelConnection::pty: return "pty";
    case ChannelConnection::socket: return "socket";
    }
    return "unknown";
}

} // namespace domfw::domain
