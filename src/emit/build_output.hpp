// `domfw build`: everything a guest needs, written to one directory that appears whole or not
// at all (support::StagedDir), and only over an earlier output (--force: over any directory):
// the domfw modules and bundle, the plan (JSON, text, SVG), the
// launch log, the xenstore keys, the start_info and hvm_info_table images, Xen's own
// pass-through files (validated) and an xl.cfg that stock xl 4.17 accepts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cfg/document.hpp"
#include "plan/from_domain.hpp"
#include "plan/plan.hpp"
#include "support/sha256.hpp"
#include "support/staged_dir.hpp"

namespace domfw::emit {

struct BuildResult {
    std::filesystem::path dir;
    std::vector<std::string> files; // relative names written
};

// How far the hashing of one file read from disk has got (a kernel, ramdisk or module), so a
// terminal can show progress on a large ramdisk. Called at the start (done 0), after every
// kHashProgressStep bytes, and once at the end (done == total).
struct HashProgress {
    const std::filesystem::path& file;
    std::uint64_t done = 0;
    std::uint64_t total = 0; // the file's size when it was opened
};
using HashObserver = std::function<void(const HashProgress&)>;
inline constexpr std::uint64_t kHashProgressStep = std::uint64_t{8} << 20;

[[nodiscard]] Expected<BuildResult> write_build(const cfg::Document& document, const domain::DomainConfig& config,
                                                const plan::DomainPlan& input, const plan::BuildPlan& plan,
                                                const std::filesystem::path& out,
                                                support::Durability durability = support::Durability::kAtomic,
                                                bool force = false, const HashObserver& observe = {});

// Whether `dir` is the output of a `domfw build` from before the .domfw-output marker: it holds
// plan.json and launch-log.json, which every build writes.
[[nodiscard]] bool is_earlier_build_output(const std::filesystem::path& dir);

// The SHA-256 of every planned module, in plan order, as the launch log measures them.
[[nodiscard]] Expected<std::vector<support::Sha256Digest>> module_digests(const plan::DomainPlan& input,
                                                                          const HashObserver& observe = {});
// SHA-256 of a file read in 128 KiB chunks (big ramdisks are read once, never held whole).
[[nodiscard]] Expected<support::Sha256Digest> sha256_file(const std::filesystem::path& path,
                                                          const HashObserver& observe = {});

} // namespace domfw::emit
