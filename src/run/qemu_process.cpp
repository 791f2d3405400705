#include "run/qemu_process.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run/signals.hpp"
#include "support/fd.hpp"

namespace domfw::run {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kQmpFd = 3;
constexpr std::size_t kStderrMax = std::size_t{64} * 1024;
constexpr std::size_t kTailBytes = 4096;
constexpr std::size_t kTailLines = 20;

using support::Fd;

bool write_all(int fd, std::string_view s) {
    while (!s.empty()) {
        const ssize_t n = ::write(fd, s.data(), s.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        s.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string last_lines(const std::string& tail) {
    std::size_t start = tail.size();
    std::size_t lines = 0;
    while (start > 0 && lines <= kTailLines) {
        start = tail.rfind('\n', start - 1);
        if (start == std::string::npos) {
            start = 0;
            break;
        }
        ++lines;
    }
    std::string out = tail.substr(start == 0 ? 0 : start + 1);
    std::erase(out, '\r');
    return out;
}

// Stops the whole group: a polite SIGTERM (QEMU exits at once on it), SIGKILL after 2 s.
int stop_group(pid_t pid) {
    ::kill(-pid, SIGTERM);
    int status = 0;
    const auto until = Clock::now() + std::chrono::seconds(2);
    while (Clock::now() < until) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            ::kill(-pid, SIGKILL); // anything QEMU started
            return status;
        }
        ::usleep(10000);
    }
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

[[noreturn]] void exec_child(const std::vector<std::string>& argv, int out, int err, int qmp, int report) {
    ::setpgid(0, 0);
    // Killed with domfw, however domfw ends (even SIGKILL); and if domfw is already gone, now.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::dup2(qmp, kQmpFd);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str())); // NOLINT(cppcoreguidelines-pro-type-const-cast): execvp's type
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    const int e = errno;
    [[maybe_unused]] const auto n = ::write(report, &e, sizeof e);
    ::_exit(127);
}

} // namespace

std::string_view describe(GuestEnd e) {
    switch (e) {
    case GuestEnd::powered_off: return "the guest powered off";
    case GuestEnd::reset: return "the guest reset (rebooted or triple-faulted)";
    case GuestEnd::panicked: return "the guest panicked";
    case GuestEnd::crashed: return "QEMU ended without the guest powering off";
    case GuestEnd::timed_out: return "the guest was still running at the time limit";
    case GuestEnd::refused: return "QEMU refused to start";
    case GuestEnd::interrupted: return "stopped by a signal";
    case GuestEnd::debug_success: return "the guest exited through isa-debug-exit with success";
    case GuestEnd::debug_failure: return "the guest exited through isa-debug-exit with failure";
    }
    return "?";
}

std::vector<std::string> supervision_options() {
    return {"-S", "-chardev", fmt::format("socket,id=domfw-qmp,fd={}", kQmpFd), "-mon",
            "chardev=domfw-qmp,mode=control"};
}

Expected<RunOutcome> run_qemu(const std::vector<std::string>& guest_argv, const Supervision& how) {
    if (guest_argv.empty()) return fail("no QEMU command");
    std::vector<std::string> argv = guest_argv;
    for (auto& o : supervision_options())
        argv.push_back(std::move(o));

    Fd console_out;
    if (how.console_file) {
        console_out.fd = ::open(how.console_file->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (console_out.fd < 0)
            return fail("{}: cannot write the console: {}", how.console_file->string(), std::strerror(errno));
    }
    const int console_fd = how.console_file ? console_out.fd : STDOUT_FILENO;

    std::array<int, 2> out{-1, -1};
    std::array<int, 2> err{-1, -1};
    std::array<int, 2> report{-1, -1};
    std::array<int, 2> qmp{-1, -1};
    if (::pipe2(out.data(), O_CLOEXEC) != 0 || ::pipe2(err.data(), O_CLOEXEC) != 0 ||
        ::pipe2(report.data(), O_CLOEXEC) != 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, qmp.data()) != 0)
        return fail("cannot start QEMU: pipe: {}", std::strerror(errno));
    Fd out_r(out[0]), out_w(out[1]), err_r(err[0]), err_w(err[1]), rep_r(report[0]), rep_w(report[1]), qmp_mine(qmp[0]),
        qmp_theirs(qmp[1]);

    const auto started = Clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) return fail("cannot start QEMU: fork: {}", std::strerror(errno));
    if (pid == 0) exec_child(argv, out_w.fd, err_w.fd, qmp_theirs.fd, rep_w.fd);
    ::setpgid(pid, pid); // also here: no window in which a kill(-pid) misses it
    out_w.reset();
    err_w.reset();
    rep_w.reset();
    qmp_theirs.reset();

    RunOutcome r;
    int exec_errno = 0;
    if (::read(rep_r.fd, &exec_errno, sizeof exec_errno) == static_cast<ssize_t>(sizeof exec_errno)) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        r.end = GuestEnd::refused;
        r.qemu_status = 127;
        r.qemu_stderr = fmt::format("cannot run {}: {}", argv[0], std::strerror(exec_errno));
        return r;
    }

    if (how.progress) how.progress(fmt::format("QEMU started (pid {}); waiting for its monitor", pid));
    std::optional<Clock::time_point> deadline;
    if (how.timeout) deadline = started + *how.timeout;
    std::string qmp_buf;
    std::string tail;
    bool greeted = false;
    bool ended_by_event = false;
    bool console_open = true;
    bool err_open = true;
    bool qmp_open = true;
    auto finish = [&](GuestEnd e) {
        r.end = e;
        ended_by_event = true;
    };
    auto handle_qmp_line = [&](std::string_view line) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return;
        if (j.contains("QMP")) {
            greeted = true;
            write_all(qmp_mine.fd, "{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"cont\"}\n");
            if (how.progress) how.progress("booting; waiting for the first console line");
            return;
        }
        if (!j.contains("event") || ended_by_event) return;
        const auto ev = j["event"].get<std::string>();
        if (ev == "GUEST_PANICKED") finish(GuestEnd::panicked);
        if (ev == "SHUTDOWN") {
            const auto reason = j["data"].value("reason", std::string());
            if (reason == "guest-shutdown") finish(GuestEnd::powered_off);
            if (reason == "guest-reset") finish(GuestEnd::reset);
            if (reason == "guest-panic") finish(GuestEnd::panicked);
        }
    };

    int status = 0;
    bool exited = false;
    while (!exited) {
        std::array<pollfd, 4> fds{{{console_open ? out_r.fd : -1, POLLIN, 0},
                                   {err_open ? err_r.fd : -1, POLLIN, 0},
                                   {qmp_open ? qmp_mine.fd : -1, POLLIN, 0},
                                   {StopSignals::fd(), POLLIN, 0}}};
        int wait_ms = 100; // also how often waitpid is asked, once every pipe has closed
        if (deadline) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
            wait_ms = static_cast<int>(std::clamp<long long>(left, 0, wait_ms));
        }
        const int n = ::poll(fds.data(), fds.size(), wait_ms);
        if (n < 0 && errno != EINTR) break;
        if (StopSignals::received() != 0) {
            status = stop_group(pid);
            r.end = GuestEnd::interrupted;
            r.signal = StopSignals::received();
            ended_by_event = true;
            exited = true;
            break;
        }
        std::array<char, 16384> buf{};
        if ((fds[0].revents & (POLLIN | POLLHUP)) != 0) {
            const ssize_t k = ::read(out_r.fd, buf.data(), buf.size());
            if (k <= 0) {
                console_open = false;
            } else {
                const std::string_view chunk(buf.data(), static_cast<std::size_t>(k));
                write_all(console_fd, chunk);
                if (!r.first_console_line && chunk.find('\n') != std::string_view::npos) {
                    r.first_console_line = Clock::now() - started;
                    if (how.progress)
                        how.progress(fmt::format("first console line after {:.2f} s",
                                                 std::chrono::duration<double>(*r.first_console_line).count()));
                }
                tail.append(chunk);
                if (tail.size() > 2 * kTailBytes) tail.erase(0, tail.size() - kTailBytes);
            }
        }
        if ((fds[1].revents & (POLLIN | POLLHUP)) != 0) {
            const ssize_t k = ::read(err_r.fd, buf.data(), buf.size());
            if (k <= 0)
                err_open = false;
            else if (r.qemu_stderr.size() < kStderrMax)
                r.qemu_stderr.append(buf.data(), static_cast<std::size_t>(k));
        }
        if ((fds[2].revents & (POLLIN | POLLHUP)) != 0) {
            const ssize_t k = ::read(qmp_mine.fd, buf.data(), buf.size());
            if (k <= 0) {
                qmp_open = false;
            } else {
                qmp_buf.append(buf.data(), static_cast<std::size_t>(k));
                for (auto nl = qmp_buf.find('\n'); nl != std::string::npos; nl = qmp_buf.find('\n')) {
                    handle_qmp_line(std::string_view(qmp_buf).substr(0, nl));
                    qmp_buf.erase(0, nl + 1);
                }
            }
        }
        if (deadline && Clock::now() >= *deadline && !ended_by_event) {
            status = stop_group(pid);
            finish(GuestEnd::timed_out);
            exited = true;
            break;
        }
        if (!console_open || !qmp_open) {
            const pid_t w = ::waitpid(pid, &status, WNOHANG);
            if (w == pid) exited = true;
        }
    }
    if (!exited) status = stop_group(pid);
    // What is still in the pipes (QEMU's last words, the console's last line).
    for (int fd : {out_r.fd, err_r.fd}) {
        ::fcntl(fd, F_SETFL, O_NONBLOCK);
        std::array<char, 16384> buf{};
        for (ssize_t k = ::read(fd, buf.data(), buf.size()); k > 0; k = ::read(fd, buf.data(), buf.size())) {
            if (fd == out_r.fd) {
                write_all(console_fd, std::string_view(buf.data(), static_cast<std::size_t>(k)));
                tail.append(buf.data(), static_cast<std::size_t>(k));
            } else if (r.qemu_stderr.size() < kStderrMax) {
                r.qemu_stderr.append(buf.data(), static_cast<std::size_t>(k));
            }
        }
    }
    ::kill(-pid, SIGKILL); // the group, should QEMU have left a child behind
    r.qemu_run = Clock::now() - started;
    r.qemu_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.console_tail = last_lines(tail.size() > kTailBytes ? tail.substr(tail.size() - kTailBytes) : tail);
    if (ended_by_event) return r;
    // No event said how it ended: QEMU's status does. isa-debug-exit exits with (code << 1) | 1.
    if (!greeted)
        r.end = GuestEnd::refused;
    else if (r.qemu_status == 33)
        r.end = GuestEnd::debug_success;
    else if (r.qemu_status > 1 && (r.qemu_status & 1) == 1)
        r.end = GuestEnd::debug_failure;
    else
        r.end = GuestEnd::crashed;
    return r;
}

} // namespace domfw::run
