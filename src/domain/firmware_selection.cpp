// Which firmware a guest gets: for HVM, hvmloader's system firmware from `bios`, `firmware`
// (a name, an alias or a path replacing hvmloader) and the overrides; for PV and PVH, pvgrub.
#include "domain/interpreter.hpp"

#include <cctype>
#include <filesystem>

namespace domfw::domain::detail {

namespace fs = std::filesystem;

namespace {

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// libxl_bios_type_from_string: case-insensitive enum names, "unknown" included.
std::optional<std::string> bios_type(std::string_view s) {
    for (std::string_view n : {"unknown", "rombios", "seabios", "ovmf"})
        if (iequal(s, n)) return std::string(n);
    return std::nullopt;
}

FirmwareKind kind_of_bios(std::string_view b) {
    if (b == "rombios") return FirmwareKind::rombios;
    if (b == "ovmf") return FirmwareKind::ovmf;
    return FirmwareKind::seabios; // "seabios", and "unknown" = libxl's default for qemu-xen
}

std::string basename_of(std::string_view p) {
    while (p.size() > 1 && p.back() == '/')
        p.remove_suffix(1);
    auto slash = p.rfind('/');
    return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

} // namespace

void Interpreter::hvm_firmware() {
    if (c_.kernel && !kernel_from_modules_ && basename_of(c_.kernel->written) == "hvmloader") {
        warning(c_.kernel->where, "\"kernel\" names hvmloader: xl ignores it; write firmware_override (or firmware "
                                  "= PATH) to replace hvmloader");
        c_.kernel.reset();
    }
    if (auto f = get_string("firmware_override")) c_.hvm_loader = firmware_ref("firmware_override", *f);
    if (auto b = get_string("bios_path_override")) c_.hvm_system_firmware = file_ref("bios_path_override", *b);
    auto bios = get_string("bios");
    if (bios) {
        auto bt = bios_type(bios->text);
        if (!bt)
            error(bios->range,
                  fmt::format("invalid value \"{}\" for \"bios\" (expected rombios, seabios or ovmf)", bios->text));
        else
            set(c_.hvm_bios, *bt, "bios", bios->range);
    } else if (c_.hvm_system_firmware) {
        warning(c_.hvm_system_firmware->where, "bios_path_override given without specific bios name");
    }
    if (auto s = get_string("smbios_firmware")) c_.smbios_firmware = file_ref("smbios_firmware", *s);
    if (auto a = get_string("acpi_firmware")) c_.acpi_firmware = file_ref("acpi_firmware", *a);

    auto fw = get_string("firmware");
    if (!fw) {
        if (c_.hvm_bios.is_set()) {
            c_.firmware.kind = kind_of_bios(*c_.hvm_bios);
            c_.firmware.key = "bios";
            c_.firmware.where = c_.hvm_bios.where;
        }
        return;
    }
    Firmware& f = c_.firmware;
    f.written = fw->text;
    f.key = "firmware";
    f.where = fw->range;
    if (auto bt = bios_type(fw->text)) {
        f.kind = kind_of_bios(*bt);
        if (*bt == "unknown") {
            f.from_alias = true;
            warning(fw->range, "firmware = \"unknown\" lets libxl choose: \"seabios\" with the default device "
                               "model; write firmware = \"seabios\" to pin it");
        }
        bios_conflict(*fw, f.kind);
        set(c_.hvm_bios, *bt, "firmware", fw->range);
    } else if (is_prefix_of(fw->text, "uefi")) {
        f.kind = FirmwareKind::ovmf;
        f.from_alias = true;
        warning(fw->range, fw->text == "uefi"
                               ? std::string("firmware = \"uefi\" is a generic alias; it resolves to \"ovmf\"; "
                                             "write firmware = \"ovmf\" to pin it")
                               : fmt::format("firmware = \"{}\" is an abbreviation of the alias \"uefi\"; it "
                                             "resolves to \"ovmf\"; write firmware = \"ovmf\" to pin it",
                                             fw->text));
        bios_conflict(*fw, f.kind);
        set(c_.hvm_bios, std::string("ovmf"), "firmware", fw->range);
    } else if (is_prefix_of(fw->text, "bios")) {
        // libxl picks the BIOS from the device model: SeaBIOS for qemu-xen (the default).
        f.kind = c_.hvm_bios.is_set() ? kind_of_bios(*c_.hvm_bios) : FirmwareKind::seabios;
        f.from_alias = true;
        warning(fw->range,
                fmt::format(
                    "firmware = \"{}\" is {}; it resolves to \"{}\"{}; write firmware = \"{}\" to pin it", fw->text,
                    fw->text == "bios" ? "a generic alias" : "an abbreviation of the alias \"bios\"", to_string(f.kind),
                    c_.hvm_bios.is_set() ? " (from \"bios\")" : " with the default device model", to_string(f.kind)));
    } else {
        // xl: anything else is a path that REPLACES hvmloader (b_info->u.hvm.firmware).
        f.kind = FirmwareKind::path;
        if (c_.hvm_loader)
            warning(fw->range, fmt::format("firmware = PATH replaces hvmloader and overrides firmware_override ({})",
                                           line_of(c_.hvm_loader->where)));
        c_.hvm_loader = firmware_ref("firmware", *fw);
    }
}

void Interpreter::bios_conflict(const Atom& fw, FirmwareKind kind) {
    if (!c_.hvm_bios.is_set() || c_.hvm_bios.key != "bios") return;
    auto other = kind_of_bios(*c_.hvm_bios);
    if (other == kind || *c_.hvm_bios == "unknown") return;
    if ((kind == FirmwareKind::ovmf && other == FirmwareKind::seabios) ||
        (kind == FirmwareKind::seabios && other == FirmwareKind::ovmf)) {
        error(fw.range,
              fmt::format("firmware = \"{}\" ({}) with bios = \"{}\" ({}) asks for OVMF with a SeaBIOS CSM, which "
                          "Xen does not support: "
                          "Xen's OVMF is built without a CSM; choose \"ovmf\" (UEFI) or \"seabios\" (legacy BIOS)",
                          fw.text, line_of(fw.range), *c_.hvm_bios, line_of(c_.hvm_bios.where)));
        return;
    }
    warning(fw.range, fmt::format("firmware = \"{}\" overrides bios = \"{}\" ({}), as in xl; remove one", fw.text,
                                  *c_.hvm_bios, line_of(c_.hvm_bios.where)));
}

void Interpreter::pv_firmware() {
    auto fw = get_string("firmware");
    if (!fw) return;
    Firmware& f = c_.firmware;
    f.written = fw->text;
    f.key = "firmware";
    f.where = fw->range;
    if (c_.kernel && !kernel_from_modules_) {
        error(fw->range, fmt::format("both \"kernel\" ({}) and \"firmware\" ({}) are specified; a {} guest boots "
                                     "by exactly one of kernel, firmware or bootloader",
                                     line_of(c_.kernel->where), line_of(fw->range), to_string(*c_.type)));
        return;
    }
    bool p32 = is_prefix_of(fw->text, "pvgrub32");
    bool p64 = is_prefix_of(fw->text, "pvgrub64");
    if (!p32 && !p64) {
        error(fw->range,
              fmt::format("firmware = \"{}\" is not supported for {} guests: only \"pvgrub32\" and \"pvgrub64\" "
                          "are (xl: \"only pvgrub{{32|64}} supported as firmware options\")",
                          fw->text, to_string(*c_.type)));
        return;
    }
    // xl loads XENFIRMWAREDIR "/%s.bin" with the value as written, abbreviation or not.
    FileRef img;
    img.key = "firmware";
    img.written = fw->text;
    img.where = fw->range;
    img.resolved = fs::path(opt_.firmware_dir.string() + "/" + fw->text + ".bin");
    f.image = img;
    if (fw->text == "pvgrub32" || fw->text == "pvgrub64") {
        f.kind = p32 ? FirmwareKind::pvgrub32 : FirmwareKind::pvgrub64;
    } else {
        f.kind = p32 && !p64 ? FirmwareKind::pvgrub32 : p64 && !p32 ? FirmwareKind::pvgrub64 : FirmwareKind::path;
        warning(fw->range, fmt::format("firmware = \"{}\" is an abbreviation: xl loads \"{}\", not pvgrub32.bin or "
                                       "pvgrub64.bin; write \"pvgrub32\" or \"pvgrub64\"",
                                       fw->text, img.resolved.string()));
    }
}

} // namespace domfw::domain::detail
