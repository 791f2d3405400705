#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string_view>

#include "cli/command.hpp"

namespace domfw::cli {

Registration::Registration(std::string key, std::vector<std::string> commands, AddCommands add) {
    registry().push_back({std::move(key), std::move(commands), add});
}

std::vector<RegisteredGroup>& registry() {
    static std::vector<RegisteredGroup> groups;
    return groups;
}

void print_json(const std::string& dumped) {
    std::fwrite(dumped.data(), 1, dumped.size(), stdout);
    std::fputc('\n', stdout);
}

} // namespace domfw::cli

int main(int argc, char** argv) {
    using namespace domfw::cli;
    CLI::App app{"domfw: Xen guest boot configuration and firmware modules.\n"
                 "Parses and checks xl.cfg files exactly as Xen's libxlutil does, reads host SMBIOS and ACPI,\n"
                 "and builds typed firmware modules and guest memory plans.\n"
                 "Exit status: 0 success, 1 invalid input, 2 usage error.",
                 "domfw"};
    app.set_version_flag("--version", std::string("domfw ") + DOMFW_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);
    Context ctx;
    auto& groups = registry();
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    // Build only the group that owns the command named on the command line: constructing every
    // subcommand's options costs more than `domfw show` itself (docs/build.md, "Start-up"). With no
    // command word, or an unknown one, every group is built so --help and the error list them all.
    const RegisteredGroup* named = nullptr;
    if (argc > 1 && argv[1][0] != '-') {
        std::string_view word = argv[1];
        for (const auto& g : groups)
            if (std::find(g.commands.begin(), g.commands.end(), word) != g.commands.end()) named = &g;
    }
    for (const auto& g : groups)
        if (named == nullptr || named == &g) g.add(app, ctx);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kOk : kUsage;
    } catch (const std::exception& e) {
        std::cerr << "domfw: internal error: " << e.what() << '\n';
        return kInvalidInput;
    }
    std::fflush(stdout);
    return ctx.exit_code;
}
