#include "hostfw/smbios_overrides.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace domfw::hostfw {
namespace {

// The field hvmloader fills from each key when it builds the type itself (smbios.c,
// smbios_type_{0,1,2,3,22}_init; offsets from DSP0134 §7.1-§7.4, §7.23).
struct KeyField {
    std::string_view key;
    std::uint8_t type;
    std::uint8_t offset;
};
constexpr KeyField kFields[] = {
    {"bios_vendor", 0, 0x04},
    {"bios_version", 0, 0x05},
    {"system_manufacturer", 1, 0x04},
    {"system_product_name", 1, 0x05},
    {"system_version", 1, 0x06},
    {"system_serial_number", 1, 0x07},
    {"baseboard_manufacturer", 2, 0x04},
    {"baseboard_product_name", 2, 0x05},
    {"baseboard_version", 2, 0x06},
    {"baseboard_serial_number", 2, 0x07},
    {"baseboard_asset_tag", 2, 0x08},
    {"baseboard_location_in_chassis", 2, 0x0A},
    {"enclosure_manufacturer", 3, 0x04},
    {"enclosure_serial_number", 3, 0x07},
    {"enclosure_asset_tag", 3, 0x08},
    {"battery_manufacturer", 22, 0x05},
    {"battery_device_name", 22, 0x08},
};

// Every string-number field of the types above (DSP0134 3.x), to see whether a string is shared.
std::vector<std::size_t> string_fields(const smbios::Structure& s) {
    switch (s.type) {
    case 0: return {0x04, 0x05, 0x08};
    case 1: return {0x04, 0x05, 0x06, 0x07, 0x19, 0x1A};
    case 2: return {0x04, 0x05, 0x06, 0x07, 0x08, 0x0A};
    case 3: {
        std::vector<std::size_t> f{0x04, 0x06, 0x07, 0x08};
        // SKU number follows the contained elements: 0x15 + count (0x13) * record length (0x14).
        if (auto n = s.byte(0x13), m = s.byte(0x14); n && m) f.push_back(0x15 + std::size_t{*n} * *m);
        return f;
    }
    case 22: return {0x04, 0x05, 0x06, 0x07, 0x08, 0x0E, 0x14};
    default: return {};
    }
}

Expected<void> set_string(smbios::Structure& s, std::size_t offset, const std::string& value) {
    std::uint8_t& ref = s.formatted[offset];
    bool shared = false;
    if (ref != 0)
        for (std::size_t f : string_fields(s))
            if (f != offset && f < s.formatted.size() && s.formatted[f] == ref) shared = true;
    if (ref != 0 && ref <= s.strings.size() && !shared) {
        s.strings[ref - 1u] = value;
        return {};
    }
    if (s.strings.size() >= 255)
        return fail("type {} (handle {:#06x}) already holds 255 strings; no room for one more", s.type, s.handle);
    s.strings.push_back(value);
    ref = static_cast<std::uint8_t>(s.strings.size());
    return {};
}

} // namespace

Expected<void> apply_smbios_overrides(smbios::Structure& s, std::span<const SmbiosOverride> overrides,
                                      OverrideReport& report) {
    const auto where = fmt::format("type {} (handle {:#06x})", s.type, s.handle);
    for (const auto& f : kFields) {
        if (f.type != s.type) continue;
        std::optional<std::string> value; // the last non-empty one
        for (const auto& o : overrides)
            if (o.key == f.key && !o.value.empty()) value = o.value;
        if (!value) continue;
        if (f.offset >= s.formatted.size()) {
            report.warnings.push_back(fmt::format(
                "smbios key {} not applied to {}: its formatted area (length {:#04x}) has no field at offset {:#04x}",
                f.key, where, s.formatted.size(), f.offset));
            continue;
        }
        DOMFW_TRY_VOID(set_string(s, f.offset, *value));
        report.applied.push_back(fmt::format("{} {}", where, f.key));
    }
    if (s.type == 11) {
        std::vector<std::string> oem;
        for (const auto& o : overrides) {
            if (o.key != "oem") continue;
            if (o.value.empty()) break;
            oem.push_back(o.value);
        }
        if (!oem.empty()) {
            if (s.formatted.size() < 5) {
                report.warnings.push_back(fmt::format(
                    "smbios key oem not applied to {}: its formatted area (length {:#04x}) has no count field", where,
                    s.formatted.size()));
                return {};
            }
            s.strings = oem; // at most 99 (domain::kMaxOemStrings), checked when the config is read
            s.formatted[4] = static_cast<std::uint8_t>(oem.size());
            report.applied.push_back(fmt::format("{} oem ({} strings)", where, oem.size()));
        }
    }
    return {};
}

namespace {

// The base of each generated type: the loader's defaults (loader/lib/smbios.cpp) for 0, 1 and 3,
// hvmloader's layout (Xen 4.18 smbios.c) for 2, 11 and 22, before the keys are applied.
smbios::Structure base_structure(std::uint8_t type) {
    smbios::Structure s;
    s.type = type;
    switch (type) {
    case 0: // BIOS information: PCI supported, "virtual machine" (extension byte 2 bit 4)
        s.formatted = {0, 0x18, 0, 0, 1, 2, 0x00, 0xE8, 3, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0xFF, 0xFF};
        s.strings = {"domfw", "domfw-loader", "01/01/2026"};
        break;
    case 1: // system information: UUID unknown (zeros), woken by the power switch
        s.formatted.assign(0x1B, 0);
        s.formatted[4] = 1, s.formatted[5] = 2, s.formatted[0x18] = 6;
        s.strings = {"domfw", "PVH guest"};
        break;
    case 2: // baseboard: a motherboard (board type 0x0A), no contained objects
        s.formatted.assign(0x0F, 0);
        s.formatted[0x09] = 0x01, s.formatted[0x0B] = 0xFF, s.formatted[0x0C] = 0xFF, s.formatted[0x0D] = 0x0A;
        break;
    case 3: // chassis: "other", safe states, no security
        s.formatted = {0, 0x0D, 0, 0, 1, 0x01, 0, 0, 0, 0x03, 0x03, 0x03, 0x02};
        s.strings = {"domfw"};
        break;
    case 11: // OEM strings: the count byte, filled by the keys
        s.formatted.assign(5, 0);
        break;
    case 22: // portable battery: design capacity and voltage unknown
        s.formatted.assign(0x1A, 0);
        s.formatted[0x09] = 0x02, s.formatted[0x0A] = 0x02;
        break;
    default: break;
    }
    s.formatted[0] = type;
    s.formatted[1] = static_cast<std::uint8_t>(s.formatted.size());
    return s;
}

} // namespace

Expected<std::vector<smbios::Structure>> structures_for_overrides(std::span<const std::uint8_t> present,
                                                                  std::span<const std::uint16_t> used,
                                                                  std::span<const SmbiosOverride> overrides,
                                                                  OverrideReport& report) {
    auto targeted = [&](std::uint8_t type) {
        for (const auto& o : overrides) {
            if (o.value.empty()) {
                if (type == 11 && o.key == "oem") return false; // hvmloader stops at the first empty one
                continue;
            }
            if (type == 11 && o.key == "oem") return true; // the first oem value: later ones follow it
            for (const auto& f : kFields)
                if (f.type == type && f.key == o.key) return true;
        }
        return false;
    };
    std::vector<smbios::Structure> out;
    std::uint32_t next = 0xFE00;
    for (const std::uint8_t type : std::initializer_list<std::uint8_t>{0, 1, 2, 3, 11, 22}) {
        if (!targeted(type) || std::find(present.begin(), present.end(), type) != present.end()) continue;
        while (std::find(used.begin(), used.end(), next) != used.end())
            ++next;
        if (next >= 0xFFFE) return fail("smbios = [...]: no free handle for a generated type {} structure", type);
        smbios::Structure s = base_structure(type);
        s.handle = static_cast<std::uint16_t>(next++);
        s.formatted[2] = static_cast<std::uint8_t>(s.handle);
        s.formatted[3] = static_cast<std::uint8_t>(s.handle >> 8);
        DOMFW_TRY_VOID(apply_smbios_overrides(s, overrides, report));
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace domfw::hostfw
