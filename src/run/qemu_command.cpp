#include "run/qemu_command.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "emit/qemu_firmware_files.hpp"

namespace domfw::run {
namespace {

namespace fs = std::filesystem;

// xl's disk formats (the domain model's, libxl_disk_format) by QEMU's names: vhd is QEMU's
// "vpc"; an empty drive with a target (xl lets it through) is read raw.
std::string_view qemu_format(domain::DiskFormat f) {
    using domain::DiskFormat;
    switch (f) {
    case DiskFormat::qcow: return "qcow";
    case DiskFormat::qcow2: return "qcow2";
    case DiskFormat::vhd: return "vpc";
    case DiskFormat::qed: return "qed";
    case DiskFormat::unknown: // the model sets raw for an unspecified format
    case DiskFormat::raw:
    case DiskFormat::empty: break;
    }
    return "raw";
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

void add_firmware(const domain::DomainConfig& c, const fs::path& dir, const QemuOptions& o, QemuCommand& out) {
    using domain::FirmwareKind;
    // The model resolved `firmware`, `bios` and their aliases into one kind (none: SeaBIOS).
    const FirmwareKind k = c.firmware.kind;
    const bool ovmf = k == FirmwareKind::ovmf; // rombios and a path: refused by check_qemu_can_run
    if (c.hvm_system_firmware)
        out.notes.push_back(fmt::format("bios_path_override {} is Xen's build: QEMU boots its own {}",
                                        c.hvm_system_firmware->written, ovmf ? "OVMF" : "SeaBIOS"));
    if (!ovmf) return; // SeaBIOS is QEMU's default for both machines
    // CODE read-only and shared; VARS written by the guest, so each guest has its own copy.
    auto& a = out.argv;
    a.insert(a.end(), {"-drive", "if=pflash,format=raw,unit=0,readonly=on," + file_option(o.ovmf.code)});
    a.insert(a.end(), {"-drive", "if=pflash,format=raw,unit=1," + file_option(dir / kOvmfVarsCopy)});
    out.ovmf_vars_template = o.ovmf.vars;
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

// Why QEMU cannot open a disk the domain model accepted (xl's grammar), or nothing: what only
// Xen can do with a disk, named, since QEMU opens the target as a file itself.
std::optional<std::string> disk_refusal(const domain::Disk& d) {
    if (d.script)
        return fmt::format("script \"{}\": the target is an argument of a Xen block script, not a file QEMU can "
                           "open; domfw run cannot run the script (use --backend xen)",
                           *d.script);
    if (d.backend_domname)
        return fmt::format("backend \"{}\": the disk is served by that driver domain, which QEMU does not have (use "
                           "--backend xen)",
                           *d.backend_domname);
    if (d.colo_enable.value_or(false))
        return std::string("colo: COLO disk replication is Xen's; QEMU cannot do it under domfw run (use --backend "
                           "xen)");
    return std::nullopt;
}

// The disks as the domain model parsed them, none of them refused (check_qemu_can_run).
void add_disks(const domain::DomainConfig& c, QemuCommand& out) {
    for (const domain::Disk& d : c.devices.disks) {
        const bool empty = !d.pdev_path || d.pdev_path->empty();
        std::string opt = d.is_cdrom != 0 ? "if=ide,media=cdrom" : "if=virtio";
        if (!empty) opt += fmt::format(",format={},{}", qemu_format(d.format), file_option(resolve(c, *d.pdev_path)));
        if (d.readwrite == 0) opt += ",readonly=on";
        out.argv.insert(out.argv.end(), {"-drive", opt});
    }
}

// xl's NIC models (QEMU's own device names under xl) that domfw run maps; xl's HVM default is
// rtl8139. Nothing for a model QEMU has no device for here.
std::optional<std::string_view> qemu_nic_device(const domain::Nic& n) {
    const std::string* model = n.string("model");
    if (model == nullptr || *model == "rtl8139") return std::string_view("rtl8139");
    if (*model == "e1000") return std::string_view("e1000");
    if (*model == "virtio-net" || *model == "virtio") return std::string_view("virtio-net-pci");
    return std::nullopt;
}

// The NICs as the domain model parsed them, each on QEMU's user-mode network (no root, no
// bridge): bridge, script, ip, rate and the other host-side settings of Xen's backend have no
// meaning there. A model without a device was refused by check_qemu_can_run.
void add_nics(const domain::DomainConfig& c, QemuCommand& out) {
    const auto& nics = c.devices.nics;
    for (std::size_t i = 0; i < nics.size(); ++i) {
        const domain::Nic& n = nics[i];
        const auto model = qemu_nic_device(n);
        if (!model) continue;
        out.argv.insert(out.argv.end(), {"-netdev", fmt::format("user,id=net{}", i)});
        std::string dev = fmt::format("{},netdev=net{}", *model, i);
        if (n.mac) dev += fmt::format(",mac={:02x}", fmt::join(*n.mac, ":"));
        out.argv.insert(out.argv.end(), {"-device", dev});
    }
}

// check_qemu_can_run with the file its locations name: the loaded file as the user named it for
// `domfw run`, the config's absolute path for qemu_command's callers.
void check_qemu_can_run(const domain::DomainConfig& c, const plan::DomainPlan& p, const std::string& file,
                        support::Diagnostics& out) {
    using domain::FirmwareKind;
    auto at = [&](const cfg::SourceRange& r) { return support::SourceLocation{file, r.line, r.column, r.length}; };
    // The plan's type is the model's; there is no plan for a PV guest (plan_input_from_domain).
    if (p.input.type == plan::GuestType::hvm) {
        // The model resolved `firmware`, `bios` and their aliases into one kind (none: SeaBIOS).
        if (c.firmware.kind == FirmwareKind::rombios)
            out.error(at(c.firmware.where),
                      "firmware rombios has no QEMU build: use firmware = \"seabios\" (or \"ovmf\") with domfw run");
        if (c.firmware.kind == FirmwareKind::path)
            out.error(at(c.firmware.where),
                      fmt::format("firmware = \"{}\" is a Xen firmware image (hvmloader's replacement), which does not "
                                  "run under QEMU: use seabios or ovmf with domfw run",
                                  c.firmware.written));
    } else if (!p.through_loader && !c.kernel) {
        // QEMU loads a PVH ELF itself only as -kernel; pvgrub goes through domfw's loader only.
        out.error(at(c.type.where), "type \"pvh\" without a kernel: QEMU boots a PVH guest from its kernel only");
    }
    const auto& disks = c.devices.disks;
    for (std::size_t i = 0; i < disks.size(); ++i)
        if (auto why = disk_refusal(disks[i])) out.error(at(disks[i].where), fmt::format("disk[{}]: {}", i, *why));
    const auto& nics = c.devices.nics;
    for (std::size_t i = 0; i < nics.size(); ++i)
        if (!qemu_nic_device(nics[i]))
            out.error(at(nics[i].where),
                      fmt::format("vif[{}]: model \"{}\" has no QEMU device domfw run knows (e1000, rtl8139, "
                                  "virtio-net): write one of them, or use --backend xen",
                                  i, *nics[i].string("model")));
}

// The model's other device lists are Xen's PV devices or host hardware (pci): QEMU gets none of
// them, and the note says so rather than dropping them silently.
void note_devices_left_out(const domain::Devices& d, QemuCommand& out) {
    std::vector<std::string> left;
    auto count = [&](std::string_view key, std::size_t n) {
        if (n != 0) left.push_back(fmt::format("{} ({})", key, n));
    };
    count("pci", d.pcidevs.size());
    count("vfb", d.vfbs.size());
    count("vkb", d.vkbs.size());
    count("vtpm", d.vtpms.size());
    count("channel", d.channels.size());
    count("p9", d.p9s.size());
    count("pvcalls", d.pvcallsifs.size());
    if (!left.empty())
        out.notes.push_back(
            fmt::format("devices left out under QEMU, which gets only the disks and NICs: {}", fmt::join(left, ", ")));
}

} // namespace

std::string_view to_string(Machine m) { return m == Machine::q35 ? "q35" : "pc"; }
std::string_view to_string(Accel a) { return a == Accel::kvm ? "kvm" : "tcg"; }

void check_qemu_can_run(const domain::LoadResult& loaded, const plan::DomainPlan& plan, support::Diagnostics& out) {
    check_qemu_can_run(loaded.config, plan, loaded.document.file(), out);
}

Expected<QemuCommand> qemu_command(const domain::DomainConfig& c, const plan::DomainPlan& p, const fs::path& dir,
                                   const QemuOptions& o) {
    support::Diagnostics refused;
    check_qemu_can_run(c, p, c.config_file.string(), refused);
    if (!refused.empty()) {
        std::string first = support::render(refused.items().front(), {});
        if (!first.empty() && first.back() == '\n') first.pop_back();
        if (refused.items().size() > 1) first += fmt::format(" (and {} more)", refused.items().size() - 1);
        return fail("{}", first);
    }
    QemuCommand out;
    auto& a = out.argv;
    // The plan's type is the model's; there is no plan for a PV guest (plan_input_from_domain).
    const bool hvm = p.input.type == plan::GuestType::hvm;
    a.push_back(o.qemu);
    a.insert(a.end(), {"-machine", std::string(to_string(o.machine)), "-accel", std::string(to_string(o.accel))});
    if (c.name.is_set()) a.insert(a.end(), {"-name", "guest=" + qemu_escape(*c.name)});
    if (c.uuid.is_set()) a.insert(a.end(), {"-uuid", *c.uuid});
    // Without `memory`, libxl's default (32 MiB), which the plan lays out too.
    const std::uint64_t memkb = c.target_memkb.is_set() ? *c.target_memkb : std::uint64_t{32} * 1024;
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
        add_firmware(c, dir, o, out);
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
        } else if (c.kernel) { // without a kernel: refused by check_qemu_can_run
            a.insert(a.end(), {"-kernel", c.kernel->resolved.string()});
            const auto mods = c.guest_modules();
            if (!mods.empty()) a.insert(a.end(), {"-initrd", mods[0].file.resolved.string()});
        }
        if (!cmdline.empty()) a.insert(a.end(), {"-append", cmdline});
    }
    add_disks(c, out);
    add_nics(c, out);
    note_devices_left_out(c.devices, out);
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
