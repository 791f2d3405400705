// xl 4.17's parse_config_data (tools/xl/xl_parse.c) for the keys the model covers, with its
// getters' rules (libxlutil xlu_cfg_get_string/long: a list where one value is expected, or a
// malformed number, is ignored with a warning), plus domfw's own rules, each documented in
// docs/domain.md and, where they differ from xl, docs/differences-from-xl.md.
#include "domain/load.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <system_error>

#include <fmt/format.h>

#include "domain/keys.hpp"
#include "domain/module_spec.hpp"
#include "domain/smbios_strings.hpp"
#include "domfw/abi/hvm_info_table.h"
#include "domfw/abi/start_info.h"
#include "support/files.hpp"

namespace domfw::domain {

namespace {

namespace fs = std::filesystem;

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

struct Atom {
    std::string text;
    cfg::SourceRange range;     // the value
    cfg::SourceRange key_range; // the key of the last assignment
};

bool is_prefix_of(std::string_view written, std::string_view full) {
    // xl's strncmp(buf, full, strlen(buf)) == 0: "" matches everything.
    return written.size() <= full.size() && full.substr(0, written.size()) == written;
}

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// libxl_bios_type_from_string: case-insensitive enum names, "unknown" included.
std::optional<std::string> bios_type(std::string_view s) {
    for (std::string_view n : {"unknown", "rombios", "seabios", "ovmf"})
        if (iequal(s, n)) return std::string(n);
    return std::nullopt;
}

FirmwareKind kind_of_bios(std::string_view b) {
    if (b == "rombios") return FirmwareKind::rombios;
    if (b == "ovmf") return FirmwareKind::ovmf;
    return FirmwareKind::seabios; // "seabios", and "unknown" = libxl's default for qemu-xen
}

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

std::string basename_of(std::string_view p) {
    while (p.size() > 1 && p.back() == '/')
        p.remove_suffix(1);
    auto slash = p.rfind('/');
    return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

class Interpreter {
public:
    Interpreter(const cfg::Document& doc, const LoadOptions& opt, support::Diagnostics& diags, DomainConfig& c)
        : doc_(doc), opt_(opt), d_(diags), c_(c) {}

    void run() {
        guest_type();
        identity();
        sizes();
        actions();
        boot_keys();
        modules();
        if (*c_.type == GuestType::hvm)
            hvm_firmware();
        else
            pv_firmware();
        smbios();
        boot_method();
        pvh_cmdline();
        unknown_and_duplicate_keys();
        check_files();
    }

private:
    const cfg::Document& doc_;
    const LoadOptions& opt_;
    support::Diagnostics& d_;
    DomainConfig& c_;

    support::SourceLocation at(const cfg::SourceRange& r) const { return {doc_.file(), r.line, r.column, r.length}; }
    void error(const cfg::SourceRange& r, std::string m) { d_.error(at(r), std::move(m)); }
    void warning(const cfg::SourceRange& r, std::string m) { d_.warning(at(r), std::move(m)); }

    const cfg::Assignment* last(std::string_view key) const {
        auto h = doc_.history(key);
        return h.empty() ? nullptr : h.back();
    }

    // xlu_cfg_get_string: an atom, or nothing (a list is ignored with a warning).
    std::optional<Atom> get_string(std::string_view key) {
        const cfg::Value* v = doc_.get(key);
        if (v == nullptr) return std::nullopt;
        const auto* a = last(key);
        auto key_range = a != nullptr ? a->key_range : v->range;
        if (v->is_list()) {
            warning(v->range, fmt::format("\"{}\" is a list but should be a single value; xl ignores it", key));
            return std::nullopt;
        }
        return Atom{v->text.str(), v->range, key_range};
    }

    // xlu_cfg_get_long: strtol(text, 0) over the whole text; anything else is ignored with a warning.
    // A number beyond a long saturates (LONG_MIN/LONG_MAX, as strtol returns it) where xl ignores
    // it: every caller's range check then reports it as out of range, at the value.
    std::optional<long> get_long(std::string_view key, Atom* atom = nullptr) {
        auto s = get_string(key);
        if (!s) return std::nullopt;
        const auto* a = last(key);
        if (a != nullptr && a->append) {
            warning(s->range, fmt::format("\"{}\": += cannot be used with numbers; xl ignores it", key));
            return std::nullopt;
        }
        char* end = nullptr;
        long l = std::strtol(s->text.c_str(), &end, 0);
        if (end == s->text.c_str() || *end != '\0') {
            warning(s->range, fmt::format("\"{}\" = \"{}\" is not a valid number; xl ignores it", key, s->text));
            return std::nullopt;
        }
        if (atom != nullptr) *atom = *s;
        return l;
    }

    template <class T> void set(Field<T>& f, T value, std::string_view key, const cfg::SourceRange& r) {
        f.value = std::move(value);
        f.key = std::string(key);
        f.where = r;
    }

    std::string line_of(const cfg::SourceRange& r) const { return fmt::format("line {}", r.line); }

    FileRef file_ref(std::string_view key, const Atom& a) const {
        FileRef f;
        f.key = std::string(key);
        f.written = a.text;
        f.where = a.range;
        if (!a.text.empty()) {
            fs::path p(a.text);
            f.resolved = p.is_absolute() ? p : (c_.config_dir / p).lexically_normal();
        }
        return f;
    }

    // Firmware names: a bare name lives in the firmware directory, anything with a '/' is a path.
    FileRef firmware_ref(std::string_view key, const Atom& a) const {
        FileRef f = file_ref(key, a);
        if (!a.text.empty() && a.text.find('/') == std::string::npos) f.resolved = opt_.firmware_dir / a.text;
        return f;
    }

    void guest_type() {
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
                error(t->range,
                      fmt::format("Invalid domain type \"{}\" (expected \"pv\", \"pvh\" or \"hvm\")", t->text));
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
                warning(
                    b->key_range,
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

    void identity() {
        auto n = get_string("name");
        if (!n)
            d_.error({doc_.file(), 0, 0, 0}, "Domain name must be specified.");
        else
            set(c_.name, n->text, "name", n->range);
        auto u = get_string("uuid");
        if (u) {
            if (!valid_uuid(u->text))
                error(u->range,
                      fmt::format("Failed to parse UUID: {} (expected 8-4-4-4-12 hexadecimal digits)", u->text));
            else
                set(c_.uuid, u->text, "uuid", u->range);
        }
    }

    // memory/maxmem/videoram in MiB -> KiB as libxl holds them, or an error at the value. Video RAM
    // may be 0 here (a PV guest has none; video_ram() has the HVM minimum).
    void memory_kib(Field<std::uint64_t>& f, std::string_view key) {
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

    [[nodiscard]] long vcpu_limit() const { return *c_.type == GuestType::pv ? kMaxPvVcpus : kMaxHvmVcpus; }

    [[nodiscard]] std::string above_vcpu_limit(std::string_view key, std::string_view text) const {
        const auto type = *c_.type;
        return fmt::format("{} = {} is above {}, the most vCPUs Xen supports for {}", key, text, vcpu_limit(),
                           type == GuestType::pv    ? "a PV guest"
                           : type == GuestType::pvh ? "a PVH guest (an HVM domain: HVM_MAX_VCPUS)"
                                                    : "an HVM guest (HVM_MAX_VCPUS)");
    }

    void sizes() {
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
            error(ma.range, fmt::format("maxvcpus = {} is less than vcpus = {} ({}) (xl: \"maxvcpus < vcpus\")",
                                        *c_.max_vcpus, vcpus, line_of(va.range)));
        }
        video_ram();
        if (c_.target_memkb.is_set() && c_.max_memkb.key == "maxmem" && *c_.target_memkb > *c_.max_memkb)
            warning(c_.target_memkb.where,
                    fmt::format("memory ({} MiB) is above maxmem ({} MiB, {}); the guest starts with maxmem",
                                *c_.target_memkb / 1024, *c_.max_memkb / 1024, line_of(c_.max_memkb.where)));
    }

    // `videoram` (MiB) is read for every guest type, as xl does. An HVM guest's video RAM comes out
    // of maxmem (XEN-FACTS.md §3), and libxl refuses less than its VGA's minimum at create time.
    void video_ram() {
        memory_kib(c_.video_memkb, "videoram");
        if (*c_.type != GuestType::hvm) return;
        // The planner's reading of stdvga; `vga = "..."` is not modelled (docs/domain.md).
        const cfg::Value* sv = doc_.get("stdvga");
        const bool stdvga = sv != nullptr && !sv->is_list() && sv->text == "1";
        const std::uint64_t least = std::uint64_t{stdvga ? 16U : 8U} * 1024U;
        if (c_.video_memkb.is_set() && *c_.video_memkb < least) {
            error(c_.video_memkb.where,
                  fmt::format("videoram = {} is below {} MiB, the least for the {} VGA (libxl: \"videoram must be at "
                              "least {} MB for {} on QEMU_XEN\")",
                              *c_.video_memkb / 1024, least / 1024, stdvga ? "standard" : "Cirrus", least / 1024,
                              stdvga ? "STDVGA" : "CIRRUS"));
            return;
        }
        if (!c_.video_memkb.is_set()) c_.video_memkb.value = least; // libxl's default, no key
        const std::uint64_t max = c_.max_memkb.is_set() ? *c_.max_memkb : std::uint64_t{32} * 1024; // libxl's default
        if (max > *c_.video_memkb) return;
        const std::string video =
            c_.video_memkb.key.empty()
                ? fmt::format("{} MiB, libxl's default for the {} VGA", least / 1024, stdvga ? "standard" : "Cirrus")
                : fmt::format("{} MiB, videoram at {}", *c_.video_memkb / 1024, line_of(c_.video_memkb.where));
        const std::string ram = c_.max_memkb.is_set() ? fmt::format("{} = {} MiB", c_.max_memkb.key, max / 1024)
                                                      : std::string("libxl's default memory of 32 MiB");
        error(c_.max_memkb.is_set() ? c_.max_memkb.where : c_.video_memkb.where,
              fmt::format("{} is not above the video RAM ({}): an HVM guest's RAM is maxmem less its video RAM", ram,
                          video));
    }

    void actions() {
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

    void boot_keys() {
        if (auto k = get_string("kernel")) c_.kernel = file_ref("kernel", *k);
        if (auto r = get_string("ramdisk")) c_.ramdisk = file_ref("ramdisk", *r);
        auto cmdline = get_string("cmdline");
        auto root = get_string("root");
        auto extra = get_string("extra");
        if (cmdline) {
            set(c_.cmdline, cmdline->text, "cmdline", cmdline->range);
            if (root || extra) {
                const auto& ignored = root ? *root : *extra;
                warning(ignored.key_range,
                        fmt::format("{} ignored in favour of \"cmdline\" ({}); lint --fix folds them into it",
                                    root && extra ? "\"root\" and \"extra\" are"
                                    : root        ? "\"root\" is"
                                                  : "\"extra\" is",
                                    line_of(cmdline->range)));
            }
        } else if (root && extra) {
            set(c_.cmdline, fmt::format("root={} {}", root->text, extra->text), "root", root->range);
        } else if (root) {
            set(c_.cmdline, fmt::format("root={}", root->text), "root", root->range);
        } else if (extra) {
            set(c_.cmdline, extra->text, "extra", extra->range);
        }
        if (auto b = get_string("bootloader")) set(c_.bootloader, b->text, "bootloader", b->range);
        if (const cfg::Value* v = doc_.get("bootloader_args")) {
            std::vector<std::string> args;
            if (v->is_list()) {
                // xlu_cfg_get_list_as_string_list stops at the first item that is not a string.
                for (const auto& item : v->items) {
                    if (item.is_list()) break;
                    args.push_back(item.text.str());
                }
            } else {
                warning(v->range, "Specifying \"bootloader_args\" as a string is deprecated; write a list of arguments "
                                  "(domfw lint --fix does)");
                std::size_t p = 0;
                const std::string s = v->text.str();
                while (p < s.size()) {
                    p = s.find_first_not_of(" \t\n", p);
                    if (p == std::string::npos) break;
                    auto e = s.find_first_of(" \t\n", p);
                    args.push_back(s.substr(p, e == std::string::npos ? std::string::npos : e - p));
                    p = e == std::string::npos ? s.size() : e;
                }
            }
            set(c_.bootloader_args, std::move(args), "bootloader_args", v->range);
        }
    }

    cfg::SourceRange modules_range_;
    bool kernel_from_modules_ = false;

    void modules() {
        const cfg::Value* v = doc_.get("modules");
        if (v == nullptr) return;
        modules_range_ = v->range;
        if (!v->is_list()) {
            error(v->range, "\"modules\" must be a list: modules = [ \"path=FILE,cmdline=TEXT\", ... ]");
            return;
        }
        std::size_t index = 0;
        for (const auto& item : v->items) {
            std::string key = fmt::format("modules[{}]", index++);
            if (item.is_list()) {
                error(item.range, fmt::format("{} must be a string \"path=FILE,cmdline=TEXT\", not a list", key));
                continue;
            }
            auto spec = parse_module_spec(item.text);
            if (!spec) {
                error(item.range, spec.error().message);
                continue;
            }
            BootModule m;
            m.file = file_ref(key, Atom{spec->path, item.range, item.range});
            m.cmdline = spec->cmdline;
            c_.modules.push_back(std::move(m));
        }
        // The summit's model: `kernel` is module 0. Without `kernel`, modules[0] is the kernel.
        if (!c_.kernel && !c_.modules.empty()) {
            auto first = c_.modules.front();
            c_.modules.erase(c_.modules.begin());
            kernel_from_modules_ = true;
            c_.kernel = first.file;
            if (!first.cmdline.empty()) {
                if (c_.cmdline.is_set())
                    error(first.file.where,
                          fmt::format(
                              "modules[0] is the kernel and sets its command line, and so does \"{}\" ({}); keep one",
                              c_.cmdline.key, line_of(c_.cmdline.where)));
                else
                    set(c_.cmdline, first.cmdline, "modules[0]", first.file.where);
            }
        }
    }

    void hvm_firmware() {
        if (c_.kernel && !kernel_from_modules_ && basename_of(c_.kernel->written) == "hvmloader") {
            warning(c_.kernel->where, "\"kernel\" names hvmloader: xl ignores it; write firmware_override (or firmware "
                                      "= PATH) to replace hvmloader");
            c_.kernel.reset();
        }
        if (auto f = get_string("firmware_override")) c_.hvm_loader = firmware_ref("firmware_override", *f);
        if (auto b = get_string("bios_path_override")) c_.hvm_system_firmware = file_ref("bios_path_override", *b);
        auto bios = get_string("bios");
        if (bios) {
            auto bt = bios_type(bios->text);
            if (!bt)
                error(bios->range,
                      fmt::format("invalid value \"{}\" for \"bios\" (expected rombios, seabios or ovmf)", bios->text));
            else
                set(c_.hvm_bios, *bt, "bios", bios->range);
        } else if (c_.hvm_system_firmware) {
            warning(c_.hvm_system_firmware->where, "bios_path_override given without specific bios name");
        }
        if (auto s = get_string("smbios_firmware")) c_.smbios_firmware = file_ref("smbios_firmware", *s);
        if (auto a = get_string("acpi_firmware")) c_.acpi_firmware = file_ref("acpi_firmware", *a);

        auto fw = get_string("firmware");
        if (!fw) {
            if (c_.hvm_bios.is_set()) {
                c_.firmware.kind = kind_of_bios(*c_.hvm_bios);
                c_.firmware.key = "bios";
                c_.firmware.where = c_.hvm_bios.where;
            }
            return;
        }
        Firmware& f = c_.firmware;
        f.written = fw->text;
        f.key = "firmware";
        f.where = fw->range;
        if (auto bt = bios_type(fw->text)) {
            f.kind = kind_of_bios(*bt);
            if (*bt == "unknown") {
                f.from_alias = true;
                warning(fw->range, "firmware = \"unknown\" lets libxl choose: \"seabios\" with the default device "
                                   "model; write firmware = \"seabios\" to pin it");
            }
            bios_conflict(*fw, f.kind);
            set(c_.hvm_bios, *bt, "firmware", fw->range);
        } else if (is_prefix_of(fw->text, "uefi")) {
            f.kind = FirmwareKind::ovmf;
            f.from_alias = true;
            warning(fw->range, fw->text == "uefi"
                                   ? std::string("firmware = \"uefi\" is a generic alias; it resolves to \"ovmf\"; "
                                                 "write firmware = \"ovmf\" to pin it")
                                   : fmt::format("firmware = \"{}\" is an abbreviation of the alias \"uefi\"; it "
                                                 "resolves to \"ovmf\"; write firmware = \"ovmf\" to pin it",
                                                 fw->text));
            bios_conflict(*fw, f.kind);
            set(c_.hvm_bios, std::string("ovmf"), "firmware", fw->range);
        } else if (is_prefix_of(fw->text, "bios")) {
            // libxl picks the BIOS from the device model: SeaBIOS for qemu-xen (the default).
            f.kind = c_.hvm_bios.is_set() ? kind_of_bios(*c_.hvm_bios) : FirmwareKind::seabios;
            f.from_alias = true;
            warning(fw->range,
                    fmt::format(
                        "firmware = \"{}\" is {}; it resolves to \"{}\"{}; write firmware = \"{}\" to pin it", fw->text,
                        fw->text == "bios" ? "a generic alias" : "an abbreviation of the alias \"bios\"",
                        to_string(f.kind), c_.hvm_bios.is_set() ? " (from \"bios\")" : " with the default device model",
                        to_string(f.kind)));
        } else {
            // xl: anything else is a path that REPLACES hvmloader (b_info->u.hvm.firmware).
            f.kind = FirmwareKind::path;
            if (c_.hvm_loader)
                warning(fw->range,
                        fmt::format("firmware = PATH replaces hvmloader and overrides firmware_override ({})",
                                    line_of(c_.hvm_loader->where)));
            c_.hvm_loader = firmware_ref("firmware", *fw);
        }
    }

    void bios_conflict(const Atom& fw, FirmwareKind kind) {
        if (!c_.hvm_bios.is_set() || c_.hvm_bios.key != "bios") return;
        auto other = kind_of_bios(*c_.hvm_bios);
        if (other == kind || *c_.hvm_bios == "unknown") return;
        if ((kind == FirmwareKind::ovmf && other == FirmwareKind::seabios) ||
            (kind == FirmwareKind::seabios && other == FirmwareKind::ovmf)) {
            error(fw.range,
                  fmt::format("firmware = \"{}\" ({}) with bios = \"{}\" ({}) asks for OVMF with a SeaBIOS CSM, which "
                              "Xen does not support: "
                              "Xen's OVMF is built without a CSM; choose \"ovmf\" (UEFI) or \"seabios\" (legacy BIOS)",
                              fw.text, line_of(fw.range), *c_.hvm_bios, line_of(c_.hvm_bios.where)));
            return;
        }
        warning(fw.range, fmt::format("firmware = \"{}\" overrides bios = \"{}\" ({}), as in xl; remove one", fw.text,
                                      *c_.hvm_bios, line_of(c_.hvm_bios.where)));
    }

    void pv_firmware() {
        auto fw = get_string("firmware");
        if (!fw) return;
        Firmware& f = c_.firmware;
        f.written = fw->text;
        f.key = "firmware";
        f.where = fw->range;
        if (c_.kernel && !kernel_from_modules_) {
            error(fw->range, fmt::format("both \"kernel\" ({}) and \"firmware\" ({}) are specified; a {} guest boots "
                                         "by exactly one of kernel, firmware or bootloader",
                                         line_of(c_.kernel->where), line_of(fw->range), to_string(*c_.type)));
            return;
        }
        bool p32 = is_prefix_of(fw->text, "pvgrub32");
        bool p64 = is_prefix_of(fw->text, "pvgrub64");
        if (!p32 && !p64) {
            error(fw->range,
                  fmt::format("firmware = \"{}\" is not supported for {} guests: only \"pvgrub32\" and \"pvgrub64\" "
                              "are (xl: \"only pvgrub{{32|64}} supported as firmware options\")",
                              fw->text, to_string(*c_.type)));
            return;
        }
        // xl loads XENFIRMWAREDIR "/%s.bin" with the value as written, abbreviation or not.
        FileRef img;
        img.key = "firmware";
        img.written = fw->text;
        img.where = fw->range;
        img.resolved = fs::path(opt_.firmware_dir.string() + "/" + fw->text + ".bin");
        f.image = img;
        if (fw->text == "pvgrub32" || fw->text == "pvgrub64") {
            f.kind = p32 ? FirmwareKind::pvgrub32 : FirmwareKind::pvgrub64;
        } else {
            f.kind = p32 && !p64 ? FirmwareKind::pvgrub32 : p64 && !p32 ? FirmwareKind::pvgrub64 : FirmwareKind::path;
            warning(fw->range, fmt::format("firmware = \"{}\" is an abbreviation: xl loads \"{}\", not pvgrub32.bin or "
                                           "pvgrub64.bin; write \"pvgrub32\" or \"pvgrub64\"",
                                           fw->text, img.resolved.string()));
        }
    }

    void smbios() {
        const cfg::Value* v = doc_.get("smbios");
        if (v == nullptr) return;
        if (*c_.type != GuestType::hvm) {
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
                      fmt::format("Unable to get element #{} in smbios list: it is a list, not a \"key=value\" string",
                                  i));
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

    // Exactly one boot method per guest (issue 3); conflicts name both keys and their lines.
    void boot_method() {
        const auto type = *c_.type;
        const auto tline = c_.type.where.line != 0 ? fmt::format("{} at line {}", c_.type.key, c_.type.where.line)
                                                   : std::string("the default type");
        if (!c_.kernel && c_.ramdisk && !c_.bootloader.is_set() && type != GuestType::hvm)
            warning(c_.ramdisk->where, "\"ramdisk\" without \"kernel\" is not loaded");
        if (type == GuestType::hvm) {
            c_.boot = c_.kernel ? BootMethod::direct : BootMethod::firmware;
            if (c_.bootloader.is_set())
                error(c_.bootloader.where, fmt::format("\"bootloader\" ({}) cannot boot an HVM guest ({}): HVM guests "
                                                       "boot through their firmware; xl ignores it",
                                                       line_of(c_.bootloader.where), tline));
            if (!c_.modules.empty() || kernel_from_modules_)
                error(modules_range_, fmt::format("\"modules\" ({}) is for PV and PVH direct boot; an HVM guest ({}) "
                                                  "loads its kernel through its firmware",
                                                  line_of(modules_range_), tline));
            return;
        }
        if (c_.bootloader.is_set()) {
            c_.boot = BootMethod::bootloader;
            // With a bootloader, kernel/ramdisk/cmdline are hints for it, read from the guest's disk.
            if (c_.kernel) c_.kernel->inside_guest = true;
            if (c_.ramdisk) c_.ramdisk->inside_guest = true;
            if (c_.firmware.image)
                error(c_.firmware.where,
                      fmt::format("both \"firmware\" ({}) and \"bootloader\" ({}) choose how the guest boots; keep one",
                                  line_of(c_.firmware.where), line_of(c_.bootloader.where)));
            if (!c_.modules.empty() || kernel_from_modules_)
                error(modules_range_, fmt::format("\"modules\" ({}) cannot be combined with \"bootloader\" ({}): the "
                                                  "bootloader chooses what to load",
                                                  line_of(modules_range_), line_of(c_.bootloader.where)));
            return;
        }
        if (c_.firmware.image) {
            c_.boot = BootMethod::firmware;
            if (!c_.modules.empty() || kernel_from_modules_)
                error(modules_range_, fmt::format("\"modules\" ({}) cannot be combined with \"firmware\" ({}): pvgrub "
                                                  "loads the kernel from the guest's disk",
                                                  line_of(modules_range_), line_of(c_.firmware.where)));
            return;
        }
        if (c_.kernel) {
            c_.boot = BootMethod::direct;
            if (type == GuestType::pv && !c_.modules.empty())
                error(modules_range_, fmt::format("\"modules\" ({}) lists {} module(s) after the kernel, but a PV "
                                                  "guest ({}) takes only one ramdisk; use type = \"pvh\"",
                                                  line_of(modules_range_), c_.modules.size(), tline));
            return;
        }
        const cfg::Value* mods = doc_.get("modules");
        bool modules_tried = mods != nullptr && (!mods->is_list() || !mods->items.empty());
        if (!doc_.get("firmware") && !modules_tried)
            d_.error({doc_.file(), 0, 0, 0}, fmt::format("Neither kernel nor bootloader specified: a {} guest boots by "
                                                         "exactly one of \"kernel\", \"firmware\" or \"bootloader\"",
                                                         to_string(type)));
    }

    // A PVH guest's command line travels in hvm_start_info, at most MAX_GUEST_CMDLINE bytes with
    // its NUL (docs/misc/pvh.pandoc); the planner refuses more, so the value is refused here.
    void pvh_cmdline() {
        if (*c_.type != GuestType::pvh || !c_.cmdline.is_set() || c_.boot == BootMethod::bootloader) return;
        const std::size_t bytes = c_.cmdline->size() + 1;
        if (bytes > DOMFW_HVM_MAX_GUEST_CMDLINE)
            error(c_.cmdline.where,
                  fmt::format("the kernel command line from \"{}\" is {} bytes with its NUL, above {} "
                              "(MAX_GUEST_CMDLINE), the most a PVH guest is given",
                              c_.cmdline.key, bytes, DOMFW_HVM_MAX_GUEST_CMDLINE));
    }

    static constexpr std::size_t kMaxUnknownKeysListed = 100;

    void unknown_and_duplicate_keys() {
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

    void check_files() {
        if (opt_.missing_file == MissingFile::ignore) return;
        for (const FileRef* f : c_.files()) {
            if (f->inside_guest) continue;
            std::error_code ec;
            if (!f->resolved.empty() && fs::is_regular_file(f->resolved, ec)) continue;
            // A device or FIFO is there but is no file to load (/dev/zero would be read forever).
            const bool there = !f->resolved.empty() && fs::exists(f->resolved, ec);
            auto message = fmt::format("{} = \"{}\": {} (resolved to \"{}\")", f->key, f->written,
                                       there ? "not a regular file" : "file not found", f->resolved.string());
            if (opt_.missing_file == MissingFile::error)
                error(f->where, message);
            else
                warning(f->where, message);
        }
        if (c_.bootloader.is_set() && opt_.missing_file != MissingFile::ignore) {
            fs::path p(*c_.bootloader);
            fs::path resolved = p.is_absolute() ? p : opt_.bootloader_dir / p;
            std::error_code ec;
            if (!fs::exists(resolved, ec)) {
                auto message = fmt::format("bootloader = \"{}\": program not found (resolved to \"{}\")",
                                           *c_.bootloader, resolved.string());
                if (opt_.missing_file == MissingFile::error)
                    error(c_.bootloader.where, message);
                else
                    warning(c_.bootloader.where, message);
            }
        }
    }
};

} // namespace

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
    Interpreter(r.document, options, r.diagnostics, r.config).run();
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
