// Files in and out. Output is never half-written (DESIGN.md): single files go through a
// temporary sibling + fsync + rename; whole directories through StagedDir (staged_dir.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

#include "support/error.hpp"
#include "support/input_limits.hpp"

namespace domfw::support {

// Whether the last component of an input path may be a symbolic link. Files inside a capture
// are never followed (a link named acpi/tables/SSDT2 could point at /etc/shadow); a path the
// user or a config names may be a link (/boot/vmlinuz -> vmlinuz-6.1.0).
enum class Links { follow, refuse };

// Opens an input for reading: a regular file (anything else is refused: "not a regular file")
// of at most `limit.max_bytes` by its size. Returns the descriptor (the caller closes it) and
// fills `st`. A FIFO is opened without waiting for a writer.
[[nodiscard]] Expected<int> open_input(const std::filesystem::path& path, const InputLimit& limit, Links links,
                                       struct ::stat& st);
// The whole input, at most `limit.max_bytes` however many bytes the file turns out to hold
// (sysfs and procfs files report a size that is not their length): memory is bounded by the
// bytes actually there and by the limit, never by a size the file claims.
[[nodiscard]] Expected<std::vector<std::uint8_t>>
read_file(const std::filesystem::path& path, const InputLimit& limit = kAnyInput, Links links = Links::follow);
[[nodiscard]] Expected<std::string> read_text_file(const std::filesystem::path& path,
                                                   const InputLimit& limit = kAnyInput);

// Writes all of `bytes` to `fd` (retrying short writes and EINTR); `path` names it in errors.
[[nodiscard]] Expected<void> write_all(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path);
// Opens `path` with `flags` (O_RDONLY | O_DIRECTORY for a directory) and fsyncs it.
[[nodiscard]] Expected<void> fsync_path(const std::filesystem::path& path, int flags);

// Replaces `path` atomically with `bytes`: written to a temporary sibling, flushed, renamed into
// place. An existing file keeps its mode, owner, group and extended attributes (as far as this
// process may set them); a symbolic link is followed and stays; a file with other hard links, or
// one that is not a regular file, is refused. A new file is created with the umask's mode.
// The temporary file has no name until it is complete (O_TMPFILE, then linkat) where the file
// system allows; otherwise, and for the moment between linkat and rename, it is
// `.NAME.tmp-PID-XXXXXX`, and the next write of the same file removes those of dead processes.
[[nodiscard]] Expected<void> write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);
[[nodiscard]] Expected<void> write_file_atomic(const std::filesystem::path& path, std::string_view text);
// Tests only: false makes write_file_atomic() use a named temporary file from the start, as on
// a file system without O_TMPFILE (vfat, NFS before 4.x, some FUSE).
void set_anonymous_temp_files_for_testing(bool allowed);

// Six random letters and digits: the tail of a temporary name (.NAME.tmp-PID-XXXXXX), which the
// PID keeps apart from other processes' and the tail from this process's other names.
[[nodiscard]] std::string random_name_tail();

// What a killed domfw leaves (SIGKILL runs no cleanup): the entries of `dir` named `prefix`,
// then a PID, a '-' and anything, whose PID is no running process, owned by this user and not
// symbolic links, are removed (a directory with all it holds). A PID that runs is left alone
// even if it was reused: that costs disk, never someone's file. Failures are ignored: this is
// housekeeping before the real work, which reports its own errors.
void remove_left_behind(const std::filesystem::path& dir, std::string_view prefix);

} // namespace domfw::support
