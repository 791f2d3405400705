#include "domain/domain_config.hpp"

namespace domfw::domain {

std::string_view to_string(GuestType t) {
    switch (t) {
    case GuestType::pv: return "pv";
    case GuestType::pvh: return "pvh";
    case GuestType::hvm: return "hvm";
    }
    return "pv";
}

std::string_view xl_name(ShutdownAction a) {
    switch (a) {
    case ShutdownAction::destroy: return "destroy";
    case ShutdownAction::restart: return "restart";
    case ShutdownAction::rename_restart: return "rename-restart";
    case ShutdownAction::preserve: return "preserve";
    case ShutdownAction::coredump_destroy: return "coredump-destroy";
    case ShutdownAction::coredump_restart: return "coredump-restart";
    case ShutdownAction::soft_reset: return "soft-reset";
    }
    return "destroy";
}

std::string_view libxl_name(ShutdownAction a) {
    switch (a) {
    case ShutdownAction::destroy: return "destroy";
    case ShutdownAction::restart: return "restart";
    case ShutdownAction::rename_restart: return "restart_rename";
    case ShutdownAction::preserve: return "preserve";
    case ShutdownAction::coredump_destroy: return "coredump_destroy";
    case ShutdownAction::coredump_restart: return "coredump_restart";
    case ShutdownAction::soft_reset: return "soft_reset";
    }
    return "destroy";
}

std::string_view to_string(BootMethod m) {
    switch (m) {
    case BootMethod::none: return "none";
    case BootMethod::direct: return "direct";
    case BootMethod::firmware: return "firmware";
    case BootMethod::bootloader: return "bootloader";
    }
    return "none";
}

std::string_view to_string(FirmwareKind k) {
    switch (k) {
    case FirmwareKind::none: return "none";
    case FirmwareKind::seabios: return "seabios";
    case FirmwareKind::ovmf: return "ovmf";
    case FirmwareKind::rombios: return "rombios";
    case FirmwareKind::pvgrub32: return "pvgrub32";
    case FirmwareKind::pvgrub64: return "pvgrub64";
    case FirmwareKind::path: return "path";
    }
    return "none";
}

std::vector<BootModule> DomainConfig::guest_modules() const {
    std::vector<BootModule> out;
    if (boot != BootMethod::direct) return out;
    if (ramdisk) out.push_back({*ramdisk, {}});
    out.insert(out.end(), modules.begin(), modules.end());
    return out;
}

std::vector<const FileRef*> DomainConfig::files() const {
    std::vector<const FileRef*> out;
    auto add = [&](const std::optional<FileRef>& f) {
        if (f) out.push_back(&*f);
    };
    add(kernel);
    add(ramdisk);
    for (const auto& m : modules)
        out.push_back(&m.file);
    add(firmware.image);
    add(hvm_system_firmware);
    add(hvm_loader);
    add(smbios_firmware);
    add(acpi_firmware);
    return out;
}

std::vector<std::string> PassThroughKey::strings() const {
    if (!value.is_list()) return {value.text.str()};
    std::vector<std::string> out;
    for (const auto& v : value.items)
        out.push_back(v.text.str());
    return out;
}

const PassThroughKey* DomainConfig::passthrough_key(std::string_view key) const {
    for (const auto& p : passthrough)
        if (p.key == key) return &p;
    return nullptr;
}

const LibxlSetting* DomainConfig::setting(std::string_view key) const {
    for (const auto& s : settings)
        if (s.key == key) return &s;
    return nullptr;
}

} // namespace domfw::domain
