#include "domain/libxl_json.hpp"

#include "domain/devices/read.hpp"

namespace domfw::domain {

namespace {

using json = nlohmann::ordered_json;

std::string path_of(const FileRef& f) {
    // A bootloader hint is a path inside the guest's disk: libxl passes it on as written.
    if (f.inside_guest || f.resolved.empty()) return f.written;
    return f.resolved.string();
}

json bool_text(bool b) { return b ? "True" : "False"; }

json libxl_value(const LibxlValue& v) {
    struct Visit {
        json operator()(bool b) const { return bool_text(b); }
        json operator()(std::int64_t n) const { return n; }
        json operator()(const std::string& s) const { return s; }
        json operator()(const std::vector<std::string>& l) const { return l; }
        json operator()(const std::vector<std::uint64_t>& l) const { return l; }
        json operator()(const CpuMaps& maps) const { return maps; }
        json operator()(const std::vector<IoRange>& ranges) const {
            json out = json::array();
            for (const auto& r : ranges) {
                json e;
                e[r.iomem ? "start" : "first"] = r.first;
                e["number"] = r.number;
                if (r.gfn) e["gfn"] = *r.gfn;
                out.push_back(e);
            }
            return out;
        }
        // libxl_vnode_info: a zero memkb or pnode and an empty vCPU map are not printed.
        json operator()(const std::vector<VnumaNode>& nodes) const {
            json out = json::array();
            for (const auto& n : nodes) {
                json e = json::object();
                if (n.memkb != 0) e["memkb"] = n.memkb;
                if (!n.distances.empty()) e["distances"] = n.distances;
                if (n.pnode != 0) e["pnode"] = n.pnode;
                if (!n.vcpus.empty()) e["vcpus"] = n.vcpus;
                out.push_back(e);
            }
            return out;
        }
        // libxl_cpuid_policy_list_gen_json (4.17.7): {"cpuid": [...], "msr": [...]}.
        json operator()(const CpuidPolicy& p) const {
            static constexpr std::array<const char*, 4> kRegs{"eax", "ebx", "ecx", "edx"};
            json leaves = json::array();
            for (const auto& l : p.leaves) {
                json e;
                e["leaf"] = l.leaf;
                if (l.subleaf) e["subleaf"] = *l.subleaf;
                for (std::size_t i = 0; i < kRegs.size(); ++i)
                    if (l.regs[i]) e[kRegs[i]] = *l.regs[i];
                leaves.push_back(e);
            }
            json msrs = json::array();
            for (const auto& m : p.msrs)
                msrs.push_back(json{{"index", m.index}, {"policy", m.policy}});
            return json{{"cpuid", leaves}, {"msr", msrs}};
        }
    };
    return std::visit(Visit{}, v);
}

} // namespace

json to_libxl_json(const DomainConfig& c) {
    json root;
    json c_info;
    c_info["type"] = std::string(to_string(*c.type));
    if (c.name.is_set()) c_info["name"] = *c.name;
    if (c.uuid.is_set()) c_info["uuid"] = *c.uuid;
    c_info["run_hotplug_scripts"] = "True";
    root["c_info"] = c_info;

    json b;
    if (c.max_vcpus.is_set() && *c.max_vcpus != 0) b["max_vcpus"] = *c.max_vcpus;
    if (c.vcpus.is_set() && *c.vcpus > 0) {
        json bits = json::array();
        for (long i = 0; i < *c.vcpus; ++i)
            bits.push_back(i);
        b["avail_vcpus"] = bits;
    }
    if (c.video_memkb.is_set() && c.video_memkb.key == "videoram") b["video_memkb"] = *c.video_memkb;
    // LIBXL_MEMKB_DEFAULT (~0) is the default and is not printed.
    if (c.max_memkb.is_set() && *c.max_memkb != ~std::uint64_t{0}) b["max_memkb"] = *c.max_memkb;
    if (c.target_memkb.is_set() && *c.target_memkb != ~std::uint64_t{0}) b["target_memkb"] = *c.target_memkb;
    b["sched_params"] = json::object();
    b["claim_mode"] = "True";
    const FileRef* kernel = c.kernel ? &*c.kernel : (c.firmware.image ? &*c.firmware.image : nullptr);
    if (kernel != nullptr) b["kernel"] = path_of(*kernel);
    if (c.cmdline.is_set()) b["cmdline"] = *c.cmdline;
    if (c.ramdisk) b["ramdisk"] = path_of(*c.ramdisk);
    if (c.bootloader.is_set()) b["bootloader"] = *c.bootloader;
    if (c.bootloader_args.is_set() && !c.bootloader_args->empty()) b["bootloader_args"] = *c.bootloader_args;
    switch (*c.type) {
    case GuestType::pv: b["type.pv"] = json::object(); break;
    case GuestType::pvh: b["type.pvh"] = json::object(); break;
    case GuestType::hvm: {
        json h;
        if (c.hvm_loader) h["firmware"] = path_of(*c.hvm_loader);
        if (c.hvm_bios.is_set() && *c.hvm_bios != "unknown") h["bios"] = *c.hvm_bios;
        if (c.hvm_system_firmware) h["system_firmware"] = path_of(*c.hvm_system_firmware);
        if (c.smbios_firmware) h["smbios_firmware"] = path_of(*c.smbios_firmware);
        if (c.acpi_firmware) h["acpi_firmware"] = path_of(*c.acpi_firmware);
        if (!c.smbios.empty()) {
            // Xen 4.18's libxl_smbios array (4.17 has none: docs/differences-from-xl.md).
            json list = json::array();
            for (const auto& s : c.smbios)
                list.push_back(json{{"key", s.key}, {"value", s.value}});
            h["smbios"] = list;
        }
        for (const char* k : {"vga", "vnc", "sdl", "spice", "rdm"})
            h[k] = json::object();
        b["type.hvm"] = h;
        break;
    }
    }
    b["arch_arm"] = json::object();
    b["arch_x86"] = json::object();
    root["b_info"] = b;

    add_devices_libxl_json(root, c.devices);

    auto action = [&](const char* name, const Field<ShutdownAction>& f) {
        if (f.is_set() && *f != ShutdownAction::destroy) root[name] = std::string(libxl_name(*f));
    };
    action("on_poweroff", c.on_poweroff);
    action("on_reboot", c.on_reboot);
    action("on_watchdog", c.on_watchdog);
    action("on_crash", c.on_crash);
    action("on_soft_reset", c.on_soft_reset);
    // The keys of build_info.cpp, each at its own place (a type.hvm path only exists for HVM).
    for (const auto& s : c.settings) {
        json::json_pointer p(s.path);
        if (s.path.starts_with("/b_info/type.") && !root.contains(p.parent_pointer())) continue;
        root[p] = libxl_value(s.value);
    }
    return root;
}

namespace {

template <class T> json field(const Field<T>& f) {
    if (!f.is_set()) return nullptr;
    json j;
    j["value"] = *f;
    if (!f.key.empty()) {
        j["key"] = f.key;
        j["line"] = f.where.line;
    }
    return j;
}

json file(const FileRef& f) {
    return json{{"key", f.key},
                {"written", f.written},
                {"resolved", f.resolved.string()},
                {"line", f.where.line},
                {"inside_guest", f.inside_guest}};
}

json action(const Field<ShutdownAction>& f) {
    json j{{"value", std::string(xl_name(*f))}};
    if (!f.key.empty()) {
        j["key"] = f.key;
        j["line"] = f.where.line;
    }
    return j;
}

} // namespace

json to_model_json(const DomainConfig& c) {
    json j;
    j["config_file"] = c.config_file.string();
    j["name"] = field(c.name);
    j["uuid"] = field(c.uuid);
    json t{{"value", std::string(to_string(*c.type))}};
    if (!c.type.key.empty()) {
        t["key"] = c.type.key;
        t["line"] = c.type.where.line;
    }
    j["type"] = t;
    j["memory_kib"] = field(c.target_memkb);
    j["maxmem_kib"] = field(c.max_memkb);
    j["videoram_kib"] = field(c.video_memkb);
    j["vcpus"] = field(c.vcpus);
    j["maxvcpus"] = field(c.max_vcpus);
    j["on_poweroff"] = action(c.on_poweroff);
    j["on_reboot"] = action(c.on_reboot);
    j["on_watchdog"] = action(c.on_watchdog);
    j["on_crash"] = action(c.on_crash);
    j["on_soft_reset"] = action(c.on_soft_reset);
    json boot;
    boot["method"] = std::string(to_string(c.boot));
    boot["kernel"] = c.kernel ? file(*c.kernel) : json(nullptr);
    boot["ramdisk"] = c.ramdisk ? file(*c.ramdisk) : json(nullptr);
    boot["cmdline"] = field(c.cmdline);
    json mods = json::array();
    for (const auto& m : c.guest_modules()) {
        json e = file(m.file);
        e["cmdline"] = m.cmdline;
        mods.push_back(e);
    }
    boot["guest_modules"] = mods;
    json fw;
    fw["kind"] = std::string(to_string(c.firmware.kind));
    if (!c.firmware.key.empty()) {
        fw["key"] = c.firmware.key;
        fw["written"] = c.firmware.written;
        fw["line"] = c.firmware.where.line;
        fw["from_alias"] = c.firmware.from_alias;
    }
    if (c.firmware.image) fw["image"] = file(*c.firmware.image);
    if (c.hvm_loader) fw["hvmloader_replacement"] = file(*c.hvm_loader);
    if (c.hvm_system_firmware) fw["bios_path_override"] = file(*c.hvm_system_firmware);
    boot["firmware"] = fw;
    boot["bootloader"] = field(c.bootloader);
    boot["bootloader_args"] = field(c.bootloader_args);
    j["boot"] = boot;
    json sm = json::array();
    for (const auto& s : c.smbios) {
        json e{{"key", s.key}, {"value", s.value}, {"line", s.where.line}};
        if (s.oem_index != 0) e["oem_index"] = s.oem_index;
        sm.push_back(e);
    }
    j["smbios"] = sm;
    j["smbios_firmware"] = c.smbios_firmware ? file(*c.smbios_firmware) : json(nullptr);
    j["acpi_firmware"] = c.acpi_firmware ? file(*c.acpi_firmware) : json(nullptr);
    json pt = json::array();
    for (const auto& p : c.passthrough)
        pt.push_back(json{{"key", p.key}, {"line", p.key_range.line}, {"known_to_xl", p.known_to_xl}});
    j["passthrough"] = pt;
    return j;
}

} // namespace domfw::domain
