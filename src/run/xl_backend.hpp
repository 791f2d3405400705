// `domfw run --backend xen`: the generated xl.cfg handed to stock xl (`xl create`, or `xl -N
// create` for a dry run), after `xl info` has shown that a hypervisor and its toolstack answer.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/error.hpp"

namespace domfw::run {

struct XlRun {
    int status = -1;    // xl's exit status, -1 when a signal ended it
    std::string output; // stdout and stderr, when captured
};

// Runs XL ARGS: standard output and error go to domfw's own unless `capture`.
[[nodiscard]] Expected<XlRun> run_xl(const std::string& xl, const std::vector<std::string>& args, bool capture);

// `xl info` works, or an error saying precisely what is missing.
[[nodiscard]] Expected<void> check_xen(const std::string& xl);

} // namespace domfw::run
