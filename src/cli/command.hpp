// The `domfw` command: each command group lives in its own cmd_*.cpp and registers itself here,
// so adding a command touches one file. Exit status: 0 success, 1 invalid input, 2 usage error.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace domfw::cli {

enum Exit : int { kOk = 0, kInvalidInput = 1, kUsage = 2 };

// What a command's callback reports back to main().
struct Context {
    int exit_code = kOk;
};

using AddCommands = void (*)(CLI::App& root, Context& ctx);

struct Registration {
    Registration(std::string key, std::vector<std::string> commands, AddCommands add);
};

struct RegisteredGroup {
    std::string key;                   // sorts the groups in --help
    std::vector<std::string> commands; // the top-level command names `add` creates
    AddCommands add;
};
[[nodiscard]] std::vector<RegisteredGroup>& registry();

// For an option naming a path that is written: an empty one is a usage error (exit 2), not a
// failure deep in the file system code.
inline CLI::Validator non_empty_path() {
    return {[](const std::string& s) { return s.empty() ? std::string("an empty path names nothing") : std::string(); },
            "", "non-empty path"};
}

// Print JSON (pretty, 2 spaces) followed by a newline.
void print_json(const std::string& dumped);

// Every --json output is one object whose first field is `schema_version`, described by a JSON
// Schema in docs/schemas/ (docs/json.md). Raised when a field changes meaning or goes away; a new
// field does not raise it. (`show --libxl-json` is xl's own format and carries none.)
inline constexpr int kJsonSchemaVersion = 1;
// {"schema_version": 1, then `body`'s fields in their order}.
[[nodiscard]] nlohmann::ordered_json versioned(const nlohmann::ordered_json& body);

// Standard output and standard error. A failed write to standard output (a full disk, a closed
// pipe) makes main() fail with "cannot write standard output", as coreutils do, so a script never
// takes a truncated result for a whole one; a failed write to standard error has nowhere to go.
void write_out(std::string_view text);
void write_err(std::string_view text);

} // namespace domfw::cli

#define DOMFW_CLI_CONCAT2(a, b) a##b
#define DOMFW_CLI_CONCAT(a, b) DOMFW_CLI_CONCAT2(a, b)
// DOMFW_REGISTER_COMMANDS("20-cfg", {"cfg"}, add_cfg): the group's sort key, the top-level command
// names it adds (main() builds only the group a command line names), and the function adding them.
// Named by __COUNTER__, not __LINE__: the release build compiles every cmd_*.cpp as one unity
// translation unit, where two files registering on the same line collided.
#define DOMFW_REGISTER_COMMANDS(key, commands, fn)                                                                     \
    static const ::domfw::cli::Registration DOMFW_CLI_CONCAT(domfw_registration_, __COUNTER__) { key, commands, fn }
