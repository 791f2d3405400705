#include "domain/keys.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace domfw::domain {

namespace {

constexpr auto kModelKeys = std::to_array<std::string_view>({"name",
                                                             "uuid",
                                                             "type",
                                                             "builder",
                                                             "memory",
                                                             "maxmem",
                                                             "vcpus",
                                                             "maxvcpus",
                                                             "on_poweroff",
                                                             "on_reboot",
                                                             "on_watchdog",
                                                             "on_crash",
                                                             "on_soft_reset",
                                                             "kernel",
                                                             "ramdisk",
                                                             "cmdline",
                                                             "root",
                                                             "extra",
                                                             "modules",
                                                             "firmware",
                                                             "firmware_override",
                                                             "bios",
                                                             "bios_path_override",
                                                             "bootloader",
                                                             "bootloader_args",
                                                             "smbios",
                                                             "smbios_firmware",
                                                             "acpi_firmware",
                                                             "videoram"});

// xl.cfg(5), Xen 4.17/4.18: every documented key (x86 and Arm), plus a few long-standing
// undocumented ones xl still reads.
constexpr std::array kXlKeys = std::to_array<std::string_view>({
    "name",
    "uuid",
    "type",
    "builder",
    "pool",
    "vcpus",
    "maxvcpus",
    "cpus",
    "cpus_soft",
    "cpu_weight",
    "cap",
    "period",
    "slice",
    "latency",
    "extratime",
    "memory",
    "maxmem",
    "vnuma",
    "on_poweroff",
    "on_reboot",
    "on_watchdog",
    "on_crash",
    "on_soft_reset",
    "kernel",
    "ramdisk",
    "cmdline",
    "root",
    "extra",
    "firmware",
    "firmware_override",
    "bios",
    "bios_path_override",
    "bootloader",
    "bootloader_args",
    "bootloader_restrict",
    "bootloader_user",
    "smbios",
    "smbios_firmware",
    "acpi_firmware",
    "device_tree",
    "seclabel",
    "init_seclabel",
    "max_grant_frames",
    "max_maptrack_frames",
    "max_grant_version",
    "nomigrate",
    "driver_domain",
    "device_model_stubdomain_seclabel",
    "e820_host",
    "disk",
    "vif",
    "vtpm",
    "p9",
    "pvcalls",
    "vfb",
    "channel",
    "rdm",
    "usbctrl",
    "usbdev",
    "pci",
    "pci_permissive",
    "pci_msitranslate",
    "pci_seize",
    "pci_power_mgmt",
    "gfx_passthru",
    "rdm_mem_boundary",
    "dtdev",
    "ioports",
    "irqs",
    "iomem",
    "max_event_channels",
    "vdispl",
    "vsnd",
    "vkb",
    "tee",
    "hap",
    "oos",
    "shadow_memory",
    "tsc_mode",
    "localtime",
    "rtc_timeoffset",
    "vpmu",
    "pvh",
    "pvshim",
    "pvshim_path",
    "pvshim_cmdline",
    "pvshim_extra",
    "pae",
    "acpi",
    "acpi_s3",
    "acpi_s4",
    "acpi_laptop_slate",
    "apic",
    "nx",
    "hpet",
    "altp2m",
    "altp2mhvm",
    "nestedhvm",
    "cpuid",
    "acpi_firmware",
    "ms_vm_genid",
    "viridian",
    "timer_mode",
    "mmio_hole",
    "mca_caps",
    "vpt_align",
    "device_model_version",
    "device_model_override",
    "device_model_stubdomain_override",
    "device_model_user",
    "device_model_args",
    "device_model_args_pv",
    "device_model_args_hvm",
    "stubdomain_kernel",
    "stubdomain_ramdisk",
    "stubdomain_cmdline",
    "stubdomain_memory",
    "dm_restrict",
    "videoram",
    "stdvga",
    "vga",
    "vnc",
    "vnclisten",
    "vncdisplay",
    "vncunused",
    "vncpasswd",
    "keymap",
    "sdl",
    "opengl",
    "display",
    "xauthority",
    "spice",
    "spicehost",
    "spiceport",
    "spicetls_port",
    "spicedisable_ticketing",
    "spicepasswd",
    "spiceagent_mouse",
    "spicevdagent",
    "spice_clipboard_sharing",
    "spiceusbredirection",
    "spice_image_compression",
    "spice_streaming_video",
    "nographic",
    "serial",
    "boot",
    "usb",
    "usbversion",
    "usbdevice",
    "soundhw",
    "vkb_device",
    "xen_platform_pci",
    "hdtype",
    "vendor_device",
    "gic_version",
    "vuart",
    "dom0less",
    "claim_mode",
    "msr_relaxed",
    "xend_suspend_evtchn_compat",
    "passthrough",
    "vmtrace_buf_kb",
    "vcpu_hard_affinity",
    "vcpu_soft_affinity",
    "device_model",
    "cpu_cap",
    "vncviewer",
    "paravirt",
    "sve",
    "trap_unmapped_accesses",
    "vpci",
    "max_altp2m",
    "nr_spis",
    "llc_colors",
    "virtio",
    "arm_sci",
    "cpuid_max",
    "vif_rate",
    "extra_config",
    "localtime",
    "vfb_type",
    "acpi_firmware",
    "smbios_firmware",
});

} // namespace

std::span<const std::string_view> model_keys() { return kModelKeys; }
std::span<const std::string_view> xl_keys() { return kXlKeys; }

bool is_model_key(std::string_view key) {
    return std::find(kModelKeys.begin(), kModelKeys.end(), key) != kModelKeys.end() || is_build_info_key(key);
}
bool is_xl_key(std::string_view key) { return std::find(kXlKeys.begin(), kXlKeys.end(), key) != kXlKeys.end(); }

// Optimal string alignment: Levenshtein plus a swap of two neighbours as one edit, the most
// common typo in a key ("vpcus" for "vcpus").
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> before(b.size() + 1); // row i-2
    std::vector<std::size_t> prev(b.size() + 1);   // row i-1
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, prev);
        std::swap(prev, row);
    }
    return prev[b.size()];
}

// Longer than every xl key (the longest is under 40 bytes) by far.
constexpr std::size_t kMaxSuggestedWord = 64;

std::optional<std::string> suggest(std::string_view word, std::span<const std::string_view> candidates) {
    // One edit per three characters, at least one: "memroy" -> "memory", not "x" -> "cap".
    // A word far longer than any key cannot be within the limit of one: no suggestion, and no
    // O(length x key) distance for a megabyte-long name.
    if (word.size() > kMaxSuggestedWord) return std::nullopt;
    std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (auto c : candidates) {
        // The distance is at least the difference in length.
        std::size_t gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
        if (gap >= best_distance) continue;
        auto d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(c);
        }
    }
    return best;
}

} // namespace domfw::domain
