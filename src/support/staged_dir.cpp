#include "support/staged_dir.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <optional>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "support/files.hpp"

namespace domfw::support {
namespace fs = std::filesystem;

namespace {

fs::path sibling(const fs::path& target, std::string_view suffix) {
    return target.parent_path() / fmt::format(".{}{}", target.filename().string(), suffix);
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

// A file the spare may keep and rewrite in place: a regular file of ours with no other name.
// Anything else is removed instead: rewriting a symlink or a hard link in place would write
// through it into a file outside the output.
bool ours_alone(const struct stat& st) { return S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_uid == ::geteuid(); }

bool ours_dir(const struct stat& st) { return S_ISDIR(st.st_mode) && st.st_uid == ::geteuid(); }

// Empties the old output under `dirfd` (which it closes) so it can be kept as the spare: every
// file of ours truncated to 0 bytes, everything else removed, subdirectories alike. False if
// something could not be emptied or removed; the caller then removes the whole tree.
bool empty_tree(int dirfd) {
    DIR* d = ::fdopendir(dirfd);
    if (d == nullptr) {
        ::close(dirfd);
        return false;
    }
    const int fd_of_d = ::dirfd(d);
    bool ok = true;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        struct stat st {};
        if (::fstatat(fd_of_d, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            ok = false;
            continue;
        }
        if (ours_dir(st)) {
            const int sub = ::openat(fd_of_d, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0 || !empty_tree(sub)) ok = false;
            continue;
        }
        if (ours_alone(st)) {
            if (st.st_size == 0) continue;
            // O_NONBLOCK: should the name have become a FIFO since fstatat, open must not wait.
            const int fd = ::openat(fd_of_d, e->d_name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0) {
                struct stat now {};
                const bool same =
                    ::fstat(fd, &now) == 0 && now.st_ino == st.st_ino && now.st_dev == st.st_dev && ours_alone(now);
                const bool emptied = same && ::ftruncate(fd, 0) == 0;
                ::close(fd);
                if (emptied) continue;
            }
        }
        if (::unlinkat(fd_of_d, e->d_name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) != 0) ok = false;
    }
    ::closedir(d);
    return ok;
}

// Takes the spare skeleton for a new build: renamed (RENAME_NOREPLACE) to a staging name of
// this process, so two builds can never both take it. Nothing when there is none, or when it
// is not a directory of ours (then it is left alone).
std::optional<fs::path> claim_spare(const fs::path& target) {
    const fs::path spare = sibling(target, ".spare");
    struct stat st {};
    if (::lstat(spare.c_str(), &st) != 0 || !ours_dir(st)) return std::nullopt;
    for (unsigned attempt = 0; attempt < 8; ++attempt) {
        std::uint32_t r = 0;
        if (::getrandom(&r, sizeof r, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof r))
            r = (attempt + 1) * 2654435761U ^ static_cast<std::uint32_t>(::getpid());
        fs::path name = sibling(target, fmt::format(".staging-{}-{:08x}", ::getpid(), r));
        if (::renameat2(AT_FDCWD, spare.c_str(), AT_FDCWD, name.c_str(), RENAME_NOREPLACE) == 0) {
            struct stat now {};
            if (::lstat(name.c_str(), &now) == 0 && now.st_ino == st.st_ino && now.st_dev == st.st_dev) return name;
            std::error_code ec; // replaced between lstat and rename: not what we checked
            fs::remove(name, ec);
            return std::nullopt;
        }
        if (errno != EEXIST) return std::nullopt; // ENOENT: another build took it first
    }
    return std::nullopt;
}

// Makes `dir` (under a staging directory) a real directory: whatever else has the name in a
// reused spare (a file, a symlink) is removed first.
Expected<void> ensure_dir(const fs::path& dir) {
    struct stat st {};
    if (::lstat(dir.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return {};
        std::error_code ec;
        fs::remove(dir, ec);
        if (ec) return fail("{}: cannot remove what is in the way of a directory: {}", dir.string(), ec.message());
    }
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
        return fail("{}: cannot create directory: {}", dir.string(), std::strerror(errno));
    return {};
}

bool is_written(const std::vector<std::string>& written, const std::string& rel) {
    return std::find(written.begin(), written.end(), rel) != written.end();
}

bool holds_written(const std::vector<std::string>& written, const std::string& rel_dir) {
    return std::any_of(written.begin(), written.end(), [&](const std::string& w) {
        return w.size() > rel_dir.size() && w.starts_with(rel_dir) && w[rel_dir.size()] == '/';
    });
}

// Removes from a reused spare whatever this build did not write: the output is exactly the
// files written, as if staged in an empty directory.
Expected<void> prune(const fs::path& dir, const std::string& rel_prefix, const std::vector<std::string>& written) {
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string rel = rel_prefix + it->path().filename().string();
        std::error_code sec;
        const bool is_dir = it->symlink_status(sec).type() == fs::file_type::directory;
        if (is_dir && holds_written(written, rel)) {
            DOMFW_TRY_VOID(prune(it->path(), rel + "/", written));
            continue;
        }
        if (!is_dir && is_written(written, rel)) continue;
        doomed.push_back(it->path());
    }
    if (ec) return fail("{}: cannot list: {}", dir.string(), ec.message());
    for (const auto& p : doomed) {
        fs::remove_all(p, ec);
        if (ec) return fail("{}: cannot remove what the previous build left: {}", p.string(), ec.message());
    }
    return {};
}

} // namespace

Expected<StagedDir> StagedDir::create(const fs::path& target, Durability durability, Previous previous) {
    fs::path abs = fs::absolute(target).lexically_normal();
    if (abs.filename().empty()) abs = abs.parent_path();
    std::error_code ec;
    fs::create_directories(abs.parent_path(), ec);
    if (ec) return fail("{}: cannot create the parent directory: {}", abs.parent_path().string(), ec.message());
    if (fs::exists(abs, ec) && !fs::is_directory(abs, ec))
        return fail("{}: exists and is not a directory", abs.string());
    remove_stale_staging(abs);
    if (previous == Previous::kKeepAsSpare) {
        if (auto name = claim_spare(abs)) {
            ::chmod(name->c_str(), 0755);
            return StagedDir(abs, std::move(*name), durability, previous, /*reused=*/true);
        }
    }
    std::string name = sibling(abs, fmt::format(".staging-{}-XXXXXX", ::getpid())).string();
    if (::mkdtemp(name.data()) == nullptr)
        return fail("{}: cannot create a staging directory beside it: {}", abs.string(), std::strerror(errno));
    ::chmod(name.c_str(), 0755);
    return StagedDir(abs, fs::path(name), durability, previous, /*reused=*/false);
}

StagedDir::StagedDir(StagedDir&& other) noexcept
    : target_(std::move(other.target_)), staging_(std::move(other.staging_)), written_(std::move(other.written_)),
      durable_(other.durable_), keep_spare_(other.keep_spare_), reused_(other.reused_), done_(other.done_) {
    other.done_ = true;
}

StagedDir::~StagedDir() {
    if (!done_) {
        std::error_code ec;
        fs::remove_all(staging_, ec);
    }
}

Expected<int> StagedDir::open_for_write(const fs::path& p) {
    if (reused_) {
        // The spare's file of this name is rewritten in place (no inode freed or allocated) when
        // it is a plain file of ours; anything else of that name is removed first.
        const int fd = ::open(p.c_str(), O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        const int e = errno;
        if (fd >= 0) {
            struct stat st {};
            if (::fstat(fd, &st) == 0 && ours_alone(st) && (st.st_size == 0 || ::ftruncate(fd, 0) == 0)) {
                if ((st.st_mode & 07777) != 0644) ::fchmod(fd, 0644);
                return fd;
            }
            ::close(fd);
        }
        if (fd >= 0 || e != ENOENT) {
            std::error_code ec;
            fs::remove_all(p, ec);
            if (ec) return fail("{}: cannot remove what is in the way: {}", p.string(), ec.message());
        }
    }
    const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return fail("{}: cannot create: {}", p.string(), std::strerror(errno));
    return fd;
}

Expected<void> StagedDir::write(const fs::path& relative, std::span<const std::uint8_t> bytes) {
    const fs::path rel = relative.lexically_normal();
    if (relative.is_absolute() || rel.empty() || rel.string().starts_with("..") || !rel.has_filename())
        return fail("{}: not a path inside the output directory", relative.string());
    fs::path dir = staging_;
    for (const auto& part : rel.parent_path()) {
        dir /= part;
        DOMFW_TRY_VOID(ensure_dir(dir));
    }
    const fs::path p = staging_ / rel;
    DOMFW_TRY_X(const int fd, open_for_write(p));
    auto r = write_all(fd, bytes, p); // Durability::kDurable: flushed by commit(), all at once
    ::close(fd);
    if (r && reused_) { // what prune() keeps of the spare
        std::string name = rel.generic_string();
        if (!is_written(written_, name)) written_.push_back(std::move(name));
    }
    return r;
}

Expected<void> StagedDir::write(const fs::path& relative, std::string_view text) {
    return write(relative, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Expected<void> StagedDir::commit() {
    if (done_) return fail("{}: staging directory already committed", target_.string());
    if (reused_) DOMFW_TRY_VOID(prune(staging_, "", written_));
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
    std::error_code ec;
    bool exists = fs::exists(target_, ec);
    if (!exists) {
        if (::rename(staging_.c_str(), target_.c_str()) != 0)
            return fail("{}: cannot rename the staged output into place: {}", target_.string(), std::strerror(errno));
    } else {
        // One atomic swap: readers see the old directory or the new one, never a mix.
        if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0)
            return fail("{}: cannot swap the staged output into place: {}", target_.string(), std::strerror(errno));
        // staging_ now holds the old output. Kept as the spare only if it could be emptied
        // completely and no other build parked one meanwhile; otherwise removed.
        bool parked = false;
        if (keep_spare_) {
            const int fd = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            struct stat st {};
            if (fd >= 0 && ::fstat(fd, &st) == 0 && ours_dir(st)) {
                parked = empty_tree(fd) && ::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD,
                                                       sibling(target_, ".spare").c_str(), RENAME_NOREPLACE) == 0;
            } else if (fd >= 0) {
                ::close(fd);
            }
        }
        if (!parked) fs::remove_all(staging_, ec);
    }
    done_ = true;
    if (!durable_) return {};
    return fsync_path(target_.parent_path(), O_RDONLY | O_DIRECTORY);
}

} // namespace domfw::support
