#include "support/staged_dir.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "support/escaped_text.hpp"
#include "support/files.hpp"

namespace domfw::support {
namespace fs = std::filesystem;

namespace {

StagedDir::ExchangeFunction g_exchange_for_testing = nullptr;

int exchange(const char* from, const char* to) {
    if (g_exchange_for_testing != nullptr) return g_exchange_for_testing(from, to);
    return ::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
}

// renameat2's answers on a file system without RENAME_EXCHANGE: EINVAL (NFS, vfat, FUSE
// servers without rename2 flags), ENOSYS and EOPNOTSUPP (older kernels, filters).
bool exchange_unsupported(int e) { return e == EINVAL || e == ENOSYS || e == EOPNOTSUPP; }

fs::path sibling(const fs::path& target, std::string_view suffix) {
    return target.parent_path() / fmt::format(".{}{}", target.filename().string(), suffix);
}

// `.NAME.staging-PID-XXXXXX`, not yet used: the PID keeps other processes off the name, the
// random tail other names of this process.
fs::path fresh_sibling_name(const fs::path& target) {
    static constexpr std::string_view kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::array<unsigned char, 6> r{};
    if (::getrandom(r.data(), r.size(), GRND_NONBLOCK) != static_cast<ssize_t>(r.size())) {
        static unsigned counter = 0;
        for (auto& b : r)
            b = static_cast<unsigned char>(++counter * 2654435761U >> 24);
    }
    std::string tail;
    for (const unsigned char b : r)
        tail += kChars[b % kChars.size()];
    struct stat st {};
    fs::path name = sibling(target, fmt::format(".staging-{}-{}", ::getpid(), tail));
    return ::lstat(name.c_str(), &st) == 0 ? fresh_sibling_name(target) : name;
}

// A directory name in messages, between "...": bytes that would move a terminal's cursor, or
// that a terminal reads as a control sequence (0x9b is CSI to some), are shown as \xNN.
std::string shown_name(std::string_view name) { return escaped(name, {.quote = '"'}); }

// The marker of an output: a regular file that starts with "domfw ", in the directory `dirfd`.
bool has_marker(int dirfd) {
    const std::string name(kOutputMarker);
    const int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    std::array<char, 6> head{};
    const bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                    ::read(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()) &&
                    std::string_view(head.data(), head.size()) == "domfw ";
    ::close(fd);
    return ok;
}

// The names in the directory `dirfd` (which stays open).
Expected<std::vector<std::string>> names_in(int dirfd, const fs::path& shown) {
    const int fd = ::dup(dirfd);
    DIR* d = fd < 0 ? nullptr : ::fdopendir(fd);
    if (d == nullptr) {
        const int e = errno;
        if (fd >= 0) ::close(fd);
        return fail("{}: cannot list: {}", shown.string(), std::strerror(e));
    }
    ::rewinddir(d);
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
    }
    ::closedir(d);
    return names;
}

// A build killed before its commit (or between the swap and the removal of the old output)
// leaves its staging directory behind. The name carries the builder's PID; a directory whose
// builder is gone is removed by the next build of the same target. A live PID is left alone,
// even if it was reused: that costs disk, never someone's output.
void remove_stale_staging(const fs::path& target) {
    const std::string prefix = sibling(target, ".staging-").filename().string();
    std::error_code ec;
    for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(prefix)) continue;
        const std::string rest = name.substr(prefix.size());
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash == 0) continue;
        char* stop = nullptr;
        const long pid = std::strtol(rest.c_str(), &stop, 10);
        if (stop != rest.c_str() + dash || pid <= 0 || pid == ::getpid()) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        std::error_code rm;
        fs::remove_all(it->path(), rm);
    }
}

// Versions before this one kept the emptied previous output beside DIR as `.NAME.spare` and
// rewrote its inodes in the next build. It holds only directories and empty files; anything
// else there is not what they left, and is left alone.
void remove_old_spare(const fs::path& target) {
    const fs::path spare = sibling(target, ".spare");
    struct stat st {};
    if (::lstat(spare.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(spare, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code sec;
        const auto s = it->symlink_status(sec);
        if (sec) return;
        if (s.type() == fs::file_type::directory) continue;
        if (s.type() != fs::file_type::regular || it->file_size(sec) != 0 || sec) return;
    }
    if (ec) return;
    fs::remove_all(spare, ec);
}

// Creates `dir` inside a staging directory (whose subdirectories only this process creates).
Expected<void> ensure_dir(const fs::path& dir, mode_t mode) {
    if (::mkdir(dir.c_str(), mode) == 0) return {};
    if (errno != EEXIST) return fail("{}: cannot create directory: {}", dir.string(), std::strerror(errno));
    struct stat st {};
    if (::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return {};
    return fail("{}: cannot create directory: a file of that name was written", dir.string());
}

} // namespace

Expected<void> check_replaceable(const fs::path& dir, const OutputSpec& spec, const fs::path& shown) {
    // Another build of the same DIR may be replacing it while it is looked at: the directory
    // listed is then renamed away and emptied, and may show files without its marker. A refusal
    // counts only for a directory that is still the one at `dir` afterwards; otherwise look again.
    for (int attempt = 0;; ++attempt) {
        struct stat st {};
        if (::lstat(dir.c_str(), &st) != 0) {
            if (errno == ENOENT) return {};
            return fail("{}: cannot inspect: {}", shown.string(), std::strerror(errno));
        }
        if (!S_ISDIR(st.st_mode))
            return fail("{}: exists and is not a directory; refusing to replace it", shown.string());
        if (spec.force) return {};
        const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            if ((errno == ENOENT || errno == ENOTDIR || errno == ELOOP) && attempt < 8) continue;
            return fail("{}: cannot list: {}", shown.string(), std::strerror(errno));
        }
        struct stat seen {};
        auto names = ::fstat(fd, &seen) == 0 ? names_in(fd, shown)
                                             : fail("{}: cannot inspect: {}", shown.string(), std::strerror(errno));
        const bool marked = names && has_marker(fd);
        ::close(fd);
        if (!names) return Unexpected(names.error());
        if (names->empty() || marked) return {};
        if (spec.earlier_output != nullptr && spec.earlier_output(dir)) return {};
        struct stat now {};
        const bool same = ::lstat(dir.c_str(), &now) == 0 && now.st_ino == seen.st_ino && now.st_dev == seen.st_dev;
        if (!same && attempt < 8) continue;
        std::sort(names->begin(), names->end());
        const std::size_t others = names->size() - 1;
        const std::string more =
            others == 0 ? std::string() : fmt::format(" and {} other entr{}", others, others == 1 ? "y" : "ies");
        return fail("{}: refusing to replace a directory that domfw did not write: it holds \"{}\"{}, and no {} "
                    "marker; choose a new or empty directory, or pass --force to replace it and everything in it",
                    shown.string(), shown_name(names->front()), more, kOutputMarker);
    }
}

Expected<StagedDir> StagedDir::create(const fs::path& target, const OutputSpec& spec) {
    if (target.empty()) return fail("an empty path names no output directory");
    std::error_code aec; // the throwing overload would make a deleted working directory an internal error
    fs::path abs = fs::absolute(target, aec).lexically_normal();
    if (aec) return fail("{}: cannot make the path absolute: {}", target.string(), aec.message());
    if (abs.filename().empty()) abs = abs.parent_path();
    if (abs.filename().empty() || abs == abs.root_path())
        return fail("{}: the root directory cannot be an output directory", abs.string());
    struct stat st {};
    if (::lstat(abs.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        // `-o LINK`: the output goes where the link leads, and the link stays.
        std::error_code ec;
        fs::path resolved = fs::canonical(abs, ec);
        if (ec) {
            std::error_code rec;
            return fail("{}: is a symbolic link to \"{}\", which cannot be followed: {}", abs.string(),
                        fs::read_symlink(abs, rec).string(), ec.message());
        }
        abs = std::move(resolved);
        if (abs == abs.root_path()) return fail("{}: the root directory cannot be an output directory", abs.string());
    }
    std::error_code ec;
    fs::create_directories(abs.parent_path(), ec);
    if (ec) return fail("{}: cannot create the parent directory: {}", abs.parent_path().string(), ec.message());
    DOMFW_TRY_VOID(check_replaceable(abs, spec, abs));
    remove_stale_staging(abs);
    remove_old_spare(abs);
    const mode_t mode = spec.dir_access == Access::kPrivate ? 0700 : 0777;
    for (int attempt = 0;; ++attempt) {
        fs::path name = fresh_sibling_name(abs);
        if (::mkdir(name.c_str(), mode) == 0) {
            StagedDir dir(abs, std::move(name), spec);
            DOMFW_TRY_VOID(dir.write(kOutputMarker,
                                     fmt::format("{} output: the next `{} -o` into this directory replaces it whole\n",
                                                 spec.writer, spec.writer),
                                     spec.dir_access));
            return dir;
        }
        if (errno != EEXIST || attempt == 16)
            return fail("{}: cannot create a staging directory beside it: {}", abs.string(), std::strerror(errno));
    }
}

StagedDir::StagedDir(StagedDir&& other) noexcept
    : target_(std::move(other.target_)), staging_(std::move(other.staging_)), writer_(std::move(other.writer_)),
      earlier_output_(other.earlier_output_), durable_(other.durable_), private_dirs_(other.private_dirs_),
      force_(other.force_), done_(other.done_) {
    other.done_ = true;
}

StagedDir::~StagedDir() {
    if (!done_) {
        std::error_code ec;
        fs::remove_all(staging_, ec);
    }
}

void StagedDir::set_exchange_for_testing(ExchangeFunction f) { g_exchange_for_testing = f; }

OutputSpec StagedDir::spec() const {
    OutputSpec s;
    s.writer = writer_;
    s.earlier_output = earlier_output_;
    s.force = force_;
    return s;
}

Expected<void> StagedDir::write(const fs::path& relative, std::span<const std::uint8_t> bytes, Access access) {
    const fs::path rel = relative.lexically_normal();
    if (relative.is_absolute() || rel.empty() || rel.string().starts_with("..") || !rel.has_filename())
        return fail("{}: not a path inside the output directory", relative.string());
    fs::path dir = staging_;
    for (const auto& part : rel.parent_path()) {
        dir /= part;
        DOMFW_TRY_VOID(ensure_dir(dir, private_dirs_ ? 0700 : 0777));
    }
    const fs::path p = staging_ / rel;
    // A new inode for every file, with the mode it is created with: nothing written before is
    // reused, and no chmod is needed (vfat refuses one).
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    const mode_t mode = access == Access::kPrivate ? 0600 : 0666;
    int fd = ::open(p.c_str(), flags, mode);
    if (fd < 0 && errno == EEXIST && ::unlink(p.c_str()) == 0) fd = ::open(p.c_str(), flags, mode);
    if (fd < 0) return fail("{}: cannot create: {}", p.string(), std::strerror(errno));
    auto r = write_all(fd, bytes, p); // Durability::kDurable: flushed by commit(), all at once
    // close() is where NFS reports a write that failed.
    if (::close(fd) != 0 && r) return fail("{}: cannot close: {}", p.string(), std::strerror(errno));
    return r;
}

Expected<void> StagedDir::write(const fs::path& relative, std::string_view text, Access access) {
    return write(relative, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), access);
}

// Where renameat2(RENAME_EXCHANGE) is missing: the previous output is renamed aside, then the
// staged one into place. Between the two, `target_` does not exist (a reader gets ENOENT); a
// process killed there leaves the previous output as a staging directory, removed by the next
// build. False: `target_` vanished meanwhile, the caller starts over.
Expected<bool> StagedDir::publish_by_two_renames() {
    const fs::path aside = fresh_sibling_name(target_);
    if (::rename(target_.c_str(), aside.c_str()) != 0) {
        if (errno == ENOENT) return false;
        return fail("{}: cannot move the previous output aside: {}", target_.string(), std::strerror(errno));
    }
    if (auto ok = check_replaceable(aside, spec(), target_); !ok) {
        if (::rename(aside.c_str(), target_.c_str()) != 0)
            return fail("{}; it was moved to {} and could not be moved back: {}", ok.error().message, aside.string(),
                        std::strerror(errno));
        return Unexpected(ok.error());
    }
    if (::rename(staging_.c_str(), target_.c_str()) != 0) {
        const int e = errno;
        std::error_code ec;
        if (e == EEXIST || e == ENOTEMPTY) {
            // Another build published in between: what was moved aside is older than what is
            // there now, and was checked; it goes, and this build replaces the newer one.
            fs::remove_all(aside, ec);
            return false;
        }
        if (::rename(aside.c_str(), target_.c_str()) != 0)
            return fail("{}: cannot rename the staged output into place: {}; the previous output is at {}",
                        target_.string(), std::strerror(e), aside.string());
        return fail("{}: cannot rename the staged output into place: {}", target_.string(), std::strerror(e));
    }
    std::error_code ec;
    fs::remove_all(aside, ec);
    return true;
}

Expected<void> StagedDir::commit() {
    if (done_) return fail("{}: staging directory already committed", target_.string());
    // kDurable: everything staged is on disk before it is published, so a power loss cannot
    // leave a renamed directory of empty files. One syncfs() flushes the whole staging tree
    // (files, modules/, the directory itself) at once; an fsync per file costs a device flush
    // each (a typical 14-file build: 8.6 ms with fsyncs, 4.7 ms with syncfs, ext4 on virtio). It
    // also flushes other dirty data of the same file system, which costs only time.
    if (durable_) {
        const int fd = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return fail("{}: cannot open: {}", staging_.string(), std::strerror(errno));
        const int rc = ::syncfs(fd);
        const int e = errno;
        ::close(fd);
        if (rc != 0) return fail("{}: syncfs failed: {}", staging_.string(), std::strerror(e));
    }
    // Other builds of the same target may publish at any moment: each step that finds the
    // target changed under it (appeared, vanished) starts over.
    for (int attempt = 0;; ++attempt) {
        if (attempt == 16)
            return fail("{}: cannot publish the staged output: the directory kept changing under other writers",
                        target_.string());
        struct stat st {};
        if (::lstat(target_.c_str(), &st) != 0) {
            if (errno != ENOENT) return fail("{}: cannot inspect: {}", target_.string(), std::strerror(errno));
            if (::rename(staging_.c_str(), target_.c_str()) == 0) break;
            if (errno == EEXIST || errno == ENOTEMPTY) continue; // another build published first
            return fail("{}: cannot rename the staged output into place: {}", target_.string(), std::strerror(errno));
        }
        if (exchange(staging_.c_str(), target_.c_str()) == 0) {
            // staging_ now holds what was at the target: checked again, since it may have
            // changed since create() looked at it.
            if (auto ok = check_replaceable(staging_, spec(), target_); !ok) {
                if (exchange(staging_.c_str(), target_.c_str()) != 0) {
                    done_ = true; // staging_ holds someone else's directory: never remove it
                    return fail("{}; it was swapped to {} and could not be swapped back: {}", ok.error().message,
                                staging_.string(), std::strerror(errno));
                }
                return Unexpected(ok.error());
            }
            std::error_code ec;
            fs::remove_all(staging_, ec);
            break;
        }
        const int e = errno;
        if (e == ENOENT) continue;
        if (!exchange_unsupported(e))
            return fail("{}: cannot swap the staged output into place: {}", target_.string(), std::strerror(e));
        DOMFW_TRY_X(const bool published, publish_by_two_renames());
        if (published) break;
    }
    done_ = true;
    if (!durable_) return {};
    return fsync_path(target_.parent_path(), O_RDONLY | O_DIRECTORY);
}

} // namespace domfw::support
