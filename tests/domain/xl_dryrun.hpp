// Running the real `xl -N create` (Debian's xl 4.17 through ../shared/tools/xl-dryrun) over a
// batch of configs, for the differential tests (xl_diff_test.cpp, xl_diff_devices_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "support/files.hpp"

namespace domfw::test {

inline const std::filesystem::path kXlDryrun = std::filesystem::path(DOMFW_SHARED_DIR) / "tools/xl-dryrun/xl_dryrun.sh";

// A fresh folder for one differential run's configs and xl's outputs.
inline std::filesystem::path xl_work_dir(const std::string& name) {
    auto d = std::filesystem::temp_directory_path() / fmt::format("domfw-{}-{}", name, ::getpid());
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

// Why the differential cannot run here, or empty.
inline std::string xl_skip_reason() {
    if (!std::filesystem::exists(kXlDryrun)) return "no " + kXlDryrun.string() + " (../shared is absent)";
    if (!std::filesystem::exists("/usr/lib/xen-4.17/bin/xl")) return "xl 4.17 is not installed (xen-utils-4.17)";
    return {};
}

struct XlRun {
    int rc = -1;
    std::string out;
    std::string err;
};

// One shell loop for the whole batch: xl costs ~15 ms of CPU per config, the fork of a test
// harness per file would cost as much again.
inline std::vector<XlRun> run_xl(const std::vector<std::filesystem::path>& files, const std::filesystem::path& work) {
    auto list = work / "files.txt";
    {
        std::ofstream o(list);
        for (const auto& f : files)
            o << f.string() << '\n';
    }
    auto cmd = fmt::format("while IFS= read -r f; do '{}' \"$f\" >\"$f.xl.json\" 2>\"$f.xl.err\" </dev/null; echo $? "
                           ">\"$f.xl.rc\"; done <'{}'",
                           kXlDryrun.string(), list.string());
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::vector<XlRun> runs;
    for (const auto& f : files) {
        XlRun r;
        auto rc = support::read_text_file(f.string() + ".xl.rc");
        r.rc = rc ? std::atoi(rc->c_str()) : -1;
        auto out = support::read_text_file(f.string() + ".xl.json");
        if (out) r.out = *out;
        auto err = support::read_text_file(f.string() + ".xl.err");
        if (err) r.err = *err;
        runs.push_back(std::move(r));
    }
    return runs;
}

} // namespace domfw::test
