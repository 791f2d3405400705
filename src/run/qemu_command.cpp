#include "run/qemu_command.hpp"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "emit/qemu_firmware_files.hpp"

namespace domfw::run {
namespace {

namespace fs = std::filesystem;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// xl's comma-separated "key=value" lists (disk and vif specs), `target=` taking the rest.
std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> out;
    while (true) {
        const std::string_view rest = trim(text);
        if (rest.starts_with("target=")) {
            out.push_back(rest);
            return out;
        }
        const auto comma = text.find(',');
        out.push_back(trim(text.substr(0, comma)));
        if (comma == std::string_view::npos) return out;
        text.remove_prefix(comma + 1);
    }
}

// xl's disk formats by QEMU's names (libxl_disk_format; vhd is QEMU's "vpc").
Expected<std::string> qemu_format(std::string_view xl, std::string_view entry) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kFormats{
        {{"raw", "raw"}, {"qcow2", "qcow2"}, {"qcow", "qcow"}, {"vhd", "vpc"}, {"qed", "qed"}, {"empty", "raw"}}};
    for (const auto& [x, q] : kFormats)
        if (x == xl) return std::string(q);
    return fail("disk \"{}\": format '{}' is not one QEMU reads (raw, qcow2, qcow, vhd, qed)", entry, xl);
}

struct SmbiosField {
    std::string_view key;
    unsigned type;
    std::string_view field; // QEMU's -smbios type=N field; empty: QEMU has none
};
// libxl_smbios_type names (domain/smbios_strings) to QEMU 7.2's -smbios fields.
constexpr std::array<SmbiosField, 18> kSmbiosFields{{
    {"bios_vendor", 0, "vendor"},
    {"bios_version", 0, "version"},
    {"system_manufacturer", 1, "manufacturer"},
    {"system_product_name", 1, "product"},
    {"system_version", 1, "version"},
    {"system_serial_number", 1, "serial"},
    {"baseboard_manufacturer", 2, "manufacturer"},
    {"baseboard_product_name", 2, "product"},
    {"baseboard_version", 2, "version"},
    {"baseboard_serial_number", 2, "serial"},
    {"baseboard_asset_tag", 2, "asset"},
    {"baseboard_location_in_chassis", 2, "location"},
    {"enclosure_manufacturer", 3, "manufacturer"},
    {"enclosure_serial_number", 3, "serial"},
    {"enclosure_asset_tag", 3, "asset"},
    {"battery_manufacturer", 22, ""},
    {"battery_device_name", 22, ""},
    {"oem", 11, "value"},
}};

std::string file_option(const fs::path& p) { return "file=" + qemu_escape(p.string()); }

fs::path resolve(const domain::DomainConfig& c, std::string_view written) {
    const fs::path p(written);
    return p.is_absolute() ? p : c.config_dir / p;
}

// The config's command line under QEMU: Xen's console (hvc0) is QEMU's first serial port.
std::string guest_cmdline(const domain::DomainConfig& c, std::vector<std::string>& notes) {
    std::string line = c.cmdline.is_set() ? *c.cmdline : std::string();
    const std::string_view xen = "console=hvc0";
    for (auto at = line.find(xen); at != std::string::npos; at = line.find(xen, at + 1)) {
        const bool word_start = at == 0 || line[at - 1] == ' ';
        const std::size_t end = at + xen.size();
        if (!word_start || (end < line.size() && line[end] != ' ' && line[end] != ',')) continue;
        line.replace(at, xen.size(), "console=ttyS0");
        notes.emplace_back("command line: console=hvc0 (Xen's console) is console=ttyS0 under QEMU");
    }
    return line;
}

Expected<void> add_firmware(const domain::DomainConfig& c, const fs::path& dir, const QemuOptions& o,
                            QemuCommand& out) {
    using domain::FirmwareKind;
    const FirmwareKind k = c.firmware.kind;
    const bool ovmf = k == FirmwareKind::ovmf || (c.hvm_bios.is_set() && *c.hvm_bios == "ovmf");
    if (k == FirmwareKind::rombios || (c.hvm_bios.is_set() && *c.hvm_bios == "rombios"))
        return fail("firmware rombios has no QEMU build: use firmware = \"seabios\" (or \"ovmf\") with domfw run");
    if (k == FirmwareKind::path)
        return fail("firmware = \"{}\" is a Xen firmware image (hvmloader's replacement), which does not run under "
                    "QEMU: use seabios or ovmf with domfw run",
                    c.firmware.written);
    if (c.hvm_system_firmware)
        out.notes.push_back(fmt::format("bios_path_override {} is Xen's build: QEMU boots its own {}",
                                        c.hvm_system_firmware->written, ovmf ? "OVMF" : "SeaBIOS"));
    if (!ovmf) return {}; // SeaBIOS is QEMU's default for both machines
    // CODE read-only and shared; VARS written by the guest, so each guest has its own copy.
    auto& a = out.argv;
    a.insert(a.end(), {"-drive", "if=pflash,format=raw,unit=0,readonly=on," + file_option(o.ovmf.code)});
    a.insert(a.end(), {"-drive", "if=pflash,format=raw,unit=1," + file_option(dir / kOvmfVarsCopy)});
    out.ovmf_vars_template = o.ovmf.vars;
    return {};
}

// SMBIOS: one file per pass-through structure; the config's strings as fields, but never for a
// type a file already gives (QEMU refuses both; hvmloader too lets the pass-through win).
Expected<void> add_smbios(const domain::DomainConfig& c, const emit::QemuFirmwareFiles& files, const fs::path& dir,
                          QemuCommand& out) {
    std::vector<unsigned> file_types;
    for (const auto& f : files.smbios) {
        out.argv.insert(out.argv.end(), {"-smbios", file_option(dir / f.name)});
        file_types.push_back(f.type);
    }
    std::map<unsigned, std::string> fields; // type -> ",field=value..."
    for (const auto& s : c.smbios) {
        const auto* m = std::find_if(kSmbiosFields.begin(), kSmbiosFields.end(),
                                     [&](const SmbiosField& f) { return f.key == s.key; });
        if (m == kSmbiosFields.end()) continue; // load() accepted only libxl's names
        if (m->field.empty()) {
            out.notes.push_back(fmt::format("smbios: {} left out: QEMU builds no SMBIOS type {}", s.key, m->type));
            continue;
        }
        if (std::find(file_types.begin(), file_types.end(), m->type) != file_types.end()) {
            out.notes.push_back(fmt::format(
                "smbios: {} left out: type {} comes from the pass-through (as hvmloader does)", s.key, m->type));
            continue;
        }
        fields[m->type] += fmt::format(",{}={}", m->field, qemu_escape(s.value));
    }
    for (const auto& [type, text] : fields)
        out.argv.insert(out.argv.end(), {"-smbios", fmt::format("type={}{}", type, text)});
    return {};
}

Expected<void> add_disks(const domain::DomainConfig& c, QemuCommand& out) {
    const auto* key = c.passthrough_key("disk");
    if (key == nullptr) return {};
    const std::vector<std::string> entries = key->strings();
    for (const auto& e : entries) {
        DOMFW_TRY_X(auto d, parse_disk_spec(e));
        DOMFW_TRY_X(auto format, qemu_format(d.format, e));
        std::string opt = d.cdrom ? "if=ide,media=cdrom" : "if=virtio";
        if (!d.target.empty()) opt += fmt::format(",format={},{}", format, file_option(resolve(c, d.target)));
        if (!d.writable) opt += ",readonly=on";
        out.argv.insert(out.argv.end(), {"-drive", opt});
    }
    return {};
}

Expected<void> add_nics(const domain::DomainConfig& c, QemuCommand& out) {
    const auto* key = c.passthrough_key("vif");
    if (key == nullptr) return {};
    const std::vector<std::string> entries = key->strings();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        DOMFW_TRY_X(auto v, parse_vif_spec(entries[i]));
        out.argv.insert(out.argv.end(), {"-netdev", fmt::format("user,id=net{}", i)});
        std::string dev = fmt::format("{},netdev=net{}", v.model, i);
        if (!v.mac.empty()) dev += ",mac=" + v.mac;
        out.argv.insert(out.argv.end(), {"-device", dev});
    }
    return {};
}

} // namespace

std::string_view to_string(Machine m) { return m == Machine::q35 ? "q35" : "pc"; }
std::string_view to_string(Accel a) { return a == Accel::kvm ? "kvm" : "tcg"; }

Expected<DiskSpec> parse_disk_spec(std::string_view text) {
    DiskSpec d;
    static constexpr std::array<std::string_view, 4> kPositional{"target", "format", "vdev", "access"};
    std::size_t position = 0;
    std::string access;
    for (const auto item : split_commas(text)) {
        std::string_view key;
        std::string_view value = item;
        const auto eq = item.find('=');
        if (eq != std::string_view::npos) {
            key = item.substr(0, eq);
            value = item.substr(eq + 1);
        } else {
            if (position >= kPositional.size())
                return fail("disk \"{}\": more than 4 positional fields (target,format,vdev,access)", text);
            key = kPositional[position++];
        }
        if (key == "target")
            d.target = value;
        else if (key == "format")
            d.format = value;
        else if (key == "vdev")
            d.vdev = value;
        else if (key == "access")
            access = value;
        else if (key == "devtype")
            d.cdrom = value == "cdrom";
        else if (item == "cdrom")
            d.cdrom = true;
        // Other keys (backend, backendtype, script, ...) say how Xen serves the disk: QEMU needs none.
    }
    if (d.format.empty()) d.format = "raw";
    if (access == "w" || access == "rw")
        d.writable = true;
    else if (!access.empty() && access != "r" && access != "ro")
        return fail("disk \"{}\": access '{}' is not r, ro, w or rw", text, access);
    if (d.vdev.ends_with(":cdrom")) {
        d.cdrom = true;
        d.vdev.resize(d.vdev.size() - 6);
    }
    if (d.target.empty() && !d.cdrom) return fail("disk \"{}\": no target (only a CD-ROM drive may be empty)", text);
    return d;
}

Expected<VifSpec> parse_vif_spec(std::string_view text) {
    VifSpec v;
    v.model = "rtl8139";
    for (const auto item : split_commas(text)) {
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) return fail("vif \"{}\": '{}' is not key=value", text, item);
        const auto key = item.substr(0, eq);
        const auto value = item.substr(eq + 1);
        if (key == "mac") {
            const bool ok = value.size() == 17 && std::all_of(value.begin(), value.end(), [](char ch) {
                                return std::isxdigit(static_cast<unsigned char>(ch)) != 0 || ch == ':';
                            });
            if (!ok) return fail("vif \"{}\": mac '{}' is not six hex bytes separated by ':'", text, value);
            v.mac = value;
        } else if (key == "model") {
            if (value == "e1000" || value == "rtl8139")
                v.model = value;
            else if (value == "virtio-net" || value == "virtio")
                v.model = "virtio-net-pci";
            else
                return fail("vif \"{}\": model '{}' has no QEMU device domfw knows (e1000, rtl8139, virtio-net)", text,
                            value);
        }
        // bridge, script, ip, ...: host-side settings of Xen's backend; QEMU's user network has none.
    }
    return v;
}

Expected<QemuCommand> qemu_command(const domain::DomainConfig& c, const plan::DomainPlan& p, const fs::path& dir,
                                   const QemuOptions& o) {
    QemuCommand out;
    auto& a = out.argv;
    const bool hvm = p.input.type == plan::GuestType::hvm;
    if (c.type.is_set() && *c.type == domain::GuestType::pv)
        return fail("type \"pv\": QEMU cannot run a Xen PV guest; use --backend xen, or type = \"pvh\"");
    a.push_back(o.qemu);
    a.insert(a.end(), {"-machine", std::string(to_string(o.machine)), "-accel", std::string(to_string(o.accel))});
    if (c.name.is_set()) a.insert(a.end(), {"-name", "guest=" + qemu_escape(*c.name)});
    if (c.uuid.is_set()) a.insert(a.end(), {"-uuid", *c.uuid});
    const std::uint64_t memkb = c.target_memkb.is_set() ? *c.target_memkb : std::uint64_t{128} * 1024;
    a.insert(a.end(), {"-m", std::to_string((memkb + 1023) / 1024)});
    const long vcpus = c.vcpus.is_set() ? *c.vcpus : 1;
    const long maxvcpus = c.max_vcpus.is_set() ? std::max(*c.max_vcpus, vcpus) : vcpus;
    a.insert(a.end(),
             {"-smp", maxvcpus > vcpus ? fmt::format("{},maxcpus={}", vcpus, maxvcpus) : std::to_string(vcpus)});
    // No default devices or user config: the guest gets exactly what is listed here. The serial
    // console is QEMU's stdio (domfw run reads it); a reset ends the run, as a panic does.
    a.insert(a.end(), {"-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio"});
    a.insert(a.end(), {"-action", "reboot=shutdown,shutdown=poweroff,panic=exit-failure", "-device", "pvpanic"});
    if (o.debug_exit) a.insert(a.end(), {"-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"});

    const std::string cmdline = guest_cmdline(c, out.notes);
    if (hvm) {
        DOMFW_TRY_VOID(add_firmware(c, dir, o, out));
        DOMFW_TRY_X(auto files, emit::qemu_firmware_files(p));
        DOMFW_TRY_VOID(add_smbios(c, files, dir, out));
        for (const auto& f : files.acpi)
            a.insert(a.end(), {"-acpitable", file_option(dir / f.name)});
        if (c.boot == domain::BootMethod::direct && c.kernel) {
            a.insert(a.end(), {"-kernel", c.kernel->resolved.string()});
            if (c.ramdisk) a.insert(a.end(), {"-initrd", c.ramdisk->resolved.string()});
            if (!cmdline.empty()) a.insert(a.end(), {"-append", cmdline});
        }
        if (const auto* boot = c.setting("boot"); boot != nullptr)
            a.insert(a.end(), {"-boot", "order=" + qemu_escape(std::get<std::string>(boot->value))});
    } else {
        // PVH: QEMU loads a PVH ELF itself with one -initrd module; through domfw's loader that
        // module is the bundle holding the kernel, the other modules and the firmware modules.
        if (p.through_loader) {
            a.insert(a.end(),
                     {"-kernel", (dir / "domfw-loader.elf").string(), "-initrd", (dir / "bundle.dfwb").string()});
        } else {
            if (!c.kernel) return fail("type \"pvh\" without a kernel: QEMU boots a PVH guest from its kernel only");
            a.insert(a.end(), {"-kernel", c.kernel->resolved.string()});
            const auto mods = c.guest_modules();
            if (!mods.empty()) a.insert(a.end(), {"-initrd", mods[0].file.resolved.string()});
        }
        if (!cmdline.empty()) a.insert(a.end(), {"-append", cmdline});
    }
    DOMFW_TRY_VOID(add_disks(c, out));
    DOMFW_TRY_VOID(add_nics(c, out));
    return out;
}

std::string qemu_escape(std::string_view value) {
    std::string out;
    for (const char ch : value) {
        out.push_back(ch);
        if (ch == ',') out.push_back(',');
    }
    return out;
}

std::string shell_quote(std::string_view word) {
    const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) != 0 ||
               std::string_view("@%+=:,./_-").find(ch) != std::string_view::npos;
    });
    if (safe) return std::string(word);
    std::string out = "'";
    for (const char ch : word) {
        if (ch == '\'')
            out += "'\\''";
        else
            out.push_back(ch);
    }
    return out + "'";
}

std::string shell_command(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& w : argv)
        out.append(out.empty() ? "" : " ").append(shell_quote(w));
    return out;
}

} // namespace domfw::run
