// How xl 4.17 cuts device items: strtok/strtok_r, which skip empty tokens (",,", a leading ',').
#pragma once

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

} // namespace domfw::domain::detail
