// How xl 4.17 cuts device items: strtok/strtok_r, which skip empty tokens (",,", a leading ',').
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace domfw::domain::detail {

// The non-empty runs of `s` between `delim` characters, as repeated strtok(…, delim) calls give.
inline std::vector<std::string_view> strtok_all(std::string_view s, char delim) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        auto next = s.find(delim, pos);
        auto token = s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
        pos = next == std::string_view::npos ? s.size() : next + 1;
        if (!token.empty()) out.push_back(token);
    }
    return out;
}

// strtok(s, ","): the non-empty pieces, each with its leading spaces dropped (vfb, vkb, vtpm).
inline std::vector<std::string> pieces(std::string_view spec) {
    std::vector<std::string> out;
    for (auto token : strtok_all(spec, ',')) {
        while (!token.empty() && token.front() == ' ')
            token.remove_prefix(1);
        out.emplace_back(token);
    }
    return out;
}

// isdigit in the C locale, which xl's parsers run in.
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// xl's MATCH_OPTION("key", piece, value): the piece starts with "key=" (exact case); the value
// is the rest of it.
inline bool match_option(std::string_view key, std::string_view piece, std::string& value) {
    if (piece.size() <= key.size() || !piece.starts_with(key) || piece[key.size()] != '=') return false;
    value = piece.substr(key.size() + 1);
    return true;
}

// xl's atoi: glibc's (int)strtol(s, NULL, 10): leading blanks and a sign taken, the rest of the
// text ignored, no digits = 0, and a value beyond an int cut to its low 32 bits, as xl stores it.
inline int xl_atoi(const std::string& s) { return std::atoi(s.c_str()); } // NOLINT(cert-err34-c): xl's own reading

// xl's strtoul(s, NULL, 0): 0x = hexadecimal, a leading 0 = octal, "-1" = ULONG_MAX, the rest of
// the text ignored; the caller truncates it to the field's width as xl's assignment does.
inline unsigned long xl_strtoul(const std::string& s) { return std::strtoul(s.c_str(), nullptr, 0); }

} // namespace domfw::domain::detail
