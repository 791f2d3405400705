// Deterministic generator of xl.cfg texts that each exercise one device family (disk, vif, pci,
// vfb, vkb, vtpm, channel, p9, pvcalls, vdispl, vsnd, usbctrl, usbdev) with every key domfw models for it, valid and
// invalid values alike: the input of the device differential against `xl -N create` and of the device fuzz targets'
// seed corpus.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace domfw::generators {

enum class DeviceFamily : std::uint8_t {
    disk,
    vif,
    pci,
    vfb,
    vkb,
    vtpm,
    channel,
    p9,
    pvcalls,
    vdispl,
    vsnd,
    usbctrl,
    usbdev
};
inline constexpr unsigned kDeviceFamilies = 13;
[[nodiscard]] std::string_view to_string(DeviceFamily f);

// One list item of the family's key (the text inside the quotes; for vsnd, one item of a card).
[[nodiscard]] std::string generate_device_item(DeviceFamily f, std::uint64_t seed);
// A whole config: name, a guest type that boots, and 1..3 items of the family's key (pci also
// sets some pci_* defaults; vsnd has 1..3 cards of 0..4 items).
[[nodiscard]] std::string generate_device_config(DeviceFamily f, std::uint64_t seed);

} // namespace domfw::generators
