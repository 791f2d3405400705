#include "generators/device_lines.hpp"

#include <vector>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "generators/rng.hpp"

namespace domfw::generators {

namespace {

std::string join(const std::vector<std::string>& parts, Rng& r) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i != 0) out += r.chance(5) ? ", " : ",";
        out += parts[i];
    }
    return out;
}

// The disk grammar: positional "target,format,vdev,access", key=value pieces, deprecated
// prefixes, flags, and the mistakes xl names (unknown values and keys, respecified values, too
// many positionals, bad syntax).
std::string disk_item(Rng& r) {
    auto target = [&] {
        return std::string(
            r.pick({"/dev/vg/guest",  "/images/a.img", "",           "phy:/dev/sdb", "file:/x.img", "raw:/r.img",
                    "qcow2:/q.qcow2", "qcow:/q",       "vhd:/v.vhd", "tap:/t",       "tap2:aio:/t", "aio:/a",
                    "nbd:host:1234",  "iscsi:iqn.x",   "drbd:res",   "ioemu:/i",     "tapdisk:/td", "x:/bad",
                    "/a:b",           "Upper",         " /lead",     "/x y"}));
    };
    auto format = [&] { return std::string(r.pick({"raw", "qcow", "qcow2", "vhd", "qed", "empty", "", "bogus"})); };
    auto vdev = [&] {
        return std::string(r.pick({"xvda", "hda", "hdc:cdrom", "sdb:disk", "xvdb:floppy", "", "xvdz", "d:e:cdrom"}));
    };
    auto access = [&] { return std::string(r.pick({"r", "ro", "rw", "w", "", "x"})); };
    std::vector<std::string> parts;
    if (r.chance(55)) {
        parts.push_back(target());
        if (r.chance(85)) parts.push_back(format());
        if (r.chance(80)) parts.push_back(vdev());
        if (r.chance(60)) parts.push_back(access());
        if (r.chance(5)) parts.emplace_back("extra");
    }
    int keyed = static_cast<int>(r.below(5));
    for (int i = 0; i < keyed; ++i) {
        switch (r.below(14)) {
        case 0: parts.push_back("format=" + format()); break;
        case 1: parts.push_back("vdev=" + std::string(r.pick({"xvdb", "xvdc", "hdd", "x", ""}))); break;
        case 2: parts.push_back("access=" + access()); break;
        case 3:
            parts.emplace_back(r.pick({"devtype=cdrom", "devtype=disk", "devtype=floppy", "cdrom", "cdromx"}));
            break;
        case 4: parts.emplace_back(r.pick({"backend=dom0", "backend=", "backend=driver-dom"})); break;
        case 5:
            parts.push_back("backendtype=" + std::string(r.pick({"phy", "tap", "qdisk", "standalone", "bad", ""})));
            break;
        case 6: parts.push_back("specification=" + std::string(r.pick({"xen", "virtio", "bad"}))); break;
        case 7: parts.emplace_back(r.pick({"script=block-iscsi", "script=", "script=/etc/xen/scripts/x"})); break;
        case 8: parts.emplace_back(r.pick({"direct-io-safe", "discard", "no-discard", "discard,no-discard"})); break;
        case 9:
            parts.emplace_back(r.pick({"colo", "no-colo", "colo-host=h", "colo-port=9000", "colo-port=0", "colo-port=x",
                                       "colo-export=e", "active-disk=/a", "hidden-disk=/h"}));
            break;
        case 10: parts.emplace_back(r.pick({"foo=bar", "trusted", "Bad=1", "format", "vdev==x", "=x"})); break;
        case 11:
            parts.emplace_back(r.pick(
                {"format=raw,format=qcow2", "vdev=a,vdev=b", "backendtype=phy,backendtype=tap", "script=a,script=b"}));
            break;
        default: parts.push_back("vdev=" + std::string(r.pick({"xvde", "hdb"}))); break;
        }
    }
    if (parts.empty() || r.chance(40)) parts.push_back("target=" + target() + std::string(r.pick({"", ",rest=1"})));
    return join(parts, r);
}

std::string vif_item(Rng& r) {
    std::vector<std::string> parts;
    int n = static_cast<int>(r.below(5));
    for (int i = 0; i < n; ++i) {
        switch (r.below(12)) {
        case 0:
            parts.push_back("mac=" + std::string(r.pick({"00:16:3e:00:00:01", "00:16:3E:AB:cd:0f", "00-16-3e-1-2-3",
                                                         "00:00:00:00:00:00", "0x1:2:3:4:5:6", "zz:16:3e:00:00:01",
                                                         "100:16:3e:00:00:01", "00:16:3e:00:00:01:77"})));
            break;
        case 1: parts.push_back("type=" + std::string(r.pick({"vif", "ioemu", "bogus", ""}))); break;
        case 2: parts.emplace_back(r.pick({"bridge=xenbr0", "bridge=", "bridge=br-lan"})); break;
        case 3:
            parts.emplace_back(r.pick({"model=e1000", "model=rtl8139", "ip=10.0.0.2", "ip=10.0.0.2 10.0.0.3"}));
            break;
        case 4:
            parts.emplace_back(
                r.pick({"script=vif-route", "backend=dom0", "vifname=web0", "gatewaydev=eth0", "netdev=eth1"}));
            break;
        case 5:
            parts.push_back("rate=" + std::string(r.pick({"10Mb/s", "1GB/s@1us", "100KB/s@20ms", "010Mb/s", "5",
                                                          "0Mb/s", "@1s", "10Mb/s@", "10Mb/s@0", "5000000000B/s",
                                                          "1Mb/s@4294967296s", "1b/s@2s", "7kb/s"})));
            break;
        case 6: parts.push_back("devid=" + std::string(r.pick({"3", "0", "12x", "abc", "7"}))); break;
        case 7: parts.push_back("mtu=" + std::string(r.pick({"1500", "9000", "12x", "x"}))); break;
        case 8: parts.emplace_back(r.pick({"trusted", "untrusted"})); break;
        case 9:
            parts.emplace_back(r.pick({"accel=x", "forwarddev=eth2", "colo_checkpoint_host=h",
                                       "colo_sock_mirror_port=9", "colo_filter_sec_rewriter0_queue=q"}));
            break;
        case 10: parts.emplace_back(r.pick({"bogus", "foo=1", "", " bridge=xenbr1"})); break;
        default: parts.emplace_back("bridge=xenbr0"); break;
        }
    }
    return join(parts, r);
}

std::string pci_item(Rng& r) {
    std::vector<std::string> parts;
    bool positional = r.chance(75);
    if (positional) {
        std::string bdf(r.pick({"01:02.3", "0000:03:00.0", "1:2.*", "0:1:2.3", "10000:1:2.3", "1:20.3", "1:2.8", "1:2",
                                "0x1:2.3", "1:0x2.3", "ff:1f.7", "100:00.0", "1:2.3x", "a:b.c"}));
        if (r.chance(25)) bdf += "@" + std::string(r.pick({"1f", "20", "3", "x"}));
        parts.push_back(bdf);
    }
    int n = static_cast<int>(r.below(4));
    for (int i = 0; i < n; ++i) {
        switch (r.below(8)) {
        case 0: parts.push_back("permissive=" + std::string(r.pick({"1", "0", "x"}))); break;
        case 1: parts.push_back("msitranslate=" + std::string(r.pick({"1", "0"}))); break;
        case 2: parts.push_back("seize=" + std::string(r.pick({"1", "0"}))); break;
        case 3: parts.push_back("power_mgmt=" + std::string(r.pick({"1", "0", "2"}))); break;
        case 4: parts.push_back("rdm_policy=" + std::string(r.pick({"strict", "relaxed", "RELAXED", "bad"}))); break;
        case 5: parts.push_back("vslot=" + std::string(r.pick({"3", "1f", "20"}))); break;
        case 6: parts.emplace_back(r.pick({"name=gpu0", "bdf=4:5.6", "bdf=0000:05:00.1", "bdf=zz"})); break;
        default: parts.emplace_back(r.pick({"foo=1", "permissive"})); break;
        }
    }
    if (parts.empty()) parts.emplace_back("07:00.0");
    return join(parts, r);
}

std::string vfb_item(Rng& r) {
    std::vector<std::string> parts;
    int n = static_cast<int>(r.below(6));
    for (int i = 0; i < n; ++i) {
        switch (r.below(7)) {
        case 0: parts.push_back("vnc=" + std::string(r.pick({"1", "0", "2", "x"}))); break;
        case 1:
            parts.emplace_back(r.pick({"vnclisten=0.0.0.0", "vncpasswd=secret", "vncdisplay=3", "vncdisplay=-1",
                                       "vncunused=0", "vncunused=1"}));
            break;
        case 2: parts.push_back("sdl=" + std::string(r.pick({"1", "0"}))); break;
        case 3:
            parts.emplace_back(r.pick({"opengl=1", "display=:0", "xauthority=/root/.Xauthority", "keymap=de"}));
            break;
        case 4: parts.emplace_back(r.pick({"foo=1", "type=vnc"})); break;
        case 5: parts.emplace_back(r.pick({"bare", ""})); break;
        default: parts.emplace_back("vnc=1"); break;
        }
    }
    return join(parts, r);
}

std::string vkb_item(Rng& r) {
    std::vector<std::string> parts;
    if (r.chance(85))
        parts.push_back("backend-type=" + std::string(r.pick({"qemu", "linux", "QEMU", "unknown", "bad"})));
    int n = static_cast<int>(r.below(4));
    for (int i = 0; i < n; ++i) {
        switch (r.below(6)) {
        case 0: parts.emplace_back(r.pick({"backend=dom0", "unique-id=k0"})); break;
        case 1:
            parts.push_back(std::string(r.pick({"feature-disable-keyboard", "feature-disable-pointer",
                                                "feature-abs-pointer", "feature-raw-pointer"})) +
                            "=" + std::string(r.pick({"1", "0", "0x10"})));
            break;
        case 2: parts.push_back("feature-multi-touch=" + std::string(r.pick({"1", "0"}))); break;
        case 3:
            parts.push_back(
                std::string(r.pick({"multi-touch-width", "multi-touch-height", "multi-touch-num-contacts"})) + "=" +
                std::string(r.pick({"10", "0", "0x20"})));
            break;
        case 4:
            parts.push_back(std::string(r.pick({"width", "height"})) + "=" + std::string(r.pick({"800", "0x300"})));
            break;
        default: parts.emplace_back(r.pick({"bogus=1", "bare"})); break;
        }
    }
    return join(parts, r);
}

// vtpm: backend (required), uuid (valid in either case, nil, malformed), unknown keys, and a
// bare piece, which ends the item in xl.
std::string vtpm_item(Rng& r) {
    std::vector<std::string> parts;
    int n = 1 + static_cast<int>(r.below(3));
    for (int i = 0; i < n; ++i) {
        switch (r.below(5)) {
        case 0:
        case 1: parts.push_back("backend=" + std::string(r.pick({"dom0", "vtpmmgr", "", "tpm-dom"}))); break;
        case 2:
            parts.push_back("uuid=" +
                            std::string(r.pick(
                                {"12345678-1234-1234-1234-123456789abc", "DEADBEEF-0000-4000-8000-00000000CAFE",
                                 "00000000-0000-0000-0000-000000000000", "1234", "12345678-1234-1234-1234-123456789abz",
                                 "123456781234-1234-1234-123456789abc-", ""})));
            break;
        case 3: parts.emplace_back(r.pick({"foo=1", "Backend=dom0", "bare", " backend=dom0"})); break;
        default: parts.emplace_back("backend=dom0"); break;
        }
    }
    return join(parts, r);
}

// channel: name/backend/path/connection with spaces around both halves, the malformed pairs
// xl's strtok_r split refuses or reads oddly, unknown keys (a warning in xl).
std::string channel_item(Rng& r) {
    std::vector<std::string> parts;
    if (r.chance(80)) parts.push_back("connection=" + std::string(r.pick({"pty", "socket", " pty ", "PTY", "file"})));
    int n = static_cast<int>(r.below(4));
    for (int i = 0; i < n; ++i) {
        switch (r.below(6)) {
        case 0: parts.push_back("name=" + std::string(r.pick({"org.qemu.guest_agent.0", "ch1", " spaced "}))); break;
        case 1: parts.push_back("path=" + std::string(r.pick({"/var/run/ch.sock", "/tmp/a=b", "p"}))); break;
        case 2: parts.emplace_back(r.pick({"backend=dom0", "backend = drv"})); break;
        case 3: parts.emplace_back(r.pick({"devid=3", "foo=1"})); break;
        case 4: parts.emplace_back(r.pick({"name=", "bare", "=x", "path==/a"})); break;
        default: parts.emplace_back("connection=socket"); break;
        }
    }
    if (parts.empty()) parts.emplace_back("connection=pty");
    return join(parts, r);
}

// p9: each required key three times in four (so later items often take the rest from the item
// before, as xl carries them over), an optional backend, unknown keys, a bare piece.
std::string p9_item(Rng& r) {
    std::vector<std::string> parts;
    if (r.chance(75)) parts.push_back("tag=" + std::string(r.pick({"share", "root", "", "a=b"})));
    if (r.chance(75)) parts.push_back("path=" + std::string(r.pick({"/srv/share", "/", "", "/with space"})));
    if (r.chance(75)) parts.push_back("security_model=" + std::string(r.pick({"none", "passthrough", "mapped", ""})));
    if (r.chance(30)) parts.emplace_back(r.pick({"backend=dom0", "backend=", " backend=drv"}));
    if (r.chance(10))
        parts.insert(parts.begin() + static_cast<std::ptrdiff_t>(r.below(parts.size() + 1)),
                     std::string(r.pick({"foo=1", "Tag=x", "bare"})));
    return join(parts, r);
}

// pvcalls: only backend= (repeated: the last wins), unknown keys, a bare piece, the empty item.
std::string pvcalls_item(Rng& r) {
    std::vector<std::string> parts;
    int n = static_cast<int>(r.below(4));
    for (int i = 0; i < n; ++i)
        parts.emplace_back(r.pick({"backend=dom0", "backend=drv", "backend=", " backend=x", "foo=1", "bare"}));
    return join(parts, r);
}

// vdispl: backend=, be-alloc= (numbers of every base), connectors= lists with the separators and
// resolutions xl's strtok_r and sscanf read oddly, and the mistakes xl refuses (unknown keys, no
// connector, a resolution sscanf reads only half of).
std::string vdispl_item(Rng& r) {
    std::vector<std::string> parts;
    if (r.chance(30)) parts.push_back("backend=" + std::string(r.pick({"dom0", "drv", ""})));
    if (r.chance(30)) parts.push_back("be-alloc=" + std::string(r.pick({"1", "0", "0x100", "x", "-1"})));
    if (r.chance(85)) {
        std::vector<std::string> cons;
        int n = 1 + static_cast<int>(r.below(3));
        for (int i = 0; i < n; ++i)
            cons.emplace_back(
                r.pick({"id0:1920x1080", "id1:800x600", "c:1x2:3x4", "b::5x6x7", "d:-1x2", "e:1x2junk", "f: 640x 480",
                        "g:0x10x20", "h:1920", "i:1920X1080", "", "j:4294967296x1", "k:axb"}));
        std::string list;
        for (std::size_t i = 0; i < cons.size(); ++i)
            list += (i == 0 ? "" : r.chance(10) ? ";;" : ";") + cons[i];
        parts.push_back("connectors=" + list);
    }
    if (r.chance(10)) parts.emplace_back(r.pick({"foo=1", "bare", "Backend=x", "connectors=z:3x3"}));
    return join(parts, r);
}

// vsnd: one item of a card. Its first piece says what it sets (card, pcm, stream, in any case, or
// a wrong word), then that thing's keys and the stream parameters shared by all three.
std::string vsnd_item(Rng& r) {
    std::vector<std::string> parts;
    auto what = std::string(r.pick({"card", "pcm", "stream", "card", "pcm", "stream", "PCM", "Stream", "foo", ""}));
    parts.push_back(what);
    int n = static_cast<int>(r.below(4));
    for (int i = 0; i < n; ++i) {
        switch (r.below(7)) {
        case 0:
            parts.push_back("sample-rates=" + std::string(r.pick({"8000;44100", "48000", "0x10;;-1", "x", ";"})));
            break;
        case 1:
            parts.push_back("sample-formats=" + std::string(r.pick({"s16_le", "S16_LE;u8", "f64_be;gsm;mu_law",
                                                                    "iec958_subframe_le", "bad", "s16_le;s24"})));
            break;
        case 2:
            parts.push_back(std::string(r.pick({"channels-min", "channels-max", "buffer-size"})) + "=" +
                            std::string(r.pick({"1", "2", "0x10000", "-1", "x"})));
            break;
        case 3:
            parts.emplace_back(r.pick({"backend=dom0", "short-name=Card", "long-name=Long name", "backend="}));
            break;
        case 4: parts.emplace_back(r.pick({"name=pcm0", "name="})); break;
        case 5: parts.emplace_back(r.pick({"unique-id=s0", "type=p", "type=C", "type=x"})); break;
        default: parts.emplace_back(r.pick({"foo=1", "bare", "Name=x"})); break;
        }
    }
    return join(parts, r);
}

std::string usbctrl_item(Rng& r) {
    std::vector<std::string> parts;
    int n = static_cast<int>(r.below(4));
    for (int i = 0; i < n; ++i) {
        switch (r.below(4)) {
        case 0:
            parts.push_back("type=" + std::string(r.pick({"auto", "pv", "devicemodel", "qusb", "QUSB", "usb", ""})));
            break;
        case 1: parts.push_back("version=" + std::string(r.pick({"1", "2", "3", "x", "99999999999", " 2"}))); break;
        case 2: parts.push_back("ports=" + std::string(r.pick({"4", "15", "31", "-1", "8x"}))); break;
        default: parts.emplace_back(r.pick({"foo=1", "bare", "Type=pv", "typo=pv"})); break;
        }
    }
    return join(parts, r);
}

std::string usbdev_item(Rng& r) {
    std::vector<std::string> parts;
    if (r.chance(70)) parts.push_back("type=" + std::string(r.pick({"hostdev", "HOSTDEV", "hostdev", "usb"})));
    int n = static_cast<int>(r.below(4));
    for (int i = 0; i < n; ++i) {
        switch (r.below(5)) {
        case 0: parts.push_back("hostbus=" + std::string(r.pick({"1", "0x10", "010", "300", "-1", "x"}))); break;
        case 1: parts.push_back("hostaddr=" + std::string(r.pick({"2", "0x7f", "255", "256"}))); break;
        case 2: parts.push_back("controller=" + std::string(r.pick({"0", "1", "-1", "x"}))); break;
        case 3: parts.push_back("port=" + std::string(r.pick({"1", "2", "-2", "8"}))); break;
        default: parts.emplace_back(r.pick({"foo=1", "bare", "hostbus"})); break;
        }
    }
    return join(parts, r);
}

// Whether domfw's parser takes the item: used only to make about half the items valid, since
// one bad piece in three makes most random items invalid; xl still judges every one.
bool accepted(DeviceFamily f, const std::string& item) {
    switch (f) {
    case DeviceFamily::disk: return domain::parse_disk(item).has_value();
    case DeviceFamily::vif: return domain::parse_nic(item, 0).has_value();
    case DeviceFamily::pci: return domain::parse_pci(item, {}).has_value();
    case DeviceFamily::vfb: return true;
    case DeviceFamily::vkb: return domain::parse_vkb(item, 0).has_value();
    case DeviceFamily::vtpm: return domain::parse_vtpm(item, 0).has_value();
    case DeviceFamily::channel: return domain::parse_channel(item, 0).has_value();
    case DeviceFamily::p9: return domain::parse_p9(item, nullptr).has_value();
    case DeviceFamily::pvcalls: return domain::parse_pvcalls(item, 0).has_value();
    case DeviceFamily::vdispl: return domain::parse_vdispl(item, 0).has_value();
    case DeviceFamily::vsnd: {
        domain::Vsnd card;
        return domain::parse_vsnd_item(card, item).has_value();
    }
    case DeviceFamily::usbctrl: return domain::parse_usbctrl(item, 0).has_value();
    case DeviceFamily::usbdev: return domain::parse_usbdev(item).has_value();
    }
    return true;
}

} // namespace

std::string_view to_string(DeviceFamily f) {
    switch (f) {
    case DeviceFamily::disk: return "disk";
    case DeviceFamily::vif: return "vif";
    case DeviceFamily::pci: return "pci";
    case DeviceFamily::vfb: return "vfb";
    case DeviceFamily::vkb: return "vkb";
    case DeviceFamily::vtpm: return "vtpm";
    case DeviceFamily::channel: return "channel";
    case DeviceFamily::p9: return "p9";
    case DeviceFamily::pvcalls: return "pvcalls";
    case DeviceFamily::vdispl: return "vdispl";
    case DeviceFamily::vsnd: return "vsnd";
    case DeviceFamily::usbctrl: return "usbctrl";
    case DeviceFamily::usbdev: return "usbdev";
    }
    return "disk";
}

std::string generate_device_item(DeviceFamily f, std::uint64_t seed) {
    Rng r(seed * 0x100 + static_cast<std::uint64_t>(f));
    switch (f) {
    case DeviceFamily::disk: return disk_item(r);
    case DeviceFamily::vif: return vif_item(r);
    case DeviceFamily::pci: return pci_item(r);
    case DeviceFamily::vfb: return vfb_item(r);
    case DeviceFamily::vkb: return vkb_item(r);
    case DeviceFamily::vtpm: return vtpm_item(r);
    case DeviceFamily::channel: return channel_item(r);
    case DeviceFamily::p9: return p9_item(r);
    case DeviceFamily::pvcalls: return pvcalls_item(r);
    case DeviceFamily::vdispl: return vdispl_item(r);
    case DeviceFamily::vsnd: return vsnd_item(r);
    case DeviceFamily::usbctrl: return usbctrl_item(r);
    case DeviceFamily::usbdev: return usbdev_item(r);
    }
    return {};
}

std::string generate_device_config(DeviceFamily f, std::uint64_t seed) {
    Rng r(seed * 0x10000 + 0x5eed + static_cast<std::uint64_t>(f));
    std::string out = fmt::format("name = \"dev{}\"\n", seed);
    out += r.pick({"type = \"pvh\"\nkernel = \"/boot/vmlinuz\"\n", "type = \"pv\"\nkernel = \"/boot/vmlinuz\"\n",
                   "type = \"hvm\"\n"});
    if (f == DeviceFamily::pci)
        for (auto k : {"pci_permissive", "pci_msitranslate", "pci_seize", "pci_power_mgmt"})
            if (r.chance(15)) out += fmt::format("{} = {}\n", k, r.pick({"1", "0"}));
    std::size_t n = r.chance(60) ? 1 : 2 + r.below(2);
    bool valid = r.chance(55);
    auto item_of = [&](std::uint64_t s) {
        auto item = generate_device_item(f, s);
        for (std::uint64_t k = 1; valid && k < 64 && !accepted(f, item); ++k)
            item = generate_device_item(f, s + k * 1000003);
        return item;
    };
    if (f == DeviceFamily::vsnd) { // a list of cards, each a list of items
        out += "vsnd = [";
        for (std::size_t c = 0; c < n; ++c) {
            std::size_t items = r.below(5);
            out += c == 0 ? "[" : ", [";
            for (std::size_t i = 0; i < items; ++i)
                out += fmt::format("{}\"{}\"", i == 0 ? "" : ", ", item_of(seed * 64 + c * 8 + i));
            out += "]";
        }
        out += "]\n";
        return out;
    }
    out += fmt::format("{} = [", to_string(f));
    for (std::size_t i = 0; i < n; ++i)
        out += fmt::format("{}\"{}\"", i == 0 ? "" : ", ", item_of(seed * 8 + i));
    out += "]\n";
    return out;
}

} // namespace domfw::generators
