// `usbctrl` and `usbdev`: xl 4.17's parse_usbctrl_config and parse_usbdev_config. An item is cut
// at ',' (strtok, leading spaces dropped) and every piece must be one of the keys, matched as
// "key=" at its start (xl's MATCH_OPTION); an empty item is a device with libxl's defaults.
// Numbers are read as xl reads them (atoi, strtoul) and cut to the field's width. xl -N creates no
// controller for a usbdev: libxl does that when the domain is built, so neither does domfw.
#include <strings.h>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "domain/devices/tokens.hpp"

namespace domfw::domain {

using detail::match_option;

Expected<Usbctrl> parse_usbctrl(std::string_view spec, int devid) {
    Usbctrl u;
    u.devid = devid;
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} in usbctrl spec `{}'", m, spec)}); };
    for (const auto& p : detail::pieces(spec)) {
        std::string val;
        if (match_option("type", p, val)) {
            // libxl_usbctrl_type_from_string: the enum's names in any case.
            constexpr std::pair<const char*, UsbctrlType> kTypes[] = {{"auto", UsbctrlType::auto_},
                                                                      {"pv", UsbctrlType::pv},
                                                                      {"devicemodel", UsbctrlType::devicemodel},
                                                                      {"qusb", UsbctrlType::qusb}};
            bool known = false;
            for (const auto& [name, type] : kTypes)
                if (strcasecmp(val.c_str(), name) == 0) {
                    u.type = type;
                    known = true;
                }
            if (!known)
                return fail(
                    fmt::format("Invalid usb controller type '{}' (expected auto, pv, devicemodel or qusb)", val));
        } else if (match_option("version", p, val)) {
            u.version = detail::xl_atoi(val);
        } else if (match_option("ports", p, val)) {
            u.ports = detail::xl_atoi(val);
        } else {
            return fail(fmt::format("Unknown string `{}' (expected type=, version= or ports=)", p));
        }
    }
    return u;
}

Expected<Usbdev> parse_usbdev(std::string_view spec) {
    Usbdev u;
    auto fail = [&](std::string m) { return Unexpected(Error{fmt::format("{} in usbdev spec `{}'", m, spec)}); };
    for (const auto& p : detail::pieces(spec)) {
        std::string val;
        if (match_option("type", p, val)) {
            // xl prints "(null)" for the value (it names getopt's optarg); domfw names it.
            if (strcasecmp(val.c_str(), "hostdev") != 0)
                return fail(fmt::format("Invalid usb device type: \"{}\" (expected hostdev)", val));
            u.hostdev = true;
        } else if (match_option("hostbus", p, val)) {
            u.hostbus = static_cast<std::uint8_t>(detail::xl_strtoul(val)); // a uint8 in libxl
        } else if (match_option("hostaddr", p, val)) {
            u.hostaddr = static_cast<std::uint8_t>(detail::xl_strtoul(val));
        } else if (match_option("controller", p, val)) {
            u.ctrl = detail::xl_atoi(val);
        } else if (match_option("port", p, val)) {
            u.port = detail::xl_atoi(val);
        } else {
            return fail(
                fmt::format("Unknown string `{}' (expected type=, hostbus=, hostaddr=, controller= or port=)", p));
        }
    }
    return u;
}

std::string_view libxl_name(UsbctrlType t) {
    switch (t) {
    case UsbctrlType::auto_: return "auto";
    case UsbctrlType::pv: return "pv";
    case UsbctrlType::devicemodel: return "devicemodel";
    case UsbctrlType::qusb: return "qusb";
    }
    return "auto";
}

} // namespace domfw::domain
