#include "domain/smbios_strings.hpp"

#include <array>
#include <cctype>

namespace domfw::domain {

namespace {

constexpr auto kKeys = std::to_array<std::string_view>(
    {"bios_vendor", "bios_version", "system_manufacturer", "system_product_name", "system_version",
     "system_serial_number", "baseboard_manufacturer", "baseboard_product_name", "baseboard_version",
     "baseboard_serial_number", "baseboard_asset_tag", "baseboard_location_in_chassis", "enclosure_manufacturer",
     "enclosure_serial_number", "enclosure_asset_tag", "battery_manufacturer", "battery_device_name", "oem"});

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

} // namespace

std::span<const std::string_view> smbios_keys() { return kKeys; }

Expected<SmbiosPair> parse_smbios_item(std::string_view item, bool whole_value) {
    // split_string_into_pair(buf, "=") uses strtok_r: leading '='s are skipped and the value ends
    // at the next '=' ("a=b=c" gives "a" and "b").
    auto p = item.find_first_not_of('=');
    if (p == std::string_view::npos) return fail("xl: failed to split \"{}\" into pair", item);
    auto e = item.find('=', p);
    auto first = item.substr(p, e == std::string_view::npos ? std::string_view::npos : e - p);
    if (e == std::string_view::npos) return fail("xl: failed to split \"{}\" into pair", item);
    auto q = item.find_first_not_of('=', e);
    if (q == std::string_view::npos) return fail("xl: failed to split \"{}\" into pair", item);
    auto f = whole_value ? std::string_view::npos : item.find('=', q);
    auto second = item.substr(q, f == std::string_view::npos ? std::string_view::npos : f - q);
    auto key = trim(first);
    for (auto k : kKeys)
        if (iequal(k, key)) return SmbiosPair{std::string(k), std::string(trim(second))};
    return fail("xl: unknown smbios type '{}'", item);
}

} // namespace domfw::domain
