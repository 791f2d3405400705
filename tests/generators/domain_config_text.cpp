#include "generators/domain_config_text.hpp"

#include <array>
#include <initializer_list>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "domain/lint.hpp"
#include "generators/rng.hpp"

namespace domfw::generators {

namespace {

std::string q(std::string_view s) { return domain::quote_xl_string(s); }

} // namespace

std::string generate_config(std::uint64_t seed, const GeneratorOptions& opt) {
    Rng r(seed);
    std::vector<std::string> lines;
    auto add = [&](std::string_view key, const std::string& value) {
        lines.push_back(fmt::format("{} = {}", key, value));
    };

    // Guest type: mostly valid, sometimes abbreviated, contradicting or invalid.
    if (r.chance(80))
        add("type", q(r.pick({"pv", "pvh", "hvm", "hvm", "pvh", "hvm", "h", "p", "pv", "hv", "", "x", "pvhx"})));
    if (r.chance(15)) add("builder", q(r.pick({"hvm", "generic", "g", "h", "", "linux"})));

    if (r.chance(95))
        add("name", r.chance(90)   ? q(fmt::format("guest{}", seed % 1000))
                    : r.chance(50) ? std::string("42")
                                   : std::string("[\"a\"]"));
    if (r.chance(15))
        add("uuid",
            q(r.pick({"5f1b2c3d-0a4e-4f5a-9b6c-7d8e9f0a1b2c", "5F1B2C3D-0A4E-4F5A-9B6C-7D8E9F0A1B2C",
                      "5f1b2c3d0a4e4f5a9b6c7d8e9f0a1b2c", "5f1b2c3d-0a4e-4f5a-9b6c-7d8e9f0a1b2x", "not-a-uuid"})));

    auto number = [&](std::initializer_list<std::string_view> xs) { return std::string(r.pick(xs)); };
    if (r.chance(70))
        add("memory", number({"512", "1024", "256", "0x200", "010", "\"768\"", "\"x\"", "2048", "0", "[1]"}));
    if (r.chance(40)) add("maxmem", number({"1024", "2048", "512", "4096", "\"abc\"", "0x400"}));
    if (r.chance(60)) add("vcpus", number({"1", "2", "4", "8", "0", "\"3\"", "\"two\""}));
    if (r.chance(30)) add("maxvcpus", number({"1", "2", "4", "8", "16", "0"}));

    for (std::string_view key : {"on_poweroff", "on_reboot", "on_watchdog", "on_crash", "on_soft_reset"})
        if (r.chance(12))
            add(key, q(r.pick({"destroy", "restart", "rename-restart", "preserve", "coredump-destroy",
                               "coredump-restart", "soft-reset", "restart_rename", "reboot", "Destroy"})));

    // Boot keys, combined freely: the interesting part is which combinations xl refuses.
    if (r.chance(65))
        add("kernel", q(r.pick({"vmlinuz", "boot/vmlinuz-6.1", "/boot/vmlinuz", "../kernels/k",
                                "/usr/lib/xen/boot/hvmloader", "fw/hvmloader", ""})));
    if (r.chance(30)) add("ramdisk", q(r.pick({"initrd.img", "/boot/initrd.img", "boot/initrd-6.1.img"})));
    if (r.chance(30)) add("cmdline", q(r.pick({"console=hvc0", "root=/dev/xvda1 ro quiet", ""})));
    if (r.chance(20)) add("root", q(r.pick({"/dev/xvda1", "/dev/sda2 ro"})));
    if (r.chance(20)) add("extra", q(r.pick({"console=hvc0", "xencons=tty"})));
    if (r.chance(25)) add("bootloader", q(r.pick({"pygrub", "/usr/lib/xen-4.17/bin/pygrub", "pvgrub-shim"})));
    if (r.chance(15))
        add("bootloader_args", r.pick({"[\"-q\"]", "[\"--entry=1\", \"-q\"]", "\"-q --entry=0\"", "[]", "7"}).data());
    if (r.chance(35))
        add("firmware", q(r.pick({"bios", "uefi", "u", "b", "", "seabios", "ovmf", "OVMF", "rombios", "unknown",
                                  "pvgrub32", "pvgrub64", "pvg", "pvgrub6", "grub", "fw/custom-hvmloader",
                                  "/opt/fw/hvmloader", "custom-hvmloader"})));
    if (r.chance(8)) add("firmware_override", q(r.pick({"hvmloader-dbg", "/opt/hvmloader", "fw/hvmloader"})));
    if (r.chance(12)) add("bios", q(r.pick({"seabios", "ovmf", "rombios", "SeaBIOS", "uefi", "unknown"})));
    if (r.chance(8)) add("bios_path_override", q(r.pick({"/usr/share/seabios/bios-256k.bin", "fw/bios.bin"})));
    if (r.chance(12)) add("smbios_firmware", q(r.pick({"smbios.bin", "/var/lib/fw/smbios.bin"})));
    if (r.chance(12)) add("acpi_firmware", q(r.pick({"acpi.bin", "/var/lib/fw/ssdt.aml"})));

    if (opt.smbios && r.chance(12)) {
        std::string list = "[";
        auto n = r.below(4);
        for (std::size_t i = 0; i < n; ++i)
            list +=
                (i ? ", " : "") + q(r.pick({"bios_vendor=Xen", "system_product_name = domfw", "oem=hello", "OEM=x",
                                            "bogus=1", "novalue", "battery_device_name=b=c", "system_serial_number="}));
        add("smbios", list + "]");
    }
    if (opt.modules && r.chance(30))
        add("modules",
            r.pick({"[\"initrd.img\"]", "[\"path=cloud-init.iso,cmdline=cloudinit\", \"extra.img\"]"}).data());
    if (opt.devices && r.chance(20)) add("disk", "[\"phy:/dev/vg/guest,xvda,w\"]");
    if (opt.devices && r.chance(15)) add("vif", "[\"bridge=xenbr0\"]");
    if (r.chance(5)) add(r.pick({"memroy", "kernal", "on_crsh", "vpcus"}), "1");
    if (r.chance(5) && !lines.empty()) lines.push_back(lines[r.below(lines.size())]); // a duplicated key

    // Drawn last, so that the keys above stay what they were for every seed.
    if (r.chance(10)) add("videoram", number({"16", "8", "4", "32", "0x10", "\"64\""}));

    std::string text = fmt::format("# generated config, seed {}\n", seed);
    for (const auto& l : lines)
        text += l + "\n";
    return text;
}

} // namespace domfw::generators
