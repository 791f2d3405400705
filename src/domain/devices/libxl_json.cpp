// The device arrays of libxl_domain_config as libxl's generated JSON writer prints them: fields
// in libxl_types.idl order, each left out at its default (0, NULL, false, an unset defbool, the
// enum's init value), booleans as true/false, defbools as "True"/"False", enums lowercase.
#include <fmt/format.h>

#include "domain/devices/read.hpp"

namespace domfw::domain {

namespace {

using json = nlohmann::ordered_json;

void put(json& j, const char* k, const std::optional<std::string>& v) {
    if (v) j[k] = *v;
}
void put(json& j, const char* k, const std::optional<bool>& v) {
    if (v) j[k] = *v ? "True" : "False";
}
template <class N> void put_number(json& j, const char* k, N v) {
    if (v != 0) j[k] = v;
}
void put_flag(json& j, const char* k, bool v) {
    if (v) j[k] = true;
}

json disk(const Disk& d) {
    json j = json::object();
    put(j, "backend_domname", d.backend_domname);
    put(j, "pdev_path", d.pdev_path);
    put(j, "vdev", d.vdev);
    if (d.backend != DiskBackend::unknown) j["backend"] = std::string(libxl_name(d.backend));
    if (d.format != DiskFormat::unknown) j["format"] = std::string(libxl_name(d.format));
    put(j, "script", d.script);
    put_number(j, "removable", d.removable);
    put_number(j, "readwrite", d.readwrite);
    put_number(j, "is_cdrom", d.is_cdrom);
    put_flag(j, "direct_io_safe", d.direct_io_safe);
    put(j, "discard_enable", d.discard_enable);
    if (d.specification != DiskSpecification::unknown) j["specification"] = std::string(libxl_name(d.specification));
    put(j, "colo_enable", d.colo_enable);
    put(j, "colo_host", d.colo_host);
    put_number(j, "colo_port", d.colo_port);
    put(j, "colo_export", d.colo_export);
    put(j, "active_disk", d.active_disk);
    put(j, "hidden_disk", d.hidden_disk);
    return j;
}

json nic(const Nic& n) {
    json j = json::object();
    auto str = [&](std::string_view f) {
        if (const auto* v = n.string(f)) j[std::string(f)] = *v;
    };
    str("backend_domname");
    j["devid"] = n.devid;
    put_number(j, "mtu", n.mtu);
    str("model");
    if (n.mac) {
        const auto& m = *n.mac;
        j["mac"] = fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", m[0], m[1], m[2], m[3], m[4], m[5]);
    }
    for (auto f : {"ip", "bridge", "ifname", "script"})
        str(f);
    if (n.nictype != NicType::unknown) j["nictype"] = std::string(libxl_name(n.nictype));
    put_number(j, "rate_bytes_per_interval", n.rate_bytes_per_interval);
    put_number(j, "rate_interval_usecs", n.rate_interval_usecs);
    for (auto f : nic_string_fields())
        if (f != "backend_domname" && f != "model" && f != "ip" && f != "bridge" && f != "ifname" && f != "script")
            str(f);
    put(j, "trusted", n.trusted);
    return j;
}

json pci(const Pci& p) {
    json j = json::object();
    put_number(j, "func", p.func);
    put_number(j, "dev", p.dev);
    put_number(j, "bus", p.bus);
    put_number(j, "domain", p.domain);
    put_number(j, "vdevfn", p.vdevfn);
    put_number(j, "vfunc_mask", p.vfunc_mask);
    put_flag(j, "msitranslate", p.msitranslate);
    put_flag(j, "power_mgmt", p.power_mgmt);
    put_flag(j, "permissive", p.permissive);
    put_flag(j, "seize", p.seize);
    if (p.rdm_policy != RdmPolicy::invalid) j["rdm_policy"] = std::string(libxl_name(p.rdm_policy));
    put(j, "name", p.name);
    return j;
}

json vfb(const Vfb& v) {
    json j = json::object();
    j["devid"] = v.devid;
    json vnc = json::object();
    put(vnc, "enable", v.vnc_enable);
    put(vnc, "listen", v.vnc_listen);
    put(vnc, "passwd", v.vnc_passwd);
    put_number(vnc, "display", v.vnc_display);
    put(vnc, "findunused", v.vnc_findunused);
    j["vnc"] = vnc;
    json sdl = json::object();
    put(sdl, "enable", v.sdl_enable);
    put(sdl, "opengl", v.sdl_opengl);
    put(sdl, "display", v.sdl_display);
    put(sdl, "xauthority", v.sdl_xauthority);
    j["sdl"] = sdl;
    put(j, "keymap", v.keymap);
    return j;
}

json vkb(const Vkb& k) {
    json j = json::object();
    put(j, "backend_domname", k.backend_domname);
    j["devid"] = k.devid;
    if (k.backend_type != VkbBackend::unknown) j["backend_type"] = std::string(libxl_name(k.backend_type));
    put(j, "unique_id", k.unique_id);
    put_flag(j, "feature_disable_keyboard", k.feature_disable_keyboard);
    put_flag(j, "feature_disable_pointer", k.feature_disable_pointer);
    put_flag(j, "feature_abs_pointer", k.feature_abs_pointer);
    put_flag(j, "feature_raw_pointer", k.feature_raw_pointer);
    put_flag(j, "feature_multi_touch", k.feature_multi_touch);
    put_number(j, "width", k.width);
    put_number(j, "height", k.height);
    put_number(j, "multi_touch_width", k.multi_touch_width);
    put_number(j, "multi_touch_height", k.multi_touch_height);
    put_number(j, "multi_touch_num_contacts", k.multi_touch_num_contacts);
    return j;
}

json vtpm(const Vtpm& v) {
    json j = json::object();
    put(j, "backend_domname", v.backend_domname);
    j["devid"] = v.devid;
    if (v.uuid && *v.uuid != std::array<std::uint8_t, 16>{}) { // the nil UUID is libxl's default
        const auto& u = *v.uuid;
        j["uuid"] = fmt::format(
            "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    }
    return j;
}

json p9(const P9& p) {
    json j = json::object();
    put(j, "backend_domname", p.backend_domname);
    j["tag"] = p.tag;
    j["path"] = p.path;
    j["security_model"] = p.security_model;
    return j;
}

json pvcalls(const Pvcalls& p) {
    json j = json::object();
    put(j, "backend_domname", p.backend_domname);
    j["devid"] = p.devid;
    return j;
}

// libxl prints the keyed union as one member named "connection.<kind>".
json channel(const Channel& c) {
    json j = json::object();
    put(j, "backend_domname", c.backend_domname);
    j["devid"] = c.devid;
    put(j, "name", c.name);
    json u = json::object();
    put(u, "path", c.path);
    j["connection." + std::string(libxl_name(c.connection))] = u;
    return j;
}

json vdispl(const Vdispl& v) {
    json j = json::object();
    put(j, "backend_domname", v.backend_domname);
    j["devid"] = v.devid;
    put_flag(j, "be_alloc", v.be_alloc);
    json cs = json::array();
    for (const auto& c : v.connectors) {
        json cj = json::object();
        put(cj, "unique_id", c.unique_id);
        put_number(cj, "width", c.width);
        put_number(cj, "height", c.height);
        cs.push_back(cj);
    }
    j["connectors"] = cs; // never empty: xl refuses a display without one
    return j;
}

// libxl prints every vsnd_params object, even an empty one, and leaves out empty arrays.
json vsnd_params(const VsndParams& p) {
    json j = json::object();
    if (!p.sample_rates.empty()) j["sample_rates"] = p.sample_rates;
    if (!p.sample_formats.empty()) j["sample_formats"] = p.sample_formats;
    put_number(j, "channels_min", p.channels_min);
    put_number(j, "channels_max", p.channels_max);
    put_number(j, "buffer_size", p.buffer_size);
    return j;
}

json vsnd(const Vsnd& v) {
    json j = json::object();
    put(j, "backend_domname", v.backend_domname);
    j["devid"] = v.devid;
    put(j, "short_name", v.short_name);
    put(j, "long_name", v.long_name);
    j["params"] = vsnd_params(v.params);
    json pcms = json::array();
    for (const auto& pcm : v.pcms) {
        json pj = json::object();
        put(pj, "name", pcm.name);
        pj["params"] = vsnd_params(pcm.params);
        json streams = json::array();
        for (const auto& s : pcm.streams) {
            json sj = json::object();
            put(sj, "unique_id", s.unique_id);
            if (s.type != VsndStreamType::unset) sj["type"] = std::string(libxl_name(s.type));
            sj["params"] = vsnd_params(s.params);
            streams.push_back(sj);
        }
        if (!streams.empty()) pj["streams"] = streams;
        pcms.push_back(pj);
    }
    if (!pcms.empty()) j["pcms"] = pcms;
    return j;
}

json usbctrl(const Usbctrl& u) {
    json j = json::object();
    if (u.type != UsbctrlType::auto_) j["type"] = std::string(libxl_name(u.type));
    j["devid"] = u.devid;
    put_number(j, "version", u.version);
    put_number(j, "ports", u.ports);
    return j;
}

// The keyed union is printed ("type.hostdev") only when type= named it.
json usbdev(const Usbdev& u) {
    json j = json::object();
    if (u.ctrl != -1) j["ctrl"] = u.ctrl;
    put_number(j, "port", u.port);
    if (u.hostdev) {
        json h = json::object();
        put_number(h, "hostbus", u.hostbus);
        put_number(h, "hostaddr", u.hostaddr);
        j["type.hostdev"] = h;
    }
    return j;
}

template <class T, class F> void array(json& root, const char* name, const std::vector<T>& items, F&& one) {
    if (items.empty()) return;
    json a = json::array();
    for (const auto& i : items)
        a.push_back(one(i));
    root[name] = a;
}

} // namespace

void add_devices_libxl_json(json& root, const Devices& d) {
    array(root, "disks", d.disks, disk);
    array(root, "nics", d.nics, nic);
    array(root, "pcidevs", d.pcidevs, pci);
    array(root, "vfbs", d.vfbs, vfb);
    array(root, "vkbs", d.vkbs, vkb);
    array(root, "vtpms", d.vtpms, vtpm);
    array(root, "p9s", d.p9s, p9);
    array(root, "pvcallsifs", d.pvcallsifs, pvcalls);
    array(root, "vdispls", d.vdispls, vdispl);
    array(root, "vsnds", d.vsnds, vsnd);
    array(root, "channels", d.channels, channel);
    array(root, "dtdevs", d.dtdevs, [](const Dtdev& t) { return json{{"path", t.path}}; });
    array(root, "usbctrls", d.usbctrls, usbctrl);
    array(root, "usbdevs", d.usbdevs, usbdev);
}

} // namespace domfw::domain
