// `domfw cfg ...`: check, format, dump and query xl.cfg files (docs/cfg.md).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cfg/document.hpp"
#include "cfg/json.hpp"
#include "cfg/writer.hpp"
#include "cli/command.hpp"
#include "support/diagnostic.hpp"
#include "support/files.hpp"

namespace domfw::cli {

namespace {

struct CfgOptions {
    std::vector<std::string> files;
    std::string file;
    std::string key;
    bool json = false;
    bool check = false;
    bool write = false;
    bool raw = false;
};

// Values are someone else's bytes: shown escaped (ESC, other controls, invalid UTF-8, C1 and
// bidi controls as \xNN, as diagnostics show them) unless --raw asks for them as they are, which
// is refused on a terminal, where those bytes would drive it instead of being shown.
bool raw_refused_on_terminal(const CfgOptions& o, Context& ctx, const char* command) {
    if (!o.raw || ::isatty(STDOUT_FILENO) == 0) return false;
    write_err(fmt::format("domfw cfg {}: --raw writes values' control bytes as they are, so stdout must be a "
                          "file or a pipe, not a terminal\n",
                          command));
    ctx.exit_code = kUsage;
    return true;
}

std::string shown(const CfgOptions& o, std::string text) {
    if (o.raw) return text;
    return support::escape_controls(text);
}

void print_diagnostics(const cfg::ParseResult& r) {
    support::RenderOptions opt;
    opt.color = support::want_color(2);
    std::string text = r.diagnostics.render_all(r.source(), opt);
    write_err(text);
}

void run_check(const CfgOptions& o, Context& ctx) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const auto& path : o.files) {
        auto r = cfg::parse_file(path);
        errors += r.diagnostics.error_count();
        warnings += r.diagnostics.warning_count();
        if (o.json) {
            files.push_back({{"file", path}, {"ok", r.ok()}, {"diagnostics", r.diagnostics.to_json()}});
        } else {
            print_diagnostics(r);
            if (r.ok()) write_out(fmt::format("{}: ok ({} settings)\n", path, r.document.keys().size()));
        }
        if (!r.ok()) ctx.exit_code = kInvalidInput;
    }
    if (o.json) {
        nlohmann::ordered_json out;
        out["schema_version"] = kJsonSchemaVersion;
        out["ok"] = errors == 0;
        out["errors"] = errors;
        out["warnings"] = warnings;
        out["files"] = std::move(files);
        print_json(cfg::dump_text(out));
    } else if (errors != 0) {
        write_err(fmt::format("{} error{} in {} file{}\n", errors, errors == 1 ? "" : "s", o.files.size(),
                              o.files.size() == 1 ? "" : "s"));
    }
}

void run_fmt(const CfgOptions& o, Context& ctx) {
    if (o.check && o.write) {
        write_err("domfw cfg fmt: --check and --write exclude each other\n");
        ctx.exit_code = kUsage;
        return;
    }
    auto r = cfg::parse_file(o.file);
    if (!r.ok()) {
        print_diagnostics(r);
        ctx.exit_code = kInvalidInput;
        return;
    }
    auto formatted = cfg::format(r.source());
    if (!formatted) {
        write_err(fmt::format("{}: {}\n", o.file, formatted.error().message));
        ctx.exit_code = kInvalidInput;
        return;
    }
    if (o.check) {
        if (*formatted != r.source()) {
            write_err(fmt::format("{}: not in canonical layout; run `domfw cfg fmt --write {}`\n", o.file, o.file));
            ctx.exit_code = kInvalidInput;
        }
        return;
    }
    if (o.write) {
        if (*formatted == r.source()) return;
        auto w = support::write_file_atomic(o.file, std::string_view(*formatted));
        if (!w) {
            write_err(w.error().message + "\n");
            ctx.exit_code = kInvalidInput;
        }
        return;
    }
    write_out(*formatted);
}

void run_dump(const CfgOptions& o, Context& ctx) {
    if (!o.json && raw_refused_on_terminal(o, ctx, "dump")) return;
    auto r = cfg::parse_file(o.file);
    if (!r.ok()) ctx.exit_code = kInvalidInput;
    if (o.json) {
        // The JSON carries them too; stderr tells whoever reads the terminal.
        if (r.ok()) write_err(cfg::utf8_warnings(r.document).render_all(r.source()));
        print_json(cfg::dump_text(versioned(cfg::dump_json(r))));
        return;
    }
    print_diagnostics(r);
    if (!r.ok()) return;
    for (const auto& key : r.document.keys()) {
        auto text = cfg::to_source(*r.document.get(key));
        write_out(fmt::format("{} = {}\n", key, text ? shown(o, *text) : std::string("<NUL byte>")));
    }
}

void run_get(const CfgOptions& o, Context& ctx) {
    if (!o.json && raw_refused_on_terminal(o, ctx, "get")) return;
    auto r = cfg::parse_file(o.file);
    if (!r.ok()) {
        print_diagnostics(r);
        ctx.exit_code = kInvalidInput;
        return;
    }
    const cfg::Value* v = r.document.get(o.key);
    if (v == nullptr) {
        write_err(fmt::format("{}: `{}` is not set in this file\n", o.file, o.key));
        ctx.exit_code = kInvalidInput;
        return;
    }
    if (o.json) {
        write_err(cfg::utf8_warnings(r.document, o.key).render_all(r.source()));
        nlohmann::ordered_json j;
        j["schema_version"] = kJsonSchemaVersion;
        j["key"] = o.key;
        j["value"] = cfg::to_json(*v);
        print_json(cfg::dump_text(j));
    } else if (v->is_list()) {
        // One item per line; nested lists in xl.cfg syntax.
        for (const auto& item : v->items) {
            auto text = item.is_list() ? cfg::to_source(item) : Expected<std::string>(item.text.str());
            if (text) write_out(shown(o, *text) + "\n");
        }
    } else {
        write_out(shown(o, v->text.str()));
        write_out("\n");
    }
}

void add_cfg(CLI::App& root, Context& ctx) {
    auto opts = std::make_shared<CfgOptions>();
    auto* group = root.add_subcommand("cfg", "Check, format and query xl.cfg guest configuration files");
    group->require_subcommand(1);
    group->footer("The language is exactly what Xen 4.17's libxlutil (xl create) accepts; see docs/cfg.md.");

    auto* check = group->add_subcommand("check", "Syntax-check xl.cfg files and report every error");
    check->add_option("FILE", opts->files, "xl.cfg files to check")->required();
    check->add_flag("--json", opts->json,
                    "Print {schema_version, ok, errors, warnings, files:[{file, ok, diagnostics}]}");
    check->footer("Accepts and rejects exactly what libxlutil 4.17 does; every error of every file is\n"
                  "reported compiler style (FILE:LINE:COL, the line, a caret). Exit 1 if any file has an error.\n"
                  "Example:\n  domfw cfg check examples/*.cfg");
    check->callback([opts, &ctx] { run_check(*opts, ctx); });

    auto* fmt_cmd = group->add_subcommand("fmt", "Print an xl.cfg file in canonical layout");
    fmt_cmd->add_option("FILE", opts->file, "xl.cfg file")->required();
    fmt_cmd->add_flag("--check", opts->check, "Print nothing; exit 1 if FILE is not in canonical layout");
    fmt_cmd->add_flag("--write", opts->write, "Rewrite FILE in place (atomically) instead of printing");
    fmt_cmd->footer("Keeps comments and the order of statements; one `key = value` per line; values keep their\n"
                    "exact spelling, so xl reads the same settings. Only files without errors are formatted.\n"
                    "Examples:\n  domfw cfg fmt examples/hvm.cfg\n  domfw cfg fmt --write examples/hvm.cfg\n"
                    "  domfw cfg fmt --check examples/hvm.cfg || echo 'needs formatting'");
    fmt_cmd->callback([opts, &ctx] { run_fmt(*opts, ctx); });

    auto* dump = group->add_subcommand("dump", "Print the effective value of every setting");
    dump->add_option("FILE", opts->file, "xl.cfg file")->required();
    dump->add_flag("--json", opts->json,
                   "Print {\"ok\", \"values\": {KEY: VALUE}, \"diagnostics\": [...]}; VALUE is what libxlutil "
                   "returns: a string (numbers as written) or nested arrays");
    dump->add_flag("--raw", opts->raw,
                   "Write control bytes of values as they are (stdout must not be a terminal); by default they "
                   "are shown as \\xNN")
        ->excludes("--json");
    dump->footer("Effective means after the whole file: the last `=` wins and `+=` appends.\n"
                 "Example:\n  domfw cfg dump --json examples/hvm.cfg");
    dump->callback([opts, &ctx] { run_dump(*opts, ctx); });

    auto* get = group->add_subcommand("get", "Print the effective value of one setting");
    get->add_option("FILE", opts->file, "xl.cfg file")->required();
    get->add_option("KEY", opts->key, "setting name, e.g. memory")->required();
    get->add_flag("--json", opts->json, "Print {schema_version, key, value} (value: a string or nested arrays)");
    get->add_flag("--raw", opts->raw,
                  "Write the value's bytes as they are (stdout must not be a terminal); by default control bytes "
                  "are shown as \\xNN")
        ->excludes("--json");
    get->footer("Strings print as their decoded text, lists one item per line. Exit 1 when KEY is not set.\n"
                "Example:\n  domfw cfg get examples/hvm.cfg memory");
    get->callback([opts, &ctx] { run_get(*opts, ctx); });
}

} // namespace

DOMFW_REGISTER_COMMANDS("20-cfg", {"cfg"}, add_cfg);

} // namespace domfw::cli
