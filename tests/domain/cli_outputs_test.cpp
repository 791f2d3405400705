// What a new user and a script rely on in the first hour: every --json output is versioned,
// matches its schema in docs/schemas/ and is the same bytes on a second run; `domfw build` twice
// writes the same files; every example line of every --help runs as printed; commands that take
// several files say which output is whose, and those that take one say so.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
namespace test = domfw::test;

namespace {

const fs::path kSource = DOMFW_SOURCE_DIR;

// A temporary copy of the bundled examples, the loader found through $DOMFW_LOADER, and a
// `domfw` on PATH so example lines run exactly as printed (pipes, `&&`, `jq`).
class Outputs : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = tmp_.path();
        fs::copy(kSource / "examples", dir_ / "examples", fs::copy_options::recursive);
        fs::create_directories(dir_ / "bin");
        std::ofstream(dir_ / "bin/domfw") << "#!/bin/sh\nexec " << test::quoted(test::domfw_exe()) << " \"$@\"\n";
        fs::permissions(dir_ / "bin/domfw", fs::perms::owner_all);
    }
    test::Ran sh(const std::string& line, bool merge = false) const {
        test::RunOptions o;
        o.merge_stderr = merge;
        o.env.emplace_back("DOMFW_LOADER", DOMFW_LOADER_ELF);
        o.env.emplace_back("PATH", (dir_ / "bin").string() + ":" + std::getenv("PATH"));
        return test::run("cd " + test::quoted(dir_) + " && " + line, o);
    }
    test::TempDir tmp_;
    fs::path dir_;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Every file under `dir`, relative path -> mode and bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        struct stat st {};
        ::lstat(e.path().c_str(), &st);
        const auto rel = fs::relative(e.path(), dir).string();
        files[rel] = fmt::format("{:o} ", st.st_mode) + (e.is_regular_file() ? slurp(e.path()) : std::string());
    }
    return files;
}

} // namespace

// Each --json output: schema_version 1 first, valid against its docs/schemas file, and the same
// bytes when run again (no time, no hash-map order, no temporary path).
TEST_F(Outputs, EveryJsonOutputHasItsSchemaAndRepeatsByteForByte) {
    // The build first: module inspect and run read what it wrote.
    ASSERT_EQ(sh("domfw build examples/pvh-host-passthrough.cfg -o out/pvh").status, 0);
    std::ofstream(dir_ / "bad.cfg") << "name = \"g\"\ntype = \"hvm\"\nvcpus = 0\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"check", "domfw check --json examples/hvm.cfg examples/pvh-direct.cfg"},
        {"check", "domfw check --json bad.cfg"},
        {"check", "domfw show --json bad.cfg"}, // a file with errors: check's shape
        {"cfg-check", "domfw cfg check --json examples/hvm.cfg examples/pvh.cfg"},
        {"cfg-dump", "domfw cfg dump --json examples/hvm.cfg"},
        {"cfg-get", "domfw cfg get --json examples/hvm.cfg disk"},
        {"show", "domfw show --json examples/hvm.cfg"},
        {"show", "domfw show --json examples/hvm.cfg examples/pvh-direct.cfg"},
        {"lint", "domfw lint --json examples/hvm.cfg examples/pvh.cfg"},
        {"plan", "domfw plan --json examples/hvm-host-passthrough.cfg"},
        {"plan", "domfw plan --json examples/hvm.cfg examples/pvh-host-passthrough.cfg"},
        {"build", "domfw build --json examples/pvh-direct.cfg -o out/direct"},
        {"run", "domfw run --json examples/pvh-direct.cfg -o out/run"},
        {"host-show", "domfw host show --json --from examples/firmware/laptop-host"},
        {"host-show", "domfw host show --acpi --json --from examples/firmware/laptop-host"},
        {"module-inspect", "domfw module inspect --json out/pvh/bundle.dfwb"},
        {"module-inspect", "domfw module inspect --json out/pvh/modules/smbios.dfwm"},
    };
    bool validator = true;
    for (const auto& [schema, line] : cases) {
        SCOPED_TRACE(line);
        const auto first = sh(line);
        const auto second = sh(line);
        EXPECT_EQ(first.out, second.out);
        EXPECT_EQ(first.status, second.status);
        ASSERT_FALSE(first.out.empty()) << first.err;
        // The first value of a stream starts with the version.
        EXPECT_TRUE(first.out.starts_with("{\n  \"schema_version\": 1,") || schema == "host-show") << first.out;
        EXPECT_EQ(nlohmann::json::parse(first.out.substr(0, first.out.find("\n}\n") + 3))["schema_version"], 1);
        std::ofstream(dir_ / "out.json") << first.out;
        const auto v = test::run(fmt::format(
            "python3 {} {} {}", test::quoted(kSource / "tests/domain/validate_json.py"),
            test::quoted(kSource / "docs/schemas" / (schema + ".schema.json")), test::quoted(dir_ / "out.json")));
        if (v.status == 77) {
            validator = false;
            continue;
        }
        EXPECT_EQ(v.status, 0) << v.out;
    }
    // Every schema file is used above.
    for (const auto& e : fs::directory_iterator(kSource / "docs/schemas")) {
        const auto name = e.path().filename().string();
        const auto kind = name.substr(0, name.find(".schema.json"));
        EXPECT_TRUE(std::any_of(cases.begin(), cases.end(), [&](const auto& c) { return c.first == kind; })) << name;
    }
    if (!validator) GTEST_SKIP() << "python3-jsonschema is not installed (scripts/setup installs it)";
}

// The same config built twice into the same DIR: every file, its mode and its bytes the same.
TEST_F(Outputs, BuildingTwiceWritesTheSameBytes) {
    for (const char* cfg : {"examples/pvh-host-passthrough.cfg", "examples/hvm-host-passthrough.cfg",
                            "examples/hvm-passthrough.cfg", "examples/pvh-smbios.cfg", "examples/pvh-direct.cfg"}) {
        SCOPED_TRACE(cfg);
        auto a = sh(fmt::format("domfw build {} -o out/g", cfg), true);
        ASSERT_EQ(a.status, 0) << a.out;
        const auto first = snapshot(dir_ / "out/g");
        auto b = sh(fmt::format("domfw build {} -o out/g", cfg), true);
        ASSERT_EQ(b.status, 0) << b.out;
        EXPECT_EQ(a.out, b.out);
        const auto second = snapshot(dir_ / "out/g");
        ASSERT_EQ(first.size(), second.size());
        for (const auto& [name, bytes] : first) {
            ASSERT_TRUE(second.contains(name)) << name;
            EXPECT_TRUE(bytes == second.at(name)) << name << " differs between two builds";
        }
        EXPECT_TRUE(first.contains("bundle.dfwb") || std::string(cfg).starts_with("examples/hvm") ||
                    std::string(cfg) == "examples/pvh-direct.cfg");
    }
}

// Every example line of every --help (top level, each command, each group's command), run as
// printed in a copy of the examples. Lines that boot a guest, need root or a Xen toolstack are
// left to the tests that have those (label guest, xen), and said so.
TEST_F(Outputs, HelpExamplesRunAsPrinted) {
    std::vector<std::string> helps = {"--help"};
    for (const char* c : {"check", "show", "lint", "plan", "build", "run", "cfg", "cfg check", "cfg fmt", "cfg dump",
                          "cfg get", "host", "host show", "host dump", "module", "module inspect"})
        helps.push_back(std::string(c) + " --help");
    std::vector<std::string> lines;
    for (const auto& h : helps) {
        auto r = sh("domfw " + h);
        ASSERT_EQ(r.status, 0) << h;
        std::istringstream in(r.out);
        bool in_examples = false;
        for (std::string l; std::getline(in, l);) {
            if (l.starts_with("Example")) in_examples = true;
            if (!in_examples) continue;
            if (l.starts_with("Example")) l.erase(0, l.find(':') + 1);
            l.erase(0, l.find_first_not_of(' '));
            if (!l.starts_with("domfw ") && !l.starts_with("sudo domfw ")) continue;
            std::string cmd = l;
            // Descriptions follow the command after two spaces or a shell comment.
            if (auto c = cmd.find("  "); c != std::string::npos) cmd.resize(c);
            if (auto c = cmd.find(" #"); c != std::string::npos) cmd.resize(c);
            lines.push_back(cmd);
        }
    }
    ASSERT_GE(lines.size(), 25U);
    std::vector<std::string> failed;
    std::size_t ran = 0;
    std::vector<std::string> pending = lines;
    // Two rounds: an example that reads another's output (module inspect of a build) runs again.
    for (int round = 0; round < 2 && !pending.empty(); ++round) {
        std::vector<std::string> again;
        for (const auto& cmd : pending) {
            const bool boots = cmd.starts_with("domfw run ") && cmd.find("--print") == std::string::npos &&
                               cmd.find("--json") == std::string::npos;
            const bool live = cmd.starts_with("sudo ") || cmd.find("COMMAND") != std::string::npos ||
                              (cmd.starts_with("domfw host ") && cmd.find("--from") == std::string::npos &&
                               cmd.find("--help") == std::string::npos);
            if (boots || live) continue;
            auto r = sh(cmd, true);
            if (r.status == 0)
                ++ran;
            else if (round == 0)
                again.push_back(cmd);
            else
                failed.push_back(cmd + "\n" + r.out);
        }
        pending = again;
    }
    EXPECT_GE(ran, 18U);
    for (const auto& f : failed)
        ADD_FAILURE() << "a --help example fails as printed: " << f;
}

TEST_F(Outputs, ShowAndPlanTakeSeveralFilesEachHeaded) {
    auto s = sh("domfw show examples/hvm.cfg examples/pvh-direct.cfg");
    EXPECT_EQ(s.status, 0) << s.err;
    EXPECT_TRUE(s.out.starts_with("==> examples/hvm.cfg <==\nname:      hvm-guest\n")) << s.out;
    EXPECT_NE(s.out.find("\n\n==> examples/pvh-direct.cfg <==\nname:      "), std::string::npos) << s.out;
    // One file: the output as it always was, no heading.
    EXPECT_TRUE(sh("domfw show examples/hvm.cfg").out.starts_with("name:      hvm-guest\n"));
    auto p = sh("domfw plan examples/hvm.cfg examples/pvh-direct.cfg");
    EXPECT_EQ(p.status, 0) << p.err;
    EXPECT_TRUE(p.out.starts_with("==> examples/hvm.cfg <==\nguest hvm: ")) << p.out;
    EXPECT_NE(p.out.find("\n\n==> examples/pvh-direct.cfg <==\nguest pvh: "), std::string::npos);
    EXPECT_TRUE(sh("domfw plan examples/hvm.cfg").out.starts_with("guest hvm: "));
    // One failing file fails the command, the others are still shown.
    auto f = sh("domfw plan examples/pvh.cfg examples/hvm.cfg");
    EXPECT_EQ(f.status, 1);
    EXPECT_NE(f.out.find("==> examples/hvm.cfg <==\nguest hvm: "), std::string::npos);
    auto svg = sh("domfw plan --svg map.svg examples/hvm.cfg examples/pvh-direct.cfg");
    EXPECT_EQ(svg.status, 2);
    EXPECT_EQ(svg.err, "domfw plan: --svg writes one map: give one FILE, not 2\n");
}

TEST_F(Outputs, CommandsThatTakeOneFileSaySo) {
    auto b = sh("domfw build examples/hvm.cfg examples/pvh.cfg -o out/x");
    EXPECT_EQ(b.status, 2);
    EXPECT_EQ(b.err, "domfw build: takes one FILE; 'examples/pvh.cfg' is an extra argument\n"
                     "Run 'domfw build --help' for more information.\n");
    EXPECT_FALSE(fs::exists(dir_ / "out/x"));
    auto g = sh("domfw cfg get examples/hvm.cfg memory vcpus");
    EXPECT_EQ(g.status, 2);
    EXPECT_EQ(g.err, "domfw cfg get: takes FILE KEY; 'vcpus' is an extra argument\n"
                     "Run 'domfw cfg get --help' for more information.\n");
    auto m = sh("domfw module inspect a b c");
    EXPECT_EQ(m.status, 2);
    EXPECT_EQ(m.err, "domfw module inspect: takes one FILE; 'b', 'c' are extra arguments\n"
                     "Run 'domfw module inspect --help' for more information.\n");
    auto h = sh("domfw host show x");
    EXPECT_EQ(h.status, 2);
    EXPECT_EQ(h.err, "domfw host show: takes no argument; 'x' is an extra argument\n"
                     "Run 'domfw host show --help' for more information.\n");
}

// The plan's heading says the configured memory, the guest RAM and the video RAM apart, and the
// minimum in memory= units (MiB, video RAM included), the number to write into the config.
TEST_F(Outputs, PlanSaysMemoryInMemoryUnits) {
    std::ofstream(dir_ / "small.cfg") << "name = \"s\"\ntype = \"hvm\"\nmemory = 11\nvideoram = 8\n";
    auto ok = sh("domfw plan small.cfg");
    EXPECT_EQ(ok.status, 0) << ok.err;
    EXPECT_TRUE(
        ok.out.starts_with("guest hvm: configured memory 11 MiB = guest RAM 0x300000 (3 MiB) + video RAM 8 MiB; "
                           "low RAM ends at 0x300000; minimum memory = 10 (MiB, with the 8 MiB of video RAM "
                           "that xl's memory= includes); entry 0x100000\n"))
        << ok.out;
    // hvmloader at 1 MiB, SeaBIOS and the blobs right behind it as libxc places them (docs/plan.md).
    std::ofstream(dir_ / "small.cfg") << "name = \"s\"\ntype = \"hvm\"\nmemory = 9\nvideoram = 8\n";
    auto bad = sh("domfw build small.cfg -o out/s");
    EXPECT_EQ(bad.status, 1);
    EXPECT_EQ(bad.err, "domfw: small.cfg: loader image (0x33f40 bytes at 0x100000) ends at 0x133f40, above guest "
                       "RAM end 0x100000; this plan needs memory = 10 or more (MiB, with the 8 MiB of video RAM that "
                       "xl's memory= includes)\n");
    // Written back as the hint says, it fits.
    auto j = nlohmann::json::parse(sh("domfw plan --json examples/hvm.cfg").out);
    EXPECT_EQ(j["configured_memory_mib"], 4096);
    EXPECT_EQ(j["video_memory"], "0x800000");
    EXPECT_EQ(j["min_memory_mib"], 10);
    auto pvh = sh("domfw plan examples/pvh-direct.cfg");
    EXPECT_NE(pvh.out.find("minimum memory = "), std::string::npos);
    EXPECT_NE(pvh.out.find(" (MiB); entry "), std::string::npos) << pvh.out;
}

// An error never suggests an option the command lacks: `run -o DIR` refuses a directory domfw did
// not write with the words `build` uses ("pass --force"), so `run` has --force too.
TEST_F(Outputs, RunHasTheForceItsRefusalSuggests) {
    fs::create_directories(dir_ / "mine");
    std::ofstream(dir_ / "mine/notes.txt") << "keep\n";
    auto r = sh("domfw run examples/pvh-direct.cfg -o mine --print");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "domfw: examples/pvh-direct.cfg: " + (dir_ / "mine").string() +
                         ": refusing to replace a directory that domfw did not write: it holds \"notes.txt\", and no "
                         ".domfw-output marker; choose a new or empty directory, or pass --force to replace it and "
                         "everything in it\n");
    EXPECT_TRUE(fs::exists(dir_ / "mine/notes.txt"));
    auto f = sh("domfw run examples/pvh-direct.cfg -o mine --force --print");
    EXPECT_EQ(f.status, 0) << f.err;
    EXPECT_FALSE(fs::exists(dir_ / "mine/notes.txt"));
    EXPECT_TRUE(fs::exists(dir_ / "mine/xl.cfg"));
}
