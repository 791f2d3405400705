// The commands as a user runs them: exit status, stdout/stderr, --json, lint --fix on disk.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
namespace test = domfw::test;

namespace {

// `redirect`: the shell redirections (default: standard error into the captured output too).
test::Ran run_domfw(const std::string& args, const std::string& redirect = "2>&1") {
    return test::run(test::domfw_command(args) + " " + redirect);
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = tmp_.path();
        // A real PVH kernel image (an ELF with XEN_ELFNOTE_PHYS32_ENTRY): `check` opens it.
        fs::copy_file(fs::path(DOMFW_SOURCE_DIR) / "tests/plan/fixtures/pvh32.elf", dir_ / "vmlinuz");
    }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return (dir_ / name).string();
    }
    test::TempDir tmp_;
    fs::path dir_;
};

} // namespace

TEST_F(Cli, CheckPassesAndFails) {
    auto good = write("good.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\n");
    auto bad = write("bad.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"missing\"\n");
    auto r = run_domfw("check " + good);
    EXPECT_EQ(r.status, 0) << r.out;
    // Success is never silence: what was checked, as `cfg check` says "ok (N settings)".
    EXPECT_EQ(r.out, good + ": ok (pvh guest, boot method direct, 1 file found)\n");
    auto b = run_domfw(fmt::format("check {} {}", good, bad));
    EXPECT_EQ(b.status, 1);
    EXPECT_EQ(b.out, fmt::format("{}: ok (pvh guest, boot method direct, 1 file found)\n"
                                 "{}:3:10: error: kernel = \"missing\": file not found (resolved to \"{}/missing\")\n"
                                 "    kernel = \"missing\"\n             ^~~~~~~~~\n",
                                 good, bad, dir_.string()));
    auto w = run_domfw("check " + write("w.cfg", "name = \"g\"\nbuilder = \"hvm\"\n"), "2>/dev/null");
    EXPECT_EQ(w.status, 0);
    EXPECT_EQ(w.out, dir_.string() + "/w.cfg: ok (hvm guest, boot method firmware, 0 files found, 1 warning)\n");
    auto j = run_domfw(fmt::format("check --json {}", bad));
    auto parsed = nlohmann::json::parse(j.out);
    EXPECT_EQ(parsed["schema_version"], 1);
    EXPECT_EQ(parsed["ok"], false);
    EXPECT_EQ(parsed["errors"], 1);
    EXPECT_EQ(parsed["files"][0]["ok"], false);
    EXPECT_EQ(parsed["files"][0]["diagnostics"][0]["line"], 3);
}

TEST_F(Cli, ShowIsADryRun) {
    auto f = write("g.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"missing\"\nmemory = 64\n");
    auto r = run_domfw("show --libxl-json " + f);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("warning: kernel = \"missing\": file not found"), std::string::npos);
    auto json_start = r.out.find('{');
    auto j = nlohmann::json::parse(r.out.substr(json_start));
    EXPECT_EQ(j["b_info"]["kernel"], (dir_ / "missing").string());
    EXPECT_EQ(j["b_info"]["target_memkb"], 65536);
    auto m = run_domfw("show --json " + f);
    EXPECT_EQ(nlohmann::json::parse(m.out.substr(m.out.find('{')))["type"]["value"], "pvh");
    EXPECT_EQ(run_domfw("show " + write("n.cfg", "kernel = \"vmlinuz\"\n")).status, 1);
}

// A PVH guest starts an ELF with the PVH entry note: `check` and `plan` refuse anything else at
// the value that names the file, naming it, without quoting its bytes.
TEST_F(Cli, CheckRefusesAPvhKernelThatIsNotOne) {
    write("bzImage", "MZ\x01\x02 not an ELF \x1b[31m");
    fs::copy_file(fs::path(DOMFW_SOURCE_DIR) / "tests/plan/fixtures/nopvh32.elf", dir_ / "nopvh.elf");
    auto notelf = write("a.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"bzImage\"\n");
    auto r = run_domfw("check " + notelf);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, fmt::format("{}:3:10: error: kernel = \"bzImage\" (\"{}/bzImage\") is not a PVH kernel: not an "
                                 "ELF file (no \\x7fELF magic)\n"
                                 "    kernel = \"bzImage\"\n             ^~~~~~~~~\n",
                                 notelf, dir_.string()));
    auto p = run_domfw("plan " + notelf);
    EXPECT_EQ(p.status, 1);
    EXPECT_EQ(p.out, r.out); // before the planner, with the same location
    auto nonote = write("b.cfg", "name = \"g\"\ntype = \"pvh\"\nmodules = [ \"nopvh.elf\" ]\n");
    auto n = run_domfw("check " + nonote);
    EXPECT_EQ(n.status, 1);
    EXPECT_EQ(n.out,
              fmt::format("{}:3:13: error: modules[0] = \"nopvh.elf\" (\"{}/nopvh.elf\") is not a PVH kernel: no "
                          "XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"), the PVH entry point\n"
                          "    modules = [ \"nopvh.elf\" ]\n                ^~~~~~~~~~~\n",
                          nonote, dir_.string()));
    // A PV guest's kernel is not read (xl's PV loader takes bzImage too).
    EXPECT_EQ(run_domfw("check " + write("c.cfg", "name = \"g\"\nkernel = \"bzImage\"\n")).status, 0);
}

// The other files the planner would refuse, refused by `check` at their values: an hvmloader
// replacement that does not load at 1 MiB, an empty ramdisk or module.
TEST_F(Cli, CheckRefusesBootFilesThePlannerWould) {
    std::ifstream in(fs::path(DOMFW_SOURCE_DIR) / "tests/plan/fixtures/pvh32.elf", std::ios::binary);
    std::string elf((std::istreambuf_iterator<char>(in)), {});
    ASSERT_GT(elf.size(), 0x40U);
    // ELF32: e_phoff at 28; the first program header is the PT_LOAD (p_paddr at +12) at 0x100000.
    const std::size_t phoff = static_cast<unsigned char>(elf[28]) | (static_cast<unsigned char>(elf[29]) << 8U);
    ASSERT_EQ(elf[phoff + 14], '\x10');
    elf[phoff + 14] = '\x20'; // p_paddr 0x100000 -> 0x200000
    std::ofstream(dir_ / "moved.elf", std::ios::binary) << elf;
    write("empty.img", "");
    auto message_at = [&](const std::string& cfg) {
        auto r = run_domfw("check --json " + cfg, "2>/dev/null");
        auto j = nlohmann::json::parse(r.out)["files"][0]["diagnostics"];
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

// What the planner refuses once a config has loaded is shown as load errors are: FILE:LINE:COL,
// the source line and a caret at the value it is about (it was `domfw: FILE: MESSAGE`); exit 1,
// and `build` writes nothing.
TEST_F(Cli, PlanAndBuildRefuseAtTheValue) {
    auto pv = write("pv.cfg", "name = \"g\"\ntype = \"pv\"\nmemory = 64\nkernel = \"vmlinuz\"\n");
    auto p = run_domfw("plan " + pv);
    EXPECT_EQ(p.status, 1);
    EXPECT_EQ(p.out, pv + ":2:8: error: type = \"pv\": a PV guest has no guest-physical layout to plan; use \"pvh\" "
                          "or \"hvm\"\n    type = \"pv\"\n           ^~~~\n");
    // No `type`: xl's default PV, with no value to point at; the file as a whole.
    auto dflt = write("default.cfg", "name = \"g\"\nmemory = 64\nkernel = \"vmlinuz\"\n");
    EXPECT_EQ(run_domfw("plan " + dflt).out,
              dflt +
                  ": error: type = \"pv\": a PV guest has no guest-physical layout to plan; use \"pvh\" or \"hvm\"\n");
    auto bl = write("bl.cfg", "name = \"g\"\ntype = \"pvh\"\nmemory = 64\nbootloader = \"pygrub\"\n");
    auto b = run_domfw("plan " + bl);
    EXPECT_EQ(b.status, 1);
    EXPECT_EQ(b.out, bl + ":4:14: error: bootloader = \"pygrub\": the kernel comes from the guest's disk at boot, so "
                          "there is nothing to plan\n    bootloader = \"pygrub\"\n                 ^~~~~~~~\n");
    // A blob file's contents, refused by `build` at the key naming the file; DIR is not made.
    write("short.bin", "SSDT");
    auto acpi = write("acpi.cfg", "name = \"g\"\ntype = \"hvm\"\nmemory = 128\nacpi_firmware = \"short.bin\"\n");
    auto a = run_domfw(fmt::format("build {} -o {}", acpi, (dir_ / "out").string()));
    EXPECT_EQ(a.status, 1);
    EXPECT_EQ(a.out,
              fmt::format("{}:4:17: error: acpi_firmware '{}/short.bin': table 0 'SSDT' at offset 0x0: holds 0x4 "
                          "bytes, fewer than the 36-byte table header\n"
                          "    acpi_firmware = \"short.bin\"\n                    ^~~~~~~~~~~\n",
                          acpi, dir_.string()));
    EXPECT_FALSE(fs::exists(dir_ / "out"));
    auto smbios = write("smbios.cfg", "name = \"g\"\ntype = \"hvm\"\nmemory = 128\nsmbios_firmware = \"short.bin\"\n");
    auto s = run_domfw(fmt::format("build {} -o {}", smbios, (dir_ / "out").string()));
    EXPECT_EQ(s.status, 1);
    EXPECT_EQ(s.out, fmt::format("{}:4:19: error: smbios_firmware '{}/short.bin': entry 0 at offset 0x0: length prefix "
                                 "0x54445353 runs past the end of the file (0x0 bytes left)\n"
                                 "    smbios_firmware = \"short.bin\"\n                      ^~~~~~~~~~~\n",
                                 smbios, dir_.string()));
    EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(Cli, ShowJsonPrintsTheErrorsAsCheckJsonDoes) {
    auto bad = write("bad.cfg", "name = \"g\"\ntype = \"hvm\"\nmemory = 64\nvcpus = 0\n");
    auto show = run_domfw("show --json " + bad, "2>/dev/null");
    auto check = run_domfw("check --json " + bad, "2>/dev/null");
    EXPECT_EQ(show.status, 1);
    EXPECT_EQ(check.status, 1);
    EXPECT_EQ(show.out, check.out);
    auto j = nlohmann::json::parse(show.out)["files"];
    EXPECT_EQ(j[0]["ok"], false);
    EXPECT_EQ(j[0]["diagnostics"][0]["message"], "vcpus = 0: a guest needs at least one vCPU");
    EXPECT_EQ(j[0]["diagnostics"][0]["line"], 4);
    EXPECT_EQ(j[0]["diagnostics"][0]["column"], 9);
}

TEST_F(Cli, LintFixRewritesAtomically) {
    auto f = write("old.cfg", "# my guest\nname = \"g\"\nbuilder = \"generic\" # legacy\nkernel = \"vmlinuz\"\n");
    auto r = run_domfw("lint " + f);
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("builder = \"generic\" is deprecated: write type = \"pv\""), std::string::npos);
    auto fix = run_domfw("lint --fix " + f);
    EXPECT_EQ(fix.status, 0) << fix.out;
    std::ifstream in(f);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text, "# my guest\nname = \"g\"\ntype = \"pv\" # legacy\nkernel = \"vmlinuz\"\n");
    EXPECT_EQ(run_domfw("lint --json " + f).out,
              "{\n  \"schema_version\": 1,\n  \"pending\": 0,\n  \"migrations\": []\n}\n");
}

// `lint --check` gates CI: exit 1 while a migration is pending, 0 once none is; several files
// at once, as `check` takes them.
TEST_F(Cli, LintCheckFailsWhileMigrationsArePending) {
    auto old_cfg = write("old.cfg", "name = \"g\"\nbuilder = \"hvm\"\n");
    auto new_cfg = write("new.cfg", "name = \"g\"\ntype = \"hvm\"\n");
    EXPECT_EQ(run_domfw("lint --check " + new_cfg).status, 0);
    auto r = run_domfw(fmt::format("lint --check {} {}", new_cfg, old_cfg), "2>&1 >/dev/null");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("domfw lint: 1 migration(s) pending; `domfw lint --fix` applies them\n"), std::string::npos)
        << r.out;
    auto all = nlohmann::json::parse(run_domfw(fmt::format("lint --json {} {}", new_cfg, old_cfg), "2>/dev/null").out);
    EXPECT_EQ(all["pending"], 1);
    const auto& j = all["migrations"];
    ASSERT_EQ(j.size(), 1U);
    EXPECT_EQ(j[0]["file"], old_cfg);
    EXPECT_EQ(j[0]["rule"], "builder-to-type");
    EXPECT_EQ(run_domfw(fmt::format("lint --check --fix {}", old_cfg)).status, 2); // they contradict
    EXPECT_EQ(run_domfw(fmt::format("lint --fix {} {}", new_cfg, old_cfg)).status, 0);
    EXPECT_EQ(run_domfw("lint --check " + old_cfg).status, 0);
}

// A mistyped command is named, with the command it was probably meant to be.
TEST_F(Cli, UnknownCommandSuggestsTheNearestOne) {
    auto r = run_domfw("chek guest.cfg");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out,
              "domfw: unknown command 'chek'; did you mean 'check'?\nRun 'domfw --help' for the list of commands.\n");
    EXPECT_EQ(run_domfw("bulid").out.substr(0, 53), "domfw: unknown command 'bulid'; did you mean 'build'?");
    EXPECT_EQ(run_domfw("zzzzzz").out,
              "domfw: unknown command 'zzzzzz'\nRun 'domfw --help' for the list of commands.\n");
    auto sub = run_domfw("cfg chek x.cfg");
    EXPECT_EQ(sub.status, 2);
    EXPECT_EQ(sub.out,
              "domfw: unknown command 'cfg chek'; did you mean 'cfg check'?\n'domfw cfg' has: check, fmt, dump, get\n");
    EXPECT_EQ(run_domfw("host").out, "domfw: 'domfw host' needs a command: show, dump\n");
    auto none = run_domfw("");
    EXPECT_EQ(none.status, 2);
    EXPECT_EQ(none.out, "domfw: a command is required; `domfw --help` lists them, e.g. `domfw check guest.cfg`\n");
}

// `show` prints xl's default vCPU count when `vcpus` is not set, instead of leaving it out.
TEST_F(Cli, ShowPrintsTheDefaultVcpuCount) {
    auto r = run_domfw("show " + write("v.cfg", "name = \"g\"\ntype = \"hvm\"\n"));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("vcpus:     1 (xl's default: `vcpus` is not set)\n"), std::string::npos) << r.out;
}

TEST_F(Cli, HelpTeaches) {
    auto r = run_domfw("show --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("firmware = PATH replaces hvmloader itself"), std::string::npos);
    EXPECT_NE(r.out.find("Examples:"), std::string::npos);
    auto top = run_domfw("--help");
    EXPECT_NE(top.out.find("Examples (in a clone, on the bundled examples):\n  domfw check examples/hvm.cfg"),
              std::string::npos)
        << top.out;
}

TEST_F(Cli, VersionIsOneLine) {
    // Answered before any command group is built; the same line CLI11's version flag printed.
    auto r = run_domfw("--version");
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(std::regex_match(r.out, std::regex("domfw [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r.out;
    auto h = run_domfw("--help");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("--version"), std::string::npos) << h.out;
}

TEST_F(Cli, BytesThatAreNotUtf8) {
    // xl.cfg strings are bytes; JSON output replaces invalid UTF-8 instead of failing.
    auto f = write("b.cfg", "name = \"caf\xe9\"\ntype = \"hvm\"\n");
    auto r = run_domfw("show --libxl-json " + f);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out)["c_info"]["name"], "caf\xef\xbf\xbd");
    EXPECT_EQ(run_domfw("check --json " + write("c.cfg", "name = \"\xff\"\nkernel = \"\xfe\"\n")).status, 1);
}

TEST_F(Cli, FailedWriteToStandardOutputIsAnError) {
    // A full disk (or a closed pipe) must not pass for success: a script would take a truncated
    // result for a whole one.
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
    auto good = write("good.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\n");
    for (const char* cmd : {"show", "show --libxl-json", "cfg dump"}) {
        auto r =
            run_domfw(fmt::format("{} {}", cmd, good), "2>&1 >/dev/full"); // stderr to the pipe, stdout to /dev/full
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
    // First build: DIR did not exist. Second: swapped with the old DIR, which is removed.
    // Third: flushes, swaps, and flushes the parent.
    EXPECT_EQ(trace(""), "rename ");
    EXPECT_EQ(trace(""), "renameat2:RENAME_EXCHANGE ");
    EXPECT_EQ(trace("--sync"), "syncfs renameat2:RENAME_EXCHANGE fsync ");
    auto r = run_domfw(fmt::format("build --no-sync {} -o {}", cfg, (dir_ / "out").string()));
    EXPECT_EQ(r.status, 2) << r.out;
}

namespace {

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

std::string refusal(const fs::path& dir, const std::string& holds) {
    return fmt::format("{}: refusing to replace a directory that domfw did not write: it holds {}, and no "
                       ".domfw-output marker; choose a new or empty directory, or pass --force to replace it and "
                       "everything in it",
                       dir.string(), holds);
}

} // namespace

TEST_F(Cli, BuildReplacesOnlyWhatDomfwWrote) {
    // `-o .` in a home directory used to truncate every file there.
    const std::string cfg = fmt::format("{}/examples/pvh-direct.cfg", DOMFW_SOURCE_DIR);
    const fs::path home = dir_ / "home";
    fs::create_directories(home / "src");
    std::ofstream(home / "notes.txt") << "mine";
    for (const std::string& o : {home.string(), home.string() + "/.", home.string() + "/src/.."}) {
        auto r = run_domfw(fmt::format("build {} -o {}", cfg, o));
        EXPECT_EQ(r.status, 1) << o;
        EXPECT_EQ(r.out, fmt::format("domfw: {}: {}\n", cfg, refusal(home, "\"notes.txt\" and 1 other entry"))) << o;
    }
    std::ifstream in(home / "notes.txt");
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}), "mine");
    // --force replaces it whole; from then on it is a domfw output and rebuilds need no --force.
    auto forced = run_domfw(fmt::format("build {} -o {} --force", cfg, home.string()));
    EXPECT_EQ(forced.status, 0) << forced.out;
    EXPECT_FALSE(fs::exists(home / "notes.txt"));
    EXPECT_TRUE(fs::exists(home / ".domfw-output"));
    EXPECT_EQ(run_domfw(fmt::format("build {} -o {}", cfg, home.string())).status, 0);
    // An output of an earlier domfw (no marker): recognised by its plan.json and launch-log.json.
    const fs::path old = dir_ / "old";
    fs::create_directories(old / "modules");
    for (const char* f : {"plan.json", "launch-log.json", "xl.cfg", "modules/acpi.dfwm"})
        std::ofstream(old / f) << "{}";
    auto r = run_domfw(fmt::format("build {} -o {}", cfg, old.string()));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_FALSE(fs::exists(old / "modules"));
    // A leftover .DIR.spare of those versions (directories and empty files) goes.
    fs::create_directories(dir_ / ".old.spare/modules");
    std::ofstream(dir_ / ".old.spare/plan.json");
    EXPECT_EQ(run_domfw(fmt::format("build {} -o {}", cfg, old.string())).status, 0);
    EXPECT_FALSE(fs::exists(dir_ / ".old.spare"));
}

TEST_F(Cli, OutputPathsAreCheckedAsUsage) {
    const std::string cfg = fmt::format("{}/examples/pvh-direct.cfg", DOMFW_SOURCE_DIR);
    // -o "" was an internal error: a usage error now (exit 2).
    for (const std::string& cmd :
         {"build " + cfg + " -o ''", std::string("host dump -o ''"), "plan " + cfg + " --svg ''"}) {
        auto r = run_domfw(cmd);
        EXPECT_EQ(r.status, 2) << cmd;
        EXPECT_NE(r.out.find(": an empty path names nothing\nRun with --help for more information.\n"),
                  std::string::npos)
            << cmd << ": " << r.out;
    }
    // -o LINK: the directory the link names is rebuilt; the link stays a link.
    const fs::path real = dir_ / "real";
    ASSERT_EQ(run_domfw(fmt::format("build {} -o {}", cfg, real.string())).status, 0);
    fs::create_directory_symlink("real", dir_ / "link");
    auto l = run_domfw(fmt::format("build {} -o {}", cfg, (dir_ / "link").string()));
    EXPECT_EQ(l.status, 0) << l.out;
    EXPECT_EQ(l.out, fmt::format("built {}: 8 files\n", real.string()));
    EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
    EXPECT_TRUE(fs::exists(real / "plan.json"));
    // A file is never replaced by an output directory, --force or not.
    auto f = run_domfw(fmt::format("build {} -o {} --force", cfg, (dir_ / "vmlinuz").string()));
    EXPECT_EQ(f.status, 1);
    EXPECT_EQ(f.out, fmt::format("domfw: {}: {}: exists and is not a directory; refusing to replace it\n", cfg,
                                 (dir_ / "vmlinuz").string()));
}

TEST_F(Cli, OutputsHoldingSecretsArePrivate) {
    // A host dump holds the host's serials, UUID and product key: 0700 and 0600 whatever the
    // umask (sysfs has them 0400). A build's MSDM-holding files likewise; the rest follow the umask.
    const fs::path host = fs::path(DOMFW_SOURCE_DIR) / "examples/firmware/laptop-host";
    const fs::path dump = dir_ / "dump";
    const mode_t old = ::umask(0);
    auto d = run_domfw(fmt::format("host dump --from {} -o {}", host.string(), dump.string()));
    auto b = run_domfw(
        fmt::format("build {}/examples/hvm-host-passthrough.cfg -o {}", DOMFW_SOURCE_DIR, (dir_ / "hvm").string()));
    ::umask(077);
    auto p =
        run_domfw(fmt::format("build {}/examples/pvh-direct.cfg -o {}", DOMFW_SOURCE_DIR, (dir_ / "tight").string()));
    ::umask(old);
    ASSERT_EQ(d.status, 0) << d.out;
    ASSERT_EQ(b.status, 0) << b.out;
    ASSERT_EQ(p.status, 0) << p.out;
    EXPECT_EQ(mode_of(dump), 0700u);
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dump)) {
        EXPECT_EQ(mode_of(e.path()), e.is_directory() ? 0700u : 0600u) << e.path();
        files += e.is_regular_file() ? 1 : 0;
    }
    EXPECT_EQ(files, 7u); // the marker, smbios-dump.bin, the dmi pair, MSDM, SLIC, SSDT
    const fs::path hvm = dir_ / "hvm";
    EXPECT_EQ(mode_of(hvm), 0700u);
    for (const char* f : {"acpi.bin", "modules/acpi.dfwm", "bundle.dfwb"})
        EXPECT_EQ(mode_of(hvm / f), 0600u) << f;
    EXPECT_EQ(mode_of(hvm / "modules"), 0700u);
    for (const char* f : {"plan.json", "smbios.bin", "xl.cfg"}) // umask 0: 0666
        EXPECT_EQ(mode_of(hvm / f), 0666u) << f;
    // smbios_copy_identity = 1: the host's serials and UUID are in the SMBIOS files.
    auto id = write("identity.cfg", fmt::format("name = \"id\"\ntype = \"hvm\"\nmemory = 1024\nfirmware = \"seabios\"\n"
                                                "firmware_source = \"{}\"\nsmbios_passthrough = [ \"0-3\" ]\n"
                                                "smbios_copy_identity = 1\n",
                                                host.string()));
    auto i = run_domfw(fmt::format("build {} -o {}", id, (dir_ / "identity").string()));
    ASSERT_EQ(i.status, 0) << i.out;
    EXPECT_EQ(mode_of(dir_ / "identity"), 0700u);
    for (const char* f : {"smbios.bin", "modules/smbios.dfwm", "bundle.dfwb"})
        EXPECT_EQ(mode_of(dir_ / "identity" / f), 0600u) << f;
    EXPECT_EQ(mode_of(dir_ / "identity/plan.json"), 0666u & ~old);
    // A config its owner keeps private (it holds a VNC password): the xl.cfg generated from it,
    // which carries every key, is private too.
    auto vnc = write("vnc.cfg", fmt::format("name = \"vnc\"\ntype = \"pvh\"\nmemory = 256\n"
                                            "kernel = \"{}/examples/firmware/pvh-kernel.elf\"\n"
                                            "vnc = 1\nvncpasswd = \"s3cret\"\n",
                                            DOMFW_SOURCE_DIR));
    ASSERT_EQ(::chmod(vnc.c_str(), 0600), 0);
    auto v = run_domfw(fmt::format("build {} -o {}", vnc, (dir_ / "vnc").string()));
    ASSERT_EQ(v.status, 0) << v.out;
    EXPECT_EQ(mode_of(dir_ / "vnc"), 0700u);
    EXPECT_EQ(mode_of(dir_ / "vnc/xl.cfg"), 0600u);
    EXPECT_EQ(mode_of(dir_ / "vnc/plan.json"), 0666u & ~old);
    EXPECT_EQ(mode_of(dir_ / "tight"), 0700u); // umask 077, nothing secret
    EXPECT_EQ(mode_of(dir_ / "tight/plan.json"), 0600u);
    // A dump of an earlier domfw (no marker) is recognised by its layout, and nothing else is.
    const fs::path earlier = dir_ / "earlier";
    fs::create_directories(earlier / "dmi/tables");
    fs::create_directories(earlier / "acpi/tables/dynamic");
    for (const char* f : {"dmi/tables/DMI", "dmi/tables/smbios_entry_point", "smbios-dump.bin", "acpi/tables/SSDT1",
                          "acpi/tables/dynamic/SSDT2"})
        std::ofstream(earlier / f) << "x";
    auto e = run_domfw(fmt::format("host dump --from {} -o {}", host.string(), earlier.string()));
    EXPECT_EQ(e.status, 0) << e.out;
    const fs::path other = dir_ / "other";
    fs::create_directories(other / "dmi/tables");
    std::ofstream(other / "dmi/tables/DMI") << "x";
    std::ofstream(other / "dmi/tables/notes.txt") << "x";
    std::ofstream(other / "smbios-dump.bin") << "x";
    auto o = run_domfw(fmt::format("host dump --from {} -o {}", host.string(), other.string()));
    EXPECT_EQ(o.status, 1);
    EXPECT_EQ(o.out, fmt::format("domfw host dump: {}\n", refusal(other, "\"dmi\" and 1 other entry")));
}

TEST_F(Cli, RewritingAConfigKeepsItsOwnerModeAndLinks) {
    // cfg fmt --write and lint --fix, run by root on someone's 0600 config (a VNC password).
    auto f = write("g.cfg", "name=\"g\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\nvncpasswd = \"s3cret\"\n");
    ASSERT_EQ(::chmod(f.c_str(), 0600), 0);
    const bool root = ::geteuid() == 0;
    if (root) {
        ASSERT_EQ(::chown(f.c_str(), 1234, 5678), 0);
    }
    fs::create_symlink("g.cfg", dir_ / "link.cfg");
    auto r = run_domfw("cfg fmt --write " + (dir_ / "link.cfg").string());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(fs::is_symlink(dir_ / "link.cfg"));
    std::ifstream in(f);
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}),
              "name = \"g\"\ntype = \"pvh\"\nkernel = \"vmlinuz\"\nvncpasswd = \"s3cret\"\n");
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    if (root) {
        EXPECT_EQ(st.st_uid, 1234u);
        EXPECT_EQ(st.st_gid, 5678u);
    }
    // A config with a second name is left alone, with a message.
    auto l = write("l.cfg", "name = \"g\"\nbuilder = \"generic\"\nkernel = \"vmlinuz\"\n");
    fs::create_hard_link(l, dir_ / "l-backup.cfg");
    auto fix = run_domfw("lint --fix " + l, "2>&1 >/dev/null");
    EXPECT_EQ(fix.status, 1);
    EXPECT_NE(fix.out.find(fmt::format("domfw lint: {}: has 2 hard links; replacing it would part it from the "
                                       "others, so it is left as it was (write the result elsewhere, or remove the "
                                       "other links first)\n",
                                       l)),
              std::string::npos)
        << fix.out;
    auto fmt_write = run_domfw("cfg fmt --write " + l);
    EXPECT_EQ(fmt_write.status, 0) << fmt_write.out; // already canonical: nothing written
    std::ifstream lin(dir_ / "l-backup.cfg");
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(lin)), {}),
              "name = \"g\"\nbuilder = \"generic\"\nkernel = \"vmlinuz\"\n");
}

// A config's values are someone else's bytes: `cfg dump` and `cfg get` show ESC, other control
// bytes, C1 controls and bidi overrides as \xNN, as diagnostics do, on a terminal and on a pipe.
// `--raw` gives the bytes as they are, but only where they cannot drive a terminal.
TEST_F(Cli, DumpAndGetEscapeControlBytes) {
    const auto f = write("e.cfg", "name = \"a\x1b[31mb\xc2\x9b"
                                  "c\xe2\x80\xae"
                                  "d\"\nlist = [ \"x\x07y\", \"ok\" ]\n"
                                  "disk = [ \"\xc3\xa9t\xc3\xa9\" ]\n");
    const std::string escaped = "a\\x1b[31mb\\xc2\\x9bc\\xe2\\x80\\xaed\n";
    test::RunOptions terminal;
    terminal.stdout_terminal = true;
    terminal.merge_stderr = false;
    test::RunOptions pipe;
    pipe.merge_stderr = false;
    for (const auto* o : {&terminal, &pipe}) {
        SCOPED_TRACE(o->stdout_terminal ? "terminal" : "pipe");
        auto g = test::run(test::domfw_command("cfg get " + f + " name"), *o);
        EXPECT_EQ(g.status, 0) << g.err;
        EXPECT_EQ(g.out, escaped);
        EXPECT_EQ(test::run(test::domfw_command("cfg get " + f + " list"), *o).out, "x\\x07y\nok\n");
        // Valid UTF-8 text is left as it is.
        EXPECT_EQ(test::run(test::domfw_command("cfg get " + f + " disk"), *o).out, "\xc3\xa9t\xc3\xa9\n");
        auto d = test::run(test::domfw_command("cfg dump " + f), *o);
        EXPECT_EQ(d.status, 0) << d.err;
        EXPECT_EQ(d.out, "name = \"a\\x1b[31mb\\xc2\\x9bc\\xe2\\x80\\xaed\"\nlist = [ \"x\\ay\", \"ok\" ]\n"
                         "disk = [ \"\xc3\xa9t\xc3\xa9\" ]\n");
    }
    auto raw = test::run(test::domfw_command("cfg get --raw " + f + " name"), pipe);
    EXPECT_EQ(raw.status, 0);
    EXPECT_EQ(raw.out, "a\x1b[31mb\xc2\x9b"
                       "c\xe2\x80\xae"
                       "d\n");
    EXPECT_EQ(test::run(test::domfw_command("cfg dump --raw " + f), pipe).out, "name = \"a\x1b[31mb\xc2\x9b"
                                                                               "c\xe2\x80\xae"
                                                                               "d\"\nlist = [ \"x\\ay\", \"ok\" ]\n"
                                                                               "disk = [ \"\xc3\xa9t\xc3\xa9\" ]\n");
    for (const char* cmd : {"get", "dump"}) {
        auto t = test::run(test::domfw_command(
                               fmt::format("cfg {} --raw {}{}", cmd, f, std::string_view(cmd) == "get" ? " name" : "")),
                           terminal);
        EXPECT_EQ(t.status, 2);
        EXPECT_EQ(t.out, "");
        EXPECT_EQ(t.err, fmt::format("domfw cfg {}: --raw writes values' control bytes as they are, so stdout must be "
                                     "a file or a pipe, not a terminal\n",
                                     cmd));
    }
}

// The same for `show`'s summary, `plan`'s table and the planner's errors: a name, a path or a
// command line from the config reaches the terminal escaped.
TEST_F(Cli, ShowAndPlanEscapeTheConfigsBytes) {
    fs::copy_file(fs::path(DOMFW_SOURCE_DIR) / "examples/firmware/ramdisk.img", dir_ / "r\x1b[2J.img");
    const auto f =
        write("s.cfg", "name = \"g\x1b]0;owned\x07\"\ntype = \"pvh\"\nmemory = 64\nkernel = \"vmlinuz\"\n"
                       "cmdline = \"console=hvc0 \x1b[31m\"\nmodules = [ \"path=r\x1b[2J.img,cmdline=a\x1b[5mb\" ]\n");
    test::RunOptions o;
    o.merge_stderr = false;
    auto s = test::run(test::domfw_command("show " + f), o);
    EXPECT_EQ(s.status, 0) << s.err;
    EXPECT_EQ(s.out.find('\x1b'), std::string::npos) << s.out;
    EXPECT_NE(s.out.find("name:      g\\x1b]0;owned\\x07\n"), std::string::npos) << s.out;
    EXPECT_NE(s.out.find("cmdline:   console=hvc0 \\x1b[31m\n"), std::string::npos) << s.out;
    EXPECT_NE(s.out.find(fmt::format("module 0:  {}/r\\x1b[2J.img (a\\x1b[5mb)\n", dir_.string())), std::string::npos)
        << s.out;
    auto p = test::run(test::domfw_command("plan " + f), o);
    EXPECT_EQ(p.status, 0) << p.err;
    EXPECT_EQ(p.out.find('\x1b'), std::string::npos) << p.out;
    EXPECT_NE(p.out.find("'r\\x1b[2J.img'"), std::string::npos) << p.out;
    EXPECT_NE(p.out.find("cmdline \"a\\x1b[5mb\""), std::string::npos) << p.out;
    auto bad = test::run(
        test::domfw_command("plan " + write("b.cfg", "name = \"g\"\ntype = \"pvh\"\nmemory = 64\nkernel = \"vmlinuz\"\n"
                                                     "module_placement = \"\x1b[2J\"\n")),
        o);
    EXPECT_EQ(bad.status, 1);
    EXPECT_EQ(bad.err.find('\x1b'), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("\\x1b[2J"), std::string::npos) << bad.err;
}

// JSON writers escape C0 controls but leave C1 controls and bidi overrides raw: on a terminal
// they are written as \u escapes (the same JSON value); on a pipe as they are.
TEST_F(Cli, JsonOnATerminalEscapesC1AndBidi) {
    const auto f = write("j.cfg", "name = \"a\xc2\x9b"
                                  "b\xe2\x80\xae"
                                  "c\x7f"
                                  "d\xc3\xa9\"\n");
    test::RunOptions terminal;
    terminal.stdout_terminal = true;
    terminal.merge_stderr = false;
    auto t = test::run(test::domfw_command("cfg get --json " + f + " name"), terminal);
    EXPECT_EQ(t.status, 0) << t.err;
    EXPECT_EQ(
        t.out,
        "{\n  \"schema_version\": 1,\n  \"key\": \"name\",\n  \"value\": \"a\\u009bb\\u202ec\\u007fd\xc3\xa9\"\n}\n");
    EXPECT_EQ(nlohmann::json::parse(t.out)["value"], "a\xc2\x9b"
                                                     "b\xe2\x80\xae"
                                                     "c\x7f"
                                                     "d\xc3\xa9");
    test::RunOptions pipe;
    pipe.merge_stderr = false;
    EXPECT_EQ(test::run(test::domfw_command("cfg get --json " + f + " name"), pipe).out,
              "{\n  \"schema_version\": 1,\n  \"key\": \"name\",\n  \"value\": \"a\xc2\x9b"
              "b\xe2\x80\xae"
              "c\x7f"
              "d\xc3\xa9\"\n}\n");
}
