#include "plan/from_domain.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "core/byte_writer.hpp"
#include "core/checked.hpp"
#include "core/module_reader.hpp"
#include "core/smbios_firmware.hpp"
#include "hostfw/policy.hpp"
#include "hostfw/smbios_overrides.hpp"
#include "module/module_writer.hpp"
#include "plan/kernel_image.hpp"
#include "plan/layout.hpp"
#include "plan/loader_file.hpp"
#include "plan/passthrough_files.hpp"
#include "smbios/encode.hpp"
#include "support/files.hpp"

namespace domfw::plan {
namespace {

namespace fs = std::filesystem;

// Through open_input: a module is a regular file within the boot image limit (/dev/zero is not).
Expected<std::uint64_t> size_of(const fs::path& p, std::string_view key) {
    struct stat st {};
    auto fd = support::open_input(p, support::kBootImageInput, support::Links::follow, st);
    if (!fd) return fail("{}: {}", key, fd.error().message);
    ::close(*fd);
    return static_cast<std::uint64_t>(st.st_size);
}

// libxl's video RAM for HVM as the domain model sized and range-checked it: `videoram`, else
// libxl's default for the VGA kind and device model (domain/memory_and_vcpus.cpp).
std::uint64_t video_bytes(const domain::DomainConfig& c) {
    return (c.video_memkb.is_set() ? *c.video_memkb : std::uint64_t{8} * 1024) * 1024;
}

// Where in the config a refusal points: set by the rule that refuses a config value as it fails,
// read by the overload that reports it as a diagnostic. The first rule to set it wins: it is the
// innermost, the one that knows the value. Unset: the failure is not about a config value.
struct Refused {
    std::optional<cfg::SourceRange> at;
};

// fail() for a refusal about the config value at `where`.
template <class... Args>
[[nodiscard]] Unexpected refuse(Refused& r, const cfg::SourceRange& where, fmt::format_string<Args...> f,
                                Args&&... args) {
    if (!r.at) r.at = where;
    return fail(f, std::forward<Args>(args)...);
}

// `e` as it is; its failure, if any, is about the config value at `where` (nullopt: about none).
template <class T>
[[nodiscard]] Expected<T> about(Refused& r, const std::optional<cfg::SourceRange>& where, Expected<T> e) {
    if (!e && !r.at) r.at = where;
    return e;
}

// Where the guest's memory size comes from: maxmem (or memory, which load() copies into it), else
// memory, else the video RAM libxl's default 32 MiB must exceed (as domain::load points).
const cfg::SourceRange& memory_where(const domain::DomainConfig& c) {
    if (c.max_memkb.is_set()) return c.max_memkb.where;
    if (c.target_memkb.is_set()) return c.target_memkb.where;
    return c.video_memkb.where;
}

// Each entry of a string-or-list policy key parsed by `parse` into `out`; a refused entry points
// at itself.
template <class T, class Parse>
Expected<void> parse_entries(const domain::PassThroughKey& k, Parse parse, std::vector<T>& out, Refused& r) {
    const auto one = [&](const cfg::Value& v) -> Expected<void> {
        DOMFW_TRY_X(auto e, about(r, v.range, parse(v.text.str())));
        out.push_back(std::move(e));
        return {};
    };
    if (!k.value.is_list()) return one(k.value);
    for (const auto& v : k.value.items)
        DOMFW_TRY_VOID(one(v));
    return {};
}

Expected<std::optional<hostfw::PassthroughPolicy>> policy_of(const domain::DomainConfig& c, Refused& r) {
    const auto* sp = c.passthrough_key("smbios_passthrough");
    const auto* ap = c.passthrough_key("acpi_passthrough");
    if (sp == nullptr && ap == nullptr) return std::nullopt;
    hostfw::PassthroughPolicy pol;
    if (sp != nullptr) {
        if (c.smbios_firmware)
            return refuse(r, sp->key_range,
                          "smbios_passthrough and smbios_firmware both give hvmloader an SMBIOS blob; use one");
        DOMFW_TRY_VOID(parse_entries(*sp, hostfw::parse_type_range, pol.smbios_types, r));
    }
    if (ap != nullptr) {
        if (c.acpi_firmware)
            return refuse(r, ap->key_range,
                          "acpi_passthrough and acpi_firmware both give hvmloader an ACPI blob; use one");
        DOMFW_TRY_VOID(parse_entries(*ap, hostfw::parse_acpi_selector, pol.acpi, r));
    }
    if (const auto* k = c.passthrough_key("smbios_copy_identity")) pol.smbios_copy_identity = k->value.text == "1";
    for (const auto& s : c.smbios)
        pol.smbios_overrides.push_back({s.key, s.value});
    pol.guest_seed = c.uuid.is_set() ? *c.uuid : (c.name.is_set() ? "name:" + *c.name : std::string("domfw-guest"));
    return pol;
}

} // namespace

Expected<std::optional<hostfw::PassthroughPolicy>> passthrough_policy(const domain::DomainConfig& c) {
    Refused r;
    return policy_of(c, r);
}

const domain::PassThroughKey* policy_key_about(const domain::DomainConfig& c, std::string_view message) {
    const auto* sp = c.passthrough_key("smbios_passthrough");
    const auto* ap = c.passthrough_key("acpi_passthrough");
    return (message.find("acpi") != std::string_view::npos && ap != nullptr) || sp == nullptr ? ap : sp;
}

namespace {

// The pass-through policy keys: host SMBIOS/ACPI selected and scrubbed into hvmloader's blobs
// (HVM: for hvmloader itself; PVH: wrapped in the bundle).
// A failure of reading the firmware source points at firmware_source when it names one, and a
// failure of the policy at the policy key it concerns (policy_key_about).
Expected<void> apply_passthrough(const domain::DomainConfig& c, DomainPlan& d, Refused& r) {
    DOMFW_TRY_X(auto policy, policy_of(c, r));
    if (!policy) return {};
    const auto& pol = *policy;
    const auto* sp = c.passthrough_key("smbios_passthrough");
    const auto* ap = c.passthrough_key("acpi_passthrough");
    const auto about_policy = [&](const auto& e, const domain::PassThroughKey* source) {
        if (!e && !r.at)
            r.at = source != nullptr ? source->value.range : policy_key_about(c, e.error().message)->key_range;
    };
    std::optional<fs::path> from;
    const auto* source = c.passthrough_key("firmware_source");
    if (source != nullptr && source->value.text != "host") {
        fs::path p = source->value.text.view();
        from = p.is_absolute() ? p : c.config_dir / p;
    } else {
        source = nullptr;
    }
    auto loaded = hostfw::load_host_firmware(from);
    about_policy(loaded, source);
    DOMFW_TRY_X(auto host, std::move(loaded));
    auto applied = hostfw::apply_policy(host, pol);
    about_policy(applied, nullptr);
    // Used in place, not moved out: GCC 12 at -O3 takes the moved-from expected for uninitialized
    // (a false -Wmaybe-uninitialized that failed the release build).
    if (!applied) return Unexpected(applied.error());
    auto& res = *applied;
    for (auto& w : res.warnings)
        d.notes.push_back("warning: " + w);
    for (auto& s : res.scrubbed)
        d.notes.push_back("scrubbed: " + s);
    for (auto& s : res.overridden)
        d.notes.push_back("set from smbios = [...]: " + s);
    if (sp != nullptr) {
        d.smbios_blob = std::move(res.smbios_blob);
        d.smbios_holds_host_identity = pol.smbios_copy_identity;
    }
    if (ap != nullptr) d.acpi_blob = std::move(res.acpi_blob);
    return {};
}

// PVH: `smbios = [...]` has no hvmloader to read it from xenstore, so the structures hvmloader
// would generate for the keys (the types the pass-through blob lacks; those it has got the keys
// in apply_passthrough) are appended to the SMBIOS blob, and reach the guest through the
// bundle's SMBIOS module and the loader's merge (docs/loader.md).
// Its failures point at the first `smbios` entry: they concern the entries together.
Expected<void> add_smbios_strings(const domain::DomainConfig& c, DomainPlan& d, Refused& r) {
    if (c.smbios.empty()) return {};
    const cfg::SourceRange& entries = c.smbios.front().where;
    std::vector<hostfw::SmbiosOverride> overrides;
    for (const auto& s : c.smbios)
        overrides.push_back({s.key, s.value});
    std::vector<std::uint8_t> present;
    std::vector<std::uint16_t> used;
    if (d.smbios_blob) {
        DOMFW_TRY_X(auto parts, split_smbios_firmware(*d.smbios_blob, "SMBIOS pass-through"));
        for (const auto p : parts) {
            present.push_back(p[0]);
            used.push_back(static_cast<std::uint16_t>(p[2] | p[3] << 8));
        }
    }
    hostfw::OverrideReport report;
    DOMFW_TRY_X(auto made, about(r, entries, hostfw::structures_for_overrides(present, used, overrides, report)));
    if (made.empty()) return {};
    std::vector<std::uint8_t> blob = d.smbios_blob.value_or(std::vector<std::uint8_t>{});
    for (const auto& s : made) {
        DOMFW_TRY_X(auto bytes, about(r, entries, smbios::encode_structure(s)));
        std::vector<std::uint8_t> record(core::kSmbiosFirmwarePrefix + bytes.size());
        core::ByteWriter w(record);
        if (!core::write_smbios_firmware_record(w, bytes))
            return refuse(r, entries, "smbios = [...]: generated type {} structure of {} bytes does not fit a record",
                          s.type, bytes.size());
        blob.insert(blob.end(), record.begin(), record.end());
        d.notes.push_back(
            fmt::format("generated from smbios = [...] for the loader: type {} (handle {:#06x})", s.type, s.handle));
    }
    for (auto& a : report.applied)
        d.notes.push_back("set from smbios = [...]: " + a);
    for (auto& w : report.warnings)
        d.notes.push_back("warning: " + w);
    d.smbios_blob = std::move(blob);
    return {};
}

// Validates the blobs and wraps them as domfw modules and a bundle (firmware_modules.hpp). A blob
// read from smbios_firmware/acpi_firmware is split on its own first, so that its failure points at
// the key naming the file (make_firmware_modules validates both blobs without telling which failed).
Expected<void> wrap_blobs(const domain::DomainConfig& c, DomainPlan& d, Refused& r) {
    auto what = [](const std::optional<domain::FileRef>& f, const char* key, const char* policy) {
        return f ? fmt::format("{} '{}'", key, f->resolved.string()) : std::string(policy);
    };
    const std::string smbios_what = what(c.smbios_firmware, "smbios_firmware", "SMBIOS pass-through");
    const std::string acpi_what = what(c.acpi_firmware, "acpi_firmware", "ACPI pass-through");
    std::optional<FirmwareBlob> smbios, acpi;
    if (d.smbios_blob) smbios = FirmwareBlob{*d.smbios_blob, smbios_what};
    if (d.acpi_blob) acpi = FirmwareBlob{*d.acpi_blob, acpi_what};
    if (c.acpi_firmware && acpi)
        DOMFW_TRY_VOID(about(r, c.acpi_firmware->where, split_acpi_firmware(acpi->bytes, acpi->what)));
    if (c.smbios_firmware && smbios)
        DOMFW_TRY_VOID(about(r, c.smbios_firmware->where, split_smbios_firmware(smbios->bytes, smbios->what)));
    DOMFW_TRY_X(d.firmware_modules, make_firmware_modules(smbios, acpi));
    return {};
}

// A blob name from a module's file name: 1..31 bytes of 0x21..0x7E (module-format.md), other
// bytes as '_'. Only for people and the loader's report; the command line travels separately.
std::string blob_name(const fs::path& file) {
    std::string out;
    for (const char c : file.filename().string()) {
        if (out.size() == DOMFW_BLOB_NAME_LENGTH - 1) break;
        const auto ch = static_cast<unsigned char>(c);
        out += ch > 0x20 && ch < 0x7F ? c : '_';
    }
    return out.empty() ? std::string("module") : out;
}

// One loader, one bundle: Xen or QEMU loads domfw-loader.elf as the kernel and the bundle as its
// one module; the bundle holds blob "kernel" (the real kernel's ELF), blob "ramdisk", every other
// module with its command line, then the ACPI and SMBIOS modules. Every blob's payload is
// page-aligned in the bundle, so the loader hands the ramdisk and modules on in place. The kernel's
// failures point at `kernel_at`, the value naming it; the loader's are not the config's.
Expected<DomainPlan> through_loader(const domain::DomainConfig& c, const DomainPlanOptions& o, DomainPlan& d,
                                    const cfg::SourceRange& kernel_at, Refused& r) {
    PlanInput& in = d.input;
    d.through_loader = true;
    d.guest_kernel = d.image;
    const std::string kwhat = fmt::format("kernel '{}'", d.image.string());
    DOMFW_TRY_X(auto kfile, about(r, kernel_at, support::read_file(d.image, support::kBootImageInput)));
    DOMFW_TRY_X(auto kelf, about(r, kernel_at, kernel_elf(std::move(kfile), kwhat)));
    DOMFW_TRY_X(ElfImage kernel, about(r, kernel_at, read_elf_image(kelf, kwhat)));
    if (!kernel.phys32_entry)
        return refuse(r, kernel_at,
                      "{}: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"): domfw's loader starts a kernel "
                      "only at its PVH entry",
                      kwhat);
    if (o.loader) {
        d.image = *o.loader;
    } else {
        DOMFW_TRY_X(d.image, find_loader());
    }
    const std::string lwhat = fmt::format("loader '{}'", d.image.string());
    DOMFW_TRY_X(d.image_bytes, support::read_file(d.image, support::kBootImageInput));
    DOMFW_TRY_X(ElfImage loader, read_elf_image(d.image_bytes, lwhat));
    if (!loader.phys32_entry) return fail("{}: no XEN_ELFNOTE_PHYS32_ENTRY note: not domfw's PVH loader", lwhat);

    std::vector<module::ByteVector> mods;
    std::vector<std::string> names, cmdlines;
    DOMFW_TRY_X(auto km, about(r, kernel_at, module::write_blob_module({"kernel", kelf, std::nullopt})));
    mods.push_back(std::move(km));
    kelf = {}; // held once: inside the module now
    const auto gm = c.guest_modules();
    for (std::size_t i = 0; i < gm.size(); ++i) {
        const auto& m = gm[i];
        DOMFW_TRY_X(auto bytes, about(r, m.file.where, support::read_file(m.file.resolved, support::kBootImageInput)));
        // Module 0 is what Linux takes as its initramfs, whichever key named it.
        std::string name = i == 0 ? std::string("ramdisk") : blob_name(m.file.resolved);
        std::optional<std::string> cmdline;
        if (!m.cmdline.empty()) cmdline = m.cmdline;
        auto w = module::write_blob_module({name, bytes, cmdline});
        if (!w) return refuse(r, m.file.where, "{} '{}': {}", m.file.key, m.file.resolved.string(), w.error().message);
        mods.push_back(std::move(*w));
        names.push_back(std::move(name));
        cmdlines.push_back(m.cmdline);
    }
    std::uint64_t firmware = 0;
    for (const auto* fw : {&d.firmware_modules.acpi, &d.firmware_modules.smbios}) {
        if (fw->empty()) continue;
        mods.push_back(*fw);
        firmware += fw->size();
    }
    DOMFW_TRY_X(d.firmware_modules.bundle, module::write_bundle(mods, 0, static_cast<std::uint32_t>(layout::kPage)));
    mods.clear();
    // Where each handed-on blob's payload lies, read back with the loader's own reader.
    LoaderInput li;
    li.kernel = std::move(kernel);
    li.firmware_bytes = firmware;
    DOMFW_TRY_X(auto bundle, lift(core::read_bundle(d.firmware_modules.bundle), "bundle.dfwb"));
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto index = static_cast<std::uint32_t>(i + 1);
        DOMFW_TRY_X(auto e, lift(core::bundle_entry(bundle, index), "bundle.dfwb"));
        DOMFW_TRY_X(auto m, lift(core::bundle_module(bundle, index), "bundle.dfwb"));
        li.blobs.push_back({names[i], std::uint64_t{e.offset} + m.header_length, m.payload.size(), cmdlines[i]});
    }
    in.kernel = std::move(loader);
    in.loader = std::move(li);
    in.modules = {{"bundle.dfwb", d.firmware_modules.bundle.size(), "", ModuleRole::boot_module}};
    d.files = {fs::path()};
    d.bundle_index = 0;
    return std::move(d);
}

} // namespace

const std::vector<std::string>& build_extension_keys() {
    static const std::vector<std::string> keys = {"module_placement", "smbios_passthrough", "acpi_passthrough",
                                                  "firmware_source", "smbios_copy_identity"};
    return keys;
}

namespace {

// plan_input_from_domain; a refusal about a config value says where in `r`.
Expected<DomainPlan> plan_input(const domain::DomainConfig& c, const DomainPlanOptions& o, Refused& r) {
    DomainPlan d;
    PlanInput& in = d.input;
    const domain::GuestType type = c.type.is_set() ? *c.type : domain::GuestType::pv;
    if (type == domain::GuestType::pv)
        return refuse(r, c.type.where,
                      "type = \"pv\": a PV guest has no guest-physical layout to plan; use \"pvh\" or \"hvm\"");
    in.type = type == domain::GuestType::hvm ? GuestType::hvm : GuestType::pvh;
    const std::uint64_t kib = c.max_memkb.is_set()      ? *c.max_memkb
                              : c.target_memkb.is_set() ? *c.target_memkb
                                                        : std::uint64_t{32} * 1024;
    // domain::load keeps maxmem within 2^52 bytes; a DomainConfig built by other code may not.
    const auto bytes = core::checked_mul(kib, std::uint64_t{1024});
    if (!bytes) return refuse(r, memory_where(c), "maxmem {:#x} KiB does not fit 64 bits in bytes", kib);
    in.memory = *bytes;
    // libxl: max_vcpus, else vcpus, else 1 (an unset or 0 count means the default).
    long vcpus = c.max_vcpus.is_set() && *c.max_vcpus > 0 ? *c.max_vcpus
                 : c.vcpus.is_set() && *c.vcpus > 0       ? *c.vcpus
                                                          : 1;
    if (vcpus > 0xFFFF)
        return refuse(r, c.max_vcpus.is_set() && *c.max_vcpus > 0 ? c.max_vcpus.where : c.vcpus.where,
                      "vcpus {} is out of range", vcpus);
    in.vcpus = static_cast<std::uint32_t>(vcpus);
    for (const auto& s : c.smbios)
        in.bios_strings.emplace_back(s.key, s.value);
    if (const auto* p = c.passthrough_key("module_placement"); p != nullptr) {
        if (p->value.text == "proposal")
            in.placement = ModulePlacement::proposal;
        else if (p->value.text == "behind_loader")
            in.placement = ModulePlacement::behind_loader;
        else
            return refuse(r, p->value.range, "module_placement \"{}\" is neither \"proposal\" nor \"behind_loader\"",
                          p->value.text);
    }
    // `at`: the value naming the file (nullopt: a file of the host, not of the config).
    auto add_module = [&](const fs::path& file, std::string name, std::string cmdline, ModuleRole role,
                          std::string_view key, const std::optional<cfg::SourceRange>& at) -> Expected<void> {
        DOMFW_TRY_X(std::uint64_t n, about(r, at, size_of(file, key)));
        in.modules.push_back({std::move(name), n, std::move(cmdline), role});
        d.files.push_back(file);
        return {};
    };

    if (in.type == GuestType::hvm) {
        if (in.memory <= video_bytes(c))
            return refuse(r, memory_where(c), "memory {:#x} is not above the video RAM {:#x}", in.memory,
                          video_bytes(c));
        in.memory -= video_bytes(c); // XEN-FACTS §3: HVM RAM = maxmem - video RAM
        in.video_memory = video_bytes(c);
        d.image = c.hvm_loader ? c.hvm_loader->resolved : o.hvmloader;
        // hvmloader is the host's unless `firmware = PATH` / `firmware_override` replaces it.
        std::optional<cfg::SourceRange> loader_at;
        if (c.hvm_loader) loader_at = c.hvm_loader->where;
        DOMFW_TRY_X(d.image_bytes, about(r, loader_at, support::read_file(d.image, support::kBootImageInput)));
        DOMFW_TRY_X(ElfImage img,
                    about(r, loader_at, read_elf_image(d.image_bytes, fmt::format("loader '{}'", d.image.string()))));
        if (img.load_start() != layout::kLoaderBase) {
            const std::string why = fmt::format("loader '{}' loads at {:#x}, not at hvmloader's {:#x}",
                                                d.image.string(), img.load_start(), layout::kLoaderBase);
            return loader_at ? refuse(r, *loader_at, "{}", why) : fail("{}", why);
        }
        in.loader_size = img.load_end() - layout::kLoaderBase;
        const std::string bios = c.hvm_bios.is_set() ? *c.hvm_bios : "seabios";
        in.bios = bios;
        // libxl loads SeaBIOS/OVMF as hvmloader's "firmware" module; rombios is inside hvmloader.
        // The image is the config's with bios_path_override; SeaBIOS's or OVMF's is the host's,
        // chosen by the `bios`/`firmware` value when one is written.
        std::optional<fs::path> sysfw;
        std::optional<cfg::SourceRange> sysfw_at;
        if (c.hvm_system_firmware) {
            sysfw = c.hvm_system_firmware->resolved;
            sysfw_at = c.hvm_system_firmware->where;
        } else if (bios == "seabios" || bios == "ovmf") {
            sysfw = bios == "seabios" ? o.seabios : o.ovmf;
            if (c.hvm_bios.where.line != 0) sysfw_at = c.hvm_bios.where;
        }
        if (sysfw)
            DOMFW_TRY_VOID(
                add_module(*sysfw, "firmware", "firmware", ModuleRole::boot_module, "system firmware", sysfw_at));
        DOMFW_TRY_VOID(apply_passthrough(c, d, r));
        if (c.acpi_firmware) {
            DOMFW_TRY_X(d.acpi_blob, about(r, c.acpi_firmware->where,
                                           support::read_file(c.acpi_firmware->resolved, support::kFirmwareBlobInput)));
        }
        if (c.smbios_firmware) {
            DOMFW_TRY_X(d.smbios_blob,
                        about(r, c.smbios_firmware->where,
                              support::read_file(c.smbios_firmware->resolved, support::kFirmwareBlobInput)));
        }
        DOMFW_TRY_VOID(wrap_blobs(c, d, r));
        // libxc's segment order behind hvmloader: system firmware, ACPI, SMBIOS (XEN-FACTS §3).
        if (d.acpi_blob) {
            d.acpi_index = in.modules.size();
            in.modules.push_back({c.acpi_firmware ? "acpi_firmware" : "acpi (host pass-through)", d.acpi_blob->size(),
                                  "", ModuleRole::acpi_passthrough});
            // wrap_blobs checked the blob; its tables' lengths decide where hvmloader's ACPI area ends.
            DOMFW_TRY_X(auto tables, split_acpi_firmware(*d.acpi_blob, "ACPI pass-through"));
            for (auto t : tables)
                in.acpi_tables.push_back(t.size());
            d.files.push_back(c.acpi_firmware ? c.acpi_firmware->resolved : fs::path());
        }
        if (d.smbios_blob) {
            d.smbios_index = in.modules.size();
            in.modules.push_back({c.smbios_firmware ? "smbios_firmware" : "smbios (host pass-through)",
                                  d.smbios_blob->size(), "", ModuleRole::smbios_passthrough});
            d.files.push_back(c.smbios_firmware ? c.smbios_firmware->resolved : fs::path());
        }
        for (const auto& m : c.guest_modules())
            DOMFW_TRY_VOID(add_module(m.file.resolved, m.file.written, m.cmdline, ModuleRole::boot_module, m.file.key,
                                      m.file.where));
        return d;
    }

    // PVH: the kernel (or pvgrub, itself a PVH kernel) with the ramdisk and modules after it.
    // With pass-through or more modules than libxc loads for PVH (one), through domfw's loader.
    if (c.boot == domain::BootMethod::bootloader)
        return refuse(
            r, c.bootloader.where,
            "bootloader = \"{}\": the kernel comes from the guest's disk at boot, so there is nothing to plan",
            c.bootloader.is_set() ? *c.bootloader : "");
    const domain::FileRef* image = nullptr;
    if (c.boot == domain::BootMethod::direct && c.kernel)
        image = &*c.kernel;
    else if (c.boot == domain::BootMethod::firmware && c.firmware.image)
        image = &*c.firmware.image;
    else
        return refuse(r, c.type.where, "PVH guest without a kernel or firmware image to plan");
    d.image = image->resolved;
    if (c.cmdline.is_set()) in.cmdline = *c.cmdline;
    // Xen gives a PVH guest no SMBIOS and no ACPI pass-through (libxl: "Only one module can be
    // passed"); domfw's loader does, from the one bundle.
    DOMFW_TRY_VOID(apply_passthrough(c, d, r));
    DOMFW_TRY_VOID(add_smbios_strings(c, d, r));
    DOMFW_TRY_VOID(wrap_blobs(c, d, r));
    if (d.smbios_blob || d.acpi_blob || c.guest_modules().size() > 1) return through_loader(c, o, d, image->where, r);
    // image_bytes stay the file xl loads (the launch log measures it); a bzImage is planned from
    // the ELF inside it.
    DOMFW_TRY_X(d.image_bytes, about(r, image->where, support::read_file(d.image, support::kBootImageInput)));
    DOMFW_TRY_X(auto elf,
                about(r, image->where, kernel_elf(d.image_bytes, fmt::format("kernel '{}'", d.image.string()))));
    DOMFW_TRY_X(ElfImage img,
                about(r, image->where, read_elf_image(elf, fmt::format("kernel '{}'", d.image.string()))));
    in.kernel = std::move(img);
    for (const auto& m : c.guest_modules())
        DOMFW_TRY_VOID(add_module(m.file.resolved, fs::path(m.file.written).filename().string(), m.cmdline,
                                  ModuleRole::boot_module, m.file.key, m.file.where));
    return d;
}

// A refusal `r` points at, as an error in `out` in the file name `loaded` was opened with; nothing
// for a failure that is not about a config value.
void report(const domain::LoadResult& loaded, const Refused& r, const std::string& message, support::Diagnostics& out) {
    if (r.at) out.error({loaded.document.file(), r.at->line, r.at->column, r.at->length}, message);
}

} // namespace

Expected<DomainPlan> plan_input_from_domain(const domain::DomainConfig& c, const DomainPlanOptions& o) {
    Refused r;
    return plan_input(c, o, r);
}

Expected<DomainPlan> plan_input_from_domain(const domain::LoadResult& loaded, support::Diagnostics& out,
                                            const DomainPlanOptions& o) {
    Refused r;
    auto d = plan_input(loaded.config, o, r);
    if (!d) report(loaded, r, d.error().message, out);
    return d;
}

Expected<std::vector<std::string>> passthrough_notes(const domain::LoadResult& loaded, support::Diagnostics& out) {
    DomainPlan scratch;
    Refused r;
    auto applied = apply_passthrough(loaded.config, scratch, r);
    if (!applied) {
        report(loaded, r, applied.error().message, out);
        return Unexpected(applied.error());
    }
    return std::move(scratch.notes);
}

} // namespace domfw::plan
