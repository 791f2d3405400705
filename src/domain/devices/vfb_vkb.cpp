// `vfb` and `vkb`: xl 4.17's parse_config_data loop over vfb items and parse_vkb_config. A vfb
// item is cut at ',' (strtok); the first piece without '=' ends the item, unknown keys are
// skipped, numbers are atoi's. A vkb item must name its backend-type.
#include <cstdlib>
#include <strings.h>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "domain/devices/tokens.hpp"

namespace domfw::domain {

namespace {

using detail::pieces;
using detail::xl_atoi;

std::uint32_t xl_strtoul(const std::string& s) {
    return static_cast<std::uint32_t>(detail::xl_strtoul(s)); // truncated as xl stores it
}

} // namespace

Vfb parse_vfb(std::string_view spec, int devid) {
    Vfb v;
    v.devid = devid;
    for (const auto& p : pieces(spec)) {
        auto eq = p.find('=');
        if (eq == std::string::npos) break;
        auto key = p.substr(0, eq);
        auto val = p.substr(eq + 1);
        if (key == "vnc")
            v.vnc_enable = xl_atoi(val) != 0;
        else if (key == "vnclisten")
            v.vnc_listen = val;
        else if (key == "vncpasswd")
            v.vnc_passwd = val;
        else if (key == "vncdisplay")
            v.vnc_display = xl_atoi(val);
        else if (key == "vncunused")
            v.vnc_findunused = xl_atoi(val) != 0;
        else if (key == "keymap")
            v.keymap = val;
        else if (key == "sdl")
            v.sdl_enable = xl_atoi(val) != 0;
        else if (key == "opengl")
            v.sdl_opengl = xl_atoi(val) != 0;
        else if (key == "display")
            v.sdl_display = val;
        else if (key == "xauthority")
            v.sdl_xauthority = val;
    }
    return v;
}

Expected<Vkb> parse_vkb(std::string_view spec, int devid) {
    Vkb k;
    k.devid = devid;
    // Every complaint ends "in vkb spec", as xl's do: the spec follows.
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} `{}'", m, spec)}); };
    for (const auto& p : pieces(spec)) {
        auto eq = p.find('=');
        auto key = eq == std::string::npos ? std::string() : p.substr(0, eq);
        auto val = eq == std::string::npos ? std::string() : p.substr(eq + 1);
        // A piece without '=' has no key and ends up as an unknown string.
        if (key == "backend") {
            k.backend_domname = val;
        } else if (key == "backend-type") {
            if (strcasecmp(val.c_str(), "qemu") == 0)
                k.backend_type = VkbBackend::qemu;
            else if (strcasecmp(val.c_str(), "linux") == 0)
                k.backend_type = VkbBackend::linux_;
            else if (strcasecmp(val.c_str(), "unknown") == 0)
                k.backend_type = VkbBackend::unknown;
            else
                return fail(fmt::format("Unknown backend_type \"{}\" (expected qemu or linux) in vkb spec", val));
        } else if (key == "unique-id") {
            k.unique_id = val;
        } else if (key == "feature-disable-keyboard") {
            k.feature_disable_keyboard = std::strtoul(val.c_str(), nullptr, 0) != 0;
        } else if (key == "feature-disable-pointer") {
            k.feature_disable_pointer = std::strtoul(val.c_str(), nullptr, 0) != 0;
        } else if (key == "feature-abs-pointer") {
            k.feature_abs_pointer = std::strtoul(val.c_str(), nullptr, 0) != 0;
        } else if (key == "feature-raw-pointer") {
            k.feature_raw_pointer = std::strtoul(val.c_str(), nullptr, 0) != 0;
        } else if (key == "feature-multi-touch") {
            k.feature_multi_touch = std::strtoul(val.c_str(), nullptr, 0) != 0;
        } else if (key == "multi-touch-width") {
            k.multi_touch_width = xl_strtoul(val);
        } else if (key == "multi-touch-height") {
            k.multi_touch_height = xl_strtoul(val);
        } else if (key == "multi-touch-num-contacts") {
            k.multi_touch_num_contacts = xl_strtoul(val);
        } else if (key == "width") {
            k.width = xl_strtoul(val);
        } else if (key == "height") {
            k.height = xl_strtoul(val);
        } else {
            return fail(fmt::format("Unknown string \"{}\" in vkb spec", p));
        }
    }
    if (k.backend_type == VkbBackend::unknown) return fail("backend-type should be set in vkb spec");
    bool touch_size = k.multi_touch_height != 0 || k.multi_touch_width != 0 || k.multi_touch_num_contacts != 0;
    if (touch_size) k.feature_multi_touch = true;
    if (k.feature_multi_touch && !touch_size)
        return fail("multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set for multi touch "
                    "in vkb spec");
    return k;
}

std::string_view libxl_name(VkbBackend b) {
    switch (b) {
    case VkbBackend::unknown: return "unknown";
    case VkbBackend::qemu: return "qemu";
    case VkbBackend::linux_: return "linux";
    }
    return "unknown";
}

} // namespace domfw::domain
