// `domfw host show` and `domfw host dump`: the host's SMBIOS and ACPI tables, read live or from a
// capture, shown decoded or written back as a capture that dmidecode and iasl can read.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "acpi/report.hpp"
#include "cli/command.hpp"
#include "hostfw/host_firmware.hpp"
#include "smbios/json_writer.hpp"
#include "smbios/report.hpp"

namespace domfw::cli {

namespace {

struct HostShowOptions {
    bool smbios = false;
    bool acpi = false;
    std::string from;
    bool json = false;
    bool show_secrets = false;
};

struct HostDumpOptions {
    std::string out;
    std::string from;
    bool force = false;
};

std::optional<std::filesystem::path> source(const std::string& from) {
    if (from.empty()) return std::nullopt;
    return std::filesystem::path(from);
}

int run_show(const HostShowOptions& o) {
    // Neither flag: everything that was found. Only what is asked for is read and reported on.
    const bool want_smbios = o.smbios || !o.acpi;
    const bool want_acpi = o.acpi || !o.smbios;
    const hostfw::HostParts parts{want_smbios, want_acpi};
    auto fw = hostfw::load_host_firmware(source(o.from), parts);
    if (!fw) {
        write_err(fmt::format("domfw host show: {}\n", fw.error().message));
        return kInvalidInput;
    }
    if (o.smbios && !fw->smbios) {
        write_err(fmt::format("domfw host show: {}\n", fw->smbios_missing.value_or("no SMBIOS")));
        return kInvalidInput;
    }
    if (o.acpi && !fw->acpi) {
        write_err(fmt::format("domfw host show: {}\n", fw->acpi_missing.value_or("no ACPI")));
        return kInvalidInput;
    }
    const smbios::ReportOptions sopt{o.show_secrets};
    const acpi::ReportOptions aopt{o.show_secrets};
    // SMBIOS output is streamed in pieces (a 31 MB table is about 250 MB of JSON).
    const auto to_stdout = [](std::string_view piece) { write_out(piece); };
    if (o.json) {
        // Members sorted as in a nlohmann object; SMBIOS is streamed (smbios::write_json).
        std::string out = "{";
        bool first = true;
        auto member = [&](std::string_view key) {
            out += first ? "\n  " : ",\n  ";
            first = false;
            smbios::append_json_string(out, key);
            out += ": ";
        };
        auto nested = [](const nlohmann::json& j) {
            // Indented one level deeper: two spaces after every newline.
            const std::string d = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
            std::string r;
            r.reserve(d.size() + d.size() / 8);
            std::size_t from = 0;
            for (std::size_t nl; (nl = d.find('\n', from)) != std::string::npos; from = nl + 1) {
                r.append(d, from, nl + 1 - from);
                r += "  ";
            }
            r.append(d, from);
            return r;
        };
        if (want_acpi) {
            member("acpi");
            out += fw->acpi ? nested(acpi::to_json(*fw->acpi, aopt)) : std::string("null");
            if (fw->acpi_missing) {
                member("acpi_missing");
                smbios::append_json_string(out, *fw->acpi_missing);
            }
        }
        member("schema_version"); // sorted between "acpi_missing" and "smbios", as nlohmann would
        out += std::to_string(kJsonSchemaVersion);
        if (want_smbios) {
            member("smbios");
            if (fw->smbios) {
                write_out(out);
                out.clear();
                smbios::write_json(*fw->smbios, sopt, to_stdout, 1);
            } else {
                out += "null";
            }
            if (fw->smbios_missing) {
                member("smbios_missing");
                smbios::append_json_string(out, *fw->smbios_missing);
            }
        }
        out += first ? "}" : "\n}";
        print_json(out);
    } else {
        bool any = false;
        if (want_smbios && fw->smbios) {
            smbios::write_text(*fw->smbios, sopt, to_stdout);
            any = true;
        }
        if (want_acpi && fw->acpi) write_out((any ? "\n" : "") + acpi::render_text(*fw->acpi, aopt));
    }
    // A broken table is still shown (like dmidecode), but the exit status says it was broken.
    const auto problems = hostfw::host_problems(*fw, parts);
    for (const auto& p : problems)
        write_err(fmt::format("domfw host show: {}\n", p));
    return problems.empty() ? kOk : kInvalidInput;
}

int run_dump(const HostDumpOptions& o) {
    auto fw = hostfw::load_host_firmware(source(o.from));
    if (!fw) {
        write_err(fmt::format("domfw host dump: {}\n", fw.error().message));
        return kInvalidInput;
    }
    auto written = hostfw::write_host_dump(*fw, o.out, o.force);
    if (!written) {
        write_err(fmt::format("domfw host dump: {}\n", written.error().message));
        return kInvalidInput;
    }
    write_out(fmt::format("wrote {}\n", o.out));
    // What was broken is written as found (SMBIOS, like dmidecode --dump-bin) or left out (an
    // ACPI table whose header does not hold); either way the exit status says so.
    bool broken = false;
    for (const auto* part :
         {fw->smbios_unreadable ? &fw->smbios_missing : nullptr, fw->acpi_unreadable ? &fw->acpi_missing : nullptr}) {
        if (part == nullptr || !*part) continue;
        write_err(fmt::format("domfw host dump: not copied: {}\n", **part));
        broken = true;
    }
    if (fw->smbios && fw->smbios->error) {
        write_err(fmt::format("domfw host dump: {}\n", *fw->smbios->error));
        broken = true;
    }
    for (std::size_t i = 0; fw->acpi && i < fw->acpi->size(); ++i) {
        const auto& t = fw->acpi->tables()[i];
        if (t.problem().empty()) continue;
        write_err(fmt::format("domfw host dump: not copied: {}\n", t.problem()));
        broken = true;
    }
    return broken ? kInvalidInput : kOk;
}

void add_host(CLI::App& root, Context& ctx) {
    auto* host =
        root.add_subcommand("host", "Read the host's firmware tables (SMBIOS, ACPI): show them or capture them.");
    host->require_subcommand(1);
    host->footer("Examples:\n  domfw host show --smbios\n  sudo domfw host dump -o host-capture");

    auto show_opt = std::make_shared<HostShowOptions>();
    auto* show = host->add_subcommand(
        "show", "Decode the host's SMBIOS structures and ACPI tables.\n"
                "Without --from, reads this machine's /sys/firmware (dmi/tables needs root). --from takes a\n"
                "capture: a directory laid out like /sys/firmware (what `domfw host dump` writes), a folder\n"
                "with smbios_entry_point + DMI, a `dmidecode --dump-bin` file, a Windows RSMB blob or a raw\n"
                "structure table; the format is detected. Serial numbers, UUIDs and asset tags are shown as\n"
                "[redacted] unless --show-secrets. A broken table is shown up to the broken structure, and\n"
                "the exit status is 1.");
    // Its own footer: otherwise CLI11 repeats the top-level examples under this command's options.
    show->footer("Examples:\n  domfw host show --smbios\n"
                 "  domfw host show --smbios --from examples/firmware/laptop-host --json | jq '.smbios.structures[0]'");
    show->add_flag("--smbios", show_opt->smbios, "Show SMBIOS only (default: everything found)");
    show->add_flag("--acpi", show_opt->acpi, "Show ACPI only");
    show->add_option("--from", show_opt->from, "Read a capture instead of the live machine")->type_name("PATH");
    show->add_flag("--json", show_opt->json, "JSON: per structure type, handle, length, strings and decoded fields");
    show->add_flag("--show-secrets", show_opt->show_secrets,
                   "Also show serial numbers, UUIDs, asset tags and product keys");
    show->callback([show_opt, &ctx] { ctx.exit_code = run_show(*show_opt); });

    auto dump_opt = std::make_shared<HostDumpOptions>();
    auto* dump = host->add_subcommand(
        "dump", "Capture the host's firmware tables into a directory, written atomically:\n"
                "  dmi/tables/smbios_entry_point, dmi/tables/DMI   as in /sys/firmware\n"
                "  smbios-dump.bin                                 the `dmidecode --dump-bin` layout\n"
                "  acpi/tables/SIG[N]                              as in /sys/firmware\n"
                "The directory replays anywhere: `domfw host show --from DIR`, or\n"
                "`dmidecode --from-dump DIR/smbios-dump.bin`. It holds the host's serial numbers, UUID and any\n"
                "product key: DIR is 0700 and every file 0600. DIR is replaced only when it is absent, empty\n"
                "or an earlier domfw output; --force replaces any directory.");
    dump->footer("Examples:\n  sudo domfw host dump -o host-capture\n"
                 "  domfw host dump --from examples/firmware/laptop-host -o host-capture");
    dump->add_option("-o,--output", dump_opt->out, "Directory to write (replaced whole if it exists)")
        ->required()
        ->type_name("DIR")
        ->check(non_empty_path());
    dump->add_flag("--force", dump_opt->force,
                   "Replace DIR even when it is not a domfw output: everything in it is deleted");
    dump->add_option("--from", dump_opt->from, "Re-capture from a capture instead of the live machine")
        ->type_name("PATH");
    dump->callback([dump_opt, &ctx] { ctx.exit_code = run_dump(*dump_opt); });
}

} // namespace

DOMFW_REGISTER_COMMANDS("40-host", {"host"}, add_host);

} // namespace domfw::cli
