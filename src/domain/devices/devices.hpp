// The device lists of xl.cfg(5) (Xen 4.17) as libxl receives them: `disk` through the
// xl-disk-configuration grammar (libxlutil's flex scanner), `vif` through xl-network-configuration,
// `pci` through libxlutil's PCI_SPEC_STRING parser, `vfb` (and the vkb each one implies),
// `vkb`, `vtpm`, `channel`, `p9`, `pvcalls`, `vdispl`, `vsnd` (a list of cards, each a list of
// items), `usbctrl` and `usbdev`. Each parser takes one list item and returns libxl's device struct or
// xl's own complaint (the caller adds where it is); docs/domain.md "Devices" lists the rules and the limits.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cfg/document.hpp"
#include "support/error.hpp"

namespace domfw::domain {

// ---- disk: libxl_device_disk ----
enum class DiskFormat : std::uint8_t { unknown, qcow, qcow2, vhd, raw, empty, qed };
enum class DiskBackend : std::uint8_t { unknown, phy, tap, qdisk, standalone };
enum class DiskSpecification : std::uint8_t { unknown, xen, virtio };

struct Disk {
    std::optional<std::string> backend_domname, pdev_path, vdev, script;
    DiskBackend backend = DiskBackend::unknown;
    DiskFormat format = DiskFormat::unknown;
    int removable = 0, readwrite = 1, is_cdrom = 0;
    bool direct_io_safe = false;
    std::optional<bool> discard_enable; // libxl_defbool: unset = libxl decides
    DiskSpecification specification = DiskSpecification::unknown;
    std::optional<bool> colo_enable;
    std::optional<std::string> colo_host, colo_export, active_disk, hidden_disk;
    int colo_port = 0;
    cfg::SourceRange where;
};

// ---- vif: libxl_device_nic ----
enum class NicType : std::uint8_t { unknown, vif_ioemu, vif };

struct Nic {
    int devid = 0;
    int mtu = 0;
    std::optional<std::array<std::uint8_t, 6>> mac;
    NicType nictype = NicType::unknown;
    std::uint64_t rate_bytes_per_interval = 0;
    std::uint32_t rate_interval_usecs = 0;
    std::optional<bool> trusted;
    // Every string field (backend_domname, model, ip, bridge, ifname, script, gatewaydev and the
    // COLO ones) by its libxl name; emitted in libxl's order (nic.cpp's table).
    std::vector<std::pair<std::string, std::string>> strings;
    std::vector<std::string> warnings; // xl's non-fatal remarks ("accel", "netdev")
    cfg::SourceRange where;
    [[nodiscard]] const std::string* string(std::string_view field) const;
};
// libxl's string fields of a nic, in libxl_types.idl order (for the JSON).
[[nodiscard]] std::span<const std::string_view> nic_string_fields();

// ---- pci: libxl_device_pci ----
enum class RdmPolicy : std::int8_t { invalid = -1, strict = 0, relaxed = 1 };

struct PciDefaults { // pci_msitranslate, pci_power_mgmt, pci_permissive, pci_seize, and the policy
    bool msitranslate = false, power_mgmt = false, permissive = false, seize = false;
    RdmPolicy rdm_policy = RdmPolicy::invalid;
};

struct Pci {
    unsigned func = 0, dev = 0, bus = 0, domain = 0;
    std::uint32_t vdevfn = 0, vfunc_mask = 0;
    bool msitranslate = false, power_mgmt = false, permissive = false, seize = false;
    RdmPolicy rdm_policy = RdmPolicy::invalid;
    std::optional<std::string> name;
    cfg::SourceRange where;
};

// ---- vfb, vkb ----
struct Vfb {
    int devid = 0;
    std::optional<bool> vnc_enable, vnc_findunused, sdl_enable, sdl_opengl;
    std::optional<std::string> vnc_listen, vnc_passwd, sdl_display, sdl_xauthority, keymap;
    int vnc_display = 0;
    cfg::SourceRange where;
};

enum class VkbBackend : std::uint8_t { unknown, qemu, linux_ };

struct Vkb {
    int devid = 0;
    std::optional<std::string> backend_domname, unique_id;
    VkbBackend backend_type = VkbBackend::unknown;
    bool feature_disable_keyboard = false, feature_disable_pointer = false, feature_abs_pointer = false,
         feature_raw_pointer = false, feature_multi_touch = false;
    std::uint32_t width = 0, height = 0, multi_touch_width = 0, multi_touch_height = 0, multi_touch_num_contacts = 0;
    cfg::SourceRange where;
};

// ---- vtpm: libxl_device_vtpm ----
struct Vtpm {
    int devid = 0;
    std::optional<std::string> backend_domname;
    std::optional<std::array<std::uint8_t, 16>> uuid; // unset = the nil UUID, which libxl leaves out
    cfg::SourceRange where;
};

// ---- channel: libxl_device_channel ----
enum class ChannelConnection : std::uint8_t { unknown, pty, socket };

struct Channel {
    int devid = 0;
    std::optional<std::string> backend_domname, name, path; // path: the socket's
    ChannelConnection connection = ChannelConnection::unknown;
    std::vector<std::string> warnings; // xl's "unknown channel parameter" remarks
    cfg::SourceRange where;
};

// ---- p9: libxl_device_p9 ----
struct P9 {
    std::optional<std::string> backend_domname;
    std::string tag, path, security_model; // all three required (xl's devid stays unset: not printed)
    cfg::SourceRange where;
};

// ---- pvcalls: libxl_device_pvcallsif ----
struct Pvcalls {
    int devid = 0;
    std::optional<std::string> backend_domname;
    cfg::SourceRange where;
};

// ---- dtdev: libxl_device_dtdev (Arm device-tree passthrough): the node's path, as written ----
struct Dtdev {
    std::string path;
    cfg::SourceRange where;
};

// ---- vdispl: libxl_device_vdispl ----
struct VdisplConnector {
    std::optional<std::string> unique_id;
    std::uint32_t width = 0, height = 0;
};

struct Vdispl {
    int devid = 0;
    std::optional<std::string> backend_domname;
    bool be_alloc = false;
    std::vector<VdisplConnector> connectors; // at least one
    cfg::SourceRange where;
};

// ---- vsnd: libxl_device_vsnd, its PCMs and their streams ----
struct VsndParams {
    std::vector<std::uint32_t> sample_rates;
    std::vector<std::string> sample_formats; // libxl_vsnd_pcm_format names, lowercase
    std::uint32_t channels_min = 0, channels_max = 0, buffer_size = 0;
};

enum class VsndStreamType : std::uint8_t { unset, p, c };

struct VsndStream {
    std::optional<std::string> unique_id;
    VsndStreamType type = VsndStreamType::unset;
    VsndParams params;
};

struct VsndPcm {
    std::optional<std::string> name;
    VsndParams params;
    std::vector<VsndStream> streams;
};

struct Vsnd {
    int devid = 0;
    std::optional<std::string> backend_domname, short_name, long_name;
    VsndParams params;
    std::vector<VsndPcm> pcms;
    cfg::SourceRange where;
};

// ---- usbctrl, usbdev: libxl_device_usbctrl, libxl_device_usbdev ----
enum class UsbctrlType : std::uint8_t { auto_, pv, devicemodel, qusb };

struct Usbctrl {
    UsbctrlType type = UsbctrlType::auto_;
    int devid = 0, version = 0, ports = 0;
    cfg::SourceRange where;
};

struct Usbdev {
    int ctrl = -1; // libxl_devid: -1 = libxl picks the controller (not printed)
    int port = 0;
    bool hostdev = false; // type=hostdev; libxl prints the union (hostbus, hostaddr) only then
    std::uint8_t hostbus = 0, hostaddr = 0;
    cfg::SourceRange where;
};

struct Devices {
    std::vector<Disk> disks;
    std::vector<Nic> nics;
    std::vector<Pci> pcidevs;
    std::vector<Vfb> vfbs;
    std::vector<Vkb> vkbs; // one per vfb first (xl adds it), then the `vkb` entries
    std::vector<Vtpm> vtpms;
    std::vector<P9> p9s;
    std::vector<Pvcalls> pvcallsifs;
    std::vector<Vdispl> vdispls;
    std::vector<Vsnd> vsnds;
    std::vector<Channel> channels;
    std::vector<Dtdev> dtdevs;
    std::vector<Usbctrl> usbctrls;
    std::vector<Usbdev> usbdevs;
    [[nodiscard]] bool empty() const {
        return disks.empty() && nics.empty() && pcidevs.empty() && vfbs.empty() && vkbs.empty() && vtpms.empty() &&
               p9s.empty() && pvcallsifs.empty() && vdispls.empty() && vsnds.empty() && channels.empty() &&
               usbctrls.empty() && usbdevs.empty() && dtdevs.empty();
    }
};

// One list item each. The error's message is xl's complaint with the item quoted.
[[nodiscard]] Expected<Disk> parse_disk(std::string_view spec);
[[nodiscard]] Expected<Nic> parse_nic(std::string_view spec, int devid);
[[nodiscard]] Expected<Pci> parse_pci(std::string_view spec, const PciDefaults& defaults);
[[nodiscard]] Vfb parse_vfb(std::string_view spec, int devid);
[[nodiscard]] Expected<Vkb> parse_vkb(std::string_view spec, int devid);
[[nodiscard]] Expected<Vtpm> parse_vtpm(std::string_view spec, int devid);
[[nodiscard]] Expected<Channel> parse_channel(std::string_view spec, int devid);
// xl 4.17 keeps a p9 item's values in variables that outlive it: an item takes what it does not
// set from `previous`, the item before it (if any).
[[nodiscard]] Expected<P9> parse_p9(std::string_view spec, const P9* previous);
[[nodiscard]] Expected<Pvcalls> parse_pvcalls(std::string_view spec, int devid);
[[nodiscard]] Expected<Vdispl> parse_vdispl(std::string_view spec, int devid);
// One item of a vsnd card ("card, ...", "pcm, ...", "stream, ..."), applied to the card: a "pcm"
// item adds a PCM, a "stream" item a stream to the last PCM (adding one if there is none).
[[nodiscard]] Expected<void> parse_vsnd_item(Vsnd& card, std::string_view item);
[[nodiscard]] Expected<Usbctrl> parse_usbctrl(std::string_view spec, int devid);
[[nodiscard]] Expected<Usbdev> parse_usbdev(std::string_view spec);

[[nodiscard]] std::string_view libxl_name(DiskFormat f);
[[nodiscard]] std::string_view libxl_name(DiskBackend b);
[[nodiscard]] std::string_view libxl_name(DiskSpecification s);
[[nodiscard]] std::string_view libxl_name(NicType t);
[[nodiscard]] std::string_view libxl_name(RdmPolicy p);
[[nodiscard]] std::string_view libxl_name(VkbBackend b);
[[nodiscard]] std::string_view libxl_name(ChannelConnection c);
[[nodiscard]] std::string_view libxl_name(VsndStreamType t);
[[nodiscard]] std::string_view libxl_name(UsbctrlType t);

// The keys the device model reads (keys.cpp counts them as modelled).
[[nodiscard]] std::span<const std::string_view> device_keys();

} // namespace domfw::domain
