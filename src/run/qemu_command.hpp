// `domfw run`'s QEMU command line as data: from the domain model, the plan and the build output
// directory to an argv, with no I/O (docs/run.md lists every option and why). Under QEMU the
// guest gets QEMU's own firmware builds (Debian's seabios and ovmf: Xen's builds in
// /usr/lib/xen-* do not run under QEMU), the HVM pass-through one structure/table per option
// (emit/qemu_firmware_files.hpp) and PVH through domfw's loader as QEMU's one -initrd module.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/domain_config.hpp"
#include "domain/load.hpp"
#include "plan/from_domain.hpp"
#include "support/diagnostic.hpp"
#include "support/error.hpp"

namespace domfw::run {

enum class Machine : std::uint8_t { pc, q35 };
enum class Accel : std::uint8_t { tcg, kvm };
[[nodiscard]] std::string_view to_string(Machine m);
[[nodiscard]] std::string_view to_string(Accel a);

// Debian 12's ovmf package: the 4 MiB builds (the 2 MiB ones are kept only for old guests).
struct OvmfFiles {
    std::filesystem::path code = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    std::filesystem::path vars = "/usr/share/OVMF/OVMF_VARS_4M.fd";
};

// The guest's own copy of the OVMF variable store, in the build directory: QEMU writes it.
inline constexpr std::string_view kOvmfVarsCopy = "OVMF_VARS.fd";

struct QemuOptions {
    std::string qemu = "qemu-system-x86_64";
    Machine machine = Machine::pc;
    Accel accel = Accel::tcg;
    OvmfFiles ovmf;
    bool debug_exit = false; // isa-debug-exit at 0xf4: the loader's `domfw.exit`, test kernels
};

struct QemuCommand {
    std::vector<std::string> argv;
    std::vector<std::string> notes; // what differs from the config under QEMU, one line each
    // OVMF: the VARS template to copy to build_dir / kOvmfVarsCopy before QEMU starts.
    std::optional<std::filesystem::path> ovmf_vars_template;
};

// What xl accepts but QEMU under domfw run cannot honour: an HVM firmware QEMU has no build of
// (rombios, a Xen firmware image path), a PVH guest with no kernel QEMU can boot (pvgrub without
// domfw's loader), a disk with a block script, a driver domain or COLO, a NIC model QEMU has no
// device for. Appends one error per refused item to `out`, at the value that asks for it (the
// disk's or vif's spec string, the firmware value, the `type` value), as `domfw run` prints load
// errors; `plan` is the config's, from plan_input_from_domain. Nothing is read or written.
void check_qemu_can_run(const domain::LoadResult& loaded, const plan::DomainPlan& plan, support::Diagnostics& out);

// The argv that runs the guest. A config check_qemu_can_run refuses is refused here too, with its
// first refusal as `FILE:LINE:COL: error: MESSAGE` (FILE the config's absolute path).
[[nodiscard]] Expected<QemuCommand> qemu_command(const domain::DomainConfig& config, const plan::DomainPlan& plan,
                                                 const std::filesystem::path& build_dir, const QemuOptions& options);

// A value inside a QEMU option ("file=PATH"): QEMU's option parser ends a value at ',' and reads
// ",," as one comma.
[[nodiscard]] std::string qemu_escape(std::string_view value);
// POSIX shell quoting: words of safe characters as they are, the rest in single quotes.
[[nodiscard]] std::string shell_quote(std::string_view word);
[[nodiscard]] std::string shell_command(const std::vector<std::string>& argv);

} // namespace domfw::run
