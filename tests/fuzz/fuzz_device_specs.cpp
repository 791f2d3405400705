// Runs one device list item through its parser (src/domain/devices): the disk scanner, the vif,
// pci, vkb, vtpm, channel, p9, pvcalls, vdispl, usbctrl and usbdev parsers, the vfb reader, a
// vsnd card (its items one per line), and the libxl JSON of what they accept. The first byte
// picks the family (bits 0-2 and 4) and the source: bit 3 clear = the rest is the item; set = the
// next 8 bytes seed the device generator (tests/generators/device_lines), which starts from items
// xl knows, and the rest is appended to that item.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/devices/devices.hpp"
#include "domain/devices/read.hpp"
#include "generators/device_lines.hpp"

using namespace domfw::domain;

namespace {

[[noreturn]] void broken() { std::abort(); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // Bits 0-2 and 4 pick the family, bit 3 the generator.
    auto family = static_cast<domfw::generators::DeviceFamily>(((data[0] & 7U) | ((data[0] >> 1U) & 8U)) %
                                                               domfw::generators::kDeviceFamilies);
    std::string item;
    if ((data[0] & 8U) != 0) {
        std::uint64_t seed = 0;
        std::memcpy(&seed, data + 1, size - 1 < 8 ? size - 1 : 8);
        item = domfw::generators::generate_device_item(family, seed);
        if (size > 9) item.append(reinterpret_cast<const char*>(data + 9), size - 9);
    } else {
        item.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    }
    Devices d;
    switch (family) {
    case domfw::generators::DeviceFamily::disk:
        if (auto disk = parse_disk(item)) {
            // What xlu_disk_parse guarantees of every disk it returns.
            if (!disk->vdev || disk->format == DiskFormat::unknown) broken();
            if (!disk->pdev_path && disk->removable == 0) broken();
            d.disks.push_back(*disk);
        }
        break;
    case domfw::generators::DeviceFamily::vif:
        if (auto nic = parse_nic(item, 0)) {
            if (nic->rate_interval_usecs == 0 && nic->rate_bytes_per_interval != 0) broken();
            d.nics.push_back(*nic);
        }
        break;
    case domfw::generators::DeviceFamily::pci:
        if (auto pci = parse_pci(item, {})) {
            if (pci->bus > 0xff || pci->dev > 0x1f || pci->func > 7 || pci->domain > 0xffff) broken();
            if (pci->vdevfn > (0x1fU << 3)) broken();
            d.pcidevs.push_back(*pci);
        }
        break;
    case domfw::generators::DeviceFamily::vfb: d.vfbs.push_back(parse_vfb(item, 0)); break;
    case domfw::generators::DeviceFamily::vkb:
        if (auto vkb = parse_vkb(item, 0)) {
            if (vkb->backend_type == VkbBackend::unknown) broken();
            d.vkbs.push_back(*vkb);
        }
        break;
    case domfw::generators::DeviceFamily::vtpm:
        if (auto vtpm = parse_vtpm(item, 0)) {
            if (!vtpm->backend_domname) broken(); // xl refuses a vtpm without backend=
            d.vtpms.push_back(*vtpm);
        }
        break;
    case domfw::generators::DeviceFamily::channel:
        if (auto ch = parse_channel(item, 0)) {
            if (ch->connection == ChannelConnection::unknown) broken();
            if (ch->connection == ChannelConnection::socket && !ch->path) broken();
            d.channels.push_back(*ch);
        }
        break;
    case domfw::generators::DeviceFamily::p9:
        if (auto p9 = parse_p9(item, nullptr)) d.p9s.push_back(*p9); // carried over below
        if (auto again = parse_p9(item, d.p9s.empty() ? nullptr : &d.p9s.back())) d.p9s.push_back(*again);
        break;
    case domfw::generators::DeviceFamily::pvcalls:
        if (auto pv = parse_pvcalls(item, 0)) d.pvcallsifs.push_back(*pv);
        break;
    case domfw::generators::DeviceFamily::vdispl:
        if (auto v = parse_vdispl(item, 0)) {
            if (v->connectors.empty()) broken(); // xl refuses a display without one
            for (const auto& c : v->connectors)
                if (!c.unique_id) broken();
            d.vdispls.push_back(*v);
        }
        break;
    case domfw::generators::DeviceFamily::vsnd: {
        Vsnd card;
        std::size_t at = 0;
        bool ok = true;
        while (ok && at <= item.size()) { // one card item per line
            auto nl = item.find('\n', at);
            if (nl == std::string::npos) nl = item.size();
            ok = parse_vsnd_item(card, std::string_view(item).substr(at, nl - at)).has_value();
            at = nl + 1;
        }
        // libxl prints the enum's own lowercase names, never the spelling of the config.
        auto lowercase = [](const VsndParams& p) {
            for (const auto& f : p.sample_formats)
                for (char c : f)
                    if (c >= 'A' && c <= 'Z') return false;
            return true;
        };
        if (!lowercase(card.params)) broken();
        for (const auto& pcm : card.pcms) {
            if (!lowercase(pcm.params)) broken();
            for (const auto& st : pcm.streams)
                if (!lowercase(st.params)) broken();
        }
        if (ok) d.vsnds.push_back(card);
        break;
    }
    case domfw::generators::DeviceFamily::usbctrl:
        if (auto u = parse_usbctrl(item, 0)) d.usbctrls.push_back(*u);
        break;
    case domfw::generators::DeviceFamily::usbdev:
        if (auto u = parse_usbdev(item)) d.usbdevs.push_back(*u);
        break;
    }
    nlohmann::ordered_json root = nlohmann::ordered_json::object();
    add_devices_libxl_json(root, d);
    (void)root.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return 0;
}
