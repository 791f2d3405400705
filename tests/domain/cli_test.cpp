// The commands as a user runs them: exit status, stdout/stderr, --json, lint --fix on disk.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sys/wait.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

struct Run {
    int status;
    std::string out;
};

// `redirect`: the shell redirections (default: standard error into the captured output too).
Run domfw(const std::string& args, const std::string& redirect = "2>&1") {
    auto cmd = fmt::format("NO_COLOR=1 '{}/src/cli/domfw' {} {}", DOMFW_BINARY_DIR, args, redirect);
    FILE* p = ::popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    int st = ::pclose(p);
    return {WEXITSTATUS(st), out};
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / fmt::format("domfw-cli-{}-{}", ::getpid(),
                                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        // A real PVH kernel image (an ELF with XEN_ELFNOTE_PHYS32_ENTRY): `check` opens it.
        fs::copy_file(fs::path(DOMFW_SOURCE_DIR) / "tests/build/fixtures/pvh32.elf", dir_ / "vmlinuz");
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return (dir_ / name).string();
    }
    fs::path dir_;
};

} // namespace

TEST_F(Cli, CheckPassesAndFails) {
    auto good = write("good.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\n");
    auto bad = write("bad.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"missing\"\n");
    auto r = domfw("check " + good);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "");
    auto b = domfw(fmt::format("check {} {}", good, bad));
    EXPECT_EQ(b.status, 1);
    EXPECT_EQ(b.out, fmt::format("{}:3:10: error: kernel = \"missing\": file not found (resolved to \"{}/missing\")\n"
                                 "    kernel = \"missing\"\n             ^~~~~~~~~\n",
                                 bad, dir_.string()));
    auto j = domfw(fmt::format("check --json {}", bad));
    auto parsed = nlohmann::json::parse(j.out);
    EXPECT_EQ(parsed[0]["ok"], false);
    EXPECT_EQ(parsed[0]["diagnostics"][0]["line"], 3);
}

TEST_F(Cli, ShowIsADryRun) {
    auto f = write("g.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"missing\"\nmemory = 64\n");
    auto r = domfw("show --libxl-json " + f);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("warning: kernel = \"missing\": file not found"), std::string::npos);
    auto json_start = r.out.find('{');
    auto j = nlohmann::json::parse(r.out.substr(json_start));
    EXPECT_EQ(j["b_info"]["kernel"], (dir_ / "missing").string());
    EXPECT_EQ(j["b_info"]["target_memkb"], 65536);
    auto m = domfw("show --json " + f);
    EXPECT_EQ(nlohmann::json::parse(m.out.substr(m.out.find('{')))["type"]["value"], "pvh");
    EXPECT_EQ(domfw("show " + write("n.cfg", "kernel = \"vmlinuz\"\n")).status, 1);
}

// A PVH guest starts an ELF with the PVH entry note: `check` and `plan` refuse anything else at
// the value that names the file, naming it, without quoting its bytes.
TEST_F(Cli, CheckRefusesAPvhKernelThatIsNotOne) {
    write("bzImage", "MZ\x01\x02 not an ELF \x1b[31m");
    fs::copy_file(fs::path(DOMFW_SOURCE_DIR) / "tests/build/fixtures/nopvh32.elf", dir_ / "nopvh.elf");
    auto notelf = write("a.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"bzImage\"\n");
    auto r = domfw("check " + notelf);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, fmt::format("{}:3:10: error: kernel = \"bzImage\" (\"{}/bzImage\") is not a PVH kernel: not an "
                                 "ELF file (no \\x7fELF magic)\n"
                                 "    kernel = \"bzImage\"\n             ^~~~~~~~~\n",
                                 notelf, dir_.string()));
    auto p = domfw("plan " + notelf);
    EXPECT_EQ(p.status, 1);
    EXPECT_EQ(p.out, r.out); // before the planner, with the same location
    auto nonote = write("b.cfg", "name = \"g\"\ntype = \"pvh\"\nmodules = [ \"nopvh.elf\" ]\n");
    auto n = domfw("check " + nonote);
    EXPECT_EQ(n.status, 1);
    EXPECT_EQ(n.out,
              fmt::format("{}:3:13: error: modules[0] = \"nopvh.elf\" (\"{}/nopvh.elf\") is not a PVH kernel: no "
                          "XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"), the PVH entry point\n"
                          "    modules = [ \"nopvh.elf\" ]\n                ^~~~~~~~~~~\n",
                          nonote, dir_.string()));
    // A PV guest's kernel is not read (xl's PV loader takes bzImage too).
    EXPECT_EQ(domfw("check " + write("c.cfg", "name = \"g\"\nkernel = \"bzImage\"\n")).status, 0);
}

// The other files the planner would refuse, refused by `check` at their values: an hvmloader
// replacement that does not load at 1 MiB, an empty ramdisk or module.
TEST_F(Cli, CheckRefusesBootFilesThePlannerWould) {
    std::ifstream in(fs::path(DOMFW_SOURCE_DIR) / "tests/build/fixtures/pvh32.elf", std::ios::binary);
    std::string elf((std::istreambuf_iterator<char>(in)), {});
    ASSERT_GT(elf.size(), 0x40U);
    // ELF32: e_phoff at 28; the first program header is the PT_LOAD (p_paddr at +12) at 0x100000.
    const std::size_t phoff = static_cast<unsigned char>(elf[28]) | (static_cast<unsigned char>(elf[29]) << 8U);
    ASSERT_EQ(elf[phoff + 14], '\x10');
    elf[phoff + 14] = '\x20'; // p_paddr 0x100000 -> 0x200000
    std::ofstream(dir_ / "moved.elf", std::ios::binary) << elf;
    write("empty.img", "");
    auto message_at = [&](const std::string& cfg) {
        auto r = domfw("check --json " + cfg, "2>/dev/null");
        auto j = nlohmann::json::parse(r.out)[0]["diagnostics"];
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(j.size(), 1U) << j.dump();
        return fmt::format("{}:{}: {}", j[0]["line"].get<int>(), j[0]["column"].get<int>(),
                           j[0]["message"].get<std::string>());
    };
    EXPECT_EQ(message_at(write("h.cfg", "name = \"g\"\ntype = \"hvm\"\nmemory = 64\nfirmware = \"./moved.elf\"\n")),
              fmt::format("4:12: firmware = \"./moved.elf\" (\"{}/moved.elf\") cannot replace hvmloader: it loads at "
                          "0x200000, not at hvmloader's 0x100000",
                          dir_.string()));
    EXPECT_EQ(
        message_at(write("o.cfg", "name = \"g\"\ntype = \"hvm\"\nmemory = 64\nfirmware_override = \"./empty.img\"\n")),
        fmt::format("4:21: firmware_override = \"./empty.img\" (\"{}/empty.img\") cannot replace hvmloader: file of "
                    "0x0 bytes is shorter than the 16-byte ELF identification",
                    dir_.string()));
    EXPECT_EQ(
        message_at(write("r.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\nramdisk = \"empty.img\"\n")),
        fmt::format("4:11: ramdisk = \"empty.img\" (\"{}/empty.img\") is empty: a boot module needs at least one byte",
                    dir_.string()));
}

TEST_F(Cli, ShowJsonPrintsTheErrorsAsCheckJsonDoes) {
    auto bad = write("bad.cfg", "name = \"g\"\ntype = \"hvm\"\nmemory = 64\nvcpus = 0\n");
    auto show = domfw("show --json " + bad, "2>/dev/null");
    auto check = domfw("check --json " + bad, "2>/dev/null");
    EXPECT_EQ(show.status, 1);
    EXPECT_EQ(check.status, 1);
    EXPECT_EQ(show.out, check.out);
    auto j = nlohmann::json::parse(show.out);
    EXPECT_EQ(j[0]["ok"], false);
    EXPECT_EQ(j[0]["diagnostics"][0]["message"], "vcpus = 0: a guest needs at least one vCPU");
    EXPECT_EQ(j[0]["diagnostics"][0]["line"], 4);
    EXPECT_EQ(j[0]["diagnostics"][0]["column"], 9);
}

TEST_F(Cli, LintFixRewritesAtomically) {
    auto f = write("old.cfg", "# my guest\nname = \"g\"\nbuilder = \"generic\" # legacy\nkernel = \"vmlinuz\"\n");
    auto r = domfw("lint " + f);
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("builder = \"generic\" is deprecated: write type = \"pv\""), std::string::npos);
    auto fix = domfw("lint --fix " + f);
    EXPECT_EQ(fix.status, 0) << fix.out;
    std::ifstream in(f);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text, "# my guest\nname = \"g\"\ntype = \"pv\" # legacy\nkernel = \"vmlinuz\"\n");
    EXPECT_EQ(domfw("lint --json " + f).out, "[]\n");
}

TEST_F(Cli, HelpTeaches) {
    auto r = domfw("show --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("firmware = PATH replaces hvmloader itself"), std::string::npos);
    EXPECT_NE(r.out.find("Example:"), std::string::npos);
}

TEST_F(Cli, VersionIsOneLine) {
    // Answered before any command group is built; the same line CLI11's version flag printed.
    auto r = domfw("--version");
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(std::regex_match(r.out, std::regex("domfw [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r.out;
    auto h = domfw("--help");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("--version"), std::string::npos) << h.out;
}

TEST_F(Cli, BytesThatAreNotUtf8) {
    // xl.cfg strings are bytes; JSON output replaces invalid UTF-8 instead of failing.
    auto f = write("b.cfg", "name = \"caf\xe9\"\ntype = \"hvm\"\n");
    auto r = domfw("show --libxl-json " + f);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out)["c_info"]["name"], "caf\xef\xbf\xbd");
    EXPECT_EQ(domfw("check --json " + write("c.cfg", "name = \"\xff\"\nkernel = \"\xfe\"\n")).status, 1);
}

TEST_F(Cli, FailedWriteToStandardOutputIsAnError) {
    // A full disk (or a closed pipe) must not pass for success: a script would take a truncated
    // result for a whole one.
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
    auto good = write("good.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\n");
    for (const char* cmd : {"show", "show --libxl-json", "cfg dump"}) {
        auto r = domfw(fmt::format("{} {}", cmd, good), "2>&1 >/dev/full"); // stderr to the pipe, stdout to /dev/full
        EXPECT_EQ(r.status, 1) << cmd;
        EXPECT_EQ(r.out, "domfw: cannot write standard output: No space left on device\n") << cmd;
    }
}

TEST_F(Cli, BuildFlushesToDiskOnlyWithSync) {
    // Default: atomic (renames only), no flush, like libxl's own state. --sync: one syncfs of the
    // staged tree before the swap and an fsync of the parent after it. Observed with strace,
    // the system calls themselves; a test of the result alone could not tell the two apart.
    if (std::system("strace -o /dev/null true >/dev/null 2>&1") != 0) GTEST_SKIP() << "strace is not usable here";
    const std::string cfg = fmt::format("{}/examples/pvh-direct.cfg", DOMFW_SOURCE_DIR);
    auto trace = [&](const std::string& flags) {
        const fs::path log = dir_ / "trace.txt";
        const std::string cmd =
            fmt::format("ASAN_OPTIONS=detect_leaks=0 strace -o '{}' -e trace=syncfs,fsync,rename,renameat2 "
                        "'{}/src/cli/domfw' build {} {} -o '{}' >/dev/null 2>&1",
                        log.string(), DOMFW_BINARY_DIR, flags, cfg, (dir_ / "out").string());
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
        std::ifstream in(log);
        std::string calls, line;
        while (std::getline(in, line))
            if (!line.starts_with("+++")) {
                std::string call = line.substr(0, line.find('('));
                if (call == "renameat2") // which one: its flag
                    call += ':' + line.substr(line.rfind(", ") + 2, line.rfind(')') - line.rfind(", ") - 2);
                calls += call + ' ';
            }
        return calls;
    };
    // First build: DIR did not exist. Second: swapped with the old DIR, which is emptied and
    // parked as the spare. Third: stages into the spare, flushes, swaps, parks.
    EXPECT_EQ(trace(""), "rename ");
    EXPECT_EQ(trace(""), "renameat2:RENAME_EXCHANGE renameat2:RENAME_NOREPLACE ");
    EXPECT_EQ(trace("--sync"),
              "renameat2:RENAME_NOREPLACE syncfs renameat2:RENAME_EXCHANGE renameat2:RENAME_NOREPLACE fsync ");
    auto r = domfw(fmt::format("build --no-sync {} -o {}", cfg, (dir_ / "out").string()));
    EXPECT_EQ(r.status, 2) << r.out;
}
