// Files in and out. Output is never half-written (DESIGN.md): single files go through a
// temporary sibling + fsync + rename; directories are staged in a temporary sibling and swapped
// into place with one atomic rename (renameat2 RENAME_EXCHANGE when the target exists).
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

// Replaces `path` atomically with `bytes` (mode 0644).
[[nodiscard]] Expected<void> write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);
[[nodiscard]] Expected<void> write_file_atomic(const std::filesystem::path& path, std::string_view text);

// A directory built in a temporary sibling of `target` and published whole by commit().
// Destroyed without commit(), it removes what it staged and leaves `target` untouched. A process
// killed mid-build leaves `.NAME.staging-PID-XXXXXX`; the next create() for the same target
// removes those whose PID no longer runs.
class StagedDir {
public:
    // `durable`: commit() flushes everything to disk before publishing (safe against a power
    // loss). Without it the output is still atomic against a killed or failed build.
    [[nodiscard]] static Expected<StagedDir> create(const std::filesystem::path& target, bool durable = true);
    StagedDir(StagedDir&& other) noexcept;
    StagedDir& operator=(StagedDir&&) = delete;
    StagedDir(const StagedDir&) = delete;
    StagedDir& operator=(const StagedDir&) = delete;
    ~StagedDir();

    [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }
    [[nodiscard]] const std::filesystem::path& target() const { return target_; }

    // Writes a file (relative path, subfolders created) inside the staging directory.
    [[nodiscard]] Expected<void> write(const std::filesystem::path& relative, std::span<const std::uint8_t> bytes);
    [[nodiscard]] Expected<void> write(const std::filesystem::path& relative, std::string_view text);

    // Publishes the staging directory as `target`: the old target, if any, is swapped out in one
    // rename and then removed. Afterwards the object is inert.
    [[nodiscard]] Expected<void> commit();

private:
    StagedDir(std::filesystem::path target, std::filesystem::path staging, bool durable)
        : target_(std::move(target)), staging_(std::move(staging)), durable_(durable) {}
    std::filesystem::path target_;
    std::filesystem::path staging_;
    bool durable_ = true;
    bool done_ = false;
};

} // namespace domfw::support
