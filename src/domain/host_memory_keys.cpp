// The keys about the host's memory layout and a PV guest's devices that xl 4.17 reads around its
// device lists: `rdm` (libxlutil's xlu_rdm_parse), `mmio_hole` (HVM), `e820_host` (PV, and the
// one xl sets itself for a PV guest with pci devices) and the vfb + vkb a PV guest's top-level
// `vnc` key makes. Kept apart from build_info.cpp's tables: each has a rule of its own.
#include <climits>
#include <cstdint>
#include <strings.h>

#include "domain/devices/devices.hpp"
#include "domain/interpreter.hpp"

namespace domfw::domain::detail {

namespace {

// xen/include/public/hvm/e820.h: the hole below 4 GiB runs from HVM_BELOW_4G_MMIO_START
// (0xF0000000) up, so it is at least HVM_BELOW_4G_MMIO_LENGTH (256 MiB) and at most 3840 MiB.
constexpr std::uint64_t kMmioStart = 0xF0000000ULL;
constexpr std::uint64_t kMmioLength = (std::uint64_t{1} << 32) - kMmioStart;
constexpr std::uint64_t kMiB = 1024ULL * 1024ULL;

// What xlu_rdm_parse makes of an `rdm` value, step by step as its state machine reads it.
struct RdmReading {
    std::string error;          // the complaint xl prints (and then goes on as if rdm were absent)
    bool strategy_host = false; // strategy=host was read
    std::string policy_named;   // a valid policy: xl 4.17 then drops the whole setting
    bool complete = false;      // it ended after a value (xl's STATE_TERMINAL)
};

RdmReading read_rdm(const std::string& text) {
    enum class State : std::uint8_t { type, strategy, policy, terminal };
    RdmReading r;
    State state = State::type;
    std::size_t tok = 0;
    // The terminating NUL is part of the walk, as in the C loop (it ends the last value).
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char ch = i < text.size() ? text[i] : '\0';
        if (state == State::type && ch == '=') {
            std::string name = text.substr(tok, i - tok);
            if (name == "strategy") {
                state = State::strategy;
            } else if (name == "policy") {
                state = State::policy;
            } else {
                r.error = fmt::format("Unknown RDM state option: {} (expected strategy= or policy=)", name);
                return r;
            }
            tok = i + 1;
        } else if ((state == State::strategy || state == State::policy) && (ch == ',' || ch == '\0')) {
            std::string value = text.substr(tok, i - tok);
            if (state == State::strategy) {
                if (value != "host") {
                    r.error = fmt::format("Unknown RDM strategy option: {} (the only strategy is host)", value);
                    return r;
                }
                r.strategy_host = true;
            } else {
                // libxl_rdm_reserve_policy_from_string: case-blind, and "invalid" is a name too.
                bool known = ::strcasecmp(value.c_str(), "strict") == 0 ||
                             ::strcasecmp(value.c_str(), "relaxed") == 0 || ::strcasecmp(value.c_str(), "invalid") == 0;
                if (!known) {
                    r.error = fmt::format("Unknown RDM policy: {} (expected strict or relaxed)", value);
                    return r;
                }
                // xlu_rdm_parse tests `!parse_rdm_policy(...)`, which is true on success: it stops here.
                r.policy_named = value;
                return r;
            }
            state = ch == ',' ? State::type : State::terminal;
            tok = i + 1;
        }
    }
    r.complete = state == State::terminal;
    return r;
}

} // namespace

// rdm = "strategy=host[,policy=strict|relaxed]". xl 4.17 prints its parser's complaints (without
// a newline) and goes on without the setting, or, for an unknown policy, with an uninitialized
// one; domfw refuses those. A valid policy makes xl 4.17 drop the whole setting (the parser takes
// the policy's success for a failure); domfw does the same, with a warning, so that the JSON is
// what xl gives libxl.
void Interpreter::rdm() {
    if (doc_.get("rdm") == nullptr) return;
    auto s = get_string("rdm");
    if (!s) return;
    const RdmReading r = read_rdm(s->text);
    if (!r.error.empty()) {
        error(s->range, fmt::format("rdm = \"{}\": {}; xl 4.17 prints this and goes on", s->text, r.error));
        return;
    }
    if (!r.policy_named.empty()) {
        warning(s->range,
                fmt::format("rdm = \"{}\": xl 4.17 ignores the whole setting when it names a policy (libxlutil takes "
                            "policy={}'s success for a failure), so the guest gets no RDM reservation and pci devices "
                            "keep their own policy; write rdm = \"strategy=host\" and rdm_policy= on each pci item",
                            s->text, r.policy_named));
        return;
    }
    if (!r.complete) {
        error(s->range, fmt::format("rdm = \"{}\" is incomplete (expected strategy=host and/or policy=strict|relaxed, "
                                    "separated by ','); xl 4.17 ignores it without a word",
                                    s->text));
        return;
    }
    if (outside_scope("rdm", true)) return;
    add_setting("rdm", "/b_info/type.hvm/rdm/strategy", "rdm", std::string("host"), s->range);
    warning(s->range, fmt::format("rdm = \"{}\" names no policy: xl 4.17 copies an uninitialized one into b_info and "
                                  "every pci device (its JSON prints null); domfw leaves libxl's default (relaxed)",
                                  s->text));
}

// mmio_hole = MiB (HVM): the size of the MMIO hole below 4 GiB, 256 to 3840 MiB.
void Interpreter::mmio_hole() {
    if (doc_.get("mmio_hole") == nullptr || *c_.type != GuestType::hvm) return; // hvm_lists warns for the others
    Atom a;
    auto l = get_long("mmio_hole", &a, BeyondLong::ignore);
    if (!l) return;
    const auto mib = static_cast<std::uint64_t>(*l);
    const bool in_range = *l >= 0 && mib >= kMmioLength / kMiB && mib <= kMmioStart / kMiB;
    if (!in_range) {
        // xl checks MiB * 2^20 after it wrapped modulo 2^64: a few huge values pass there.
        const std::uint64_t wrapped = mib * kMiB;
        if (wrapped >= kMmioLength && wrapped <= kMmioStart)
            error(a.range, fmt::format("mmio_hole = {} is outside {} to {} MiB (xl would wrap its KiB)", a.text,
                                       kMmioLength / kMiB, kMmioStart / kMiB));
        else
            error(a.range,
                  fmt::format("ERROR: invalid value {} for \"mmio_hole\" (expected {} to {} MiB: the MMIO hole "
                              "below 4 GiB)",
                              *l, kMmioLength / kMiB, kMmioStart / kMiB));
        return;
    }
    add_setting("mmio_hole", "/b_info/type.hvm/mmio_hole_memkb", "mmio_hole", static_cast<std::int64_t>(mib * 1024),
                a.range);
}

// After the device lists: a PV guest's e820_host (set by xl itself when there are pci devices)
// and the vfb + vkb its top-level vnc keys make when it has no `vfb` list.
void Interpreter::pv_keys_after_devices() {
    const bool pv = *c_.type == GuestType::pv;
    if (const cfg::Value* v = doc_.get("e820_host"); v != nullptr && !pv) {
        warning(v->range, fmt::format("\"e820_host\" is read only for PV guests; xl ignores it for a {} guest",
                                      to_string(*c_.type)));
    } else if (v != nullptr) {
        Atom a;
        if (auto l = get_long("e820_host", &a, BeyondLong::ignore)) {
            add_setting("e820_host", "/b_info/type.pv/e820_host", "e820", *l != 0, a.range);
            if (*l == 0 && !c_.devices.pcidevs.empty())
                warning(a.range, "e820_host = 0 is overridden: xl sets e820_host for a PV guest with pci devices");
        }
    }
    if (pv && !c_.devices.pcidevs.empty())
        add_setting("pci", "/b_info/type.pv/e820_host", "e820", true, c_.devices.pcidevs.front().where);
    if (pv) pv_top_level_vfb();
}

// xl: "If we've already got vfb=[] for PV guest then ignore top level VNC config." Otherwise a
// nonzero `vnc` makes vfb 0 (with the top-level vnc*, sdl, opengl, display, xauthority, keymap)
// and its vkb, which comes before the `vkb` list's (xl reads that list later).
void Interpreter::pv_top_level_vfb() {
    static constexpr std::array<std::string_view, 10> kKeys{"vnc", "vnclisten", "vncpasswd", "vncdisplay", "vncunused",
                                                            "sdl", "opengl",    "display",   "xauthority", "keymap"};
    const cfg::Value* vnc = doc_.get("vnc");
    if (!c_.devices.vfbs.empty()) {
        for (auto k : kKeys)
            if (const cfg::Value* v = doc_.get(k))
                warning(v->range, fmt::format("\"{}\" is ignored: a PV guest with vfb = [...] takes its display from "
                                              "there (xl reads the top-level keys only without one)",
                                              k));
        return;
    }
    if (vnc == nullptr) return;
    Atom a;
    auto on = get_long("vnc", &a, BeyondLong::ignore);
    if (!on || *on == 0) return;
    Vfb v;
    v.where = a.range;
    v.vnc_enable = true;
    auto flag = [&](std::string_view key, std::optional<bool>& out) {
        if (doc_.get(key) == nullptr) return;
        if (auto l = get_long(key, nullptr, BeyondLong::ignore)) out = *l != 0;
    };
    auto text = [&](std::string_view key, std::optional<std::string>& out) {
        if (doc_.get(key) == nullptr) return;
        if (auto s = get_string(key)) out = s->text;
    };
    text("vnclisten", v.vnc_listen);
    text("vncpasswd", v.vnc_passwd);
    if (doc_.get("vncdisplay") != nullptr)
        if (auto l = get_long("vncdisplay", nullptr, BeyondLong::ignore))
            v.vnc_display = static_cast<int>(static_cast<std::uint32_t>(*l)); // xl keeps it in an int
    flag("vncunused", v.vnc_findunused);
    flag("sdl", v.sdl_enable);
    flag("opengl", v.sdl_opengl);
    text("display", v.sdl_display);
    text("xauthority", v.sdl_xauthority);
    text("keymap", v.keymap);
    c_.devices.vfbs.push_back(std::move(v));
    Vkb k;
    k.where = a.range;
    for (auto& later : c_.devices.vkbs)
        ++later.devid;
    c_.devices.vkbs.insert(c_.devices.vkbs.begin(), std::move(k));
}

} // namespace domfw::domain::detail
