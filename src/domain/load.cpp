// xl 4.17's parse_config_data (tools/xl/xl_parse.c) for the keys the model covers, with its
// getters' rules (libxlutil xlu_cfg_get_string/long: a list where one value is expected, or a
// malformed number, is ignored with a warning), plus domfw's own rules, each documented in
// docs/domain.md and, where they differ from xl, docs/differences-from-xl.md.
#include "domain/load.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

#include <fmt/format.h>

#include "domain/devices/read.hpp"
#include "domain/interpreter.hpp"
#include "domain/keys.hpp"
#include "domain/smbios_strings.hpp"
#include "support/files.hpp"

namespace domfw::domain {

namespace detail {

namespace {

// libuuid's uuid_parse, which libxl_uuid_from_string calls.
bool valid_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
        } else if (std::isxdigit(static_cast<unsigned char>(s[i])) == 0) {
            return false;
        }
    }
    return true;
}

} // namespace

void Interpreter::run() {
    guest_type();
    identity();
    sizes();
    actions();
    build_info();
    video_ram(); // after build_info(): it needs the VGA and the device model
    cpuid();
    newer_xen_keys();
    boot_keys();
    modules();
    if (*c_.type == GuestType::hvm)
        hvm_firmware();
    else
        pv_firmware();
    smbios();
    read_devices(doc_, d_, c_);
    pv_keys_after_devices();
    boot_method();
    pvh_cmdline();
    unknown_and_duplicate_keys();
    check_files();
}

void Interpreter::guest_type() {
    std::optional<GuestType> type;
    auto t = get_string("type");
    if (t) {
        if (is_prefix_of(t->text, "hvm"))
            type = GuestType::hvm;
        else if (is_prefix_of(t->text, "pv"))
            type = GuestType::pv;
        else if (is_prefix_of(t->text, "pvh"))
            type = GuestType::pvh;
        if (!type) {
            error(t->range, fmt::format("Invalid domain type \"{}\" (expected \"pv\", \"pvh\" or \"hvm\")", t->text));
        } else {
            set(c_.type, *type, "type", t->range);
            auto full = to_string(*type);
            if (t->text != full)
                warning(t->range, fmt::format("type = \"{}\" is an abbreviation of \"{}\"; write type = \"{}\"",
                                              t->text, full, full));
        }
    }
    auto b = get_string("builder");
    if (b) {
        std::optional<GuestType> bt;
        if (is_prefix_of(b->text, "hvm"))
            bt = GuestType::hvm;
        else if (is_prefix_of(b->text, "generic"))
            bt = GuestType::pv;
        if (!bt) {
            error(b->range,
                  fmt::format("Invalid domain type \"{}\" in builder (expected \"generic\" or \"hvm\")", b->text));
        } else {
            warning(b->key_range,
                    fmt::format("\"builder\" is deprecated since Xen 4.10; write type = \"{}\" (domfw lint --fix does)",
                                to_string(*bt)));
            auto full = *bt == GuestType::hvm ? "hvm" : "generic";
            if (b->text != full)
                warning(b->range, fmt::format("builder = \"{}\" is an abbreviation of \"{}\"", b->text, full));
            if (c_.type.is_set() && *c_.type != *bt) {
                error(b->range, fmt::format("Contradicting \"builder\" and \"type\" options specified: builder = "
                                            "\"{}\" ({}) means \"{}\" but type = \"{}\" ({}) means \"{}\"",
                                            b->text, line_of(b->range), to_string(*bt), t->text, line_of(t->range),
                                            to_string(*c_.type)));
            } else if (!c_.type.is_set()) {
                set(c_.type, *bt, "builder", b->range);
            }
        }
    }
    if (!c_.type.is_set()) c_.type.value = GuestType::pv; // xl's default on x86
}

void Interpreter::identity() {
    auto n = get_string("name");
    if (!n)
        d_.error({doc_.file(), 0, 0, 0}, "Domain name must be specified.");
    else
        set(c_.name, n->text, "name", n->range);
    auto u = get_string("uuid");
    if (u) {
        if (!valid_uuid(u->text))
            error(u->range, fmt::format("Failed to parse UUID: {} (expected 8-4-4-4-12 hexadecimal digits)", u->text));
        else
            set(c_.uuid, u->text, "uuid", u->range);
    }
}

void Interpreter::actions() {
    struct Key {
        const char* key;
        Field<ShutdownAction>* field;
        ShutdownAction fallback;
    };
    const Key keys[] = {{"on_poweroff", &c_.on_poweroff, ShutdownAction::destroy},
                        {"on_reboot", &c_.on_reboot, ShutdownAction::restart},
                        {"on_watchdog", &c_.on_watchdog, ShutdownAction::destroy},
                        {"on_crash", &c_.on_crash, ShutdownAction::destroy},
                        {"on_soft_reset", &c_.on_soft_reset, ShutdownAction::soft_reset}};
    static constexpr ShutdownAction all[] = {ShutdownAction::destroy,          ShutdownAction::restart,
                                             ShutdownAction::rename_restart,   ShutdownAction::preserve,
                                             ShutdownAction::coredump_destroy, ShutdownAction::coredump_restart,
                                             ShutdownAction::soft_reset};
    for (const auto& k : keys) {
        k.field->value = k.fallback;
        auto s = get_string(k.key);
        if (!s) continue;
        bool found = false;
        for (auto a : all)
            if (s->text == xl_name(a)) {
                set(*k.field, a, k.key, s->range);
                found = true;
            }
        if (found) continue;
        std::vector<std::string_view> names;
        for (auto a : all)
            names.push_back(xl_name(a));
        std::string hint = " (expected destroy, restart, rename-restart, preserve, coredump-destroy, "
                           "coredump-restart or soft-reset)";
        std::string dashed = s->text;
        std::replace(dashed.begin(), dashed.end(), '_', '-');
        if (dashed == "restart-rename") dashed = "rename-restart";
        if (auto sug = suggest(dashed, names)) hint = fmt::format("; did you mean \"{}\"?", *sug);
        error(s->range, fmt::format("Unknown {} action \"{}\" specified{}", k.key, s->text, hint));
    }
}

void Interpreter::smbios() {
    const cfg::Value* v = doc_.get("smbios");
    if (v == nullptr) return;
    // xl reads it only for HVM (hvmloader's bios-strings); domfw also for PVH, whose guests get
    // the strings through domfw's loader (`domfw build`, docs/loader.md). A PV guest has neither.
    if (*c_.type == GuestType::pv) {
        warning(v->range,
                fmt::format("\"smbios\" is used only for HVM guests (hvmloader); it is ignored for a {} guest",
                            to_string(*c_.type)));
        return;
    }
    if (!v->is_list()) {
        error(v->range, "Unable to parse smbios options: \"smbios\" must be a list of \"key=value\" strings");
        return;
    }
    unsigned oem = 0;
    for (std::size_t i = 0; i < v->items.size(); ++i) {
        const auto& item = v->items[i];
        if (item.is_list()) {
            error(item.range,
                  fmt::format("Unable to get element #{} in smbios list: it is a list, not a \"key=value\" string", i));
            continue;
        }
        auto pair = parse_smbios_item(item.text);
        if (!pair) {
            error(item.range, pair.error().message);
            continue;
        }
        SmbiosString s{pair->key, pair->value, 0, item.range};
        if (s.key == "oem") {
            s.oem_index = ++oem;
            if (oem == kMaxOemStrings + 1)
                error(item.range, fmt::format("more than {} \"oem\" strings: hvmloader reads only oem-1 .. oem-{}",
                                              kMaxOemStrings, kMaxOemStrings));
        }
        c_.smbios.push_back(std::move(s));
    }
}

void Interpreter::unknown_and_duplicate_keys() {
    std::size_t unknown = 0;
    std::vector<std::string_view> candidates(model_keys().begin(), model_keys().end());
    candidates.insert(candidates.end(), xl_keys().begin(), xl_keys().end());
    for (const auto& key : doc_.keys()) {
        auto history = doc_.history(key);
        const cfg::Assignment* prev = nullptr;
        for (const auto* a : history) {
            if (prev != nullptr && !a->append)
                warning(a->key_range, fmt::format("\"{}\" is assigned again; this value replaces the one at line "
                                                  "{} (the last assignment wins)",
                                                  key, prev->key_range.line));
            prev = a;
        }
        if (is_model_key(key)) continue;
        PassThroughKey p;
        p.key = key;
        if (const auto* v = doc_.get(key)) p.value = *v;
        p.key_range = history.empty() ? cfg::SourceRange{} : history.back()->key_range;
        p.known_to_xl = is_xl_key(key);
        bool claimed =
            std::find(opt_.extension_keys.begin(), opt_.extension_keys.end(), key) != opt_.extension_keys.end();
        if (!p.known_to_xl && !claimed && ++unknown <= kMaxUnknownKeysListed) {
            auto sug = suggest(key, candidates);
            warning(p.key_range, fmt::format("unknown key \"{}\" is kept and passed through unchanged{}", key,
                                             sug ? fmt::format("; did you mean \"{}\"?", *sug) : std::string()));
        }
        c_.passthrough.push_back(std::move(p));
    }
    // A file that is not an xl.cfg at all (or a generated one) must not bury the errors under
    // thousands of warnings; the keys are still passed through.
    if (unknown > kMaxUnknownKeysListed)
        warning(c_.passthrough.back().key_range,
                fmt::format("{} more unknown keys are kept and passed through unchanged; the first {} are listed",
                            unknown - kMaxUnknownKeysListed, kMaxUnknownKeysListed));
}

} // namespace detail

LoadResult load_text(std::string_view text, const std::filesystem::path& path, const LoadOptions& options) {
    LoadResult r;
    auto parsed = cfg::parse(text, path.string());
    r.diagnostics = std::move(parsed.diagnostics);
    r.document = std::move(parsed.document);
    r.source = r.document.source(); // the bytes stay where they are when the document moves
    std::error_code ec;
    auto absolute = std::filesystem::absolute(path, ec);
    r.config.config_file = ec ? path : absolute.lexically_normal();
    r.config.config_dir = r.config.config_file.parent_path();
    if (r.diagnostics.has_errors()) return r; // like libxlutil: after a syntax error no values are read
    detail::Interpreter(r.document, options, r.diagnostics, r.config).run();
    return r;
}

LoadResult load(const std::filesystem::path& path, const LoadOptions& options) {
    auto text = support::read_text_file(path, support::kConfigInput);
    if (!text) {
        LoadResult r;
        r.diagnostics.error({path.string(), 0, 0, 0}, fmt::format("cannot read the config: {}", text.error().message));
        return r;
    }
    return load_text(*text, path, options);
}

} // namespace domfw::domain
