// The typed domain model (DESIGN.md "PVH toolstack interface"). Boot fields live at the
// top level, once, whatever the guest type; every field remembers the key and the source range
// that set it, so later layers (module, plan, emit) can point back at the config line.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cfg/document.hpp"
#include "domain/devices/devices.hpp"

namespace domfw::domain {

// A value plus where it came from. `key` is empty and `where.line` 0 for a default.
template <class T> struct Field {
    std::optional<T> value;
    std::string key;
    cfg::SourceRange where;

    [[nodiscard]] bool is_set() const { return value.has_value(); }
    [[nodiscard]] const T& operator*() const { return *value; }
    [[nodiscard]] const T* operator->() const { return &*value; }
};

enum class GuestType : std::uint8_t { pv, pvh, hvm };
[[nodiscard]] std::string_view to_string(GuestType t);

// libxl_action_on_shutdown, in libxl's order (xl names use '-', libxl JSON '_').
enum class ShutdownAction : std::uint8_t {
    destroy,
    restart,
    rename_restart,
    preserve,
    coredump_destroy,
    coredump_restart,
    soft_reset
};
[[nodiscard]] std::string_view xl_name(ShutdownAction a);    // "rename-restart"
[[nodiscard]] std::string_view libxl_name(ShutdownAction a); // "restart_rename"

// A file named in the config: as written, and where domfw looks for it (DESIGN.md: relative to
// the config file's directory; bare firmware names in the firmware directory).
struct FileRef {
    std::string key;     // "kernel", "modules[2]", ...
    std::string written; // exactly as in the config
    std::filesystem::path resolved;
    cfg::SourceRange where;
    bool inside_guest = false; // a bootloader hint: a path in the guest's disk, never opened here
};

// One entry of `modules = [...]`: "path=FILE,cmdline=TEXT" or a bare "FILE".
struct BootModule {
    FileRef file;
    std::string cmdline;
};

enum class BootMethod : std::uint8_t { none, direct, firmware, bootloader };
[[nodiscard]] std::string_view to_string(BootMethod m);

// Concrete firmware implementations; `path` is a custom image.
enum class FirmwareKind : std::uint8_t { none, seabios, ovmf, rombios, pvgrub32, pvgrub64, path };
[[nodiscard]] std::string_view to_string(FirmwareKind k);

struct Firmware {
    FirmwareKind kind = FirmwareKind::none;
    std::string written;          // the `firmware` value as written ("uefi", "ovmf", "/x/hvmloader")
    bool from_alias = false;      // "bios"/"uefi" (or an abbreviation) resolved by domfw
    std::optional<FileRef> image; // path kinds and pvgrub: the file that is loaded
    std::string key;
    cfg::SourceRange where;
};

// `smbios = ["key=value", ...]` (Xen 4.18 syntax); `oem` entries are numbered 1..99 in order.
struct SmbiosString {
    std::string key; // libxl_smbios_type name, lowercase ("bios_vendor", "oem")
    std::string value;
    unsigned oem_index = 0; // 1-based for "oem", else 0
    cfg::SourceRange where;
};

// A key the model does not interpret: kept verbatim for the layers that do (disks, vifs, ...).
struct PassThroughKey {
    std::string key;
    cfg::Value value;
    cfg::SourceRange key_range;
    bool known_to_xl = false;
    // The value as strings: itself when it is one, else each list item's text (as written).
    [[nodiscard]] std::vector<std::string> strings() const;
};

// An I/O port range (`ioports`) or an MMIO range in pages (`iomem`, with an optional guest frame).
struct IoRange {
    std::uint64_t first = 0;
    std::uint64_t number = 0;
    std::optional<std::uint64_t> gfn; // iomem "...@GFN"
    bool iomem = false;
};

// A CPU set per vCPU (`cpus`, `cpus_soft`): the bits set, ascending.
using CpuMaps = std::vector<std::vector<std::uint64_t>>;

// One virtual NUMA node of `vnuma` (libxl_vnode_info; vnuma.cpp).
struct VnumaNode {
    std::uint64_t memkb = 0;
    std::vector<std::uint64_t> distances; // one per node, 0 where not given
    std::uint64_t pnode = 0;
    std::vector<std::uint64_t> vcpus; // the vCPUs of the node, ascending
};

// `cpuid` as libxl holds it (libxl_cpuid_policy_list; cpuid.cpp): per CPUID leaf (and subleaf)
// a 32-character mask per register, per MSR a 64-character one ('0', '1', 'x', 'k', 's').
struct CpuidLeaf {
    std::uint32_t leaf = 0;
    std::optional<std::uint32_t> subleaf;
    std::array<std::optional<std::string>, 4> regs; // eax, ebx, ecx, edx
};
struct CpuidMsr {
    std::uint32_t index = 0;
    std::string policy; // 64 characters, bit 63 first
};
struct CpuidPolicy {
    std::vector<CpuidLeaf> leaves; // in the order first named
    std::vector<CpuidMsr> msrs;
};

// A value as libxl_domain_config holds it: a defbool, a number, a string, a string list, a bitmap
// or list of numbers, per-vCPU bitmaps, ranges, vNUMA nodes or a CPUID policy.
using LibxlValue = std::variant<bool, std::int64_t, std::string, std::vector<std::string>, std::vector<std::uint64_t>,
                                CpuMaps, std::vector<IoRange>, std::vector<VnumaNode>, CpuidPolicy>;

// One key of the tables in build_info.cpp (docs/domain.md "Build keys"): the value xl 4.17 gives
// it, where it lands in libxl_domain_config JSON and the family it belongs to.
struct LibxlSetting {
    std::string key;    // "acpi_s3"
    std::string path;   // a JSON pointer: "/b_info/type.hvm/acpi_s3"
    std::string family; // "hvm", "display", "c_info", ...
    LibxlValue value;
    cfg::SourceRange where;
};

struct DomainConfig {
    std::filesystem::path config_file; // absolute
    std::filesystem::path config_dir;  // absolute: base of relative paths

    Field<std::string> name;
    Field<std::string> uuid;
    Field<GuestType> type; // always set after load (default pv, as xl on x86)

    // As libxl holds them, in KiB; load() refuses what would wrap (docs/domain.md has the ranges).
    Field<std::uint64_t> target_memkb; // memory
    Field<std::uint64_t> max_memkb;    // maxmem, else memory
    Field<std::uint64_t> video_memkb;  // videoram; for HVM always set (libxl's VGA default, no key)
    Field<long> vcpus;
    Field<long> max_vcpus; // maxvcpus, else vcpus

    Field<ShutdownAction> on_poweroff, on_reboot, on_watchdog, on_crash, on_soft_reset;

    // ---- boot, once for every guest type ----
    BootMethod boot = BootMethod::none;
    std::optional<FileRef> kernel; // module 0 (an alias of modules[0] when `kernel` is absent)
    std::optional<FileRef> ramdisk;
    Field<std::string> cmdline;      // cmdline, or built from root/extra as xl does
    std::vector<BootModule> modules; // `modules` entries after the kernel, in list order
    Firmware firmware;
    Field<std::string> bootloader;
    Field<std::vector<std::string>> bootloader_args;

    // HVM firmware selection as libxl receives it (b_info.u.hvm).
    Field<std::string> hvm_bios;                // "rombios" | "seabios" | "ovmf" | "unknown"
    std::optional<FileRef> hvm_loader;          // u.hvm.firmware: replaces hvmloader
    std::optional<FileRef> hvm_system_firmware; // bios_path_override

    std::vector<SmbiosString> smbios;
    std::optional<FileRef> smbios_firmware;
    std::optional<FileRef> acpi_firmware;

    // Every other key xl 4.17 turns into libxl_domain_config (build_info.cpp), in reading order.
    std::vector<LibxlSetting> settings;

    std::vector<PassThroughKey> passthrough;

    Devices devices; // disk, vif, pci, vfb, vkb (devices/devices.hpp)

    // The modules that reach the guest's module list (hvm_start_info modlist for PVH), in order:
    // the ramdisk first (if any), then every `modules` entry after the kernel.
    [[nodiscard]] std::vector<BootModule> guest_modules() const;
    // Every file the config names, for existence checks and reports.
    [[nodiscard]] std::vector<const FileRef*> files() const;
    [[nodiscard]] const PassThroughKey* passthrough_key(std::string_view key) const;
    [[nodiscard]] const LibxlSetting* setting(std::string_view key) const;
};

} // namespace domfw::domain
