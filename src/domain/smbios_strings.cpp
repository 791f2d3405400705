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

Expected<SmbiosPair> parse_smbios_item(std::string_view item) {
    // Split at the FIRST '=' and keep the rest whole, as xl's split_string_into_pair does since it
    // moved from strtok_r to strchr. xl 4.18's strtok_r ended the value at the next '=' ("a=b=c"
    // gave "b"), which cut every systemd credential (`oem=io.systemd.credential:NAME=VALUE`) to
    // its name; 4.17's xl ignores the key, so domfw is the one delivering it (docs/differences-from-xl.md).
    auto e = item.find('=');
    if (e == std::string_view::npos || e + 1 == item.size()) return fail("xl: failed to split \"{}\" into pair", item);
    auto first = item.substr(0, e);
    auto second = item.substr(e + 1);
    auto key = trim(first);
    for (auto k : kKeys)
        if (iequal(k, key)) return SmbiosPair{std::string(k), std::string(trim(second))};
    return fail("xl: unknown smbios type '{}'", item);
}

} // namespace domfw::domain
