#include "run.hpp"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

extern char** environ;

namespace domfw::test {

namespace fs = std::filesystem;

namespace {

// Reads `fd` until end of file (or EIO: a pseudo-terminal whose other side is closed).
void drain_into(int fd, std::string& out, bool& open) {
    char buf[65536];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        open = false;
    }
}

} // namespace

Ran run(const std::string& command, const RunOptions& o) {
    Ran r;
    int out_read = -1, out_write = -1, err_pipe[2] = {-1, -1};
    if (o.stdout_terminal) {
        // Raw mode: no "\r\n" for "\n", no echo; what the program writes is what is read.
        struct termios raw {};
        ::cfmakeraw(&raw);
        if (::openpty(&out_read, &out_write, nullptr, &raw, nullptr) != 0) return r;
        ::fcntl(out_read, F_SETFD, FD_CLOEXEC);
        ::fcntl(out_write, F_SETFD, FD_CLOEXEC);
    } else {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0) return r;
        out_read = p[0];
        out_write = p[1];
    }
    if (!o.merge_stderr && ::pipe2(err_pipe, O_CLOEXEC) != 0) return r;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("NO_COLOR", "1", 1);
        for (const auto& [k, v] : o.env)
            ::setenv(k.c_str(), v.c_str(), 1);
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        ::dup2(out_write, 1);
        ::dup2(o.merge_stderr ? out_write : err_pipe[1], 2);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out_write);
    if (err_pipe[1] >= 0) ::close(err_pipe[1]);
    bool out_open = true, err_open = err_pipe[0] >= 0;
    while (out_open || err_open) {
        pollfd fds[2] = {{out_open ? out_read : -1, POLLIN, 0}, {err_open ? err_pipe[0] : -1, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
        if (out_open && fds[0].revents != 0) drain_into(out_read, r.out, out_open);
        if (err_open && fds[1].revents != 0) drain_into(err_pipe[0], r.err, err_open);
    }
    ::close(out_read);
    if (err_pipe[0] >= 0) ::close(err_pipe[0]);
    int st = 0;
    struct rusage ru {};
    while (::wait4(pid, &st, 0, &ru) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    r.max_rss_kb = ru.ru_maxrss;
    return r;
}

std::string quoted(const fs::path& p) {
    std::string out = "'";
    for (const char c : p.string())
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

fs::path domfw_exe() { return fs::path(DOMFW_BINARY_DIR) / "src/cli/domfw"; }
fs::path shared_dir() { return fs::path(DOMFW_SHARED_DIR); }

std::string domfw_command(std::string_view args) {
    std::string cmd = quoted(domfw_exe());
    cmd += ' ';
    cmd += args;
    return cmd;
}

pid_t spawn_quiet(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

int wait_status(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

pid_t gone_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    if (child > 0) wait_status(child);
    return child;
}

} // namespace domfw::test
