// Running commands from tests: the domfw CLI as a user runs it (exit status, stdout, stderr,
// optionally stdout on a terminal and the child's peak memory), and children to be killed.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace domfw::test {

struct Ran {
    int status = -1;     // exit status, -1 if it did not exit normally
    int signal = 0;      // the signal that ended it, if one did
    std::string out;     // stdout (with stderr when RunOptions::merge_stderr)
    std::string err;     // stderr, when kept apart
    long max_rss_kb = 0; // the peak resident memory of the child (wait4)
};

struct RunOptions {
    bool merge_stderr = true;                             // stderr into `out`, in the order written (2>&1)
    bool stdout_terminal = false;                         // stdout is a pseudo-terminal (isatty(1) holds), raw mode
    std::vector<std::pair<std::string, std::string>> env; // set in the child; NO_COLOR=1 always is
};

// Runs `command` with /bin/sh -c (quote arguments yourself; start it with `exec` when
// max_rss_kb must be the command's own, not the shell's), stdin from /dev/null.
Ran run(const std::string& command, const RunOptions& options = {});
// `command` for the shell: the path in single quotes.
std::string quoted(const std::filesystem::path& p);

std::filesystem::path domfw_exe();
std::filesystem::path shared_dir();
// `'BUILD/src/cli/domfw' ARGS`, for run().
std::string domfw_command(std::string_view args);

// Starts `argv` with stdout and stderr to /dev/null, without waiting; -1 on failure.
pid_t spawn_quiet(const std::vector<std::string>& argv);
// waitpid's status, retried on EINTR.
int wait_status(pid_t pid);
// The PID of a child that has exited and been reaped: a PID no running process has (until reused).
pid_t gone_pid();

} // namespace domfw::test
