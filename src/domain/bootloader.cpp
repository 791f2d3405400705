#include "domain/bootloader.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>

#include "support/fd.hpp"
#include "support/files.hpp"

namespace domfw::domain {

namespace fs = std::filesystem;

std::vector<std::string> bootloader_argv(const BootloaderRequest& r, const fs::path& output,
                                         const fs::path& output_dir) {
    std::vector<std::string> argv{r.program.string()};
    if (!r.kernel_hint.empty()) argv.push_back("--kernel=" + r.kernel_hint);
    if (!r.ramdisk_hint.empty()) argv.push_back("--ramdisk=" + r.ramdisk_hint);
    if (!r.cmdline.empty()) argv.push_back("--args=" + r.cmdline);
    argv.push_back("--output=" + output.string());
    argv.push_back("--output-format=simple0");
    argv.push_back("--output-directory=" + output_dir.string());
    argv.insert(argv.end(), r.args.begin(), r.args.end());
    argv.push_back(r.disk.string());
    return argv;
}

Expected<BootloaderAnswer> parse_bootloader_output(std::string_view text) {
    BootloaderAnswer a;
    bool have_kernel = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find_first_of(std::string_view("\0\n", 2), pos);
        auto record = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        if (record.empty()) continue;
        auto space = record.find(' ');
        if (space == std::string_view::npos)
            return fail("bootloader output: record \"{}\" has no value (expected \"kernel PATH\", \"ramdisk PATH\" or "
                        "\"args TEXT\")",
                        record);
        auto key = record.substr(0, space);
        auto value = std::string(record.substr(space + 1));
        if (key == "kernel") {
            a.kernel = value;
            have_kernel = true;
        } else if (key == "ramdisk") {
            a.ramdisk = value;
        } else if (key == "args") {
            a.args = value;
        }
    }
    if (!have_kernel || a.kernel.empty()) return fail("bootloader output names no kernel");
    return a;
}

fs::path bootloader_program(std::string_view written, const fs::path& bootloader_dir) {
    fs::path p(written);
    return p.is_absolute() ? p : bootloader_dir / p;
}

BootloaderResult::~BootloaderResult() {
    if (dir_.empty()) return;
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

namespace {

using support::Fd;

std::string last_line(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    auto nl = s.rfind('\n');
    return nl == std::string::npos ? s : s.substr(nl + 1);
}

} // namespace

Expected<BootloaderResult> run_bootloader(const BootloaderRequest& r) {
    // `domfw-bootloader.PID-XXXXXX`: a domfw killed while its bootloader ran leaves the directory
    // (and the kernel it extracted); the PID lets the next run remove it once that domfw is gone.
    const fs::path tmp = fs::temp_directory_path();
    support::remove_left_behind(tmp, kBootloaderDirPrefix);
    std::string templ = (tmp / fmt::format("{}{}-XXXXXX", kBootloaderDirPrefix, ::getpid())).string();
    if (::mkdtemp(templ.data()) == nullptr)
        return fail("cannot create a directory for the bootloader: {}", std::strerror(errno));
    // Removed on every error path; handed to the result on success.
    struct DirGuard {
        fs::path path;
        bool keep = false;
        ~DirGuard() {
            std::error_code e;
            if (!keep) fs::remove_all(path, e);
        }
    } guard{templ};
    fs::path dir(templ);
    fs::path output = dir / "answer";
    fs::path extracted = dir / "files";
    std::error_code ec;
    fs::create_directory(extracted, ec);
    {
        Fd f{::open(output.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600)};
        if (f.fd < 0) return fail("cannot create {}: {}", output.string(), std::strerror(errno));
    }

    auto argv_s = bootloader_argv(r, output, extracted);
    std::vector<char*> argv;
    argv.reserve(argv_s.size() + 1);
    for (auto& a : argv_s)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    // libxl runs the bootloader on a pseudo-terminal with TERM=vt100 (libxl_bootloader.c): pygrub
    // without -q draws its menu with curses there and boots the default entry when its timeout
    // passes; on /dev/null curses fails and so does pygrub. Its stderr stays a pipe here, for the
    // error message; what it draws on the terminal is read and dropped.
    // The slave stays open here too, so the terminal never hangs up under the bootloader.
    Fd master{::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)};
    std::array<char, 64> slave_name{};
    Fd slave;
    if (master.fd < 0 || ::grantpt(master.fd) != 0 || ::unlockpt(master.fd) != 0 ||
        ::ptsname_r(master.fd, slave_name.data(), slave_name.size()) != 0 ||
        (slave.fd = ::open(slave_name.data(), O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
        return fail("cannot open a pseudo-terminal for the bootloader: {}", std::strerror(errno));
    std::vector<std::string> env_s{"TERM=vt100"};
    for (char** e = environ; *e != nullptr; ++e)
        if (std::string_view(*e).substr(0, 5) != "TERM=") env_s.emplace_back(*e);
    std::vector<char*> envp;
    envp.reserve(env_s.size() + 1);
    for (auto& e : env_s)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int err_pipe[2];
    int exec_pipe[2]; // reports an exec failure's errno; closed by a successful exec (CLOEXEC)
    if (::pipe2(err_pipe, O_CLOEXEC) != 0 || ::pipe2(exec_pipe, O_CLOEXEC) != 0)
        return fail("pipe: {}", std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0) return fail("fork: {}", std::strerror(errno));
    if (pid == 0) {
        // Its own session (and so its own process group, killed as one) with the terminal as
        // the controlling one, as login_tty() in libxl.
        ::setsid();
        (void)::ioctl(slave.fd, TIOCSCTTY, 0);
        ::dup2(slave.fd, 0);
        ::dup2(slave.fd, 1);
        ::dup2(err_pipe[1], 2);
        ::execve(argv[0], argv.data(), envp.data());
        int e = errno;
        (void)!::write(exec_pipe[1], &e, sizeof e);
        ::_exit(127);
    }
    ::close(err_pipe[1]);
    ::close(exec_pipe[1]);
    Fd err_fd{err_pipe[0]};
    Fd exec_fd{exec_pipe[0]};

    std::string stderr_text;
    auto deadline = std::chrono::steady_clock::now() + r.timeout;
    bool timed_out = false;
    for (;;) {
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        // The terminal is drained too: a bootloader that draws more than its buffer holds would
        // otherwise block before it answers.
        std::array<pollfd, 2> p{pollfd{err_fd.fd, POLLIN, 0}, pollfd{master.fd, POLLIN, 0}};
        int n = ::poll(p.data(), p.size(), static_cast<int>(std::min<long long>(left, 100)));
        if (n > 0 && p[1].revents != 0) {
            char buf[4096];
            (void)!::read(master.fd, buf, sizeof buf);
        }
        if (n > 0 && p[0].revents != 0) {
            char buf[4096];
            auto got = ::read(err_fd.fd, buf, sizeof buf);
            if (got > 0) {
                if (stderr_text.size() < 65536) stderr_text.append(buf, static_cast<std::size_t>(got));
                continue;
            }
            break; // EOF: the bootloader closed stderr (normally: it exited)
        }
    }
    int status = 0;
    if (timed_out) {
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return fail("bootloader {} did not finish within {} ms and was killed", r.program.string(), r.timeout.count());
    }
    // stderr closed; wait for the exit, still within the time limit.
    for (;;) {
        pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return fail("bootloader {} did not finish within {} ms and was killed", r.program.string(),
                        r.timeout.count());
        }
        ::usleep(2000);
    }
    int exec_errno = 0;
    if (::read(exec_fd.fd, &exec_errno, sizeof exec_errno) == static_cast<ssize_t>(sizeof exec_errno))
        return fail("bootloader {} cannot be run: {}", r.program.string(), std::strerror(exec_errno));
    if (WIFSIGNALED(status)) return fail("bootloader {} was killed by signal {}", r.program.string(), WTERMSIG(status));
    if (WEXITSTATUS(status) != 0) {
        auto why = last_line(stderr_text);
        return fail("bootloader {} failed with exit status {}{}", r.program.string(), WEXITSTATUS(status),
                    why.empty() ? "" : ": " + why);
    }
    std::string text;
    {
        Fd f{::open(output.c_str(), O_RDONLY | O_CLOEXEC)};
        char buf[4096];
        ssize_t got;
        while (f.fd >= 0 && (got = ::read(f.fd, buf, sizeof buf)) > 0 && text.size() < 65536)
            text.append(buf, static_cast<std::size_t>(got));
    }
    auto answer = parse_bootloader_output(text);
    if (!answer) return fail("bootloader {}: {}", r.program.string(), answer.error().message);
    for (const std::string* f : {&answer->kernel, answer->ramdisk ? &*answer->ramdisk : nullptr}) {
        if (f == nullptr) continue;
        if (!fs::is_regular_file(*f, ec))
            return fail("bootloader {} answered \"{}\", which is not a file", r.program.string(), *f);
    }
    guard.keep = true;
    return BootloaderResult(std::move(*answer), std::move(dir));
}

} // namespace domfw::domain
