// memory, maxmem, videoram (MiB in the config, KiB in the model, as libxl holds them) and vcpus,
// maxvcpus, each against the limit Xen 4.17 or x86-64 sets.
#include "domain/interpreter.hpp"

#include <cstdint>
#include <variant>

#include "domfw/abi/hvm_info_table.h"

namespace domfw::domain::detail {

namespace {

// vCPU limits of Xen 4.17 on x86: an HVM domain (HVM and PVH guests alike) has at most
// HVM_MAX_VCPUS, which hvm_info_table's bitmap and the planner share; for PV, 4096 is domfw's
// own bound (it keeps xl's bitmap and the tools' memory bounded).
constexpr long kMaxPvVcpus = 4096;
constexpr long kMaxHvmVcpus = DOMFW_HVM_MAX_VCPUS;

// Guest RAM must end below 2^52 bytes, the largest physical address x86-64 defines (MAXPHYADDR
// <= 52, Intel SDM vol. 3A 4.1.4), even after the RAM behind the MMIO hole below 4 GiB moves
// above it: so memory <= 2^52 - 4 GiB. This also keeps libxl's KiB (MiB * 1024, a uint64_t
// that xl's `long * 1024` silently wraps) and the planner's bytes (MiB << 20) exact.
constexpr long kMaxMemoryMiB = (1L << 32) - 4096;

} // namespace

// memory/maxmem/videoram in MiB -> KiB as libxl holds them, or an error at the value. Video RAM
// may be 0 here (a PV guest has none; video_ram() has the HVM minimum).
void Interpreter::memory_kib(Field<std::uint64_t>& f, std::string_view key) {
    Atom a;
    auto m = get_long(key, &a);
    if (!m) return;
    if (key == "videoram" && *m < 0) {
        error(a.range, fmt::format("{} = {} is negative", key, a.text));
    } else if (key != "videoram" && *m < 1) {
        error(a.range, fmt::format("{} = {} is below 1 MiB: the guest would have no RAM", key, a.text));
    } else if (*m > kMaxMemoryMiB) {
        error(a.range, fmt::format("{} = {} is above {} MiB (2^52 bytes less 4 GiB): guest RAM, with the part "
                                   "behind the MMIO hole moved above 4 GiB, must end below 2^52, the largest "
                                   "x86-64 physical address",
                                   key, a.text, kMaxMemoryMiB));
    } else {
        set(f, static_cast<std::uint64_t>(*m) * 1024U, key, a.range);
    }
}

std::string Interpreter::above_vcpu_limit(std::string_view key, std::string_view text) const {
    const auto type = *c_.type;
    return fmt::format("{} = {} is above {}, the most vCPUs Xen supports for {}", key, text, vcpu_limit(),
                       type == GuestType::pv    ? "a PV guest"
                       : type == GuestType::pvh ? "a PVH guest (an HVM domain: HVM_MAX_VCPUS)"
                                                : "an HVM guest (HVM_MAX_VCPUS)");
}

void Interpreter::sizes() {
    memory_kib(c_.target_memkb, "memory");
    memory_kib(c_.max_memkb, "maxmem");
    Atom va;
    if (auto v = get_long("vcpus", &va)) {
        // xl allocates a bitmap of `vcpus` bits: a negative count fails ("Unable to allocate
        // cpumap"); 0 sets no bit (xl's dry run shows no vCPU at all).
        if (*v < 0)
            error(va.range, fmt::format("vcpus = {} is negative (xl: \"Unable to allocate cpumap\")", va.text));
        else if (*v == 0)
            error(va.range, "vcpus = 0: a guest needs at least one vCPU");
        else if (*v > vcpu_limit())
            error(va.range, above_vcpu_limit("vcpus", va.text));
        else
            set(c_.vcpus, *v, "vcpus", va.range);
    }
    Atom ma;
    if (auto v = get_long("maxvcpus", &ma)) {
        // 0 means "as many as vcpus", as in xl.
        if (*v < 0)
            error(ma.range, fmt::format("maxvcpus = {} is negative", ma.text));
        else if (*v > vcpu_limit())
            error(ma.range, above_vcpu_limit("maxvcpus", ma.text));
        else
            set(c_.max_vcpus, *v, "maxvcpus", ma.range);
    }
    vnuma(); // sets maxmem and maxvcpus when they are not given (vnuma.cpp)
    if (!c_.max_memkb.is_set() && c_.target_memkb.is_set()) {
        c_.max_memkb.value = *c_.target_memkb;
        c_.max_memkb.where = c_.target_memkb.where;
        c_.max_memkb.key = "memory";
    }
    long vcpus = c_.vcpus.is_set() ? *c_.vcpus : 0;
    if (!c_.max_vcpus.is_set() || *c_.max_vcpus == 0) {
        c_.max_vcpus.value = vcpus;
        c_.max_vcpus.key = c_.vcpus.key;
        c_.max_vcpus.where = c_.vcpus.where;
    } else if (*c_.max_vcpus < vcpus) {
        error(c_.max_vcpus.where, fmt::format("{} = {} is less than vcpus = {} ({}) (xl: \"maxvcpus < vcpus\")",
                                              c_.max_vcpus.key == "vnuma" ? "the vnuma nodes' vCPU count" : "maxvcpus",
                                              *c_.max_vcpus, vcpus, line_of(va.range)));
    }
    if (c_.target_memkb.is_set() && c_.max_memkb.key != "memory" && *c_.target_memkb > *c_.max_memkb)
        warning(c_.target_memkb.where,
                fmt::format("memory ({} MiB) is above {} ({} MiB, {}); the guest starts with maxmem",
                            *c_.target_memkb / 1024, c_.max_memkb.key == "vnuma" ? "the vnuma nodes' sizes" : "maxmem",
                            *c_.max_memkb / 1024, line_of(c_.max_memkb.where)));
}

// `videoram` (MiB) is read for every guest type, as xl does. An HVM guest's video RAM comes out
// of maxmem (XEN-FACTS.md §3), and libxl__domain_build_info_setdefault (Xen 4.17) gives it a
// default and a least value per VGA kind and device model at create time, after xl -N has
// printed the config: so this runs after build_info(), which reads vga/stdvga and the device
// model into settings, and takes them from there.
void Interpreter::video_ram() {
    memory_kib(c_.video_memkb, "videoram");
    if (*c_.type != GuestType::hvm) return;
    // The VGA: `vga` (or `stdvga`) as build_info.cpp read it, else libxl's Cirrus. A `vga` it
    // refused already has its error: no kind to check against.
    const LibxlSetting* vs = c_.setting("vga");
    if (vs == nullptr) vs = c_.setting("stdvga");
    if (vs == nullptr && doc_.get("vga") != nullptr && !doc_.get("vga")->is_list()) return;
    const std::string kind = vs != nullptr ? std::get<std::string>(vs->value) : "cirrus";
    const std::string vga_name = kind == "std"    ? "standard VGA"
                                 : kind == "qxl"  ? "QXL VGA"
                                 : kind == "none" ? "no VGA"
                                                  : "Cirrus VGA";
    const std::string vga =
        vs == nullptr ? fmt::format("the {} (libxl's default)", vga_name)
        : vs->key == "vga"
            ? fmt::format("the {} (vga = \"{}\", {})", vga_name, kind == "std" ? "stdvga" : kind, line_of(vs->where))
            : fmt::format("the {} (stdvga = {}, {})", vga_name, doc_.get("stdvga")->text.str(), line_of(vs->where));
    // The device model: device_model_version, else libxl's qemu-xen, or qemu-xen-traditional
    // with a stub domain. (libxl also falls back to qemu-xen-traditional when the qemu-xen binary
    // is missing on the host: domfw assumes it is there.)
    const LibxlSetting* dv = c_.setting("device_model_version");
    const LibxlSetting* sd = c_.setting("device_model_stubdomain_override");
    const bool stub = sd != nullptr && std::get<bool>(sd->value);
    const bool trad = dv != nullptr ? std::get<std::string>(dv->value) == "qemu_xen_traditional" : stub;
    const std::string dm = !trad ? std::string("qemu-xen")
                           : dv != nullptr
                               ? fmt::format("qemu-xen-traditional (device_model_version, {})", line_of(dv->where))
                               : fmt::format("qemu-xen-traditional (libxl's default with a stub domain: "
                                             "device_model_stubdomain_override, {})",
                                             line_of(sd->where));
    // libxl's table: the default and the least video RAM in MiB, and its words for the least.
    std::uint64_t dflt = 8;
    std::uint64_t least = 8;
    std::string libxl_says;
    if (kind == "none") {
        dflt = least = 0;
    } else if (kind == "qxl" && trad) {
        error(vs->where, fmt::format("vga = \"qxl\" needs the qemu-xen device model, not {} (libxl: \"qemu upstream "
                                     "required for qxl vga\")",
                                     dm));
        return;
    } else if (kind == "qxl") {
        dflt = least = 128;
        libxl_says = "128 Mib videoram is the minimum for qxl default";
    } else if (kind == "std") {
        dflt = least = trad ? 8 : 16;
        libxl_says = fmt::format("videoram must be at least {} MB for STDVGA on {}", least,
                                 trad ? "QEMU_XEN_TRADITIONAL" : "QEMU_XEN");
    } else if (trad) { // Cirrus on qemu-xen-traditional: always 4 MiB, whatever videoram says
        dflt = 4;
        least = 0;
        if (c_.video_memkb.is_set() && *c_.video_memkb != std::uint64_t{4} * 1024U)
            warning(c_.video_memkb.where,
                    fmt::format("videoram = {} MiB is not used by {} on {}, which always has 4 MiB; libxl still "
                                "takes it out of maxmem (libxl: \"ignoring videoram other than 4 MB for CIRRUS on "
                                "QEMU_XEN_TRADITIONAL\")",
                                *c_.video_memkb / 1024, vga, dm));
    } else {
        libxl_says = "videoram must be at least 8 MB for CIRRUS on QEMU_XEN";
    }
    if (c_.video_memkb.is_set() && *c_.video_memkb < least * 1024U) {
        error(c_.video_memkb.where, fmt::format("videoram must be at least {} MiB for {} on {}, not {} (libxl: \"{}\")",
                                                least, vga, dm, *c_.video_memkb / 1024, libxl_says));
        return;
    }
    if (!c_.video_memkb.is_set()) c_.video_memkb.value = dflt * 1024U; // libxl's default, no key
    const std::uint64_t max = c_.max_memkb.is_set() ? *c_.max_memkb : std::uint64_t{32} * 1024; // libxl's default
    if (max > *c_.video_memkb) return;
    const std::string video =
        c_.video_memkb.key.empty()
            ? fmt::format("{} MiB, libxl's default for {} on {}", dflt, vga, dm)
            : fmt::format("{} MiB, videoram at {}", *c_.video_memkb / 1024, line_of(c_.video_memkb.where));
    const std::string ram = c_.max_memkb.is_set() ? fmt::format("{} = {} MiB", c_.max_memkb.key, max / 1024)
                                                  : std::string("libxl's default memory of 32 MiB");
    error(
        c_.max_memkb.is_set() ? c_.max_memkb.where : c_.video_memkb.where,
        fmt::format("{} is not above the video RAM ({}): an HVM guest's RAM is maxmem less its video RAM", ram, video));
}

long Interpreter::vcpu_limit() const { return *c_.type == GuestType::pv ? kMaxPvVcpus : kMaxHvmVcpus; }

} // namespace domfw::domain::detail
