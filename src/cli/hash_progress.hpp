// Progress on a terminal while domfw build/run hash a large kernel, ramdisk or module.
#pragma once

#include <cstdint>

#include "emit/build_output.hpp"

namespace domfw::cli {

// Files smaller than this hash in well under a second: no line for them.
inline constexpr std::uint64_t kHashProgressFrom = std::uint64_t{64} << 20;

// An observer that redraws one line on standard error ("domfw: hashing initrd.img: 37 % of
// 256 MiB"), ending it when the file is done. Give it only when standard error is a terminal.
[[nodiscard]] emit::HashObserver terminal_hash_progress();

} // namespace domfw::cli
