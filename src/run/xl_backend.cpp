#include "run/xl_backend.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

namespace domfw::run {

Expected<XlRun> run_xl(const std::string& xl, const std::vector<std::string>& args, bool capture) {
    std::array<int, 2> out{-1, -1};
    std::array<int, 2> report{-1, -1};
    if ((capture && ::pipe2(out.data(), O_CLOEXEC) != 0) || ::pipe2(report.data(), O_CLOEXEC) != 0)
        return fail("cannot run {}: pipe: {}", xl, std::strerror(errno));
    std::vector<std::string> argv{xl};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = ::fork();
    if (pid < 0) return fail("cannot run {}: fork: {}", xl, std::strerror(errno));
    if (pid == 0) {
        const int devnull = ::open("/dev/null", O_RDONLY);
        ::dup2(devnull, 0);
        if (capture) {
            ::dup2(out[1], 1);
            ::dup2(out[1], 2);
        }
        std::vector<char*> a;
        a.reserve(argv.size() + 1);
        for (const auto& s : argv)
            a.push_back(const_cast<char*>(s.c_str())); // NOLINT(cppcoreguidelines-pro-type-const-cast): execvp's type
        a.push_back(nullptr);
        ::execvp(a[0], a.data());
        const int e = errno;
        [[maybe_unused]] const auto n = ::write(report[1], &e, sizeof e);
        ::_exit(127);
    }
    ::close(report[1]);
    XlRun r;
    if (capture) {
        ::close(out[1]);
        std::array<char, 4096> buf{};
        for (ssize_t k = ::read(out[0], buf.data(), buf.size()); k != 0; k = ::read(out[0], buf.data(), buf.size())) {
            if (k < 0 && errno == EINTR) continue;
            if (k < 0) break;
            r.output.append(buf.data(), static_cast<std::size_t>(k));
        }
        ::close(out[0]);
    }
    int exec_errno = 0;
    const bool exec_failed =
        ::read(report[0], &exec_errno, sizeof exec_errno) == static_cast<ssize_t>(sizeof exec_errno);
    ::close(report[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (exec_failed)
        return fail("{} not found or not executable ({}): Debian's xen-utils-4.17 installs it", xl,
                    std::strerror(exec_errno));
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

Expected<void> check_xen(const std::string& xl) {
    DOMFW_TRY_X(auto r, run_xl(xl, {"info"}, true));
    if (r.status == 0) return {};
    std::string first = r.output.substr(0, r.output.find('\n'));
    if (first.empty()) first = "(no output)";
    return fail("`{} info` failed (exit {}): {}: this is not a Xen dom0 with its toolstack running (the hypervisor, "
                "/dev/xen/privcmd and xenstored); use --backend qemu, or --dry-run to check the config only",
                xl, r.status, first);
}

} // namespace domfw::run
