// Output directories that appear whole or not at all (DESIGN.md: "written to a temporary
// sibling and renamed into place: never half-written").
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/error.hpp"

namespace domfw::support {

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

// What becomes of the previous output once the new one is in place.
enum class Previous {
    kRemove, // removed, files and all
    // Emptied and kept beside the target as `.NAME.spare`: every file truncated to 0 bytes
    // (nothing of the old output stays readable), the inodes and directories kept, and the next
    // create() stages into that skeleton, rewriting the files in place. A rebuild then neither
    // frees nor allocates inodes: on ext4 without a journal (this project's VMs), every inode
    // allocation skips the inodes freed in the last minutes one by one, so a host that rebuilds
    // often pays more for each build than for the one before.
    kKeepAsSpare,
};

// A directory built in a temporary sibling of `target` and published whole by commit().
// Destroyed without commit(), it removes what it staged and leaves `target` untouched. A process
// killed mid-build leaves `.NAME.staging-PID-XXXXXX`; the next create() for the same target
// removes those whose PID no longer runs.
class StagedDir {
public:
    [[nodiscard]] static Expected<StagedDir> create(const std::filesystem::path& target, Durability durability,
                                                    Previous previous = Previous::kRemove);
    StagedDir(StagedDir&& other) noexcept;
    StagedDir& operator=(StagedDir&&) = delete;
    StagedDir(const StagedDir&) = delete;
    StagedDir& operator=(const StagedDir&) = delete;
    ~StagedDir();

    [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }
    [[nodiscard]] const std::filesystem::path& target() const { return target_; }
    // True when this build stages into the previous build's spare skeleton.
    [[nodiscard]] bool reused_spare() const { return reused_; }

    // Writes a file (relative path, subfolders created) inside the staging directory.
    [[nodiscard]] Expected<void> write(const std::filesystem::path& relative, std::span<const std::uint8_t> bytes);
    [[nodiscard]] Expected<void> write(const std::filesystem::path& relative, std::string_view text);

    // Publishes the staging directory as `target`: the old target, if any, is swapped out in one
    // rename and then removed or kept as the spare. Afterwards the object is inert.
    [[nodiscard]] Expected<void> commit();

private:
    StagedDir(std::filesystem::path target, std::filesystem::path staging, Durability durability, Previous previous,
              bool reused)
        : target_(std::move(target)), staging_(std::move(staging)), durable_(durability == Durability::kDurable),
          keep_spare_(previous == Previous::kKeepAsSpare), reused_(reused) {}
    [[nodiscard]] Expected<int> open_for_write(const std::filesystem::path& p);
    std::filesystem::path target_;
    std::filesystem::path staging_;
    std::vector<std::string> written_; // reused spare only: relative, lexically normal paths written
    bool durable_ = false;
    bool keep_spare_ = false;
    bool reused_ = false;
    bool done_ = false;
};

} // namespace domfw::support
