// The bootloader runner against fake bootloaders (one per error path, exact messages) and the real
// pygrub from xen-utils-4.17 on an ext2 image built here with mke2fs -d.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "domain/bootloader.hpp"
#include "run.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace domfw::domain;

namespace {

class Bootloader : public ::testing::Test {
protected:
    void SetUp() override {
        disk_ = dir_ / "disk.img";
        std::ofstream(disk_) << "disk";
    }

    // A fake bootloader: a shell script; $OUT and $DIR are libxl's --output and --output-directory.
    fs::path fake(const std::string& body) {
        auto p = dir_ / "fake-bootloader";
        std::ofstream(p) << "#!/bin/sh\nfor a; do case $a in --output=*) OUT=${a#--output=};; --output-directory=*) "
                            "DIR=${a#--output-directory=};; esac; done\n"
                         << body << "\n";
        fs::permissions(p, fs::perms::owner_all);
        return p;
    }
    BootloaderRequest request(const fs::path& program) {
        BootloaderRequest r;
        r.program = program;
        r.disk = disk_;
        r.timeout = std::chrono::seconds(60); // far beyond a quick fake, even on a loaded machine
        return r;
    }
    domfw::test::TempDir tmp_;
    const fs::path dir_ = tmp_.path();
    fs::path disk_;
};

} // namespace

TEST(BootloaderArgv, AsLibxlBuildsIt) {
    BootloaderRequest r;
    r.program = "/usr/lib/xen-4.17/bin/pygrub";
    r.kernel_hint = "/boot/vmlinuz";
    r.cmdline = "ro";
    r.args = {"-q"};
    r.disk = "/dev/vg/guest";
    EXPECT_EQ(
        bootloader_argv(r, "/o", "/d"),
        (std::vector<std::string>{"/usr/lib/xen-4.17/bin/pygrub", "--kernel=/boot/vmlinuz", "--args=ro", "--output=/o",
                                  "--output-format=simple0", "--output-directory=/d", "-q", "/dev/vg/guest"}));
    EXPECT_EQ(bootloader_program("pygrub", "/usr/lib/xen-4.17/bin"), "/usr/lib/xen-4.17/bin/pygrub");
    EXPECT_EQ(bootloader_program("/opt/pygrub", "/usr/lib/xen-4.17/bin"), "/opt/pygrub");
}

TEST(BootloaderOutput, Simple0) {
    using namespace std::string_literals;
    auto a = parse_bootloader_output("kernel /k\0ramdisk /r\0args root=/dev/xvda1 ro\0\0"s);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->kernel, "/k");
    EXPECT_EQ(*a->ramdisk, "/r");
    EXPECT_EQ(*a->args, "root=/dev/xvda1 ro");
    EXPECT_TRUE(parse_bootloader_output("kernel /k\nfuture x\n")); // unknown records are skipped
    EXPECT_EQ(parse_bootloader_output("").error().message, "bootloader output names no kernel");
    EXPECT_EQ(parse_bootloader_output("kernel\n").error().message,
              "bootloader output: record \"kernel\" has no value (expected \"kernel PATH\", \"ramdisk PATH\" or \"args "
              "TEXT\")");
}

TEST_F(Bootloader, AnswersAndCleansUp) {
    auto p = fake("printf 'k' > \"$DIR/kernel\"; printf 'kernel %s\\0args %s\\0' \"$DIR/kernel\" \"$*\" > \"$OUT\"");
    fs::path out_dir;
    {
        auto r = run_bootloader(request(p));
        ASSERT_TRUE(r) << r.error().message;
        out_dir = r->output_dir();
        EXPECT_TRUE(fs::exists(r->answer().kernel));
        EXPECT_NE(r->answer().args->find("--output-format=simple0"), std::string::npos);
    }
    EXPECT_FALSE(fs::exists(out_dir)); // removed with the result
}

TEST_F(Bootloader, NotExecutable) {
    auto r = run_bootloader(request(dir_ / "missing"));
    EXPECT_EQ(r.error().message,
              fmt::format("bootloader {} cannot be run: No such file or directory", (dir_ / "missing").string()));
}

TEST_F(Bootloader, ExitStatus) {
    auto p = fake("echo 'first' >&2; echo 'Error: no grub.cfg found' >&2; exit 3");
    EXPECT_EQ(run_bootloader(request(p)).error().message,
              fmt::format("bootloader {} failed with exit status 3: Error: no grub.cfg found", p.string()));
}

TEST_F(Bootloader, Signal) {
    auto p = fake("kill -SEGV $$");
    EXPECT_EQ(run_bootloader(request(p)).error().message,
              fmt::format("bootloader {} was killed by signal 11", p.string()));
}

// Not timed: the bootloader writes its PID beside itself, and after the error that process is
// gone (killed and reaped, not waited for through its 30 s).
TEST_F(Bootloader, TimeLimit) {
    auto p = fake("echo $$ > \"${0%/*}/bootloader.pid\"; exec sleep 30");
    auto req = request(p);
    req.timeout = std::chrono::milliseconds(300);
    auto r = run_bootloader(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, fmt::format("bootloader {} did not finish within 300 ms and was killed", p.string()));
    pid_t pid = 0;
    std::ifstream(dir_ / "bootloader.pid") >> pid;
    ASSERT_GT(pid, 0);
    EXPECT_EQ(::kill(pid, 0), -1);
    EXPECT_EQ(errno, ESRCH);
}

// A domfw killed while its bootloader runs (SIGKILL: no destructor) leaves
// domfw-bootloader.PID-XXXXXX in the temporary directory, with what the bootloader extracted;
// the next run removes it, and only those of processes that are gone.
TEST_F(Bootloader, KilledRunsLeaveNothingForLong) {
    const fs::path tmp = dir_ / "tmp";
    fs::create_directories(tmp);
    // TMPDIR points into the test's directory until the test ends, however it ends.
    struct TmpdirFor {
        std::optional<std::string> saved;
        explicit TmpdirFor(const fs::path& p) {
            if (const char* old = std::getenv("TMPDIR")) saved = old;
            ::setenv("TMPDIR", p.c_str(), 1);
        }
        ~TmpdirFor() {
            if (saved)
                ::setenv("TMPDIR", saved->c_str(), 1);
            else
                ::unsetenv("TMPDIR");
        }
    } tmpdir_for(tmp);
    auto slow = fake("echo $$ > \"${0%/*}/bootloader.pid.new\"; mv \"${0%/*}/bootloader.pid.new\" "
                     "\"${0%/*}/bootloader.pid\"; printf k > \"$DIR/kernel\"; exec sleep 600");
    // The runner's own time limit is far beyond the test's: it must still be waiting when it is
    // killed, however slow a loaded machine is (with 5 s, a runner that timed out first removed
    // its directory and the wait below never ended: a CI run hung here for 900 s).
    auto slow_request = request(slow);
    slow_request.timeout = std::chrono::minutes(10);
    const pid_t runner = ::fork();
    ASSERT_GE(runner, 0);
    if (runner == 0) {
        (void)run_bootloader(slow_request); // killed long before it returns
        ::_exit(3);
    }
    // Wait until the bootloader has extracted its kernel, then kill the runner. Bounded, so a
    // runner that ends on its own fails the test with its status instead of hanging it.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    auto extracted = [&] {
        for (const auto& d : fs::directory_iterator(tmp))
            if (fs::exists(d.path() / "files" / "kernel")) return true;
        return false;
    };
    while (!fs::exists(dir_ / "bootloader.pid") || !extracted()) {
        int status = 0;
        if (::waitpid(runner, &status, WNOHANG) == runner)
            FAIL() << "the runner ended before it was killed, wait status " << status;
        if (std::chrono::steady_clock::now() > give_up) {
            ::kill(runner, SIGKILL);
            domfw::test::wait_status(runner);
            FAIL() << "the bootloader did not extract its kernel within 2 minutes";
        }
        ::usleep(1000);
    }
    ::kill(runner, SIGKILL);
    domfw::test::wait_status(runner);
    pid_t bootloader = 0;
    std::ifstream(dir_ / "bootloader.pid") >> bootloader; // written whole (renamed into place)
    ASSERT_GT(bootloader, 0);
    ::kill(bootloader, SIGKILL);
    const std::string left = fmt::format("domfw-bootloader.{}-", runner);
    ASSERT_EQ(std::distance(fs::directory_iterator(tmp), fs::directory_iterator()), 1);
    EXPECT_TRUE(fs::directory_iterator(tmp)->path().filename().string().starts_with(left));
    // Another domfw's that still runs (our parent's PID), and a link, stay.
    const fs::path live = tmp / fmt::format("domfw-bootloader.{}-AbC123", ::getppid());
    fs::create_directories(live);
    const std::string link = fmt::format("domfw-bootloader.{}-Link00", domfw::test::gone_pid());
    fs::create_directory_symlink(dir_, tmp / link);

    auto quick = fake("printf 'k' > \"$DIR/kernel\"; printf 'kernel %s\\0' \"$DIR/kernel\" > \"$OUT\"");
    {
        auto r = run_bootloader(request(quick));
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_EQ(r->output_dir().parent_path(), tmp);
    }
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(tmp))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    std::vector<std::string> expected{live.filename().string(), link};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(names, expected);
}

TEST_F(Bootloader, TimeLimitWithStderrClosed) {
    auto p = fake("exec 2>&-; sleep 30");
    auto req = request(p);
    req.timeout = std::chrono::milliseconds(300);
    EXPECT_EQ(run_bootloader(req).error().message,
              fmt::format("bootloader {} did not finish within 300 ms and was killed", p.string()));
}

TEST_F(Bootloader, NoAnswer) {
    auto p = fake("exit 0");
    EXPECT_EQ(run_bootloader(request(p)).error().message,
              fmt::format("bootloader {}: bootloader output names no kernel", p.string()));
}

TEST_F(Bootloader, MalformedAnswer) {
    auto p = fake("printf 'kernel\\0' > \"$OUT\"");
    EXPECT_EQ(run_bootloader(request(p)).error().message,
              fmt::format("bootloader {}: bootloader output: record \"kernel\" has no value (expected \"kernel PATH\", "
                          "\"ramdisk PATH\" or \"args TEXT\")",
                          p.string()));
}

TEST_F(Bootloader, AnswerNamesAMissingFile) {
    auto p = fake("printf 'kernel /nonexistent/vmlinuz\\0' > \"$OUT\"");
    EXPECT_EQ(run_bootloader(request(p)).error().message,
              fmt::format("bootloader {} answered \"/nonexistent/vmlinuz\", which is not a file", p.string()));
}

// libxl runs the bootloader on a pseudo-terminal with TERM=vt100 (pygrub's menu needs one); what
// it draws there is drained, so 200 KB of it, far more than the terminal buffers, do not block it.
TEST_F(Bootloader, RunsOnATerminalAsLibxl) {
    auto p =
        fake("[ -t 0 ] && [ -t 1 ] && [ \"$TERM\" = vt100 ] || { echo \"no terminal (TERM=$TERM)\" >&2; exit 3; }\n"
             "head -c 200000 /dev/zero | tr '\\0' x\n"
             "printf 'kernel %s\\0' \"$0\" > \"$OUT\"");
    auto r = run_bootloader(request(p));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->answer().kernel, p.string());
}

TEST_F(Bootloader, RealPygrubOnExt2) {
    const fs::path pygrub = "/usr/lib/xen-4.17/bin/pygrub";
    if (!fs::exists(pygrub)) GTEST_SKIP() << "pygrub (xen-utils-4.17) is not installed";
    if (std::system("command -v mke2fs >/dev/null 2>&1") != 0) GTEST_SKIP() << "mke2fs (e2fsprogs) is not installed";
    auto root = dir_ / "root";
    fs::create_directories(root / "boot/grub");
    std::ofstream(root / "boot/vmlinuz-6.1-test") << "KERNEL-BYTES";
    std::ofstream(root / "boot/initrd.img-6.1-test") << "INITRD-BYTES";
    // timeout=1: without -q pygrub shows its menu, and with timeout=0 it waits for a key forever.
    std::ofstream(root / "boot/grub/grub.cfg") << "set default=1\nset timeout=1\nmenuentry 'Debian old' {\n"
                                                  "\tlinux /boot/vmlinuz-6.1-test root=/dev/xvda1 ro old\n}\n"
                                                  "menuentry 'Debian test' {\n"
                                                  "\tlinux /boot/vmlinuz-6.1-test root=/dev/xvda1 ro quiet\n"
                                                  "\tinitrd /boot/initrd.img-6.1-test\n}\n";
    auto img = dir_ / "ext2.img";
    ASSERT_EQ(
        std::system(
            fmt::format("mke2fs -q -t ext2 -d '{}' '{}' 4M >/dev/null 2>&1", root.string(), img.string()).c_str()),
        0);
    auto req = request(pygrub);
    req.disk = img;
    req.args = {"-q"};
    req.timeout = std::chrono::milliseconds(30000);
    auto r = run_bootloader(req);
    ASSERT_TRUE(r) << r.error().message;
    auto slurp = [](const std::string& p) {
        std::ifstream in(p);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_EQ(slurp(r->answer().kernel), "KERNEL-BYTES");
    ASSERT_TRUE(r->answer().ramdisk);
    EXPECT_EQ(slurp(*r->answer().ramdisk), "INITRD-BYTES");
    EXPECT_EQ(*r->answer().args, "root=/dev/xvda1 ro quiet");

    // Without -q (as most configs have it) pygrub runs its menu on the terminal and boots the
    // default entry when the timeout passes, as under libxl; on /dev/null it failed with
    // "Unable to find partition containing kernel".
    req.args = {};
    auto menu = run_bootloader(req);
    ASSERT_TRUE(menu) << menu.error().message;
    EXPECT_EQ(slurp(menu->answer().kernel), "KERNEL-BYTES");
    EXPECT_EQ(*menu->answer().args, "root=/dev/xvda1 ro quiet");

    // With the kernel hint (xl's `kernel` + `bootloader`), pygrub extracts that file and takes
    // the command line from --args.
    req.args = {};
    req.kernel_hint = "/boot/vmlinuz-6.1-test";
    req.cmdline = "console=hvc0";
    auto h = run_bootloader(req);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(slurp(h->answer().kernel), "KERNEL-BYTES");
    EXPECT_EQ(*h->answer().args, "console=hvc0");

    req.kernel_hint = "/boot/missing";
    auto m = run_bootloader(req);
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().message.find(fmt::format("bootloader {} failed with exit status 1", pygrub.string())),
              std::string::npos)
        << m.error().message;
}
