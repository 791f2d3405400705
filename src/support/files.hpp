// Files in and out. Output is never half-written (DESIGN.md): single files go through a
// temporary sibling + fsync + rename; whole directories through StagedDir (staged_dir.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/error.hpp"

namespace domfw::support {

[[nodiscard]] Expected<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path);
[[nodiscard]] Expected<std::string> read_text_file(const std::filesystem::path& path);

// Writes all of `bytes` to `fd` (retrying short writes and EINTR); `path` names it in errors.
[[nodiscard]] Expected<void> write_all(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& path);
// Opens `path` with `flags` (O_RDONLY | O_DIRECTORY for a directory) and fsyncs it.
[[nodiscard]] Expected<void> fsync_path(const std::filesystem::path& path, int flags);

// Replaces `path` atomically with `bytes`: written to a temporary sibling, flushed, renamed into
// place. An existing file keeps its mode, owner, group and extended attributes (as far as this
// process may set them); a symbolic link is followed and stays; a file with other hard links, or
// one that is not a regular file, is refused. A new file is created with the umask's mode.
[[nodiscard]] Expected<void> write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);
[[nodiscard]] Expected<void> write_file_atomic(const std::filesystem::path& path, std::string_view text);

} // namespace domfw::support
