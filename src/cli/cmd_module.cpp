// `domfw module inspect FILE`: decode a firmware module or a bundle (docs/module-format.md).
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "module/module_inspect.hpp"
#include "support/files.hpp"

namespace domfw::cli {
namespace {

struct InspectArgs {
    std::string file;
    bool json = false;
    bool show_secrets = false;
};

void run_inspect(const InspectArgs& a, Context& ctx) {
    auto bytes = support::read_file(a.file, support::kModuleInput);
    if (!bytes) {
        write_err(fmt::format("domfw: {}\n", bytes.error().message));
        ctx.exit_code = kInvalidInput;
        return;
    }
    auto j = module::inspect(*bytes, module::InspectOptions{a.show_secrets});
    if (!j) {
        write_err(fmt::format("domfw: {}: {}\n", a.file, j.error().message));
        ctx.exit_code = kInvalidInput;
        return;
    }
    if (a.json)
        print_json(versioned(*j).dump(2));
    else
        write_out(module::render_inspection(*j));
    ctx.exit_code = kOk;
}

void add_module_commands(CLI::App& root, Context& ctx) {
    auto* group = root.add_subcommand("module", "Firmware modules and bundles (docs/module-format.md)");
    group->require_subcommand(1);
    group->footer("Example:\n  domfw module inspect out/pvh/bundle.dfwb");
    auto args = std::make_shared<InspectArgs>();
    auto* inspect = group->add_subcommand(
        "inspect", "Validate and decode a module or bundle: header, CRC-32C, and per type the SMBIOS structures,\n"
                   "ACPI tables (MSDM bodies masked), option ROM or named blob. Exit 1 with a precise message\n"
                   "(offset, field, values in hex) when anything is malformed.");
    // Its own footer: otherwise CLI11 repeats the top-level examples under this command's options.
    inspect->footer("Example (a bundle that `domfw build examples/pvh-host-passthrough.cfg -o out/pvh` wrote):\n"
                    "  domfw module inspect out/pvh/bundle.dfwb --json");
    inspect->add_option("FILE", args->file, "module or bundle file")->required();
    inspect->add_flag("--json", args->json, "print JSON instead of text");
    inspect->add_flag("--show-secrets", args->show_secrets, "show MSDM product keys (masked by default)");
    inspect->callback([args, &ctx] { run_inspect(*args, ctx); });
}

} // namespace

DOMFW_REGISTER_COMMANDS("50-module", {"module"}, add_module_commands);

} // namespace domfw::cli
