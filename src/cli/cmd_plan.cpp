// `domfw plan FILE` and `domfw build FILE -o DIR`: the guest memory plan of an xl.cfg, and every
// artifact that boots it (docs/plan.md).
#include <cstdio>
#include <memory>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/hash_progress.hpp"
#include "cli/plan_loading.hpp"
#include "domain/load.hpp"
#include "emit/build_output.hpp"
#include "emit/memory_map_svg.hpp"
#include "emit/plan_report.hpp"
#include "plan/boot_image_check.hpp"
#include "plan/from_domain.hpp"
#include "plan/layout.hpp"
#include "plan/plan.hpp"
#include "plan/plan_keys.hpp"
#include "support/diagnostic.hpp"
#include "support/files.hpp"

namespace domfw::cli {

std::unique_ptr<Loaded> load_and_plan(const std::string& file, Context& ctx) {
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    auto out = std::make_unique<Loaded>();
    out->load = domain::load(file, lo);
    plan::check_plan_keys(out->load, out->load.diagnostics);
    plan::check_boot_image(out->load, out->load.diagnostics);
    support::RenderOptions ro;
    ro.color = support::want_color(STDERR_FILENO);
    if (!out->load.diagnostics.empty()) {
        const auto text = out->load.diagnostics.render_all(out->load.source, ro);
        write_err(text);
    }
    if (!out->load.ok()) {
        ctx.exit_code = kInvalidInput;
        return nullptr;
    }
    // A refusal about a config value is shown at the value, as load errors are; one that is not
    // (domfw's loader not found, the host's hvmloader) as a line naming the file.
    support::Diagnostics refused;
    auto in = plan::plan_input_from_domain(out->load, refused);
    if (!in) {
        if (!refused.empty())
            write_err(refused.render_all(out->load.source, ro));
        else
            write_err(fmt::format("domfw: {}: {}\n", file, support::escape_controls(in.error().message)));
        ctx.exit_code = kInvalidInput;
        return nullptr;
    }
    // The policy's warnings (also in the build's passthrough.txt) where the user sees them.
    for (const auto& n : in->notes)
        if (n.starts_with("warning: ")) write_err(fmt::format("domfw: {}: {}\n", file, support::escape_controls(n)));
    out->input = std::move(*in);
    auto p = plan::make_plan(out->input.input);
    if (!p) {
        write_err(fmt::format("domfw: {}: {}\n", file, support::escape_controls(p.error().message)));
        ctx.exit_code = kInvalidInput;
        return nullptr;
    }
    out->plan = std::move(*p);
    return out;
}

namespace {

void add_plan_commands(CLI::App& root, Context& ctx) {
    struct PlanArgs {
        std::vector<std::string> files;
        bool json = false;
        std::string svg;
    };
    auto pa = std::make_shared<PlanArgs>();
    auto* plan = root.add_subcommand("plan", "Show the guest memory plan of an xl.cfg (HVM or PVH)");
    plan->footer(
        fmt::format("Places the loader (hvmloader at {:#x}) or the PVH kernel (its ELF load segments), every\n"
                    "module page-aligned (HVM: right behind the loader as libxc does, or from {:#x} with\n"
                    "module_placement = \"proposal\"), and the hvm_start_info segment; reserves every fixed\n"
                    "region; derives the minimum memory. Prints the regions (name, start, end, size, kind), the\n"
                    "modules, the e820 before and after hand-off, hvm_info_table and the xenstore keys.\n"
                    "With several FILEs each plan is headed by `==> FILE <==`; --json prints one JSON object per\n"
                    "FILE, in order (a stream `jq` reads); --svg takes one FILE. Exit 1 if any plan fails.\n"
                    "Examples:\n  domfw plan examples/pvh-host-passthrough.cfg --svg map.svg\n"
                    "  domfw plan --json examples/hvm.cfg examples/pvh-direct.cfg | jq .min_memory_mib",
                    plan::layout::kLoaderBase, plan::layout::kProposalModuleBase));
    plan->add_option("FILE", pa->files, "xl.cfg files")->required();
    plan->add_flag("--json", pa->json, "print the plan as JSON");
    plan->add_option("--svg", pa->svg, "also write the memory map as SVG to this file")->check(non_empty_path());
    plan->callback([pa, &ctx] {
        if (!pa->svg.empty() && pa->files.size() > 1) {
            write_err(fmt::format("domfw plan: --svg writes one map: give one FILE, not {}\n", pa->files.size()));
            ctx.exit_code = kUsage;
            return;
        }
        bool failed = false;
        for (std::size_t i = 0; i < pa->files.size(); ++i) {
            const auto& file = pa->files[i];
            if (pa->files.size() > 1 && !pa->json)
                write_out(fmt::format("{}==> {} <==\n", i == 0 ? "" : "\n", support::escape_controls(file)));
            // Each plan beside its diagnostics on standard error, with 2>&1. (One file: main()
            // flushes, and reports a failed write with its errno.)
            if (pa->files.size() > 1) (void)std::fflush(stdout);
            Context one;
            auto l = load_and_plan(file, one);
            if (!l) {
                failed = true;
                continue;
            }
            if (!pa->svg.empty()) {
                auto w =
                    support::write_file_atomic(pa->svg, emit::memory_map_svg(l->plan, file + ": guest memory map"));
                if (!w) {
                    write_err(fmt::format("domfw: {}\n", w.error().message));
                    failed = true;
                    continue;
                }
            }
            if (pa->json) {
                nlohmann::ordered_json j;
                j["file"] = file;
                const auto body = emit::plan_json(l->plan);
                for (const auto& [k, v] : body.items())
                    j[k] = v;
                print_json(versioned(j).dump(2));
            } else {
                write_out(emit::plan_table(l->plan));
            }
        }
        ctx.exit_code = failed ? kInvalidInput : kOk;
    });

    struct BuildArgs {
        std::string file;
        std::string out;
        bool json = false;
        bool sync = false;
        bool force = false;
    };
    auto ba = std::make_shared<BuildArgs>();
    auto* b = root.add_subcommand("build", "Build every artifact of a guest into a directory (all or nothing)");
    b->footer("Writes DIR/{plan.json, plan.txt, memory-map.svg, launch-log.json, xenstore.txt, start_info.bin,\n"
              "hvm_info_table.bin, bundle.dfwb, modules/*.dfwm, smbios.bin, acpi.bin, xl.cfg}. smbios_firmware\n"
              "and acpi_firmware are validated (length-prefix walk, table lengths, checksums) before they\n"
              "are copied; xl.cfg has absolute paths and points at the copies (HVM). A PVH guest with\n"
              "SMBIOS/ACPI pass-through or more than one module boots through domfw's loader: DIR gets\n"
              "domfw-loader.elf (found through $DOMFW_LOADER, next to domfw, or in PREFIX/lib/domfw or\n"
              "PREFIX/share/domfw) and bundle.dfwb (the kernel, ramdisk, modules with their command lines and\n"
              "the SMBIOS/ACPI modules), and xl.cfg says kernel = the loader, ramdisk = the bundle. A PVH\n"
              "kernel may be a bzImage (xz, gzip, zstd or lz4): its vmlinux is planned and bundled.\n"
              "DIR is replaced whole and atomically, and only when it is absent, empty or an earlier domfw\n"
              "output (its .domfw-output marker); --force replaces any directory. A failed or killed build\n"
              "leaves the previous DIR as it was. Files holding a product key (MSDM) or the host's identity\n"
              "(smbios_copy_identity = 1), and xl.cfg when FILE is not readable by others, are 0600 in a\n"
              "0700 DIR; the rest follow the umask. Like libxl's own state, the output is not flushed to\n"
              "disk unless --sync is given; use it when DIR must survive a power loss.\n"
              "Examples: domfw build examples/hvm-host-passthrough.cfg -o out/hvm\n"
              "          domfw build examples/pvh-host-passthrough.cfg -o out/pvh --json");
    b->add_option("FILE", ba->file, "xl.cfg file")->required();
    b->add_option("-o,--output", ba->out, "output directory (replaced whole)")
        ->required()
        ->type_name("DIR")
        ->check(non_empty_path());
    b->add_flag("--force", ba->force, "replace DIR even when it is not a domfw output: everything in it is deleted");
    b->add_flag("--json", ba->json, "print what was written as JSON");
    b->add_flag(
        "--sync", ba->sync,
        "flush the output to disk before publishing it (one syncfs), so DIR survives a power loss once domfw returns; "
        "costs one device flush");
    b->callback([ba, &ctx] {
        auto l = load_and_plan(ba->file, ctx);
        if (!l) return;
        auto r = emit::write_build(l->load.document, l->load.config, l->input, l->plan, ba->out,
                                   ba->sync ? support::Durability::kDurable : support::Durability::kAtomic, ba->force,
                                   ::isatty(STDERR_FILENO) != 0 ? terminal_hash_progress() : emit::HashObserver{});
        if (!r) {
            write_err(fmt::format("domfw: {}: {}\n", ba->file, support::escape_controls(r.error().message)));
            ctx.exit_code = kInvalidInput;
            return;
        }
        if (ba->json) {
            nlohmann::ordered_json j;
            j["schema_version"] = kJsonSchemaVersion;
            j["dir"] = r->dir.string();
            j["files"] = r->files;
            print_json(j.dump(2));
        } else {
            write_out(fmt::format("built {}: {} files\n", r->dir.string(), r->files.size()));
        }
        ctx.exit_code = kOk;
    });
}

} // namespace

DOMFW_REGISTER_COMMANDS("60-plan", (std::vector<std::string>{"plan", "build"}), add_plan_commands);

} // namespace domfw::cli
