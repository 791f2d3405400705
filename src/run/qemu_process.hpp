// QEMU started and watched by `domfw run`: in its own process group (a terminal's Ctrl-C reaches
// domfw only, which then stops the whole group), killed with domfw if domfw dies, the serial
// console read from its stdout, and how the guest ended told by QMP events on a socket QEMU
// inherits (SHUTDOWN's reason tells a power-off from a reset; GUEST_PANICKED a panic).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/error.hpp"

namespace domfw::run {

enum class GuestEnd : std::uint8_t {
    powered_off,   // SHUTDOWN guest-shutdown
    reset,         // SHUTDOWN guest-reset (a reboot or triple fault: -action reboot=shutdown)
    panicked,      // GUEST_PANICKED (pvpanic)
    crashed,       // QEMU died or failed after the guest started
    timed_out,     // --timeout passed
    refused,       // QEMU exited before its monitor came up: it refused its arguments
    interrupted,   // SIGINT/SIGTERM/SIGHUP to domfw
    debug_success, // isa-debug-exit with the loader's success code 0x10 (QEMU status 33)
    debug_failure, // isa-debug-exit with another code
};
[[nodiscard]] std::string_view describe(GuestEnd e);

struct Supervision {
    std::optional<std::filesystem::path> console_file; // default: domfw's standard output
    std::optional<std::chrono::milliseconds> timeout;
    std::function<void(std::string_view)> progress; // one line, no newline; may be empty
};

struct RunOutcome {
    GuestEnd end = GuestEnd::crashed;
    int signal = 0;           // for interrupted: the signal domfw got
    int qemu_status = -1;     // QEMU's exit status, -1 when a signal ended it
    std::string qemu_stderr;  // what QEMU wrote to its standard error (at most 64 KiB)
    std::string console_tail; // the last lines of the console (at most 20 lines, 4 KiB)
    std::optional<std::chrono::nanoseconds> first_console_line; // after the start of QEMU
    std::chrono::nanoseconds qemu_run{0};
};

// Appended to the guest's command line by run_qemu: -S, then a QMP monitor on inherited fd 3;
// run_qemu continues the guest once it listens.
[[nodiscard]] std::vector<std::string> supervision_options();

// Runs argv (from qemu_command) to its end. An error is returned only when QEMU could not be
// started at all (fork, pipes, the console file); QEMU's own refusal is GuestEnd::refused.
[[nodiscard]] Expected<RunOutcome> run_qemu(const std::vector<std::string>& argv, const Supervision& how);

} // namespace domfw::run
