// Every key of xl.cfg(5) that xl 4.17's parse_config_data turns into libxl_domain_config and that
// is neither a device list nor read elsewhere in the model: one table row per plain key (a
// defbool, a number, a string), and a function per key with its own grammar (enumerations,
// `cpus`, `ioports`/`irqs`/`iomem`, `viridian`, `serial`, ...). Each produces a LibxlSetting with
// the JSON pointer xl's JSON puts it at, so `show --libxl-json` and the differential test
// (tests/domain/xl_diff_test.cpp) see it. Messages are xl's, with the value and where it is.
#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <strings.h>

#include "domain/interpreter.hpp"
#include "domain/keys.hpp"

namespace domfw::domain::detail {

namespace {

enum class Kind : std::uint8_t {
    defbool, // xlu_cfg_get_defbool: a number, nonzero = true
    integer, // libxl `integer`: omitted from the JSON when it equals `omitted`
    u32,     // libxl `uint32`: a negative number wraps, as the C assignment does
    memkb,   // MiB in the config, KiB in libxl (MemKB: always printed)
    string,  // xlu_cfg_replace_string
};

enum class Scope : std::uint8_t { any, hvm, pvh };

struct PlainKey {
    std::string_view key;
    std::string_view path;
    Kind kind;
    Scope scope;
    std::string_view family;
    std::int64_t omitted = 0;
};

// In parse_config_data's order. Keys only an HVM guest reads are ignored (with a warning) for
// the other types, as xl ignores them.
constexpr auto kPlainKeys = std::to_array<PlainKey>({
    {"hap", "/c_info/hap", Kind::defbool, Scope::any, "c_info"},
    {"oos", "/c_info/oos", Kind::defbool, Scope::any, "c_info"},
    {"pool", "/c_info/pool_name", Kind::string, Scope::any, "c_info"},
    {"pvshim", "/b_info/type.pvh/pvshim", Kind::defbool, Scope::pvh, "pvh"},
    {"pvshim_path", "/b_info/type.pvh/pvshim_path", Kind::string, Scope::pvh, "pvh"},
    {"pvshim_cmdline", "/b_info/type.pvh/pvshim_cmdline", Kind::string, Scope::pvh, "pvh"},
    {"pvshim_extra", "/b_info/type.pvh/pvshim_extra", Kind::string, Scope::pvh, "pvh"},
    {"cpu_weight", "/b_info/sched_params/weight", Kind::integer, Scope::any, "sched", -1},
    {"cap", "/b_info/sched_params/cap", Kind::integer, Scope::any, "sched", -1},
    {"period", "/b_info/sched_params/period", Kind::integer, Scope::any, "sched", -1},
    {"slice", "/b_info/sched_params/slice", Kind::integer, Scope::any, "sched", -1},
    {"latency", "/b_info/sched_params/latency", Kind::integer, Scope::any, "sched", -1},
    {"extratime", "/b_info/sched_params/extratime", Kind::integer, Scope::any, "sched", -1},
    {"shadow_memory", "/b_info/shadow_memkb", Kind::memkb, Scope::any, "b_info"},
    {"nomigrate", "/b_info/disable_migrate", Kind::defbool, Scope::any, "b_info"},
    {"rtc_timeoffset", "/b_info/rtc_timeoffset", Kind::u32, Scope::any, "b_info"},
    {"localtime", "/b_info/localtime", Kind::defbool, Scope::any, "b_info"},
    {"max_event_channels", "/b_info/event_channels", Kind::u32, Scope::any, "b_info"},
    {"device_tree", "/b_info/device_tree", Kind::string, Scope::any, "arm"},
    {"driver_domain", "/c_info/driver_domain", Kind::defbool, Scope::any, "c_info"},
    {"acpi", "/b_info/acpi", Kind::defbool, Scope::any, "b_info"},
    {"nestedhvm", "/b_info/nested_hvm", Kind::defbool, Scope::any, "b_info"},
    {"pae", "/b_info/type.hvm/pae", Kind::defbool, Scope::hvm, "hvm"},
    {"acpi_s3", "/b_info/type.hvm/acpi_s3", Kind::defbool, Scope::hvm, "hvm"},
    {"acpi_s4", "/b_info/type.hvm/acpi_s4", Kind::defbool, Scope::hvm, "hvm"},
    {"acpi_laptop_slate", "/b_info/type.hvm/acpi_laptop_slate", Kind::defbool, Scope::hvm, "hvm"},
    {"nx", "/b_info/type.hvm/nx", Kind::defbool, Scope::hvm, "hvm"},
    {"hpet", "/b_info/type.hvm/hpet", Kind::defbool, Scope::hvm, "hvm"},
    {"vpt_align", "/b_info/type.hvm/vpt_align", Kind::defbool, Scope::hvm, "hvm"},
    {"apic", "/b_info/apic", Kind::defbool, Scope::hvm, "hvm"},
    {"altp2mhvm", "/b_info/type.hvm/altp2m", Kind::defbool, Scope::hvm, "hvm"},
    {"rdm_mem_boundary", "/b_info/type.hvm/rdm_mem_boundary_memkb", Kind::memkb, Scope::hvm, "rdm"},
    {"device_model_override", "/b_info/device_model", Kind::string, Scope::any, "dm"},
    {"device_model_stubdomain_override", "/b_info/device_model_stubdomain", Kind::defbool, Scope::any, "dm"},
    {"device_model_stubdomain_seclabel", "/b_info/device_model_ssid_label", Kind::string, Scope::any, "dm"},
    {"device_model_user", "/b_info/device_model_user", Kind::string, Scope::any, "dm"},
    {"stubdomain_kernel", "/b_info/stubdomain_kernel", Kind::string, Scope::any, "dm"},
    {"stubdomain_cmdline", "/b_info/stubdomain_cmdline", Kind::string, Scope::any, "dm"},
    {"stubdomain_ramdisk", "/b_info/stubdomain_ramdisk", Kind::string, Scope::any, "dm"},
    {"stubdomain_memory", "/b_info/stubdomain_memkb", Kind::memkb, Scope::any, "dm"},
    // The top-level display keys fill u.hvm (a PV guest's make a vfb device; not modelled here).
    {"vnc", "/b_info/type.hvm/vnc/enable", Kind::defbool, Scope::hvm, "display"},
    {"vnclisten", "/b_info/type.hvm/vnc/listen", Kind::string, Scope::hvm, "display"},
    {"vncpasswd", "/b_info/type.hvm/vnc/passwd", Kind::string, Scope::hvm, "display"},
    {"vncdisplay", "/b_info/type.hvm/vnc/display", Kind::integer, Scope::hvm, "display"},
    {"vncunused", "/b_info/type.hvm/vnc/findunused", Kind::defbool, Scope::hvm, "display"},
    {"sdl", "/b_info/type.hvm/sdl/enable", Kind::defbool, Scope::hvm, "display"},
    {"opengl", "/b_info/type.hvm/sdl/opengl", Kind::defbool, Scope::hvm, "display"},
    {"display", "/b_info/type.hvm/sdl/display", Kind::string, Scope::hvm, "display"},
    {"xauthority", "/b_info/type.hvm/sdl/xauthority", Kind::string, Scope::hvm, "display"},
    {"dm_restrict", "/b_info/dm_restrict", Kind::defbool, Scope::any, "dm"},
    {"keymap", "/b_info/type.hvm/keymap", Kind::string, Scope::hvm, "display"},
    {"spice", "/b_info/type.hvm/spice/enable", Kind::defbool, Scope::hvm, "display"},
    {"spiceport", "/b_info/type.hvm/spice/port", Kind::integer, Scope::hvm, "display"},
    {"spicetls_port", "/b_info/type.hvm/spice/tls_port", Kind::integer, Scope::hvm, "display"},
    {"spicehost", "/b_info/type.hvm/spice/host", Kind::string, Scope::hvm, "display"},
    {"spicedisable_ticketing", "/b_info/type.hvm/spice/disable_ticketing", Kind::defbool, Scope::hvm, "display"},
    {"spicepasswd", "/b_info/type.hvm/spice/passwd", Kind::string, Scope::hvm, "display"},
    {"spiceagent_mouse", "/b_info/type.hvm/spice/agent_mouse", Kind::defbool, Scope::hvm, "display"},
    {"spicevdagent", "/b_info/type.hvm/spice/vdagent", Kind::defbool, Scope::hvm, "display"},
    {"spice_clipboard_sharing", "/b_info/type.hvm/spice/clipboard_sharing", Kind::defbool, Scope::hvm, "display"},
    {"spiceusbredirection", "/b_info/type.hvm/spice/usbredirection", Kind::integer, Scope::hvm, "display"},
    {"spice_image_compression", "/b_info/type.hvm/spice/image_compression", Kind::string, Scope::hvm, "display"},
    {"spice_streaming_video", "/b_info/type.hvm/spice/streaming_video", Kind::string, Scope::hvm, "display"},
    {"nographic", "/b_info/type.hvm/nographic", Kind::defbool, Scope::hvm, "display"},
    {"boot", "/b_info/type.hvm/boot", Kind::string, Scope::hvm, "hvm"},
    {"usb", "/b_info/type.hvm/usb", Kind::defbool, Scope::hvm, "hvm"},
    {"usbversion", "/b_info/type.hvm/usbversion", Kind::integer, Scope::hvm, "hvm"},
    {"vkb_device", "/b_info/type.hvm/vkb_device", Kind::defbool, Scope::hvm, "hvm"},
    {"soundhw", "/b_info/type.hvm/soundhw", Kind::string, Scope::hvm, "hvm"},
    {"xen_platform_pci", "/b_info/type.hvm/xen_platform_pci", Kind::defbool, Scope::hvm, "hvm"},
    {"xend_suspend_evtchn_compat", "/c_info/xend_suspend_evtchn_compat", Kind::defbool, Scope::any, "c_info"},
    {"msr_relaxed", "/b_info/arch_x86/msr_relaxed", Kind::defbool, Scope::any, "b_info"},
    {"vpmu", "/b_info/vpmu", Kind::defbool, Scope::any, "b_info"},
});

// A libxl enumeration: the names xl accepts (libxl's from_string compares without case) and the
// value libxl omits from the JSON (its init_val).
struct EnumKey {
    std::string_view key;
    std::string_view path;
    Scope scope;
    std::string_view family;
    std::array<std::string_view, 5> names; // in numeric order from 0; "" ends the list
    std::string_view omitted;
    std::string_view message; // xl's, with {} for the value
};

constexpr auto kEnumKeys = std::to_array<EnumKey>({
    {"passthrough",
     "/c_info/passthrough",
     Scope::any,
     "c_info",
     {"default", "disabled", "enabled", "sync_pt", "share_pt"},
     "default",
     "ERROR: unknown passthrough option '{}'"},
    {"vuart",
     "/b_info/arch_arm/vuart",
     Scope::any,
     "arm",
     {"unknown", "sbsa_uart"},
     "unknown",
     "ERROR: invalid value \"{}\" for \"vuart\""},
    {"hdtype",
     "/b_info/type.hvm/hdtype",
     Scope::hvm,
     "hvm",
     {"ide", "ahci"},
     "ide",
     "ERROR: invalid value \"{}\" for \"hdtype\""},
    {"vendor_device",
     "/b_info/type.hvm/vendor_device",
     Scope::hvm,
     "hvm",
     {"none", "xenserver"},
     "none",
     "xl: unknown vendor_device '{}'"},
    {"gic_version",
     "/b_info/arch_arm/gic_version",
     Scope::any,
     "arm",
     {"default", "v2", "v3"},
     "default",
     "Unknown gic_version \"{}\" specified"},
    {"tee", "/b_info/tee", Scope::any, "arm", {"none", "optee"}, "none", "Unknown tee \"{}\" specified"},
});

// libxl_viridian_enlightenment, in bit order.
constexpr auto kViridian = std::to_array<std::string_view>(
    {"base", "freq", "time_ref_count", "reference_tsc", "hcall_remote_tlb_flush", "apic_assist", "crash_ctl", "synic",
     "stimer", "hcall_ipi", "ex_processor_masks", "no_vp_limit", "cpu_hotplug"});
// LIBXL_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE_WIDTH: "all" sets every bit of the bitmap.
constexpr std::uint64_t kViridianWidth = 64;

// Xen's largest NR_CPUS (4096): a CPU number beyond it names no CPU of any host. xl sizes the map
// to the host and drops such bits silently; domfw refuses them (docs/differences-from-xl.md).
constexpr unsigned long kMaxPcpu = 4095;

bool scope_matches(Scope s, GuestType t) {
    return s == Scope::any || (s == Scope::hvm && t == GuestType::hvm) || (s == Scope::pvh && t == GuestType::pvh);
}

// strtol over the whole text, as xlu_cfg_get_long; nullopt for anything else (no message).
std::optional<long> whole_long(const std::string& text) {
    errno = 0;
    char* end = nullptr;
    long l = std::strtol(text.c_str(), &end, 0);
    if (errno != 0 || end == text.c_str() || *end != '\0') return std::nullopt;
    return l;
}

} // namespace

void Interpreter::add_setting(std::string_view key, std::string_view path, std::string_view family, LibxlValue v,
                              const cfg::SourceRange& where) {
    // A later key writing the same libxl field (seclabel after init_seclabel, ...) replaces it.
    auto same = [&](const LibxlSetting& s) { return s.path == path; };
    c_.settings.erase(std::remove_if(c_.settings.begin(), c_.settings.end(), same), c_.settings.end());
    c_.settings.push_back(LibxlSetting{std::string(key), std::string(path), std::string(family), std::move(v), where});
}

bool Interpreter::outside_scope(std::string_view key, bool hvm_only) {
    if (!hvm_only || *c_.type == GuestType::hvm) return false;
    if (const auto* a = last(key))
        warning(a->key_range, fmt::format("\"{}\" is read only for HVM guests; xl ignores it for a {} guest", key,
                                          to_string(*c_.type)));
    return true;
}

void Interpreter::plain_keys() {
    for (const auto& k : kPlainKeys) {
        if (doc_.get(k.key) == nullptr) continue;
        if (!scope_matches(k.scope, *c_.type)) {
            if (k.scope == Scope::hvm && k.family != "display") (void)outside_scope(k.key, true);
            continue;
        }
        if (k.kind == Kind::string) {
            if (auto s = get_string(k.key)) add_setting(k.key, k.path, k.family, s->text, s->range);
            continue;
        }
        Atom a;
        auto l = get_long(k.key, &a, BeyondLong::ignore);
        if (!l) continue;
        switch (k.kind) {
        case Kind::defbool: add_setting(k.key, k.path, k.family, *l != 0, a.range); break;
        case Kind::integer: {
            // libxl's `integer` is an int: the assignment keeps the low 32 bits.
            auto v = static_cast<std::int64_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(*l)));
            if (v != k.omitted) add_setting(k.key, k.path, k.family, v, a.range);
            break;
        }
        case Kind::u32: {
            auto v = static_cast<std::int64_t>(static_cast<std::uint32_t>(*l));
            if (v != 0) add_setting(k.key, k.path, k.family, v, a.range);
            break;
        }
        case Kind::memkb:
            if (*l < 0 || *l > LONG_MAX / 1024) {
                error(a.range, fmt::format("{} = {} is outside 0 to {} MiB (xl would wrap its KiB)", k.key, a.text,
                                           LONG_MAX / 1024));
                break;
            }
            add_setting(k.key, k.path, k.family, static_cast<std::int64_t>(*l) * 1024, a.range);
            break;
        case Kind::string: break;
        }
    }
    if (const auto* s = doc_.get("altp2mhvm"); s != nullptr && *c_.type == GuestType::hvm)
        warning(s->range, "\"altp2mhvm\" is deprecated: write altp2m = \"mixed\" (or another mode)");
    if (const auto* s = doc_.get("msr_relaxed"); s != nullptr && c_.setting("msr_relaxed") != nullptr)
        warning(s->range, "msr_relaxed will be removed in future versions (xl says so)");
    if (c_.setting("device_model_override") != nullptr && doc_.get("device_model_version") == nullptr)
        warning(c_.setting("device_model_override")->where, "device model override given without specific DM version");
    if (const auto* s = doc_.get("device_model"); s != nullptr)
        warning(s->range, "ignoring device_model: use \"device_model_override\" if you really want a non-default "
                          "device model");
    if (const auto* s = doc_.get("vncviewer"); s != nullptr)
        warning(s->range, "ignoring \"vncviewer\": use \"-V\" of \"xl create\" to start a viewer");
}

// A libxl enumeration named in the config (case-insensitive, as libxl compares).
void Interpreter::enum_keys() {
    for (const auto& k : kEnumKeys) {
        if (doc_.get(k.key) == nullptr || outside_scope(k.key, k.scope == Scope::hvm)) continue;
        auto s = get_string(k.key);
        if (!s) continue;
        auto match = std::find_if(k.names.begin(), k.names.end(), [&](std::string_view n) {
            return !n.empty() && n.size() == s->text.size() && ::strncasecmp(n.data(), s->text.data(), n.size()) == 0;
        });
        if (match == k.names.end()) {
            std::vector<std::string_view> names;
            for (auto n : k.names)
                if (!n.empty()) names.push_back(n);
            error(s->range, fmt::format("{} (expected {})", fmt::format(fmt::runtime(k.message), s->text),
                                        fmt::join(names, ", ")));
            continue;
        }
        if (*match != k.omitted) add_setting(k.key, k.path, k.family, std::string(*match), s->range);
    }
    numbered_enum("tsc_mode", "/b_info/tsc_mode", {"default", "always_emulate", "native", "native_paravirt"}, false);
    numbered_enum(
        "timer_mode", "/b_info/timer_mode",
        {"delay_for_missed_ticks", "no_delay_for_missed_ticks", "no_missed_ticks_pending", "one_missed_tick_pending"},
        true);
    numbered_enum("altp2m", "/b_info/altp2m", {"disabled", "mixed", "external", "limited"}, false);
}

// tsc_mode, timer_mode, altp2m: a number in range (deprecated for the first two) or a name.
void Interpreter::numbered_enum(std::string_view key, std::string_view path, std::vector<std::string_view> names,
                                bool not_pv) {
    auto s = get_string(key);
    if (!s) return;
    if (not_pv && *c_.type == GuestType::pv) {
        error(s->range, fmt::format("ERROR: \"{}\" option is not supported for PV guests.", key));
        return;
    }
    std::string_view name;
    if (auto l = whole_long(s->text); l && !(last(key) != nullptr && last(key)->append)) {
        if (*l < 0 || static_cast<std::size_t>(*l) >= names.size()) {
            error(s->range, fmt::format("ERROR: invalid value {} for \"{}\" (expected 0 to {}, or a name: {})", *l, key,
                                        names.size() - 1, fmt::join(names, ", ")));
            return;
        }
        name = names[static_cast<std::size_t>(*l)];
        if (key != "altp2m")
            warning(s->range,
                    fmt::format("specifying \"{}\" as an integer is deprecated; write {} = \"{}\"", key, key, name));
    } else {
        auto match = std::find_if(names.begin(), names.end(), [&](std::string_view n) {
            return n.size() == s->text.size() && ::strncasecmp(n.data(), s->text.data(), n.size()) == 0;
        });
        if (match == names.end()) {
            error(s->range, fmt::format("ERROR: invalid value \"{}\" for \"{}\" (expected {})", s->text, key,
                                        fmt::join(names, ", ")));
            return;
        }
        name = *match;
    }
    // tsc_mode and altp2m omit their value 0; timer_mode's default is "unknown" (-1).
    if (key == "timer_mode" || name != names.front()) add_setting(key, path, "b_info", std::string(name), s->range);
}

void Interpreter::seclabels() {
    bool init = false;
    if (auto s = get_string("init_seclabel")) {
        add_setting("init_seclabel", "/c_info/ssid_label", "c_info", s->text, s->range);
        init = true;
    }
    if (auto s = get_string("seclabel"))
        add_setting("seclabel", init ? "/b_info/exec_ssid_label" : "/c_info/ssid_label", "c_info", s->text, s->range);
}

// max_grant_frames, max_maptrack_frames, max_grant_version: xlu_cfg_get_bounded_long(0, INT_MAX)
// with its warnings off; xl exits 1 without a message on anything else, domfw says why.
void Interpreter::grant_limits() {
    for (std::string_view key : {"max_grant_frames", "max_maptrack_frames", "max_grant_version"}) {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) continue;
        const auto* a = last(key);
        std::optional<long> l;
        if (!v->is_list() && !(a != nullptr && a->append)) l = whole_long(v->text.str());
        if (!l || *l < 0 || *l > INT_MAX) {
            error(v->range, fmt::format("{} = {} is not a number from 0 to {} (xl exits without a message)", key,
                                        v->is_list() ? std::string("[...]") : v->text.str(), INT_MAX));
            continue;
        }
        add_setting(key, fmt::format("/b_info/{}", key), "b_info", static_cast<std::int64_t>(*l), v->range);
    }
    if (auto l = get_long_quiet("vmtrace_buf_kb"); l && *l != 0)
        add_setting("vmtrace_buf_kb", "/b_info/vmtrace_buf_kb", "b_info",
                    static_cast<std::int64_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(*l))),
                    doc_.get("vmtrace_buf_kb")->range);
}

std::optional<long> Interpreter::get_long_quiet(std::string_view key) {
    const cfg::Value* v = doc_.get(key);
    if (v == nullptr || v->is_list()) return std::nullopt;
    if (const auto* a = last(key); a != nullptr && a->append) return std::nullopt;
    return whole_long(v->text.str());
}

// xl's update_cpumap_range over each comma-separated part: "N", "N-M", "^N-M", "all", nodes.
std::optional<std::vector<std::uint64_t>> Interpreter::cpu_set(std::string_view key, const std::string& text,
                                                               const cfg::SourceRange& where) {
    std::vector<bool> bits(kMaxPcpu + 1);
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (part.empty()) continue; // strtok_r skips empty fields
        std::string_view p = part;
        bool is_not = p.starts_with('^');
        if (is_not) p.remove_prefix(1);
        if (p.starts_with("node:") || p.starts_with("nodes:")) {
            error(where, fmt::format("{} = \"{}\": NUMA node sets (\"{}\") are not supported by domfw: it does not "
                                     "know the host's nodes; name the CPUs",
                                     key, text, part));
            return std::nullopt;
        }
        if (p == "all") {
            if (is_not) {
                error(where, fmt::format("Can't combine \"^\" and \"all\" in {} = \"{}\"", key, text));
                return std::nullopt;
            }
            std::fill(bits.begin(), bits.end(), true);
            continue;
        }
        // parse_range: strtoul base 10 for both ends, b >= a, nothing after.
        std::string s(p);
        const char* str = s.c_str();
        char* end = nullptr;
        errno = 0;
        unsigned long a = std::strtoul(str, &end, 10);
        unsigned long b = a;
        bool bad = end == str || a == ULONG_MAX;
        if (!bad && *end == '-') {
            const char* n = end + 1;
            b = std::strtoul(n, &end, 10);
            bad = end == n || b == ULONG_MAX || b < a;
        }
        if (bad || *end != '\0') {
            error(where, fmt::format("Invalid pcpu range: {} (in {} = \"{}\"; expected N, N-M with M >= N, ^N-M or "
                                     "all, separated by commas)",
                                     part, key, text));
            return std::nullopt;
        }
        if (b > kMaxPcpu) {
            error(where, fmt::format("{} = \"{}\": CPU {} is above {}, the largest CPU number Xen supports", key, text,
                                     b, kMaxPcpu));
            return std::nullopt;
        }
        for (unsigned long i = a; i <= b; ++i)
            bits[i] = !is_not;
    }
    std::vector<std::uint64_t> out;
    for (std::size_t i = 0; i < bits.size(); ++i)
        if (bits[i]) out.push_back(i);
    return out;
}

// cpus / cpus_soft: a string applies to every vCPU, a list gives one set per vCPU (extra entries
// are ignored); with no vCPUs at all xl still parses the string, never the list.
void Interpreter::affinity() {
    const long max_vcpus = c_.max_vcpus.is_set() ? *c_.max_vcpus : (c_.vcpus.is_set() ? *c_.vcpus : 0);
    for (std::string_view key : {"cpus", "cpus_soft"}) {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) continue;
        const bool hard = key == "cpus";
        const std::string path = hard ? "/b_info/vcpu_hard_affinity" : "/b_info/vcpu_soft_affinity";
        CpuMaps maps;
        bool ok = true;
        if (!v->is_list()) {
            auto set = cpu_set(key, v->text.str(), v->range);
            if (!set) continue;
            for (long i = 0; i < max_vcpus; ++i)
                maps.push_back(*set);
            // A soft affinity makes libxl's automatic NUMA placement pointless.
            if (!hard) add_setting(key, "/b_info/numa_placement", "affinity", false, v->range);
        } else {
            for (std::size_t i = 0; i < v->items.size() && static_cast<long>(i) < max_vcpus; ++i) {
                const auto& item = v->items[i];
                if (item.is_list()) break; // xlu_cfg_get_listitem returns NULL: the list ends
                auto set = cpu_set(key, item.text.str(), item.range);
                if (!set) {
                    ok = false;
                    break;
                }
                maps.push_back(*set);
            }
            if (!ok) continue;
            add_setting(key, "/b_info/numa_placement", "affinity", false, v->range);
        }
        // libxl refuses a hard affinity without a CPU (xl -N reports it too).
        if (hard && std::any_of(maps.begin(), maps.end(), [](const auto& m) { return m.empty(); })) {
            // fmt rather than "\"" + string: GCC 12 -O2 reports a false -Wrestrict on the latter.
            error(v->range, fmt::format("vcpu hard affinity map is empty: cpus = {} leaves a vCPU no CPU",
                                        v->is_list() ? std::string("[...]") : fmt::format("\"{}\"", v->text.str())));
            continue;
        }
        if (!maps.empty()) add_setting(key, path, "affinity", std::move(maps), v->range);
    }
}

// ioports (hex "F[-L]"), irqs (decimal), iomem (hex "START,NUM[@GFN]"): lists only.
void Interpreter::io_resources() {
    auto list = [&](std::string_view key) -> const cfg::Value* {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) return nullptr;
        if (!v->is_list()) {
            warning(v->range, fmt::format("\"{}\" is a single value but should be a list; xl ignores it", key));
            return nullptr;
        }
        return v;
    };
    if (const auto* v = list("ioports")) {
        std::vector<IoRange> out;
        for (std::size_t i = 0; i < v->items.size(); ++i) {
            const auto& item = v->items[i];
            std::string s = item.text.str();
            const char* str = s.c_str();
            char* end = nullptr;
            unsigned long first = std::strtoul(str, &end, 16);
            unsigned long last_port = first;
            bool bad = item.is_list() || end == str;
            if (!bad && first >= UINT32_MAX) {
                error(item.range, fmt::format("xl: ioport {:x} too big (in ioports entry \"{}\")", first, s));
                return;
            }
            if (!bad && *end == '-') {
                const char* n = end + 1;
                last_port = std::strtoul(n, &end, 16);
                bad = end == n || *end != '\0' || last_port >= UINT32_MAX;
                if (!bad && last_port < first) {
                    // xl 4.17 compares the first port with itself here and stores a wrapped count.
                    error(item.range, fmt::format("ioports entry \"{}\" ends before it starts (xl 4.17 accepts it "
                                                  "with a wrapped port count)",
                                                  s));
                    return;
                }
            } else if (!bad && *end != '\0') {
                bad = true;
            }
            if (bad) {
                error(item.range, fmt::format("xl: Invalid argument parsing ioport: {} (expected hexadecimal FIRST "
                                              "or FIRST-LAST, LAST >= FIRST, below 0xffffffff)",
                                              s));
                return;
            }
            out.push_back(IoRange{first, last_port - first + 1, std::nullopt, false});
        }
        add_setting("ioports", "/b_info/ioports", "io", std::move(out), v->range);
    }
    if (const auto* v = list("irqs")) {
        std::vector<std::uint64_t> out;
        for (const auto& item : v->items) {
            std::string s = item.text.str();
            char* end = nullptr;
            unsigned long irq = std::strtoul(s.c_str(), &end, 10);
            if (item.is_list() || end == s.c_str() || *end != '\0' || irq >= UINT32_MAX) {
                error(item.range,
                      fmt::format("xl: Invalid argument parsing irq: {} (expected a decimal number below 4294967295)",
                                  s));
                return;
            }
            out.push_back(irq);
        }
        add_setting("irqs", "/b_info/irqs", "io", std::move(out), v->range);
    }
    if (const auto* v = list("iomem")) {
        std::vector<IoRange> out;
        for (const auto& item : v->items) {
            std::string s = item.text.str();
            // sscanf("%lx,%lx%n@%lx%n"): each number may have leading blanks and a sign.
            std::uint64_t start = 0;
            std::uint64_t number = 0;
            std::uint64_t gfn = 0;
            int used = 0;
            int n = item.is_list() ? 0 : std::sscanf(s.c_str(), "%lx,%lx%n@%lx%n", &start, &number, &used, &gfn, &used);
            if (n < 2 || static_cast<std::size_t>(used) != s.size()) {
                error(item.range, fmt::format("xl: Invalid argument parsing iomem: {} (expected hexadecimal "
                                              "START,PAGES or START,PAGES@GFN)",
                                              s));
                return;
            }
            out.push_back(IoRange{start, number, n == 3 ? std::optional<std::uint64_t>(gfn) : std::nullopt, true});
        }
        add_setting("iomem", "/b_info/iomem", "io", std::move(out), v->range);
    }
}

// The HVM keys with a grammar of their own: vga/stdvga, gfx_passthru, serial, usbdevice,
// viridian, mca_caps, ms_vm_genid, device_model_version and device_model_args*.
void Interpreter::hvm_lists() {
    const bool hvm = *c_.type == GuestType::hvm;
    if (doc_.get("device_model_version") != nullptr) {
        if (auto s = get_string("device_model_version")) {
            if (s->text == "qemu-xen" || s->text == "qemu-xen-traditional") {
                std::string v = s->text;
                std::replace(v.begin(), v.end(), '-', '_');
                add_setting("device_model_version", "/b_info/device_model_version", "dm", v, s->range);
            } else {
                error(s->range, fmt::format("Unknown device_model_version \"{}\" specified (expected \"qemu-xen\" or "
                                            "\"qemu-xen-traditional\")",
                                            s->text));
            }
        }
    }
    for (std::string_view key : {"device_model_args", "device_model_args_pv", "device_model_args_hvm"}) {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) continue;
        std::vector<std::string> args;
        bool ok = v->is_list();
        if (ok)
            for (const auto& item : v->items) {
                if (item.is_list()) break;
                args.push_back(item.text.str());
            }
        if (!ok) {
            error(v->range, fmt::format("xl: Unable to parse {}. (it must be a list of strings)", key));
            continue;
        }
        std::string field = "extra" + std::string(key.substr(std::string_view("device_model_args").size()));
        if (!args.empty()) add_setting(key, "/b_info/" + field, "dm", std::move(args), v->range);
    }
    if (!hvm) {
        for (std::string_view key : {"vga", "stdvga", "gfx_passthru", "serial", "usbdevice", "viridian", "mca_caps",
                                     "ms_vm_genid", "mmio_hole"})
            if (doc_.get(key) != nullptr) (void)outside_scope(key, true);
        return;
    }
    if (auto s = doc_.get("vga") != nullptr ? get_string("vga") : std::nullopt) {
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kinds{
            {{"stdvga", "std"}, {"cirrus", "cirrus"}, {"none", "none"}, {"qxl", "qxl"}}};
        auto k = std::find_if(kinds.begin(), kinds.end(), [&](const auto& p) { return p.first == s->text; });
        if (k == kinds.end())
            error(s->range,
                  fmt::format("Unknown vga \"{}\" specified (expected stdvga, cirrus, none or qxl)", s->text));
        else
            add_setting("vga", "/b_info/type.hvm/vga/kind", "display", std::string(k->second), s->range);
    } else if (Atom a; doc_.get("stdvga") != nullptr) { // also when vga is a list: xl warns and reads stdvga
        if (auto l = get_long("stdvga", &a, BeyondLong::ignore))
            add_setting("stdvga", "/b_info/type.hvm/vga/kind", "display", std::string(*l != 0 ? "std" : "cirrus"),
                        a.range);
    }
    if (doc_.get("gfx_passthru") != nullptr) {
        if (auto l = get_long_quiet("gfx_passthru")) {
            add_setting("gfx_passthru", "/b_info/type.hvm/gfx_passthru", "hvm", *l != 0,
                        doc_.get("gfx_passthru")->range);
        } else if (auto s = get_string("gfx_passthru")) {
            if (::strcasecmp(s->text.c_str(), "default") == 0 || ::strcasecmp(s->text.c_str(), "igd") == 0) {
                add_setting("gfx_passthru", "/b_info/type.hvm/gfx_passthru", "hvm", true, s->range);
                if (::strcasecmp(s->text.c_str(), "igd") == 0)
                    add_setting("gfx_passthru", "/b_info/type.hvm/gfx_passthru_kind", "hvm", std::string("igd"),
                                s->range);
            } else {
                error(s->range, fmt::format("ERROR: invalid value \"{}\" for \"gfx_passthru\" (expected a number, "
                                            "\"default\" or \"igd\")",
                                            s->text));
            }
        }
    }
    for (std::string_view key : {"serial", "usbdevice"}) {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) continue;
        std::string base = "/b_info/type.hvm/" + std::string(key);
        if (v->is_list()) {
            std::vector<std::string> items;
            for (const auto& item : v->items) {
                if (item.is_list()) break;
                items.push_back(item.text.str());
            }
            add_setting(key, base + "_list", "hvm", std::move(items), v->range);
        } else {
            add_setting(key, base, "hvm", v->text.str(), v->range);
        }
    }
    viridian();
    if (const cfg::Value* v = doc_.get("mca_caps")) {
        if (!v->is_list()) {
            error(v->range, "ERROR: unable to parse mca_caps. (it must be a list, such as [\"lmce\"])");
        } else {
            std::int64_t caps = 0;
            for (const auto& item : v->items) {
                if (item.is_list()) break;
                if (item.text.str() != "lmce") {
                    error(item.range,
                          fmt::format("ERROR: unrecognized MCA capability '{}'. (expected \"lmce\")", item.text.str()));
                    return;
                }
                caps |= 1; // XEN_HVM_MCA_CAP_LMCE
            }
            if (caps != 0) add_setting("mca_caps", "/b_info/type.hvm/mca_caps", "hvm", caps, v->range);
        }
    }
    if (auto s = doc_.get("ms_vm_genid") != nullptr ? get_string("ms_vm_genid") : std::nullopt) {
        if (s->text == "generate")
            warning(s->range, "ms_vm_genid = \"generate\": xl draws a random generation ID at create time; "
                              "--libxl-json leaves it out");
        else if (s->text != "none")
            error(s->range,
                  fmt::format("ERROR: \"ms_vm_genid\" option must be \"generate\" or \"none\" (not \"{}\")", s->text));
    }
    // xl refuses a display named twice (vnclisten = "host:N" and vncdisplay).
    const auto* listen = c_.setting("vnclisten");
    const auto* display = c_.setting("vncdisplay");
    if (listen != nullptr && display != nullptr && std::get<std::string>(listen->value).find(':') != std::string::npos)
        error(display->where, fmt::format("ERROR: Display specified both in vnclisten (\"{}\", line {}) and "
                                          "vncdisplay",
                                          std::get<std::string>(listen->value), listen->where.line));
}

void Interpreter::viridian() {
    const cfg::Value* v = doc_.get("viridian");
    if (v == nullptr) return;
    if (!v->is_list()) {
        if (auto l = get_long_quiet("viridian"))
            add_setting("viridian", "/b_info/type.hvm/viridian", "hvm", *l != 0, v->range);
        return;
    }
    std::vector<bool> enable(kViridianWidth);
    std::vector<bool> disable(kViridianWidth);
    bool any = false;
    for (const auto& item : v->items) {
        if (item.is_list()) break;
        std::string name = item.text.str();
        any = true;
        if (name == "all") {
            std::fill(enable.begin(), enable.end(), true);
        } else if (name == "defaults") {
            add_setting("viridian", "/b_info/type.hvm/viridian", "hvm", true, item.range);
        } else {
            bool off = name.starts_with('!');
            std::string_view n = std::string_view(name).substr(off ? 1 : 0);
            auto it = std::find_if(kViridian.begin(), kViridian.end(), [&](std::string_view e) {
                return e.size() == n.size() && ::strncasecmp(e.data(), n.data(), n.size()) == 0;
            });
            if (it == kViridian.end()) {
                error(item.range,
                      fmt::format("xl: unknown viridian enlightenment '{}' (expected all, defaults or one of {}, each "
                                  "optionally with a leading '!')",
                                  n, fmt::join(kViridian, ", ")));
                return;
            }
            auto bit = static_cast<std::size_t>(it - kViridian.begin());
            (off ? disable : enable)[bit] = true;
            (off ? enable : disable)[bit] = false;
        }
    }
    if (!any) return;
    auto bits = [](const std::vector<bool>& b) {
        std::vector<std::uint64_t> out;
        for (std::size_t i = 0; i < b.size(); ++i)
            if (b[i]) out.push_back(i);
        return out;
    };
    // libxl prints a bitmap with no bit set as nothing.
    if (auto on = bits(enable); !on.empty())
        add_setting("viridian", "/b_info/type.hvm/viridian_enable", "hvm", on, v->range);
    if (auto off = bits(disable); !off.empty())
        add_setting("viridian", "/b_info/type.hvm/viridian_disable", "hvm", off, v->range);
}

void Interpreter::build_info() {
    seclabels();
    plain_keys();
    enum_keys();
    grant_limits();
    affinity();
    io_resources();
    hvm_lists();
    rdm();
    mmio_hole();
}

} // namespace domfw::domain::detail

namespace domfw::domain {

std::string_view build_info_family(std::string_view key) {
    using detail::kEnumKeys;
    using detail::kPlainKeys;
    for (const auto& k : kPlainKeys)
        if (k.key == key) return k.family;
    for (const auto& k : kEnumKeys)
        if (k.key == key) return k.family;
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kOthers{{
        {"init_seclabel", "c_info"},
        {"seclabel", "c_info"},
        {"tsc_mode", "b_info"},
        {"timer_mode", "b_info"},
        {"altp2m", "b_info"},
        {"max_grant_frames", "b_info"},
        {"max_maptrack_frames", "b_info"},
        {"max_grant_version", "b_info"},
        {"vmtrace_buf_kb", "b_info"},
        {"cpus", "affinity"},
        {"cpus_soft", "affinity"},
        {"ioports", "io"},
        {"irqs", "io"},
        {"iomem", "io"},
        {"device_model_version", "dm"},
        {"device_model_args", "dm"},
        {"device_model_args_pv", "dm"},
        {"device_model_args_hvm", "dm"},
        {"device_model", "dm"},
        {"vga", "display"},
        {"stdvga", "display"},
        {"vncviewer", "display"},
        {"gfx_passthru", "hvm"},
        {"serial", "hvm"},
        {"usbdevice", "hvm"},
        {"viridian", "hvm"},
        {"mca_caps", "hvm"},
        {"ms_vm_genid", "hvm"},
        {"rdm", "rdm"},             // host_memory_keys.cpp
        {"mmio_hole", "mmio_hole"}, // host_memory_keys.cpp
        {"e820_host", "e820"},      // host_memory_keys.cpp
    }};
    for (const auto& [k, family] : kOthers)
        if (k == key) return family;
    return detail::own_grammar_family(key);
}

bool is_build_info_key(std::string_view key) { return !build_info_family(key).empty(); }

} // namespace domfw::domain
