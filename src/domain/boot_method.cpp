// How the guest boots: kernel, ramdisk, cmdline (or root/extra), bootloader and its arguments,
// the `modules` list, and the check that exactly one boot method remains.
#include "domain/interpreter.hpp"

#include <vector>

#include "domain/module_spec.hpp"
#include "domfw/abi/start_info.h"

namespace domfw::domain::detail {

void Interpreter::boot_keys() {
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

void Interpreter::modules() {
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
                error(
                    first.file.where,
                    fmt::format("modules[0] is the kernel and sets its command line, and so does \"{}\" ({}); keep one",
                                c_.cmdline.key, line_of(c_.cmdline.where)));
            else
                set(c_.cmdline, first.cmdline, "modules[0]", first.file.where);
        }
    }
}

// Exactly one boot method per guest; conflicts name both keys and their lines.
void Interpreter::boot_method() {
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
void Interpreter::pvh_cmdline() {
    if (*c_.type != GuestType::pvh || !c_.cmdline.is_set() || c_.boot == BootMethod::bootloader) return;
    const std::size_t bytes = c_.cmdline->size() + 1;
    if (bytes > DOMFW_HVM_MAX_GUEST_CMDLINE)
        error(c_.cmdline.where, fmt::format("the kernel command line from \"{}\" is {} bytes with its NUL, above {} "
                                            "(MAX_GUEST_CMDLINE), the most a PVH guest is given",
                                            c_.cmdline.key, bytes, DOMFW_HVM_MAX_GUEST_CMDLINE));
}

} // namespace domfw::domain::detail
