// Where `domfw build` finds domfw-loader.elf, the guest-side loader it copies into every PVH
// build that boots through it (docs/plan.md, "Finding the loader"), so a build is
// self-contained and an upgrade never swaps the loader under an existing bundle.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/error.hpp"

namespace domfw::plan {

inline constexpr const char* kLoaderFileName = "domfw-loader.elf";

// The places looked at, in order: $DOMFW_LOADER (an override; when set it must name the file),
// then next to the running domfw binary, then the install prefix's lib/domfw and share/domfw
// (the prefix the binary sits in, PREFIX/bin, and the one it was configured with).
[[nodiscard]] std::vector<std::filesystem::path> loader_search_path();

// The first that is a regular file; else an error naming every place looked at.
[[nodiscard]] Expected<std::filesystem::path> find_loader();

} // namespace domfw::plan
