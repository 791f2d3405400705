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

// How far commit() goes before it publishes a staged directory.
enum class Durability {
    // Atomic: the rename publishes the whole directory or nothing, whatever happens to the
    // process (a failed or killed build leaves the previous output). Not flushed: a power loss
    // soon after may lose the new output. What libxl does with its own state (userdata: write,
    // close, rename) and what build tools do with regenerable output.
    kAtomic,
    // Also durable: the staged tree is flushed to disk (one syncfs) before the rename and the
    // parent directory after it, so the output survives a power loss once commit() returns.
    kDurable,
};

// A directory built in a temporary sibling of `target` and published whole by commit().
// Destroyed without commit(), it removes what it staged and leaves `target` untouched. A process
// killed mid-build leaves `.NAME.staging-PID-XXXXXX`; the next create() for the same target
// removes those whose PID no longer runs.
class StagedDir {
public:
    [[nodiscard]] static Expected<StagedDir> create(const std::filesystem::path& target, Durability durability);
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
    StagedDir(std::filesystem::path target, std::filesystem::path staging, Durability durability)
        : target_(std::move(target)), staging_(std::move(staging)), durable_(durability == Durability::kDurable) {}
    std::filesystem::path target_;
    std::filesystem::path staging_;
    bool durable_ = false;
    bool done_ = false;
};

} // namespace domfw::support
