// From the domain model to the planner's plain input: which loader or kernel, which
// files become modules with which roles and command lines, how much RAM, how many vCPUs.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "domain/domain_config.hpp"
#include "domain/load.hpp"
#include "hostfw/policy.hpp"
#include "plan/firmware_modules.hpp"
#include "plan/plan.hpp"
#include "support/diagnostic.hpp"

namespace domfw::plan {

// Extension keys this layer reads from the config (domain::LoadOptions::extension_keys).
// module_placement = "proposal" | "behind_loader": where HVM modules go (layout.hpp).
// smbios_passthrough, acpi_passthrough, firmware_source, smbios_copy_identity: the pass-through
// policy (hostfw/policy.hpp, docs/plan.md).
[[nodiscard]] const std::vector<std::string>& build_extension_keys();

struct DomainPlan {
    PlanInput input;
    std::filesystem::path image;              // hvmloader (HVM) or the kernel ELF (PVH)
    std::vector<std::uint8_t> image_bytes;    // read once: ELF parsing and the launch log
    std::vector<std::filesystem::path> files; // one per input.modules entry
    std::optional<std::size_t> smbios_index;  // HVM: hvmloader's SMBIOS blob among input.modules
    std::optional<std::size_t> acpi_index;    // HVM: hvmloader's ACPI blob
    std::optional<std::size_t> bundle_index;  // PVH through the loader: the bundle (module 0)
    // PVH through domfw's loader (pass-through, or more modules than stock xl loads): `image`
    // is domfw-loader.elf, copied into the build; the real kernel is blob "kernel" in the bundle.
    bool through_loader = false;
    std::filesystem::path guest_kernel; // the kernel file the config names (ELF or bzImage)
    // The pass-through blobs in hvmloader's formats, from the pass-through policy or read (once,
    // while planning) from smbios_firmware/acpi_firmware, validated and wrapped as domfw modules.
    std::optional<std::vector<std::uint8_t>> smbios_blob;
    std::optional<std::vector<std::uint8_t>> acpi_blob;
    FirmwareModules firmware_modules;
    // smbios_copy_identity = 1 with smbios_passthrough: the SMBIOS blob carries the host's serial
    // numbers, UUID and asset tags (otherwise the policy replaced them). Decided once, here.
    bool smbios_holds_host_identity = false;
    std::vector<std::string> notes; // policy warnings and what was scrubbed
};

struct DomainPlanOptions {
    std::filesystem::path hvmloader = "/usr/lib/xen-4.17/boot/hvmloader";
    std::optional<std::filesystem::path> loader; // domfw-loader.elf; default: find_loader()
    std::filesystem::path seabios = "/usr/share/seabios/bios-256k.bin";
    std::filesystem::path ovmf = "/usr/share/ovmf/OVMF.fd";
};

// Reads the loader/kernel ELF, the pass-through blobs and the other modules' sizes (not their
// bytes: a ramdisk can be large). The error is the message alone, without a location.
[[nodiscard]] Expected<DomainPlan> plan_input_from_domain(const domain::DomainConfig& c,
                                                          const DomainPlanOptions& options = {});

// The same for a loaded config, as `plan`, `build` and `run` plan it: a refusal about a config
// value is also appended to `out` as an error at that value (the type, the memory or vCPU count,
// module_placement, a pass-through key or entry, `smbios`, a file the config names: a kernel,
// ramdisk, module, firmware image or blob, and what is in it), as load errors are, for the caller
// to render with the source line and a caret. Where the value is a default, the key it defaults
// for, else line 0 (the whole file). A failure that is not about a config value (domfw's loader
// not found, the host's hvmloader, SeaBIOS or OVMF image when no key chose it) is in the error only.
[[nodiscard]] Expected<DomainPlan> plan_input_from_domain(const domain::LoadResult& loaded, support::Diagnostics& out,
                                                          const DomainPlanOptions& options = {});

// The pass-through policy the config's keys ask for (smbios_passthrough, acpi_passthrough,
// smbios_copy_identity, smbios = [...], the uuid or name as the seed); nullopt when it asks for no
// pass-through. Fails on a bad type range or table selector, or a clash with *_firmware.
[[nodiscard]] Expected<std::optional<hostfw::PassthroughPolicy>> passthrough_policy(const domain::DomainConfig& c);

// The policy key a message of the pass-through policy concerns: acpi_passthrough for one about
// ACPI, else smbios_passthrough (or whichever of the two is set; nullptr when neither is).
[[nodiscard]] const domain::PassThroughKey* policy_key_about(const domain::DomainConfig& c, std::string_view message);

// The pass-through policy alone, as `build` applies it (the firmware source read, structures and
// tables selected and scrubbed), for `check` to report what `build` would: its failure, or its
// notes ("warning: ...", "scrubbed: ...", "set from smbios = [...]: ..."). Nothing is kept. Its
// failure is also an error in `out`, where plan_input_from_domain points it (firmware_source's
// value for a source that cannot be read, else the policy key it concerns).
[[nodiscard]] Expected<std::vector<std::string>> passthrough_notes(const domain::LoadResult& loaded,
                                                                   support::Diagnostics& out);

} // namespace domfw::plan
