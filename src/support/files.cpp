#include "support/files.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utility>

#include <fmt/format.h>

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

namespace {

bool g_anonymous_temp_files = true;

// The prefix of `file`'s temporary siblings; the PID and a random tail follow.
std::string temp_prefix(const fs::path& file) {
    // fmt rather than "." + string: GCC 12 -O2 reports a false -Wrestrict on the latter.
    return fmt::format(".{}.tmp-", file.filename().string());
}

} // namespace

std::string random_name_tail() {
    static constexpr std::string_view kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::array<unsigned char, 6> r{};
    if (::getrandom(r.data(), r.size(), GRND_NONBLOCK) != static_cast<ssize_t>(r.size())) {
        // Only before the kernel's entropy pool is ready: any different name will do.
        static unsigned counter = 0;
        for (auto& b : r)
            b = static_cast<unsigned char>((++counter + static_cast<unsigned>(::getpid())) * 2654435761U >> 24);
    }
    std::string tail;
    for (const unsigned char b : r)
        tail += kChars[b % kChars.size()];
    return tail;
}

namespace {

// `.NAME.tmp-PID-XXXXXX` beside `file`: the PID tells a later run whether its writer is gone.
fs::path temp_name(const fs::path& file) {
    return parent_or_dot(file) / fmt::format("{}{}-{}", temp_prefix(file), ::getpid(), random_name_tail());
}

// The file being written: `name` is empty while it has none (O_TMPFILE).
struct TempFile {
    int fd = -1;
    fs::path name;
};

// A new file beside `file`, created with `mode` (before the umask): without a name where the
// file system supports O_TMPFILE (a process killed while writing leaves nothing behind), else
// named.
Expected<TempFile> create_temp_beside(const fs::path& file, mode_t mode) {
    if (g_anonymous_temp_files) {
        const int fd = ::open(parent_or_dot(file).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
        if (fd >= 0) return TempFile{fd, {}};
        // EOPNOTSUPP: the file system has no O_TMPFILE; EISDIR/EINVAL: the kernel or libc is older.
        if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
            return fail("{}: cannot create a temporary file beside it: {}", file.string(), errno_text(errno));
    }
    for (int attempt = 0; attempt < 16; ++attempt) {
        fs::path name = temp_name(file);
        const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd >= 0) return TempFile{fd, std::move(name)};
        if (errno != EEXIST) break;
    }
    return fail("{}: cannot create a temporary file beside it: {}", file.string(), errno_text(errno));
}

// Gives a complete anonymous file its temporary name, just before the rename: through
// /proc/self/fd (any user), else AT_EMPTY_PATH (needs CAP_DAC_READ_SEARCH, which root has).
Expected<void> name_temp(TempFile& t, const fs::path& file) {
    const std::string proc = fmt::format("/proc/self/fd/{}", t.fd);
    int e = 0;
    for (int attempt = 0; attempt < 16; ++attempt) {
        fs::path name = temp_name(file);
        if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0 ||
            ::linkat(t.fd, "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH) == 0) {
            t.name = std::move(name);
            return {};
        }
        e = errno;
        if (e != EEXIST) break;
    }
    return fail("{}: cannot link the temporary file beside it: {}", file.string(), errno_text(e));
}

// Extended attributes of the replaced file (POSIX ACLs, SELinux labels, user.*) onto the new one,
// as far as this process may set them: a file whose ACL grants a user access keeps granting it.
void copy_xattrs(int from, int to) {
    const ssize_t size = ::flistxattr(from, nullptr, 0);
    if (size <= 0) return;
    std::vector<char> names(static_cast<std::size_t>(size));
    const ssize_t got = ::flistxattr(from, names.data(), names.size());
    if (got <= 0) return;
    std::vector<char> value;
    for (std::size_t at = 0; at < static_cast<std::size_t>(got);) {
        const char* name = names.data() + at;
        at += std::strlen(name) + 1;
        const ssize_t n = ::fgetxattr(from, name, nullptr, 0);
        if (n < 0) continue;
        value.resize(static_cast<std::size_t>(n));
        const ssize_t m = ::fgetxattr(from, name, value.data(), value.size());
        if (m >= 0) (void)::fsetxattr(to, name, value.data(), static_cast<std::size_t>(m), 0);
    }
}

} // namespace

Expected<void> write_file_atomic(const fs::path& path, std::span<const std::uint8_t> bytes) {
    // The file replaced is the one `path` names: through a symbolic link, its target (the link
    // stays a link), and never a file that has other names, which the rename would part from it.
    fs::path file = path;
    struct stat st {};
    bool replacing = false;
    struct OpenFile {
        int fd = -1;
        ~OpenFile() {
            if (fd >= 0) ::close(fd);
        }
    } old;
    if (::lstat(path.c_str(), &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            std::error_code ec;
            file = fs::canonical(path, ec);
            if (ec) {
                std::error_code rec;
                return fail("{}: is a symbolic link to \"{}\", which cannot be followed: {}", path.string(),
                            fs::read_symlink(path, rec).string(), ec.message());
            }
            if (::lstat(file.c_str(), &st) != 0)
                return fail("{}: cannot inspect: {}", file.string(), errno_text(errno));
        }
        // The checks below and the owner, mode and xattrs copied later are all of this one open
        // file, not of whatever the path names by then.
        if (S_ISREG(st.st_mode)) {
            old.fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (old.fd < 0 || ::fstat(old.fd, &st) != 0)
                return fail("{}: cannot inspect: {}", file.string(), errno_text(errno));
        }
        if (!S_ISREG(st.st_mode)) return fail("{}: is not a regular file; refusing to replace it", file.string());
        if (st.st_nlink > 1)
            return fail("{}: has {} hard links; replacing it would part it from the others, so it is left as it "
                        "was (write the result elsewhere, or remove the other links first)",
                        file.string(), static_cast<unsigned long>(st.st_nlink));
        replacing = true;
    } else if (errno != ENOENT) {
        return fail("{}: cannot inspect: {}", path.string(), errno_text(errno));
    }
    // A new file gets what the umask allows; a replaced one starts private and then takes the old
    // file's owner, group and mode (a 0600 file holding a VNC password stays 0600).
    remove_left_behind(parent_or_dot(file), temp_prefix(file));
    DOMFW_TRY_X(auto temp, create_temp_beside(file, replacing ? 0600 : 0666));
    const int fd = temp.fd;
    auto cleanup = [&] {
        if (!temp.name.empty()) ::unlink(temp.name.c_str());
    };
    if (auto r = write_all(fd, bytes, file); !r) {
        ::close(fd);
        cleanup();
        return r;
    }
    if (replacing) {
        // Owner and group as far as this process may set them: root sets both; another user
        // keeps the file theirs and sets the group if they belong to it.
        if (::fchown(fd, st.st_uid, st.st_gid) != 0) (void)::fchown(fd, static_cast<uid_t>(-1), st.st_gid);
        copy_xattrs(old.fd, fd);
        // After fchown, which clears the set-user-ID and set-group-ID bits.
        (void)::fchmod(fd, st.st_mode & 07777);
    }
    if (::fsync(fd) != 0) {
        int e = errno;
        ::close(fd);
        cleanup();
        return fail("{}: cannot finish the temporary file: {}", file.string(), errno_text(e));
    }
    if (temp.name.empty()) {
        if (auto r = name_temp(temp, file); !r) {
            ::close(fd);
            return r;
        }
    }
    ::close(fd);
    if (::rename(temp.name.c_str(), file.c_str()) != 0) {
        int e = errno;
        cleanup();
        return fail("{}: cannot rename into place: {}", file.string(), errno_text(e));
    }
    return fsync_path(parent_or_dot(file), O_RDONLY | O_DIRECTORY);
}

void set_anonymous_temp_files_for_testing(bool allowed) { g_anonymous_temp_files = allowed; }

void remove_left_behind(const fs::path& dir, std::string_view prefix) {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return;
    const int dfd = ::dirfd(d);
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name = e->d_name;
        if (!name.starts_with(prefix)) continue;
        const std::string rest(name.substr(prefix.size()));
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash == 0) continue;
        char* stop = nullptr;
        const long pid = std::strtol(rest.c_str(), &stop, 10);
        if (stop != rest.c_str() + dash || pid <= 0 || pid == ::getpid()) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        struct stat st {};
        if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_uid != ::geteuid()) continue;
        if (S_ISDIR(st.st_mode)) {
            std::error_code ec; // remove_all does not follow the links inside
            fs::remove_all(dir / e->d_name, ec);
        } else if (S_ISREG(st.st_mode)) {
            (void)::unlinkat(dfd, e->d_name, 0);
        }
    }
    ::closedir(d);
}

Expected<void> write_file_atomic(const fs::path& path, std::string_view text) {
    return write_file_atomic(path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

} // namespace domfw::support
