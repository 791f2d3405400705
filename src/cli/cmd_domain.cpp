// `domfw check`, `domfw show`, `domfw lint`: the domain model on the command line (docs/domain.md).
#include <cstdio>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "domain/libxl_json.hpp"
#include "domain/lint.hpp"
#include "domain/load.hpp"
#include "plan/boot_image_check.hpp"
#include "plan/from_domain.hpp"
#include "plan/plan_keys.hpp"
#include "support/diagnostic.hpp"
#include "support/files.hpp"

namespace domfw::cli {

namespace {

struct DomainFlags {
    std::string firmware_dir = domain::kDefaultFirmwareDir;
    std::string bootloader_dir = domain::kDefaultBootloaderDir;
};

void add_dir_options(CLI::App* cmd, DomainFlags& f) {
    cmd->add_option("--firmware-dir", f.firmware_dir,
                    "Where bare firmware names (pvgrub32, a custom hvmloader) are looked up")
        ->capture_default_str();
    cmd->add_option("--bootloader-dir", f.bootloader_dir, "Where a bootloader named without a path is looked up")
        ->capture_default_str();
}

domain::LoadOptions options_of(const DomainFlags& f, domain::MissingFile missing) {
    domain::LoadOptions o;
    o.firmware_dir = f.firmware_dir;
    o.bootloader_dir = f.bootloader_dir;
    o.missing_file = missing;
    // The keys `domfw plan`/`build` read (module placement, the pass-through policy) are known
    // keys here too, not "unknown key" warnings.
    o.extension_keys = plan::build_extension_keys();
    return o;
}

void print_diagnostics(const domain::LoadResult& r) {
    support::RenderOptions ro;
    ro.color = support::want_color(STDERR_FILENO);
    auto text = r.diagnostics.render_all(r.source, ro);
    write_err(text);
}

// One file's entry of `check --json` (and of `show --json` when the file has errors).
nlohmann::ordered_json diagnostics_json(const std::string& file, const domain::LoadResult& r) {
    return {{"file", file}, {"ok", r.ok()}, {"diagnostics", r.diagnostics.to_json()}};
}

// `check --json` (and `show --json` of a file with errors): {schema_version, ok, errors, warnings,
// files: [{file, ok, diagnostics}]}, the shape of `cfg check --json`.
struct CheckJson {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    std::size_t errors = 0;
    std::size_t warnings = 0;
    void add(const std::string& file, const domain::LoadResult& r) {
        errors += r.diagnostics.error_count();
        warnings += r.diagnostics.warning_count();
        files.push_back(diagnostics_json(file, r));
    }
    void print() const {
        nlohmann::ordered_json j;
        j["schema_version"] = kJsonSchemaVersion;
        j["ok"] = errors == 0;
        j["errors"] = errors;
        j["warnings"] = warnings;
        j["files"] = files;
        print_json(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    }
};

// What a passing `check` looked at, so silence is never the only answer (as `cfg check` says
// "ok (N settings)"): the guest's type and boot method, and how many named files were found.
std::string checked_summary(const std::string& file, const domain::LoadResult& r) {
    const auto& c = r.config;
    std::size_t found = 0;
    for (const auto* f : c.files())
        if (!f->inside_guest) ++found;
    std::string s = fmt::format("{}: ok ({} guest, boot method {}, {} file{} found", support::escape_controls(file),
                                domain::to_string(*c.type), domain::to_string(c.boot), found, found == 1 ? "" : "s");
    if (auto w = r.diagnostics.warning_count(); w > 0) s += fmt::format(", {} warning{}", w, w == 1 ? "" : "s");
    return s + ")\n";
}

void add_check(CLI::App& root, Context& ctx) {
    struct Args {
        std::vector<std::string> files;
        bool json = false;
        DomainFlags dirs;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = root.add_subcommand("check", "Check xl.cfg files: every error and warning, with its location");
    cmd->footer(
        "Interprets each FILE as xl 4.17 does (type/builder, boot method, firmware, memory, vCPUs,\n"
        "shutdown actions, smbios, modules) and checks that every file it names exists, with paths\n"
        "relative to the config file's directory. Prints compiler-style diagnostics (colour only\n"
        "on a terminal). Exit status 1 if any file has an error.\n\n"
        "Example:\n  domfw check examples/hvm.cfg\n  domfw check --json examples/*.cfg | jq '.files[].diagnostics'");
    cmd->add_option("FILE", args->files, "xl.cfg files")->required();
    cmd->add_flag("--json", args->json, "Print the diagnostics as JSON");
    add_dir_options(cmd, args->dirs);
    cmd->callback([args, &ctx] {
        CheckJson out;
        bool failed = false;
        for (const auto& f : args->files) {
            auto r = domain::load(f, options_of(args->dirs, domain::MissingFile::error));
            plan::check_plan_keys(r, r.diagnostics);
            plan::check_boot_image(r, r.diagnostics);
            plan::check_passthrough_source(r, r.diagnostics);
            failed = failed || !r.ok();
            if (args->json) {
                out.add(f, r);
            } else {
                print_diagnostics(r);
                // Flushed at once, so with 2>&1 each file's line stays beside its diagnostics.
                if (r.ok()) {
                    write_out(checked_summary(f, r));
                    (void)std::fflush(stdout);
                }
            }
        }
        if (args->json) out.print();
        ctx.exit_code = failed ? kInvalidInput : kOk;
    });
}

struct ShowArgs {
    std::vector<std::string> files;
    bool json = false;
    bool libxl_json = false;
    DomainFlags dirs;
};

// One file of `show`; false when it has errors.
bool show_one(const std::string& file, const ShowArgs& args) {
    auto r = domain::load(file, options_of(args.dirs, domain::MissingFile::warning));
    print_diagnostics(r);
    if (!r.ok()) {
        // --json promises JSON on standard output: the errors, exactly as `check --json` has them.
        if (args.json) {
            CheckJson out;
            out.add(file, r);
            out.print();
        }
        return false;
    }
    if (args.libxl_json) {
        print_json(
            domain::to_libxl_json(r.config).dump(4, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    } else if (args.json) {
        print_json(versioned(domain::to_model_json(r.config))
                       .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    } else {
        const auto& c = r.config;
        // Names, paths and command lines are the config's bytes: escaped as diagnostics are.
        const auto e = [](std::string_view v) { return support::escape_controls(v); };
        std::string s = fmt::format("name:      {}\ntype:      {}\nboot:      {}\n", e(*c.name),
                                    domain::to_string(*c.type), domain::to_string(c.boot));
        if (c.kernel)
            s += fmt::format("kernel:    {}\n",
                             e(c.kernel->inside_guest ? c.kernel->written : c.kernel->resolved.string()));
        if (c.firmware.kind != domain::FirmwareKind::none)
            s += fmt::format("firmware:  {}{}\n", domain::to_string(c.firmware.kind),
                             c.firmware.from_alias ? " (from an alias)" : "");
        if (c.hvm_loader) s += fmt::format("hvmloader: {} (replaced)\n", e(c.hvm_loader->resolved.string()));
        if (c.bootloader.is_set()) s += fmt::format("bootloader: {}\n", e(*c.bootloader));
        if (c.cmdline.is_set()) s += fmt::format("cmdline:   {}\n", e(*c.cmdline));
        std::size_t i = 0;
        for (const auto& m : c.guest_modules())
            s += fmt::format("module {}:  {}{}\n", i++, e(m.file.resolved.string()),
                             m.cmdline.empty() ? "" : " (" + e(m.cmdline) + ")");
        if (c.max_memkb.is_set())
            s += fmt::format("memory:    {} MiB (max {} MiB)\n", c.target_memkb.is_set() ? *c.target_memkb / 1024 : 0,
                             *c.max_memkb / 1024);
        if (c.vcpus.is_set() && c.max_vcpus.is_set())
            s += fmt::format("vcpus:     {} (max {})\n", *c.vcpus, *c.max_vcpus);
        else if (c.max_vcpus.is_set() && *c.max_vcpus > 0)
            s += fmt::format("vcpus:     1 (xl's default: `vcpus` is not set; max {})\n", *c.max_vcpus);
        else
            s += "vcpus:     1 (xl's default: `vcpus` is not set)\n";
        write_out(s);
    }
    return true;
}

void add_show(CLI::App& root, Context& ctx) {
    auto args = std::make_shared<ShowArgs>();
    auto* cmd = root.add_subcommand("show", "Show the domain an xl.cfg describes (a dry run, like xl -N)");
    cmd->footer("Without options: a summary. --json: the interpreted model, every field with its key and\n"
                "line. --libxl-json: the libxl_domain_config JSON that `xl -N create FILE` prints, for the\n"
                "fields domfw models, with paths resolved relative to the config file. For HVM guests,\n"
                "firmware = PATH replaces hvmloader itself, as in xl. A missing file is a warning here.\n"
                "With several FILEs each summary is headed by `==> FILE <==`; --json and --libxl-json print\n"
                "one JSON object per FILE, in order (a stream `jq` reads). Exit 1 if any file has an error.\n\n"
                "Examples:\n  domfw show examples/hvm.cfg examples/pvh-direct.cfg\n"
                "  domfw show --libxl-json examples/hvm.cfg | jq .b_info");
    cmd->add_option("FILE", args->files, "xl.cfg files")->required();
    auto* j = cmd->add_flag("--json", args->json, "Print the interpreted model as JSON");
    auto* lj = cmd->add_flag("--libxl-json", args->libxl_json, "Print libxl_domain_config JSON as xl -N create does");
    j->excludes(lj);
    add_dir_options(cmd, args->dirs);
    cmd->callback([args, &ctx] {
        bool failed = false;
        const bool headed = args->files.size() > 1 && !args->json && !args->libxl_json;
        for (std::size_t i = 0; i < args->files.size(); ++i) {
            const auto& f = args->files[i];
            if (headed) write_out(fmt::format("{}==> {} <==\n", i == 0 ? "" : "\n", support::escape_controls(f)));
            failed = !show_one(f, *args) || failed;
            // Each file's output beside its diagnostics on standard error, with 2>&1. (One file:
            // main() flushes, and reports a failed write with its errno.)
            if (args->files.size() > 1) (void)std::fflush(stdout);
        }
        ctx.exit_code = failed ? kInvalidInput : kOk;
    });
}

// One file of `lint`: its migrations printed (or as JSON into `json_out`), applied with --fix.
// Returns false when the file cannot be read, does not parse, or cannot be rewritten.
struct LintArgs {
    std::vector<std::string> files;
    bool fix = false;
    bool check = false;
    bool json = false;
};

bool lint_one(const std::string& file, const LintArgs& args, nlohmann::json& json_out, std::size_t& pending) {
    auto text = support::read_text_file(file, support::kConfigInput);
    if (!text) {
        write_err(fmt::format("domfw lint: {}\n", text.error().message));
        return false;
    }
    auto result = domain::lint(*text, file);
    support::RenderOptions ro;
    ro.color = support::want_color(STDERR_FILENO);
    if (!result.ok) {
        write_err(result.diagnostics.render_all(*text, ro));
        return false;
    }
    if (args.json) {
        for (const auto& m : result.migrations)
            json_out.push_back({{"file", file}, {"line", m.line}, {"rule", m.rule}, {"message", m.message}});
    } else {
        write_err(result.diagnostics.render_all(*text, ro));
    }
    if (args.fix && result.fixed != *text) {
        auto w = support::write_file_atomic(file, result.fixed);
        if (!w) {
            write_err(fmt::format("domfw lint: {}\n", w.error().message));
            return false;
        }
        write_err(
            fmt::format("{}: {} migration(s) applied\n", support::escape_controls(file), result.migrations.size()));
    } else {
        pending += result.migrations.size();
    }
    return true;
}

void add_lint(CLI::App& root, Context& ctx) {
    auto args = std::make_shared<LintArgs>();
    auto* cmd = root.add_subcommand("lint", "Suggest (or apply) migrations that keep comments and layout");
    cmd->footer("Migrations: builder -> type, firmware aliases (bios, uefi) -> pinned names, string\n"
                "bootloader_args -> list, duplicated keys (earlier assignments removed), root/extra folded\n"
                "into cmdline. Without --fix, prints each as a diagnostic; --fix rewrites each FILE\n"
                "atomically. --check exits 1 while any migration is pending, so CI can gate on it.\n"
                "--json prints {schema_version, pending, migrations: [{file, line, rule, message}]}.\n\n"
                "Examples:\n  domfw lint examples/*.cfg && domfw lint --fix examples/hvm.cfg\n"
                "  domfw lint --check examples/*.cfg\n");
    cmd->add_option("FILE", args->files, "xl.cfg files")->required();
    auto* fix = cmd->add_flag("--fix", args->fix, "Rewrite each FILE with the migrations applied (atomically)");
    cmd->add_flag("--check", args->check, "Exit 1 when a migration is pending (nothing is rewritten)")->excludes(fix);
    cmd->add_flag("--json", args->json, "Print the migrations as JSON");
    cmd->callback([args, &ctx] {
        nlohmann::json out = nlohmann::json::array();
        bool failed = false;
        std::size_t pending = 0;
        for (const auto& f : args->files)
            failed = !lint_one(f, *args, out, pending) || failed;
        if (args->json) {
            nlohmann::ordered_json j;
            j["schema_version"] = kJsonSchemaVersion;
            j["pending"] = pending;
            j["migrations"] = out;
            print_json(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        }
        if (args->check && pending > 0 && !args->json)
            write_err(fmt::format("domfw lint: {} migration(s) pending; `domfw lint --fix` applies them\n", pending));
        ctx.exit_code = failed || (args->check && pending > 0) ? kInvalidInput : kOk;
    });
}

void add_domain_commands(CLI::App& root, Context& ctx) {
    add_check(root, ctx);
    add_show(root, ctx);
    add_lint(root, ctx);
}

} // namespace

DOMFW_REGISTER_COMMANDS("20-domain", (std::vector<std::string>{"check", "show", "lint"}), add_domain_commands);

} // namespace domfw::cli
