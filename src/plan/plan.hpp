// The guest memory plan: where the loader or kernel, every module and the start_info go, what
// stays reserved, the e820 before and after hand-off, hvm_info_table, hvm_start_info and the
// xenstore keys hvmloader reads. The input is a plain struct (no config parsing here) so the
// planner can be driven by the domain model, by tests and by property generators alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/elf_image.hpp"
#include "support/error.hpp"

namespace domfw::plan {

enum class GuestType : std::uint8_t { hvm, pvh };

// HVM only: where modules go. `behind_loader` (the default): the first page after hvmloader's
// image, as Xen 4.17's libxc does (measured: tests/xen); `proposal`: from 2 MiB (the
// HVMLOADER-modules proposal, which no released Xen implements).
enum class ModulePlacement : std::uint8_t { proposal, behind_loader };

// What a module is to Xen: a start_info module (listed in the modlist with its command line),
// or one of libxl's pass-through blobs whose address and length go to xenstore instead.
enum class ModuleRole : std::uint8_t { boot_module, smbios_passthrough, acpi_passthrough };

struct ModuleInput {
    std::string name; // for people: "ramdisk", "firmware", "smbios.bin"
    std::uint64_t size = 0;
    std::string cmdline; // start_info module command line ("" = none)
    ModuleRole role = ModuleRole::boot_module;
};

// PVH through domfw's loader (docs/plan.md, "One loader, one bundle"): Xen or QEMU loads
// domfw-loader.elf as the kernel and the bundle as its one module; the loader lays out the real
// kernel and hands on the blobs below. Offsets are of each blob's payload in the bundle.
struct BundleBlob {
    std::string name; // "ramdisk", "cloud-init", ...
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::string cmdline;
};

struct LoaderInput {
    ElfImage kernel;                  // the real guest kernel (blob "kernel")
    std::vector<BundleBlob> blobs;    // handed on as start_info modules, in this order (ramdisk first)
    std::uint64_t firmware_bytes = 0; // SMBIOS + ACPI module payloads, which the new tables hold
};

struct PlanInput {
    GuestType type = GuestType::hvm;
    std::uint64_t memory = 0; // guest RAM in bytes (HVM: maxmem minus video RAM)
    // HVM: the video RAM libxl takes out of maxmem. xl's `memory=` counts it, so a hint in
    // `memory=` units adds it back.
    std::uint64_t video_memory = 0;
    std::uint32_t vcpus = 1;
    std::uint64_t loader_size = 0;    // HVM: bytes of hvmloader's image from 0x100000 (memsz)
    std::optional<ElfImage> kernel;   // PVH: the kernel's ELF (load segments, PHYS32 entry)
    std::string cmdline;              // PVH: the kernel command line
    std::vector<ModuleInput> modules; // in load order
    // PVH through the loader: `kernel` is the loader's ELF and `modules` the bundle alone.
    std::optional<LoaderInput> loader;
    ModulePlacement placement = ModulePlacement::behind_loader;
    // HVM: the length of each table of the ACPI pass-through blob, in order. hvmloader copies each
    // into its ACPI area, so they decide where that area (ACPI NVS in the e820) ends.
    std::vector<std::uint64_t> acpi_tables;
    std::string bios = "seabios";                                  // HVM: hvmloader/bios
    std::vector<std::pair<std::string, std::string>> bios_strings; // bios-strings/<key> = value
    bool acpi = true;
    bool acpi_s3 = true;
    bool acpi_s4 = true;
};

enum class RegionKind : std::uint8_t {
    fixed,
    scratch,
    hvm_info,
    loader,
    kernel,
    module,
    start_info,
    acpi,
    mmio,
    free_ram
};

struct Region {
    std::string name;
    std::uint64_t start = 0;
    std::uint64_t end = 0; // exclusive
    RegionKind kind = RegionKind::fixed;
    std::string note; // why it is there
    [[nodiscard]] std::uint64_t size() const { return end - start; }
};

struct E820Entry {
    std::uint64_t addr = 0;
    std::uint64_t size = 0;
    std::uint32_t type = 0; // DOMFW_E820_*
};

struct PlacedModule {
    std::string name;
    std::uint64_t paddr = 0;
    std::uint64_t size = 0;
    std::string cmdline;
    std::uint64_t cmdline_paddr = 0; // 0 = none
    ModuleRole role = ModuleRole::boot_module;
};

// One stage of a boot through domfw's loader: what a hypervisor loads, or what the loader lays
// out before it starts the kernel. Regions are in address order and never overlap.
struct BootStage {
    std::string title; // "QEMU loads (-kernel, -initrd)", "the loader lays out (after Xen)"
    std::vector<Region> regions;
    std::vector<PlacedModule> modules; // the start_info modules handed on (stage 2)
    std::uint64_t start_info_paddr = 0;
    std::uint64_t start_info_size = 0;
};

struct BuildPlan {
    GuestType type = GuestType::hvm;
    std::uint64_t memory = 0;       // guest RAM
    std::uint64_t video_memory = 0; // HVM: video RAM; memory + video_memory is the configured maxmem
    std::uint64_t low_ram_end = 0;  // RAM below 4 GiB ends here
    std::uint64_t high_ram_end = 0; // 0 = no RAM above 4 GiB
    std::uint64_t min_memory = 0;   // the least `memory` this plan fits in (page-rounded; xl wants MiB)
    std::uint64_t entry = 0;        // HVM: hvmloader at 0x100000; PVH: the PHYS32 entry
    std::vector<Region> regions;    // sorted by start, disjoint, page-aligned, below 4 GiB
    std::vector<PlacedModule> modules;
    std::vector<E820Entry> e820_before; // while the loader runs (module area reserved)
    std::vector<E820Entry> e820_after;  // what the guest OS sees (module area is RAM again)
    std::uint64_t start_info_paddr = 0;
    std::vector<std::uint8_t> start_info;                      // the whole start-info segment, as loaded
    std::vector<std::uint8_t> hvm_info;                        // HVM: the 48-byte table for 0x9F800
    std::vector<std::pair<std::string, std::string>> xenstore; // relative to /local/domain/ID/
    std::vector<std::string> warnings;
    // PVH through the loader: `regions` is what Xen loads; these are QEMU's stage 1 and the
    // loader's stage 2 after Xen and after QEMU.
    std::vector<BootStage> stages;
};

// The least xl `memory=` (MiB) this plan fits in: min_memory plus the HVM video RAM, rounded up,
// and the unit that says so ("MiB, with the 8 MiB of video RAM that xl's memory= includes").
[[nodiscard]] std::uint64_t min_memory_mib(const BuildPlan& p);
[[nodiscard]] std::string memory_unit_note(const BuildPlan& p);

[[nodiscard]] Expected<BuildPlan> make_plan(const PlanInput& input);

[[nodiscard]] const char* region_kind_name(RegionKind k);
[[nodiscard]] const char* e820_type_name(std::uint32_t type);
[[nodiscard]] const char* guest_type_name(GuestType t);

} // namespace domfw::plan
