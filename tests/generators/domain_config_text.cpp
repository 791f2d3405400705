#include "generators/domain_config_text.hpp"

#include <algorithm>
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

// The values of one config. Every value that can be wrong is a slot, drawn from its valid values
// unless the config names that slot faulty (generate_config): so a config is all-valid, or wrong
// in exactly the keys it means to be, and its rejection (or not) says something about those.
// Either way a slot takes one draw, so the keys before a faulty slot are the clean config's.
class Values {
public:
    Values(Rng& r, const std::vector<std::size_t>& faulty) : r_(r), faulty_(faulty) {}
    std::string pick(std::initializer_list<std::string_view> xs) { return std::string(r_.pick(xs)); }
    // Takes the next slot: whether it is one of the config's faulty ones.
    bool faulty() { return std::find(faulty_.begin(), faulty_.end(), slots_++) != faulty_.end(); }
    std::string either(std::initializer_list<std::string_view> valid, std::initializer_list<std::string_view> invalid) {
        const bool bad = faulty();
        return pick(bad ? invalid : valid);
    }
    [[nodiscard]] std::size_t slots() const { return slots_; }

private:
    Rng& r_;
    const std::vector<std::size_t>& faulty_;
    std::size_t slots_ = 0;
};

template <class Add> void build_keys(Rng& r, Values& v, std::string_view type, Add& add) {
    auto pick = [&](std::initializer_list<std::string_view> xs) { return v.pick(xs); };
    auto boolean = [&] { return v.either({"0", "1", "1"}, {"2", "\"1\"", "\"yes\"", "[1]"}); };
    auto either = [&](std::initializer_list<std::string_view> valid, std::initializer_list<std::string_view> invalid) {
        return v.either(valid, invalid);
    };
    if (r.chance(30)) { // c_info
        if (r.chance(30)) add("hap", boolean());
        if (r.chance(20)) add("oos", boolean());
        if (r.chance(30)) add("pool", q(either({"Pool-0", "pool-fast"}, {""})));
        if (r.chance(20)) add("seclabel", q(either({"system_u:system_r:domU_t"}, {"x"})));
        if (r.chance(15)) add("init_seclabel", q(either({"system_u:system_r:domU_t_building"}, {"y"})));
        if (r.chance(15)) add("driver_domain", boolean());
        if (r.chance(20))
            add("passthrough", q(either({"enabled", "disabled", "sync_pt", "share_pt", "default", "Enabled"}, {"on"})));
        if (r.chance(10)) add("xend_suspend_evtchn_compat", boolean());
    }
    if (r.chance(25)) { // sched
        for (std::string_view k : {"cpu_weight", "cap", "period", "slice", "latency", "extratime"})
            if (r.chance(30)) add(k, either({"256", "512", "100"}, {"0", "\"-1\"", "x", "70000"}));
    }
    if (r.chance(35)) { // b_info
        if (r.chance(20)) add("shadow_memory", either({"8", "16", "0"}, {"\"x\""}));
        if (r.chance(20)) add("nomigrate", boolean());
        if (r.chance(20)) add("rtc_timeoffset", either({"3600", "0"}, {"\"-7200\"", "x"}));
        if (r.chance(20)) add("localtime", boolean());
        if (r.chance(15)) add("max_event_channels", pick({"1023", "4096", "0"}));
        if (r.chance(20)) add("acpi", boolean());
        if (r.chance(15)) add("nestedhvm", boolean());
        if (r.chance(15)) add("vpmu", boolean());
        if (r.chance(10)) add("msr_relaxed", boolean());
        if (r.chance(20)) add("max_grant_frames", either({"32", "64", "0"}, {"\"-1\"", "x", "[1]", "2147483648"}));
        if (r.chance(15)) add("max_maptrack_frames", either({"1024", "0"}, {"x"}));
        if (r.chance(10)) add("max_grant_version", either({"1", "2"}, {"\"-2\""}));
        if (r.chance(20))
            add("tsc_mode", either({"\"default\"", "\"native\"", "\"always_emulate\"", "\"NATIVE_paravirt\"", "2", "0"},
                                   {"7", "\"fast\""}));
        // xl takes timer_mode for HVM guests only: on another, the key itself is the fault.
        if (r.chance(20) && (type == "hvm" || v.faulty()))
            add("timer_mode", either({"\"delay_for_missed_ticks\"", "\"no_delay_for_missed_ticks\"",
                                      "\"no_missed_ticks_pending\"", "\"one_missed_tick_pending\"", "1"},
                                     {"4", "\"slow\""}));
        if (r.chance(15))
            add("altp2m", either({"\"mixed\"", "\"external\"", "\"limited\"", "\"disabled\"", "1"}, {"5", "\"x\""}));
        if (r.chance(10)) add("vmtrace_buf_kb", pick({"64", "0"}));
    }
    if (r.chance(30)) { // affinity
        auto set = [&] {
            return either({"0-3", "1", "all", "0-7,^2", "0,2,4", "3-3", "1,,3", "0-7,^1"},
                          {"^1", "2-1", "x", "1-", "-1", "^all"});
        };
        // std::string("[") + ..., not "[" + string: GCC 12 -O3 reports a false -Wrestrict on the
        // latter. The same expression otherwise, so the draws (and the generated configs) stay the same.
        if (r.chance(60)) add("cpus", r.chance(60) ? q(set()) : std::string("[") + q(set()) + ", " + q(set()) + "]");
        if (r.chance(40)) add("cpus_soft", r.chance(60) ? q(set()) : std::string("[") + q(set()) + "]");
        if (r.chance(50)) add("vcpus", pick({"1", "2", "3"}));
    }
    if (r.chance(20)) { // io
        if (r.chance(50))
            add("ioports", either({"[\"3f8-3ff\"]", "[\"60\", \"64\"]", "\"3f8\""},
                                  {"[\"3ff-3f8\"]", "[\"x\"]", "[\"100000000\"]"}));
        if (r.chance(50)) add("irqs", either({"[5, 7]", "[\"11\"]", "\"5\""}, {"[\"x\"]", "[\"0x5\"]"}));
        if (r.chance(50))
            add("iomem", either({"[\"fe000,2\"]", "[\"fe000,2@fe000\"]", "[\"a0,1@b0\", \"c0,4\"]"},
                                {"[\"fe000\"]", "[\"fe000,2x\"]"}));
    }
    if (r.chance(30)) { // dm
        if (r.chance(40))
            add("device_model_version", q(either({"qemu-xen", "qemu-xen-traditional"}, {"qemu", "qemu_xen"})));
        if (r.chance(20)) add("device_model_override", q(either({"/usr/bin/qemu-system-i386"}, {"qemu"})));
        if (r.chance(20)) add("device_model_stubdomain_override", boolean());
        if (r.chance(10)) add("device_model_stubdomain_seclabel", q("dm_t"));
        if (r.chance(10)) add("device_model_user", q(either({"xen-qemuuser-shared"}, {"root"})));
        if (r.chance(10)) add("stubdomain_kernel", q("/usr/lib/xen/boot/ioemu-stubdom.gz"));
        if (r.chance(10)) add("stubdomain_memory", either({"128"}, {"0"}));
        if (r.chance(20)) add("dm_restrict", boolean());
        if (r.chance(30))
            add(pick({"device_model_args", "device_model_args_hvm", "device_model_args_pv"}),
                either({"[\"-d\", \"guest_errors\"]", "[]"}, {"\"-s\""}));
    }
    if (r.chance(40)) { // hvm
        for (std::string_view k : {"pae", "acpi_s3", "acpi_s4", "acpi_laptop_slate", "nx", "hpet", "vpt_align", "apic",
                                   "usb", "xen_platform_pci", "vkb_device", "altp2mhvm"})
            if (r.chance(15)) add(k, boolean());
        if (r.chance(25)) add("boot", q(pick({"c", "dc", "nc", "d"})));
        if (r.chance(20)) add("serial", pick({"\"pty\"", "[\"pty\", \"file:/tmp/s\"]", "[]", "\"none\""}));
        if (r.chance(20)) add("usbdevice", pick({"\"tablet\"", "[\"tablet\", \"mouse\"]", "[]"}));
        if (r.chance(10)) add("usbversion", either({"1", "2", "3"}, {"0"}));
        if (r.chance(15)) add("soundhw", q(pick({"hda", "ac97"})));
        if (r.chance(20))
            add("viridian", either({"1", "0", "[\"defaults\"]", "[\"base\", \"freq\"]", "[\"all\", \"!synic\"]",
                                    "[\"defaults\", \"!base\", \"stimer\"]"},
                                   {"[\"bogus\"]", "\"x\""}));
        if (r.chance(10)) add("hdtype", q(either({"ide", "ahci"}, {"scsi", "AHCI"})));
        if (r.chance(10)) add("vendor_device", q(either({"xenserver", "none"}, {"vmware"})));
        if (r.chance(10)) add("gfx_passthru", either({"1", "0", "\"igd\"", "\"default\""}, {"\"nvidia\""}));
        if (r.chance(10)) add("mca_caps", either({"[\"lmce\"]"}, {"[\"x\"]", "\"lmce\""}));
        if (r.chance(5)) add("ms_vm_genid", q(either({"none"}, {"maybe"})));
    }
    if (r.chance(35)) { // display
        if (r.chance(50)) add("vnc", boolean());
        if (r.chance(25)) add("vnclisten", q(either({"0.0.0.0", "127.0.0.1"}, {"127.0.0.1:1"})));
        if (r.chance(20)) add("vncpasswd", q(pick({"secret", ""})));
        if (r.chance(20)) add("vncdisplay", pick({"1", "0", "5"}));
        if (r.chance(15)) add("vncunused", boolean());
        if (r.chance(25)) add("sdl", boolean());
        if (r.chance(10)) add("opengl", boolean());
        if (r.chance(25)) add("vga", q(either({"stdvga", "cirrus", "none", "qxl"}, {"std", "vga"})));
        if (r.chance(15)) add("stdvga", boolean());
        if (r.chance(15)) add("keymap", q(pick({"de", "en-us"})));
        if (r.chance(15)) add("spice", boolean());
        if (r.chance(10)) add("spiceport", either({"6000"}, {"0"}));
        if (r.chance(10)) add("spicehost", q("0.0.0.0"));
        if (r.chance(10)) add("spicedisable_ticketing", boolean());
        if (r.chance(10)) add("nographic", boolean());
    }
    if (r.chance(15)) { // arm
        if (r.chance(40)) add("device_tree", q(either({"/boot/guest.dtb"}, {"guest.dtb"})));
        if (r.chance(30)) add("gic_version", q(either({"v2", "v3", "default"}, {"v4", "V3"})));
        if (r.chance(30)) add("tee", q(either({"optee", "none"}, {"ffa"})));
        if (r.chance(30)) add("vuart", q(either({"sbsa_uart"}, {"pl011"})));
    }
    if (r.chance(10)) { // pvh
        if (r.chance(50)) add("pvshim", boolean());
        if (r.chance(40)) add("pvshim_path", q("/usr/lib/xen/boot/xen-shim"));
        if (r.chance(30)) add("pvshim_cmdline", q("pv-shim console=xen,pvh"));
    }
    if (r.chance(4)) add(pick({"vpcus", "acip", "viridan", "vnclisen"}), "1");
    // Drawn after the rest so that every earlier key stays what it was for each seed.
    if (r.chance(30)) { // rdm, mmio_hole, e820_host, dtdev, pci and vfb/vkb (host_memory_keys.cpp)
        if (r.chance(40))
            add("rdm",
                q(either({"strategy=host", "strategy=host,policy=relaxed", "policy=strict"},
                         {"strategy=host,strategy=host", "policy=RELAXED,strategy=host", "strategy=ignore",
                          "policy=lax", "strategy=host,", "", "foo=bar", "strategy=host,policy=xx", "strategy"})));
        if (r.chance(25)) add("rdm_mem_boundary", either({"2048", "0"}, {"\"x\"", "\"-1\""}));
        if (r.chance(40))
            add("mmio_hole", either({"256", "1024", "3840"}, {"0x400", "\"x\"", "255", "3841", "0", "\"-1\""}));
        if (r.chance(35)) add("e820_host", boolean());
        if (r.chance(35))
            add("pci", pick({"[\"01:00.0\"]", "[\"01:00.0,rdm_policy=relaxed\", \"0000:02:00.1\"]", "[]"}));
        if (r.chance(20))
            add("dtdev", either({"[\"/soc/ethernet@ff0e0000\"]", "[\"/a\", \"/b\"]", "[]"}, {"\"/soc/x\""}));
        if (r.chance(10)) add("vfb", pick({"[\"vnc=1,vncdisplay=2\"]", "[]"}));
        if (r.chance(10)) add("vkb", "[\"backend-type=linux\"]");
    }
    // A PV guest's top-level display keys, which make a vfb (the display block above is rarely PV).
    if (r.chance(12)) {
        add("vnc", either({"1", "0"}, {"\"1\"", "\"yes\""}));
        if (r.chance(50)) add("vnclisten", q(either({"0.0.0.0"}, {"127.0.0.1:1"})));
        if (r.chance(40)) add("vncdisplay", either({"1", "0"}, {"\"-1\""}));
        if (r.chance(30)) add("vncunused", boolean());
        if (r.chance(30)) add("vncpasswd", q("secret"));
        if (r.chance(30)) add("sdl", boolean());
        if (r.chance(20)) add("opengl", boolean());
        if (r.chance(20)) add("display", q(":0"));
        if (r.chance(20)) add("xauthority", q("/root/.Xauthority"));
        if (r.chance(30)) add("keymap", q(pick({"de", "en-us"})));
    }
}

// vnuma and cpuid (src/domain/vnuma.cpp, cpuid.cpp), drawn after every other key so that those
// stay what they were for every seed.
template <class Add> void numa_and_cpuid_keys(Rng& r, Values& v, Add& add) {
    auto pick = [&](std::initializer_list<std::string_view> xs) { return v.pick(xs); };
    if (r.chance(20)) { // vnuma: one to three nodes, their vCPUs 0..V-1 split between them
        const std::size_t nodes = 1 + r.below(3);
        // At most 6 vCPUs: xl refuses more than the shim host's 8 CPUs without maxvcpus.
        const std::size_t per = 1 + r.below(nodes == 3 ? 2 : 3);
        std::string list = "[";
        std::size_t mib = 0;
        for (std::size_t i = 0; i < nodes; ++i) {
            std::string dist;
            for (std::size_t j = 0; j < nodes; ++j)
                dist += fmt::format("{}{}", j ? "," : "", i == j ? 10 : 20);
            const std::size_t size = 256U << r.below(3);
            mib += size;
            std::vector<std::string> opts{fmt::format("\"pnode=0\""), fmt::format("\"size={}\"", size),
                                          fmt::format("\"vcpus={}-{}\"", i * per, i * per + per - 1),
                                          fmt::format("\"vdistances={}\"", dist)};
            if (r.chance(20)) opts.erase(opts.begin()); // no pnode: placement stays automatic
            // An option given twice, unknown or naming a node the host lacks, or one option wrong.
            if (r.chance(15) && v.faulty()) opts.push_back(q(pick({" size = 64 ", "vcpus=0", "foo=1", "pnode=1"})));
            if (r.chance(30)) {
                const std::size_t at = r.below(opts.size());
                if (v.faulty())
                    opts[at] = q(pick({"pnode=64", "size=", "=5", "vcpus=x", "vcpus=3-1", "size=512M",
                                       "vdistances=10,20,30,40", "pnode=x", "vcpus=0"}));
            }
            // Appended piece by piece, not "lit" + string: GCC 12 -O3 reports a false -Wrestrict there.
            list += i ? ", [" : "[";
            for (std::size_t k = 0; k < opts.size(); ++k) {
                if (k) list += ", ";
                list += opts[k];
            }
            list += "]";
        }
        if (r.chance(20) && v.faulty()) list += ", \"size=5\"";
        list += ']';
        add("vnuma", r.chance(5) && v.faulty() ? q("pnode=0") : list);
        // Agreeing with the nodes (xl refuses a mismatch) unless faulty: always given, because the
        // top-level maxvcpus and maxmem drawn before need not agree.
        add("maxvcpus", std::to_string(v.faulty() ? nodes * per + 1 : nodes * per));
        add("maxmem", std::to_string(v.faulty() ? mib + 1 : mib));
        // Always, for a vcpus drawn before may be above maxvcpus.
        add("vcpus", std::to_string(1 + r.below(nodes * per)));
    }
    if (r.chance(20)) { // cpuid: the libxl form or the xend form
        if (r.chance(60)) {
            std::string text = "host";
            const auto n = 1 + r.below(4);
            for (std::size_t i = 0; i < n; ++i) {
                text += ',';
                text += pick({"tm=0",       "sse3=0",    "family=6",    "family=0x18", "model=0x31",
                              "stepping=2", "avx512f=0", "aes=1",       "x2apic=x",    "vmx=k",
                              "svm=s",      "rdcl-no=1", "arch-caps=0", "maxleaf=13",  "procpkg=5",
                              "nc=3",       "lfence+=1", "invtsc=1",    "sse4.1=0",    "md-clear=1"});
            }
            if (r.chance(50) && v.faulty()) {
                if (r.chance(30)) {
                    text = pick({"nothost,tm=0", "tm=0"});
                } else {
                    text += ',';
                    text += pick({"foo=1", "tm", "tm=z", "rdcl-no=0x0", "aes=1junk"});
                }
            }
            add("cpuid", q(text));
        } else {
            auto mask = [&] {
                std::string m(32, 'x');
                m[r.below(32)] = "01ks"[r.below(4)];
                return m;
            };
            // One draw per statement, so the text is the same whatever order a compiler evaluates
            // function arguments in.
            std::vector<std::string> lines;
            const std::string ecx = mask();
            lines.push_back(q(fmt::format("0x1:ecx={},edx={}", ecx, mask())));
            if (r.chance(50)) lines.push_back(q(fmt::format("7,0:ebx={}", mask())));
            if (r.chance(30)) lines.push_back(q(fmt::format("0x80000001:eax={}", mask())));
            if (r.chance(50) && v.faulty())
                lines.push_back(q(pick({"x:eax=1", "1,y:eax=1", "1 eax", "1:eqx=0", "1:eax=01",
                                        "1:eax=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxz"})));
            add("cpuid", r.chance(10) ? std::string("[]") : fmt::format("[{}]", fmt::join(lines, ", ")));
        }
    }
    if (r.chance(3)) add("virtio", "[\"backend=0,type=virtio,device\"]");
}

// The boot keys of an all-valid config: one way to boot that xl and domfw both accept for the type.
template <class Add> void coherent_boot(Rng& r, std::string_view type, Add& add) {
    if (type == "hvm") {
        if (r.chance(35))
            add("firmware", q(r.pick({"bios", "uefi", "seabios", "ovmf"})));
        else if (r.chance(15))
            add("bios", q(r.pick({"seabios", "ovmf", "rombios"})));
        if (r.chance(12)) add("smbios_firmware", q(r.pick({"smbios.bin", "/var/lib/fw/smbios.bin"})));
        if (r.chance(12)) add("acpi_firmware", q(r.pick({"acpi.bin", "/var/lib/fw/ssdt.aml"})));
        return;
    }
    if (type != "pvh" && r.chance(25)) {
        add("bootloader", q(r.pick({"pygrub", "/usr/lib/xen-4.17/bin/pygrub"})));
        if (r.chance(40)) add("bootloader_args", r.pick({"[\"-q\"]", "[\"--entry=1\", \"-q\"]", "[]"}).data());
        return;
    }
    if (type != "pvh" && r.chance(10)) {
        add("firmware", q(r.pick({"pvgrub32", "pvgrub64"})));
        return;
    }
    add("kernel", q(r.pick({"vmlinuz", "boot/vmlinuz-6.1", "/boot/vmlinuz", "../kernels/k"})));
    if (r.chance(30)) add("ramdisk", q(r.pick({"initrd.img", "/boot/initrd.img", "boot/initrd-6.1.img"})));
    if (r.chance(30)) add("cmdline", q(r.pick({"console=hvc0", "root=/dev/xvda1 ro quiet", ""})));
}

// Boot keys combined freely: the interesting part is which combinations xl refuses.
template <class Add> void free_boot(Rng& r, Add& add) {
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
}

// One config of the seed, with the slots `faulty` drawn invalid (none: an all-valid config).
std::string draw_config(std::uint64_t seed, const GeneratorOptions& opt, const std::vector<std::size_t>& faulty,
                        std::size_t* slots) {
    Rng r(seed);
    Values v(r, faulty);
    std::vector<std::string> lines;
    auto add = [&](std::string_view key, const std::string& value) {
        lines.push_back(fmt::format("{} = {}", key, value));
    };

    // Guest type: valid, or abbreviated, empty or unknown.
    std::string type = "pv"; // xl's default
    if (r.chance(80)) {
        type = v.either({"pv", "pvh", "hvm", "hvm"}, {"h", "p", "hv", "", "x", "pvhx"});
        add("type", q(type));
    }
    // builder names the type too: the one matching it, or a contradicting or unknown one.
    if (r.chance(15)) {
        const std::string_view same = type == "hvm" ? "hvm" : "generic";
        const bool bad = v.faulty();
        if (bad)
            add("builder", q(v.pick({"hvm", "generic", "g", "h", "", "linux"})));
        else if (type != "pvh")
            add("builder", q(same)); // no builder names pvh
    }

    const std::string name = v.either({"ok"}, {"", "42", "[\"a\"]"});
    if (name == "ok")
        add("name", q(fmt::format("guest{}", seed % 1000)));
    else if (!name.empty())
        add("name", name);
    if (r.chance(15))
        add("uuid",
            q(v.either({"5f1b2c3d-0a4e-4f5a-9b6c-7d8e9f0a1b2c", "5F1B2C3D-0A4E-4F5A-9B6C-7D8E9F0A1B2C"},
                       {"5f1b2c3d0a4e4f5a9b6c7d8e9f0a1b2c", "5f1b2c3d-0a4e-4f5a-9b6c-7d8e9f0a1b2x", "not-a-uuid"})));

    // Valid sizes keep memory <= maxmem and vcpus <= maxvcpus whichever are drawn.
    const bool memory = r.chance(70);
    if (memory)
        add("memory", v.either({"512", "1024", "256", "2048"}, {"0x200", "010", "\"768\"", "\"x\"", "0", "[1]"}));
    if (r.chance(40)) add("maxmem", v.either({"2048", "4096"}, {"1024", "512", "\"abc\"", "0x400"}));
    if (r.chance(60)) add("vcpus", v.either({"1", "2", "4"}, {"8", "0", "\"3\"", "\"two\""}));
    if (r.chance(30)) add("maxvcpus", v.either({"4", "8", "16"}, {"1", "2", "0"}));

    for (std::string_view key : {"on_poweroff", "on_reboot", "on_watchdog", "on_crash", "on_soft_reset"})
        if (r.chance(12))
            add(key, q(v.either({"destroy", "restart", "rename-restart", "preserve", "coredump-destroy",
                                 "coredump-restart", "soft-reset"},
                                {"restart_rename", "reboot", "Destroy"})));

    if (v.faulty())
        free_boot(r, add);
    else
        coherent_boot(r, type, add);

    if (opt.smbios && r.chance(12)) {
        std::string list = "[";
        auto n = r.below(4);
        for (std::size_t i = 0; i < n; ++i)
            list += (i ? ", " : "") +
                    q(v.either({"bios_vendor=Xen", "system_product_name = domfw", "oem=hello"},
                               {"OEM=x", "bogus=1", "novalue", "battery_device_name=b=c", "system_serial_number="}));
        add("smbios", list + "]");
    }
    if (opt.modules && r.chance(30))
        add("modules",
            r.pick({"[\"initrd.img\"]", "[\"path=cloud-init.iso,cmdline=cloudinit\", \"extra.img\"]"}).data());
    if (opt.devices && r.chance(20)) add("disk", "[\"phy:/dev/vg/guest,xvda,w\"]");
    if (opt.devices && r.chance(15)) add("vif", "[\"bridge=xenbr0\"]");
    if (r.chance(5) && v.faulty()) add(r.pick({"memroy", "kernal", "on_crsh", "vpcus"}), "1");
    if (r.chance(5) && !lines.empty() && v.faulty()) lines.push_back(lines[r.below(lines.size())]); // a duplicated key

    // Without memory an HVM guest has libxl's 32 MiB, which 32 MiB of video RAM would leave none of.
    if (r.chance(10))
        add("videoram", memory ? v.either({"16", "32"}, {"8", "4", "0x10", "\"64\""})
                               : v.either({"16"}, {"32", "8", "4", "0x10", "\"64\""}));

    // The build keys (src/domain/build_info.cpp): each family comes with some probability.
    if (opt.build_keys) build_keys(r, v, type, add);
    if (opt.build_keys) numa_and_cpuid_keys(r, v, add);
    if (slots != nullptr) *slots = v.slots();

    std::string text = fmt::format("# generated config, seed {}\n", seed);
    for (const auto& l : lines)
        text += l + "\n";
    return text;
}

} // namespace

std::string generate_config(std::uint64_t seed, const GeneratorOptions& opt) {
    // Half the configs are all-valid, so that the accepted JSON is compared in earnest; the other
    // half are the same config with one slot (a quarter of them two or three) drawn invalid, so
    // that each rejection is that key's. Which, from a second stream of the same seed.
    std::size_t slots = 0;
    std::string clean = draw_config(seed, opt, {}, &slots);
    Rng mix(seed ^ 0x5eedfa17c0ffee00ULL);
    if (mix.chance(50) || slots == 0) return clean;
    std::vector<std::size_t> faulty;
    const std::size_t n = mix.chance(75) ? 1 : 2 + mix.below(2);
    for (std::size_t i = 0; i < n; ++i)
        faulty.push_back(mix.below(slots));
    return draw_config(seed, opt, faulty, nullptr);
}

} // namespace domfw::generators
