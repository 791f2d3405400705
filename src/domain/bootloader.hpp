// Running a PV/PVH bootloader (pygrub and compatibles) the way libxl does
// (tools/libs/light/libxl_bootloader.c): the same argument list, the kernel/ramdisk/args hints,
// the "simple0" answer format (NUL-separated "kernel PATH", "ramdisk PATH", "args TEXT" records)
// written to --output, extracted files in --output-directory. domfw adds a time limit and owns
// the output directory: it is removed when the result goes away.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/error.hpp"

namespace domfw::domain {

struct BootloaderRequest {
    std::filesystem::path program; // resolved (see bootloader_program)
    std::vector<std::string> args; // bootloader_args, after libxl's own options
    std::string kernel_hint;       // `kernel`: a path inside the guest's disk ("" = none)
    std::string ramdisk_hint;      // `ramdisk`
    std::string cmdline;           // `cmdline`: passed as --args when not empty
    std::filesystem::path disk;    // the guest's boot disk image
    std::chrono::milliseconds timeout{30000};
};

// What the bootloader answered.
struct BootloaderAnswer {
    std::string kernel;
    std::optional<std::string> ramdisk;
    std::optional<std::string> args;
};

// libxl's argv: PROGRAM [--kernel=K] [--ramdisk=R] [--args=C] --output=OUT --output-format=simple0
// --output-directory=DIR ARGS... DISK
[[nodiscard]] std::vector<std::string> bootloader_argv(const BootloaderRequest& r, const std::filesystem::path& output,
                                                       const std::filesystem::path& output_dir);

// Parses "simple0" (or "simple": newline-separated) output. Unknown record names are skipped, as
// libxl does; a record without a value or a missing kernel is an error.
[[nodiscard]] Expected<BootloaderAnswer> parse_bootloader_output(std::string_view text);

// An absolute program stays; a relative one is looked up in `bootloader_dir` (libxl: its
// private bin directory).
[[nodiscard]] std::filesystem::path bootloader_program(std::string_view written,
                                                       const std::filesystem::path& bootloader_dir);

// The extracted kernel/ramdisk live in `output_dir`, removed (with everything in it) on destruction.
class BootloaderResult {
public:
    BootloaderResult(BootloaderAnswer a, std::filesystem::path dir) : answer_(std::move(a)), dir_(std::move(dir)) {}
    BootloaderResult(BootloaderResult&& o) noexcept : answer_(std::move(o.answer_)), dir_(std::move(o.dir_)) {
        o.dir_.clear();
    }
    BootloaderResult& operator=(BootloaderResult&&) = delete;
    BootloaderResult(const BootloaderResult&) = delete;
    BootloaderResult& operator=(const BootloaderResult&) = delete;
    ~BootloaderResult();

    [[nodiscard]] const BootloaderAnswer& answer() const { return answer_; }
    [[nodiscard]] const std::filesystem::path& output_dir() const { return dir_; }

private:
    BootloaderAnswer answer_;
    std::filesystem::path dir_;
};

// The temporary directory's name before the PID: `/tmp/domfw-bootloader.PID-XXXXXX`. Those of
// domfw processes that are gone (killed while their bootloader ran) are removed by the next run.
inline constexpr std::string_view kBootloaderDirPrefix = "domfw-bootloader.";

// Runs the bootloader on a pseudo-terminal as libxl does, captures its stderr for error messages, kills
// it (and its process group) when the time limit passes, checks that the files it names exist.
[[nodiscard]] Expected<BootloaderResult> run_bootloader(const BootloaderRequest& r);

} // namespace domfw::domain
