// Output directories that appear whole or not at all (DESIGN.md: "written to a temporary
// sibling and renamed into place: never half-written, and never a directory that domfw did not
// write itself").
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

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

// Who may read what is written.
enum class Access {
    kUmask,   // directories 0777 and files 0666 before the umask, as for any new file
    kPrivate, // directories 0700 and files 0600 whatever the umask: product keys, host identity
};

// The name of the file that marks a directory as a domfw output, so that a later run may
// replace it. It holds one line naming the command that wrote it.
inline constexpr std::string_view kOutputMarker = ".domfw-output";

struct OutputSpec {
    // The command that writes the output ("domfw build"): the marker's first words.
    std::string_view writer;
    // Recognises the output of a domfw version that wrote no marker; nullptr: nothing is.
    bool (*earlier_output)(const std::filesystem::path& dir) = nullptr;
    Durability durability = Durability::kAtomic;
    Access dir_access = Access::kUmask; // the directory, its subdirectories and the marker
    // Replace a directory that is not a domfw output too, with everything it holds (--force).
    bool force = false;
};

// Whether `dir` may be replaced by an output of `spec`: it is absent, an empty directory, a
// directory holding the marker, or an earlier output (spec.earlier_output); with spec.force,
// any directory. Anything else is an error that says what `dir` holds; `shown` names it there.
[[nodiscard]] Expected<void> check_replaceable(const std::filesystem::path& dir, const OutputSpec& spec,
                                               const std::filesystem::path& shown);

// A directory built in a temporary sibling of `target` and published whole by commit(): with
// renameat2(RENAME_EXCHANGE), so that a reader sees the old directory or the new one, or, where
// the file system has no such exchange (NFS, vfat, some FUSE), with two renames and a moment in
// between when `target` is absent. Every file is a new inode: a process holding a file of the
// previous output open keeps reading exactly that file. `target` is replaced only when
// check_replaceable() allows it, checked at create() and again on what commit() swaps out; a
// symbolic link as `target` is followed (the output replaces the directory it names).
// Destroyed without commit(), it removes what it staged and leaves `target` untouched. A process
// killed mid-build leaves `.NAME.staging-PID-XXXXXX`; the next create() for the same target
// removes those whose PID no longer runs.
class StagedDir {
public:
    [[nodiscard]] static Expected<StagedDir> create(const std::filesystem::path& target, const OutputSpec& spec);
    StagedDir(StagedDir&& other) noexcept;
    StagedDir& operator=(StagedDir&&) = delete;
    StagedDir(const StagedDir&) = delete;
    StagedDir& operator=(const StagedDir&) = delete;
    ~StagedDir();

    [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }
    // The directory that commit() replaces: absolute, with a symbolic link resolved.
    [[nodiscard]] const std::filesystem::path& target() const { return target_; }

    // Writes a new file (relative path, subfolders created) inside the staging directory. The
    // folders are opened one by one from descriptors and never through a symbolic link
    // (openat2 RESOLVE_NO_SYMLINKS, else O_NOFOLLOW): "DIR/sub: is a symbolic link, ...".
    [[nodiscard]] Expected<void> write(const std::filesystem::path& relative, std::span<const std::uint8_t> bytes,
                                       Access access = Access::kUmask);
    [[nodiscard]] Expected<void> write(const std::filesystem::path& relative, std::string_view text,
                                       Access access = Access::kUmask);

    // Publishes the staging directory as `target`; the previous output is removed. Afterwards
    // the object is inert.
    [[nodiscard]] Expected<void> commit();

    // Tests only: replaces renameat2(RENAME_EXCHANGE) (nullptr restores it), e.g. with a
    // function failing with EINVAL as on a file system that has no exchange.
    using ExchangeFunction = int (*)(const char* from, const char* to);
    static void set_exchange_for_testing(ExchangeFunction f);
    // Tests only: false walks the staging tree with openat(O_NOFOLLOW) as on a kernel without
    // openat2 (before 5.6).
    static void set_openat2_for_testing(bool allowed);

private:
    StagedDir(std::filesystem::path target, std::filesystem::path staging, const OutputSpec& spec)
        : target_(std::move(target)), staging_(std::move(staging)), writer_(spec.writer),
          earlier_output_(spec.earlier_output), durable_(spec.durability == Durability::kDurable),
          private_dirs_(spec.dir_access == Access::kPrivate), force_(spec.force) {}
    [[nodiscard]] OutputSpec spec() const;
    [[nodiscard]] Expected<bool> publish_by_two_renames();
    std::filesystem::path target_;
    std::filesystem::path staging_;
    std::string writer_;
    bool (*earlier_output_)(const std::filesystem::path&) = nullptr;
    bool durable_ = false;
    bool private_dirs_ = false;
    bool force_ = false;
    bool done_ = false;
};

} // namespace domfw::support
