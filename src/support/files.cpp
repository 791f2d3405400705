#include "support/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace domfw::support {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int e) { return std::strerror(e); }

fs::path parent_or_dot(const fs::path& p) {
    auto parent = p.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

} // namespace

Expected<void> fsync_path(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return fail("{}: cannot open for sync: {}", p.string(), errno_text(errno));
    int rc = ::fsync(fd);
    int e = errno;
    ::close(fd);
    if (rc != 0) return fail("{}: fsync failed: {}", p.string(), errno_text(e));
    return {};
}

Expected<void> write_all(int fd, std::span<const std::uint8_t> bytes, const fs::path& p) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("{}: write failed: {}", p.string(), errno_text(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

namespace {

const char* file_kind(mode_t m) {
    if (S_ISDIR(m)) return "a directory";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISSOCK(m)) return "a socket";
    return "not a file";
}

Unexpected too_big(const fs::path& path, std::string_view size, const InputLimit& limit) {
    const std::string mib = limit.max_bytes % kMiB == 0 ? fmt::format(" ({} MiB)", limit.max_bytes / kMiB) : "";
    return fail("{}: {} bytes, above the limit of {:#x} bytes{} for {}", path.string(), size, limit.max_bytes, mib,
                limit.what);
}

} // namespace

Expected<int> open_input(const fs::path& path, const InputLimit& limit, Links links, struct ::stat& st) {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before fstat could refuse it.
    const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (links == Links::refuse ? O_NOFOLLOW : 0);
    int fd = ::open(path.c_str(), flags);
    if (fd < 0) {
        const int e = errno;
        if (e == ELOOP && links == Links::refuse)
            return fail("{}: is a symbolic link: {} is read from a regular file, links are not followed", path.string(),
                        limit.what);
        return fail("{}: cannot open: {}", path.string(), errno_text(e));
    }
    if (::fstat(fd, &st) != 0) {
        int e = errno;
        ::close(fd);
        return fail("{}: cannot stat: {}", path.string(), errno_text(e));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail("{}: not a regular file ({}): {} is read from a regular file", path.string(), file_kind(st.st_mode),
                    limit.what);
    }
    if (static_cast<std::uint64_t>(st.st_size) > limit.max_bytes) {
        ::close(fd);
        return too_big(path, fmt::format("{:#x}", st.st_size), limit);
    }
    // Regular files never block; back to blocking reads so EAGAIN cannot appear.
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl >= 0) (void)::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

Expected<std::vector<std::uint8_t>> read_file(const fs::path& path, const InputLimit& limit, Links links) {
    struct stat st {};
    DOMFW_TRY_X(const int fd, open_input(path, limit, links, st));
    std::vector<std::uint8_t> out;
    // The size is a hint only (sysfs attributes report 4096 or 0): the loop reads what is there.
    if (st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
    std::uint8_t buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            return fail("{}: read failed: {}", path.string(), errno_text(e));
        }
        if (n == 0) break;
        if (static_cast<std::uint64_t>(n) > limit.max_bytes - out.size()) {
            ::close(fd);
            return too_big(path, fmt::format("more than {:#x}", limit.max_bytes), limit);
        }
        out.insert(out.end(), buf, buf + n);
    }
    ::close(fd);
    return out;
}

Expected<std::string> read_text_file(const fs::path& path, const InputLimit& limit) {
    DOMFW_TRY_X(auto bytes, read_file(path, limit));
    return std::string(bytes.begin(), bytes.end());
}

Expected<void> write_file_atomic(const fs::path& path, std::span<const std::uint8_t> bytes) {
    // fmt rather than "." + string: GCC 12 -O2 reports a false -Wrestrict on the latter.
    fs::path tmpl = parent_or_dot(path) / fmt::format(".{}.tmp-XXXXXX", path.filename().string());
    std::string name = tmpl.string();
    int fd = ::mkstemp(name.data());
    if (fd < 0) return fail("{}: cannot create a temporary file beside it: {}", path.string(), errno_text(errno));
    auto cleanup = [&] { ::unlink(name.c_str()); };
    if (auto r = write_all(fd, bytes, path); !r) {
        ::close(fd);
        cleanup();
        return r;
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
        int e = errno;
        ::close(fd);
        cleanup();
        return fail("{}: cannot finish the temporary file: {}", path.string(), errno_text(e));
    }
    ::close(fd);
    if (::rename(name.c_str(), path.c_str()) != 0) {
        int e = errno;
        cleanup();
        return fail("{}: cannot rename into place: {}", path.string(), errno_text(e));
    }
    return fsync_path(parent_or_dot(path), O_RDONLY | O_DIRECTORY);
}

Expected<void> write_file_atomic(const fs::path& path, std::string_view text) {
    return write_file_atomic(path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

} // namespace domfw::support
