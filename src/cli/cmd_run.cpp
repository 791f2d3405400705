// `domfw run FILE`: build a guest as `domfw build` does and start it under QEMU (or hand the
// generated xl.cfg to xl on a Xen host), reporting how the guest ended (docs/run.md).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/hash_progress.hpp"
#include "cli/plan_loading.hpp"
#include "emit/build_output.hpp"
#include "run/kvm_probe.hpp"
#include "run/qemu_command.hpp"
#include "run/qemu_process.hpp"
#include "run/signals.hpp"
#include "run/xl_backend.hpp"
#include "support/diagnostic.hpp"

namespace domfw::cli {
namespace {

namespace fs = std::filesystem;

// How the guest ended, beyond 0/1/2 (docs/run.md).
enum RunExit : int { kTimeout = 3, kGuestReset = 4, kGuestCrashed = 5, kQemuRefused = 6 };

struct RunArgs {
    std::string file;
    std::string out;
    std::string backend = "auto";
    std::string machine = "pc";
    std::string accel = "auto";
    std::string console;
    run::OvmfFiles ovmf; // firmware = "ovmf": Debian's 4 MiB build unless --ovmf-code/--ovmf-vars
    double timeout = 0;
    bool print = false;
    bool json = false;
    bool dry_run = false;
    bool debug_exit = false;
    bool force = false;
};

// A Xen dom0 says so in /proc/xen/capabilities.
bool on_xen_dom0() {
    std::ifstream in("/proc/xen/capabilities");
    std::string text;
    std::getline(in, text);
    return text.find("control_d") != std::string::npos;
}

// The build directory of this run: -o DIR (kept), or a fresh temporary one removed at exit.
class RunDir {
public:
    explicit RunDir(const std::string& out) {
        if (!out.empty()) {
            dir_ = out;
            return;
        }
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = fmt::format("{}/domfw-run-XXXXXX", tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
        if (::mkdtemp(pattern.data()) == nullptr) {
            error_ = fmt::format("cannot create a temporary directory {}: {}", pattern, std::strerror(errno));
            return;
        }
        temp_ = pattern;
        dir_ = temp_ / "guest";
    }
    ~RunDir() {
        std::error_code ec;
        if (!temp_.empty()) fs::remove_all(temp_, ec);
    }
    RunDir(const RunDir&) = delete;
    RunDir& operator=(const RunDir&) = delete;
    [[nodiscard]] const fs::path& dir() const { return dir_; }
    [[nodiscard]] const std::string& error() const { return error_; }

private:
    fs::path temp_;
    fs::path dir_;
    std::string error_;
};

int interrupted_exit(int sig) { return 128 + sig; }

void progress_line(std::string_view line) { write_err(fmt::format("domfw: {}\n", line)); }

int run_xen(const RunArgs& a, const fs::path& dir) {
    const char* env = std::getenv("DOMFW_XL");
    const std::string xl = env != nullptr && *env != '\0' ? env : "xl";
    const std::string cfg = (dir / "xl.cfg").string();
    if (!a.dry_run) {
        auto ok = run::check_xen(xl);
        if (!ok) {
            write_err(fmt::format("domfw: backend xen: {}\n", support::escape_controls(ok.error().message)));
            return kInvalidInput;
        }
    }
    std::vector<std::string> args =
        a.dry_run ? std::vector<std::string>{"-N", "create", cfg} : std::vector<std::string>{"create", cfg};
    auto r = run::run_xl(xl, args, false);
    if (!r) {
        write_err(fmt::format("domfw: backend xen: {}\n", support::escape_controls(r.error().message)));
        return kInvalidInput;
    }
    if (r->status != 0) {
        write_err(fmt::format("domfw: backend xen: `{} {}` failed (exit {})\n", xl, fmt::join(args, " "), r->status));
        return kInvalidInput;
    }
    return kOk;
}

int report_end(const std::string& file, const run::RunOutcome& o) {
    using run::GuestEnd;
    const auto tail = [&] {
        if (!o.console_tail.empty()) {
            // Line by line: the guest's text is escaped (a terminal would act on its controls), its
            // line breaks are kept.
            std::string text = "domfw: the console's last lines:\n";
            std::string_view rest = o.console_tail;
            while (!rest.empty()) {
                const auto nl = rest.find('\n');
                text += "  " + support::escape_controls(rest.substr(0, nl)) + "\n";
                rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
            }
            write_err(text);
        } else
            write_err("domfw: the console printed nothing\n");
    };
    switch (o.end) {
    case GuestEnd::powered_off:
    case GuestEnd::debug_success: return kOk;
    case GuestEnd::interrupted:
        write_err(fmt::format("domfw: {}: stopped by signal {}; QEMU stopped\n", file, o.signal));
        return interrupted_exit(o.signal);
    case GuestEnd::refused:
        write_err(fmt::format("domfw: {}: QEMU refused to start (exit {}): {}\n", file, o.qemu_status,
                              support::escape_controls(o.qemu_stderr.empty() ? "no message" : o.qemu_stderr)));
        return kQemuRefused;
    case GuestEnd::timed_out:
        write_err(fmt::format("domfw: {}: {} ({:.1f} s); QEMU stopped\n", file, run::describe(o.end),
                              std::chrono::duration<double>(o.qemu_run).count()));
        tail();
        return kTimeout;
    case GuestEnd::reset:
        write_err(fmt::format("domfw: {}: {}\n", file, run::describe(o.end)));
        tail();
        return kGuestReset;
    case GuestEnd::panicked:
    case GuestEnd::crashed:
    case GuestEnd::debug_failure:
        write_err(fmt::format("domfw: {}: {} (QEMU exit {}){}{}\n", file, run::describe(o.end), o.qemu_status,
                              o.qemu_stderr.empty() ? "" : ": ", support::escape_controls(o.qemu_stderr)));
        tail();
        return kGuestCrashed;
    }
    return kGuestCrashed;
}

int run_command(const RunArgs& a) {
    const run::StopSignals signals;
    const bool progress = ::isatty(STDERR_FILENO) != 0 && !a.print && !a.json;
    const std::string backend = a.backend == "auto" ? (on_xen_dom0() ? "xen" : "qemu") : a.backend;
    RunDir rd(a.out);
    if (!rd.error().empty()) {
        write_err(fmt::format("domfw: {}\n", rd.error()));
        return kInvalidInput;
    }
    if (progress) progress_line(fmt::format("building {} into {}", a.file, rd.dir().string()));
    Context ctx;
    auto l = load_and_plan(a.file, ctx);
    if (!l) return ctx.exit_code;
    // What QEMU cannot run (a device, a firmware) is refused before anything is written, every
    // item at its place in the config, as load errors are.
    if (backend != "xen") {
        support::Diagnostics refused;
        run::check_qemu_can_run(l->load, l->input, refused);
        if (!refused.empty()) {
            support::RenderOptions ro;
            ro.color = support::want_color(STDERR_FILENO);
            write_err(refused.render_all(l->load.source, ro));
            return kInvalidInput;
        }
        // OVMF is the host's: a missing image is said before anything is built, not after.
        if (l->input.input.type == plan::GuestType::hvm && l->load.config.firmware.kind == domain::FirmwareKind::ovmf)
            for (const auto& [f, option] :
                 {std::pair{a.ovmf.code, "--ovmf-code"}, std::pair{a.ovmf.vars, "--ovmf-vars"}})
                if (!fs::is_regular_file(f)) {
                    write_err(
                        fmt::format("domfw: {}: firmware ovmf: {} is missing (Debian: apt install ovmf; elsewhere "
                                    "name the image with {})\n",
                                    a.file, support::escape_controls(f.string()), option));
                    return kInvalidInput;
                }
    }
    // -o DIR is replaced as `domfw build -o DIR` replaces it, --force included (the refusal names it).
    auto built =
        emit::write_build(l->load.document, l->load.config, l->input, l->plan, rd.dir(), support::Durability::kAtomic,
                          a.force, progress ? terminal_hash_progress() : emit::HashObserver{});
    if (!built) {
        write_err(fmt::format("domfw: {}: {}\n", a.file, support::escape_controls(built.error().message)));
        return kInvalidInput;
    }
    if (const int sig = run::StopSignals::received(); sig != 0) {
        write_err(fmt::format("domfw: {}: stopped by signal {} before QEMU started\n", a.file, sig));
        return interrupted_exit(sig);
    }
    if (backend == "xen") return run_xen(a, built->dir);

    run::QemuOptions qo;
    qo.machine = a.machine == "q35" ? run::Machine::q35 : run::Machine::pc;
    qo.debug_exit = a.debug_exit;
    qo.ovmf = a.ovmf;
    std::string why_not;
    qo.accel = a.accel == "kvm" ? run::Accel::kvm : run::Accel::tcg;
    if (a.accel == "auto") {
        auto kvm = run::probe_kvm();
        qo.accel = kvm ? run::Accel::kvm : run::Accel::tcg;
        if (!kvm) why_not = kvm.error().message;
    }
    auto cmd = run::qemu_command(l->load.config, l->input, built->dir, qo);
    if (!cmd) {
        write_err(fmt::format("domfw: {}: {}\n", a.file, support::escape_controls(cmd.error().message)));
        return kInvalidInput;
    }
    for (const auto& n : cmd->notes)
        write_err(fmt::format("domfw: note: {}\n", support::escape_controls(n)));
    if (cmd->ovmf_vars_template) {
        std::error_code ec;
        fs::copy_file(*cmd->ovmf_vars_template, built->dir / run::kOvmfVarsCopy, fs::copy_options::overwrite_existing,
                      ec);
        if (ec) {
            write_err(fmt::format("domfw: {}: cannot copy {} into {}: {}\n", a.file, cmd->ovmf_vars_template->string(),
                                  built->dir.string(), ec.message()));
            return kInvalidInput;
        }
        fs::permissions(built->dir / run::kOvmfVarsCopy, fs::perms::owner_write, fs::perm_options::add, ec);
    }
    if (a.print || a.json) {
        if (a.json)
            print_json(versioned({{"argv", cmd->argv}}).dump(2));
        else
            write_out(run::shell_command(cmd->argv) + "\n");
        return kOk;
    }
    if (!why_not.empty()) write_err(fmt::format("domfw: {}: running under TCG (emulation)\n", why_not));
    run::Supervision how;
    if (!a.console.empty()) how.console_file = a.console;
    if (a.timeout > 0) how.timeout = std::chrono::milliseconds(static_cast<long long>(a.timeout * 1000.0));
    if (progress) how.progress = progress_line;
    auto outcome = run::run_qemu(cmd->argv, how);
    if (!outcome) {
        write_err(fmt::format("domfw: {}: {}\n", a.file, support::escape_controls(outcome.error().message)));
        return kInvalidInput;
    }
    return report_end(a.file, *outcome);
}

void add_run_command(CLI::App& root, Context& ctx) {
    auto a = std::make_shared<RunArgs>();
    auto* r = root.add_subcommand("run", "Build a guest and boot it under QEMU, or hand it to xl on a Xen host");
    r->footer("Builds FILE as `domfw build` does (into a temporary directory removed at exit, or into DIR with\n"
              "-o, kept), then starts QEMU with the guest's memory, vCPUs, disks (read-only where xl makes them so:\n"
              "access=r, CD-ROMs), vif entries as user-mode NICs and its serial console on the terminal (or\n"
              "--console FILE); other device lists are left out with a note.\n"
              "HVM guests boot QEMU's SeaBIOS (firmware = \"ovmf\": OVMF, with the guest's own copy of its variable\n"
              "store in DIR) and get the SMBIOS/ACPI pass-through one structure and one table per option; PVH\n"
              "guests boot through domfw-loader.elf with the bundle as QEMU's -initrd. KVM when /dev/kvm runs a\n"
              "test guest, else TCG with a one-line notice (--accel chooses; under nested virtualisation TCG is\n"
              "often the faster). Ctrl-C stops QEMU and removes what the run created.\n"
              "Exit status: 0 the guest powered off; 1 invalid input; 2 usage error; 3 --timeout passed;\n"
              "4 the guest reset (rebooted or triple-faulted); 5 the guest panicked or QEMU crashed; 6 QEMU\n"
              "refused its arguments; 128+N stopped by signal N. A guest that does not power off is reported\n"
              "with the last lines of its console.\n"
              "--backend xen (the default on a Xen dom0) runs `xl create DIR/xl.cfg` once `xl info` works;\n"
              "--dry-run runs `xl -N create` instead ($DOMFW_XL names another xl).\n"
              "Examples:\n"
              "  domfw run examples/pvh-host-passthrough.cfg --timeout 60      # boot it, console here\n"
              "  domfw run examples/pvh-direct.cfg -o out/run --print          # the QEMU command, shell-quoted\n"
              "  domfw run examples/pvh-direct.cfg -o out/run --json           # {schema_version, argv: [...]}\n"
              "  domfw run examples/hvm.cfg --machine q35 --console guest.log  # Q35, console to a file\n"
              "  domfw run examples/pvh-direct.cfg --backend xen --dry-run     # what xl makes of the build\n"
              "(--print and --json without -o name files in the temporary build, which is gone when domfw exits.)");
    r->add_option("FILE", a->file, "xl.cfg file")->required();
    r->add_option("-o,--output", a->out, "build into DIR and keep it (default: a temporary directory)")
        ->type_name("DIR")
        ->check(non_empty_path());
    r->add_flag("--force", a->force, "with -o: replace DIR even when it is not a domfw output (as `build --force`)");
    r->add_flag("--print", a->print, "print the QEMU command, shell-quoted, instead of running it (use with -o)");
    r->add_flag("--json", a->json,
                "print the QEMU command as JSON, {schema_version, argv: [...]}, instead of running it");
    r->add_option("--machine", a->machine, "QEMU machine type")->check(CLI::IsMember({"pc", "q35"}))->default_val("pc");
    r->add_option("--accel", a->accel, "kvm, tcg, or auto (KVM when /dev/kvm runs a guest)")
        ->check(CLI::IsMember({"auto", "kvm", "tcg"}))
        ->default_val("auto");
    r->add_option("--console", a->console, "write the serial console to FILE instead of the terminal")
        ->type_name("FILE")
        ->check(non_empty_path());
    r->add_option("--timeout", a->timeout, "stop the guest after S seconds (exit 3)")
        ->type_name("S")
        ->check(CLI::PositiveNumber);
    r->add_option("--backend", a->backend, "qemu, xen, or auto (xen on a Xen dom0)")
        ->check(CLI::IsMember({"auto", "qemu", "xen"}))
        ->default_val("auto");
    r->add_option("--ovmf-code", a->ovmf.code, "firmware = \"ovmf\": the OVMF code image QEMU maps read-only")
        ->type_name("FILE")
        ->check(non_empty_path())
        ->default_str(a->ovmf.code.string());
    r->add_option("--ovmf-vars", a->ovmf.vars,
                  "firmware = \"ovmf\": the variable store template, copied into the build for the guest")
        ->type_name("FILE")
        ->check(non_empty_path())
        ->default_str(a->ovmf.vars.string());
    r->add_flag("--dry-run", a->dry_run, "backend xen: run `xl -N create` (nothing is started)");
    r->add_flag("--debug-exit", a->debug_exit,
                "add QEMU's isa-debug-exit device (port 0xf4) for test kernels and the loader's domfw.exit; "
                "code 0x10 counts as a power-off");
    r->callback([a, &ctx] {
        if (a->dry_run && a->backend != "xen") {
            write_err("domfw run: --dry-run needs --backend xen\n");
            ctx.exit_code = kUsage;
            return;
        }
        ctx.exit_code = run_command(*a);
    });
}

} // namespace

DOMFW_REGISTER_COMMANDS("65-run", (std::vector<std::string>{"run"}), add_run_command);

} // namespace domfw::cli
