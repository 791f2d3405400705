#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string_view>
#include <unistd.h>

#include "cli/command.hpp"
#include "domain/keys.hpp"
#include "support/diagnostic.hpp"

namespace domfw::cli {

Registration::Registration(std::string key, std::vector<std::string> commands, AddCommands add) {
    registry().push_back({std::move(key), std::move(commands), add});
}

std::vector<RegisteredGroup>& registry() {
    static std::vector<RegisteredGroup> groups;
    return groups;
}

void print_json(const std::string& dumped) {
    // JSON carries a value's C1 controls and bidi overrides as they are; a terminal would act
    // on them. The same JSON value, escaped, when a person reads it.
    if (::isatty(STDOUT_FILENO) != 0)
        write_out(support::escape_controls_in_json(dumped));
    else
        write_out(dumped);
    write_out("\n");
}

nlohmann::ordered_json versioned(const nlohmann::ordered_json& body) {
    nlohmann::ordered_json j;
    j["schema_version"] = kJsonSchemaVersion;
    for (const auto& [k, v] : body.items())
        j[k] = v;
    return j;
}

void write_out(std::string_view text) {
    // A short write leaves the stream's error flag set; main() reports it at the end.
    if (!text.empty()) (void)std::fwrite(text.data(), 1, text.size(), stdout);
}

void write_err(std::string_view text) {
    if (!text.empty()) (void)std::fwrite(text.data(), 1, text.size(), stderr);
}

} // namespace domfw::cli

namespace {

// `domfw chek`: CLI11 would say "A subcommand is required" (it takes an unknown word for an
// extra positional argument). Name the word, and the command it was probably meant to be.
int unknown_command(std::string_view word, const std::vector<domfw::cli::RegisteredGroup>& groups) {
    using namespace domfw::cli;
    std::vector<std::string_view> names;
    for (const auto& g : groups)
        names.insert(names.end(), g.commands.begin(), g.commands.end());
    std::string shown = domfw::support::escape_controls(word);
    // Command words are short, so a swapped pair of letters ("bulid", two edits) must still
    // count: up to two edits, and fewer than the word has letters ("zz" suggests nothing).
    std::string hint;
    std::size_t best = std::min<std::size_t>(3, word.size());
    if (word.size() <= 64)
        for (auto name : names)
            if (auto d = domfw::domain::edit_distance(word, name); d < best) {
                best = d;
                hint = "; did you mean '" + std::string(name) + "'?";
            }
    write_err("domfw: unknown command '" + shown + "'" + hint + "\nRun 'domfw --help' for the list of commands.\n");
    return kUsage;
}

// `domfw cfg chek` and `domfw cfg`: the same for a group's own commands (cfg, host, module).
int check_group_command(CLI::App& app, int argc, char** argv) {
    using namespace domfw::cli;
    CLI::App* group = app.get_subcommand(argv[1]);
    auto subs = group->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) return kOk;
    std::string list;
    for (const auto* sub : subs)
        list += (list.empty() ? "" : ", ") + sub->get_name();
    const std::string prefix = argv[1];
    if (argc == 2) {
        write_err("domfw: 'domfw " + prefix + "' needs a command: " + list + "\n");
        return kUsage;
    }
    std::string_view word = argv[2];
    if (word.empty() || word[0] == '-') return kOk;
    for (const auto* sub : subs)
        if (sub->get_name() == word) return kOk;
    std::string hint;
    std::size_t best = std::min<std::size_t>(3, word.size());
    if (word.size() <= 64)
        for (const auto* sub : subs)
            if (auto d = domfw::domain::edit_distance(word, sub->get_name()); d < best) {
                best = d;
                hint = "; did you mean '" + prefix + " " + sub->get_name() + "'?";
            }
    write_err("domfw: unknown command '" + prefix + " " + domfw::support::escape_controls(word) + "'" + hint +
              "\n'domfw " + prefix + "' has: " + list + "\n");
    return kUsage;
}

// `domfw build a.cfg b.cfg -o out`: CLI11 names the extra word but not what the command takes.
// Say both: "domfw build: takes one FILE; 'b.cfg' is an extra argument".
int extra_arguments(CLI::App& app) {
    using namespace domfw::cli;
    CLI::App* cmd = &app;
    std::string path = "domfw";
    for (;;) {
        auto subs = cmd->get_subcommands();
        if (subs.empty()) break;
        cmd = subs.front();
        path += " " + cmd->get_name();
    }
    std::vector<std::string> names;
    for (const auto* o : cmd->get_options([](const CLI::Option* o) { return o->get_positional(); }))
        names.push_back(o->get_name());
    std::string takes = names.empty() ? "takes no argument" : names.size() == 1 ? "takes one " + names[0] : "takes";
    if (names.size() > 1)
        for (const auto& n : names)
            takes += " " + n;
    std::string extra;
    for (const auto& w : cmd->remaining())
        extra += (extra.empty() ? "'" : ", '") + domfw::support::escape_controls(w) + "'";
    if (extra.empty())
        for (const auto& w : app.remaining())
            extra += (extra.empty() ? "'" : ", '") + domfw::support::escape_controls(w) + "'";
    const std::string what = extra.empty()                             ? "there is an extra argument"
                             : extra.find("', '") == std::string::npos ? extra + " is an extra argument"
                                                                       : extra + " are extra arguments";
    write_err(path + ": " + takes + "; " + what + "\nRun '" + path + " --help' for more information.\n");
    return kUsage;
}

// Shown under the command list of `domfw --help`: the first commands a new user runs.
// They run as printed in a clone (tests/domain/cli_outputs_test.cpp runs every example line).
constexpr const char* kExamples = R"(Examples (in a clone, on the bundled examples):
  domfw check examples/hvm.cfg                       every error and warning in a guest's config
  domfw show --libxl-json examples/hvm.cfg           what `xl -N create examples/hvm.cfg` would print
  domfw host show --smbios                           this host's SMBIOS (serials redacted)
  domfw plan examples/pvh-direct.cfg                 the guest's memory plan
  domfw build examples/pvh-direct.cfg -o out/guest   every artifact, with an xl.cfg stock xl accepts
  domfw COMMAND --help                               each command's options and examples
)";

int run(int argc, char** argv) {
    using namespace domfw::cli;
    CLI::App app{"domfw: Xen guest boot configuration and firmware modules.\n"
                 "Parses and checks xl.cfg files exactly as Xen's libxlutil does, reads host SMBIOS and ACPI,\n"
                 "and builds typed firmware modules and guest memory plans.\n"
                 "Exit status: 0 success, 1 invalid input, 2 usage error.",
                 "domfw"};
    const std::string version = std::string("domfw ") + DOMFW_VERSION;
    app.set_version_flag("--version", version);
    app.require_subcommand(1);
    app.footer(kExamples);
    app.fallthrough(false);
    Context ctx;
    // `domfw --version` needs no command: answered before any group is built (building them all
    // costs 3 ms, for a line of output).
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        write_out(version + "\n");
        return kOk;
    }
    auto& groups = registry();
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    // Build only the group that owns the command named on the command line: constructing every
    // subcommand's options costs more than `domfw show` itself (docs/plan.md, "Start-up"). With no
    // command word, or an unknown one, every group is built so --help and the error list them all.
    const RegisteredGroup* named = nullptr;
    if (argc > 1 && argv[1][0] != '-') {
        std::string_view word = argv[1];
        for (const auto& g : groups)
            if (std::find(g.commands.begin(), g.commands.end(), word) != g.commands.end()) named = &g;
    }
    if (argc > 1 && argv[1][0] != '-' && named == nullptr) return unknown_command(argv[1], groups);
    if (argc == 1) {
        write_err("domfw: a command is required; `domfw --help` lists them, e.g. `domfw check guest.cfg`\n");
        return kUsage;
    }
    for (const auto& g : groups)
        if (named == nullptr || named == &g) g.add(app, ctx);
    if (named != nullptr)
        if (int rc = check_group_command(app, argc, argv); rc != kOk) return rc;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ExtrasError&) {
        return extra_arguments(app);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kOk : kUsage;
    } catch (const std::exception& e) {
        write_err(std::string("domfw: internal error: ") + e.what() + "\n");
        return kInvalidInput;
    }
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        const int e = errno;
        write_err(std::string("domfw: cannot write standard output") +
                  (e != 0 ? std::string(": ") + std::strerror(e) : std::string()) + "\n");
        return kInvalidInput;
    }
    return ctx.exit_code;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (...) { // nothing may escape main (a bad_alloc while setting up the parser)
        domfw::cli::write_err("domfw: internal error\n");
        return domfw::cli::kInvalidInput;
    }
}
