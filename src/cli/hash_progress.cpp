#include "cli/hash_progress.hpp"

#include <fmt/format.h>

#include "cli/command.hpp"
#include "support/diagnostic.hpp"

namespace domfw::cli {

emit::HashObserver terminal_hash_progress() {
    // Redrawn only when the whole percentage changes: a 4 GiB ramdisk is 512 reports of 8 MiB,
    // and a terminal over ssh should not get 512 lines' worth of writes for 100 visible steps.
    return [last = -1](const emit::HashProgress& p) mutable {
        if (p.total < kHashProgressFrom) return;
        const auto percent = static_cast<int>(p.done * 100 / p.total);
        if (percent == last) return;
        last = percent;
        const bool end = p.done == p.total;
        write_err(fmt::format("\rdomfw: hashing {}: {:3} % of {} MiB{}",
                              support::escape_controls(p.file.filename().string()), percent,
                              (p.total + (1U << 20) - 1) >> 20, end ? "\n" : ""));
        if (end) last = -1;
    };
}

} // namespace domfw::cli
