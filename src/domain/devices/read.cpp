// The device keys as xl 4.17's parse_config_data reads them: each key a list of strings
// (xlu_cfg_get_list: a single value is ignored with a warning), items in order, devid = the
// item's index; one bad item fails the config, as it makes xl exit.
#include "domain/devices/read.hpp"

#include <array>
#include <cstdlib>

#include <fmt/format.h>

namespace domfw::domain {

namespace {

constexpr auto kDeviceKeys = std::to_array<std::string_view>(
    {"disk", "vif", "pci", "pci_permissive", "pci_msitranslate", "pci_seize", "pci_power_mgmt", "vfb", "vkb", "vtpm",
     "channel", "p9", "pvcalls", "vdispl", "vsnd", "usbctrl", "usbdev", "dtdev"});

class DeviceReader {
public:
    DeviceReader(const cfg::Document& doc, support::Diagnostics& d, DomainConfig& c) : doc_(doc), d_(d), c_(c) {}

    void run() {
        // libxl puts the guest-type's default in the union xl reads the per-device policy from:
        // "invalid" (not printed) for HVM, 0 = "strict" for PV and PVH.
        PciDefaults pci;
        pci.rdm_policy = *c_.type == GuestType::hvm ? RdmPolicy::invalid : RdmPolicy::strict;
        pci.msitranslate = flag("pci_msitranslate");
        pci.power_mgmt = flag("pci_power_mgmt");
        pci.permissive = flag("pci_permissive");
        pci.seize = flag("pci_seize");
        each("pci", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto p = parse_pci(s, pci);
            if (!p) return fail(r, "pci", i, p.error());
            p->where = r;
            c_.devices.pcidevs.push_back(std::move(*p));
            return true;
        });
        // dtdev: each item is a device-tree path, taken as written (xl strdup's it).
        each("dtdev", [&](std::string_view s, const cfg::SourceRange& r, std::size_t) {
            c_.devices.dtdevs.push_back(Dtdev{std::string(s), r});
            return true;
        });
        each("disk", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto disk = parse_disk(s);
            if (!disk)
                return fail(r, "disk", i, Error{"config parsing error in disk specification: " + disk.error().message});
            disk->where = r;
            c_.devices.disks.push_back(std::move(*disk));
            return true;
        });
        each("vif", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto nic = parse_nic(s, static_cast<int>(i));
            if (!nic) return fail(r, "vif", i, nic.error());
            nic->where = r;
            for (const auto& w : nic->warnings)
                d_.warning(at(r), fmt::format("vif[{}]: {}", i, w));
            c_.devices.nics.push_back(std::move(*nic));
            return true;
        });
        each("vfb", [&](std::string_view s, const cfg::SourceRange& r, std::size_t) {
            auto v = parse_vfb(s, static_cast<int>(c_.devices.vfbs.size()));
            v.where = r;
            c_.devices.vfbs.push_back(std::move(v));
            Vkb k; // xl adds a keyboard for each framebuffer
            k.devid = static_cast<int>(c_.devices.vkbs.size());
            k.where = r;
            c_.devices.vkbs.push_back(std::move(k));
            return true;
        });
        each("vkb", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto k = parse_vkb(s, static_cast<int>(c_.devices.vkbs.size()));
            if (!k) return fail(r, "vkb", i, k.error());
            k->where = r;
            c_.devices.vkbs.push_back(std::move(*k));
            return true;
        });
        each("vtpm", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto v = parse_vtpm(s, static_cast<int>(i));
            if (!v) return fail(r, "vtpm", i, v.error());
            v->where = r;
            c_.devices.vtpms.push_back(std::move(*v));
            return true;
        });
        each("p9", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto& list = c_.devices.p9s;
            auto p = parse_p9(s, list.empty() ? nullptr : &list.back());
            if (!p) return fail(r, "p9", i, p.error());
            p->where = r;
            list.push_back(std::move(*p));
            return true;
        });
        each("pvcalls", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto p = parse_pvcalls(s, static_cast<int>(i));
            if (!p) return fail(r, "pvcalls", i, p.error());
            p->where = r;
            c_.devices.pvcallsifs.push_back(std::move(*p));
            return true;
        });
        each("vdispl", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto v = parse_vdispl(s, static_cast<int>(i));
            if (!v) return fail(r, "vdispl", i, v.error());
            v->where = r;
            c_.devices.vdispls.push_back(std::move(*v));
            return true;
        });
        read_vsnds();
        each("channel", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto ch = parse_channel(s, static_cast<int>(i));
            if (!ch) return fail(r, "channel", i, ch.error());
            ch->where = r;
            for (const auto& w : ch->warnings)
                d_.warning(at(r), fmt::format("channel[{}]: {}", i, w));
            c_.devices.channels.push_back(std::move(*ch));
            return true;
        });
        each("usbctrl", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto u = parse_usbctrl(s, static_cast<int>(i));
            if (!u) return fail(r, "usbctrl", i, u.error());
            u->where = r;
            c_.devices.usbctrls.push_back(*u);
            return true;
        });
        each("usbdev", [&](std::string_view s, const cfg::SourceRange& r, std::size_t i) {
            auto u = parse_usbdev(s);
            if (!u) return fail(r, "usbdev", i, u.error());
            u->where = r;
            c_.devices.usbdevs.push_back(*u);
            return true;
        });
    }

private:
    const cfg::Document& doc_;
    support::Diagnostics& d_;
    DomainConfig& c_;

    support::SourceLocation at(const cfg::SourceRange& r) const { return {doc_.file(), r.line, r.column, r.length}; }

    // Names the item: "disk[2]: ..." (xl quotes the spec; domfw also says where it is).
    bool fail(const cfg::SourceRange& r, std::string_view key, std::size_t i, const Error& e) {
        d_.error(at(r), fmt::format("{}[{}]: {}", key, i, e.message));
        return false;
    }

    // xlu_cfg_get_long as xl reads pci_*: a whole-text number, else ignored with a warning.
    bool flag(std::string_view key) {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) return false;
        if (v->is_list()) {
            d_.warning(at(v->range), fmt::format("\"{}\" is a list but should be a single value; xl ignores it", key));
            return false;
        }
        std::string text(v->text.view());
        char* end = nullptr;
        long l = std::strtol(text.c_str(), &end, 0);
        if (end == text.c_str() || *end != '\0') {
            d_.warning(at(v->range), fmt::format("\"{}\" = \"{}\" is not a valid number; xl ignores it", key, text));
            return false;
        }
        return static_cast<int>(l) != 0; // xl keeps it in an int, then in a bool
    }

    // vsnd is a list of cards, each a list of item strings (parse_vsnd_config): a card given as a
    // string makes xl fail; an item that is a list ends xl's reading of the card silently, where
    // domfw refuses it.
    void read_vsnds() {
        const cfg::Value* v = doc_.get("vsnd");
        if (v == nullptr) return;
        if (!v->is_list()) {
            d_.warning(at(v->range), "\"vsnd\" is a single value but should be a list of cards; xl ignores it (write "
                                     "vsnd = [[\"card, ...\", \"pcm, ...\", \"stream, ...\"]])");
            return;
        }
        for (std::size_t i = 0; i < v->items.size(); ++i) {
            const auto& card = v->items[i];
            if (!card.is_list()) {
                fail(card.range, "vsnd", i,
                     Error{fmt::format("Failed to get vsnd card list: \"{}\" is a string, but a card is a list "
                                       "(vsnd = [[\"card, ...\", \"pcm, ...\", \"stream, ...\"]])",
                                       card.text.view())});
                return;
            }
            Vsnd snd;
            snd.devid = static_cast<int>(i);
            snd.where = card.range;
            for (std::size_t j = 0; j < card.items.size(); ++j) {
                const auto& item = card.items[j];
                if (item.is_list()) {
                    d_.error(at(item.range), fmt::format("vsnd[{}][{}] is a list, not a card item string", i, j));
                    return;
                }
                if (auto ok = parse_vsnd_item(snd, item.text.view()); !ok) {
                    d_.error(at(item.range), fmt::format("vsnd[{}][{}]: {}", i, j, ok.error().message));
                    return;
                }
            }
            c_.devices.vsnds.push_back(std::move(snd));
        }
    }

    template <class F> void each(std::string_view key, F&& item) {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) return;
        if (!v->is_list()) {
            d_.warning(
                at(v->range),
                fmt::format("\"{}\" is a single value but should be a list; xl ignores it (write {} = [\"...\"])", key,
                            key));
            return;
        }
        for (std::size_t i = 0; i < v->items.size(); ++i) {
            const auto& it = v->items[i];
            if (it.is_list()) {
                d_.error(at(it.range), fmt::format("{}[{}] is a list, not a device string", key, i));
                return;
            }
            if (!item(it.text.view(), it.range, i)) return; // xl exits at the first bad item
        }
    }
};

} // namespace

std::span<const std::string_view> device_keys() { return kDeviceKeys; }

void read_devices(const cfg::Document& doc, support::Diagnostics& diags, DomainConfig& c) {
    DeviceReader(doc, diags, c).run();
}

} // namespace domfw::domain
