// The bootloader runner against fake bootloaders (one per error path, exact messages) and the real
// pygrub from xen-utils-4.17 on an ext2 image built here with mke2fs -d.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "domain/bootloader.hpp"

namespace fs = std::filesystem;
using namespace domfw::domain;

namespace {

class Bootloader : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / fmt::format("domfw-bl-{}-{}", ::getpid(),
                                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        disk_ = dir_ / "disk.img";
        std::ofstream(disk_) << "disk";
    }
    void TearDown() override { fs::remove_all(dir_); }

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
        r.timeout = std::chrono::milliseconds(5000);
        return r;
    }
    fs::path dir_;
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

TEST_F(Bootloader, TimeLimit) {
    auto p = fake("exec sleep 30");
    auto req = request(p);
    req.timeout = std::chrono::milliseconds(300);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(run_bootloader(req).error().message,
              fmt::format("bootloader {} did not finish within 300 ms and was killed", p.string()));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
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

TEST_F(Bootloader, RealPygrubOnExt2) {
    const fs::path pygrub = "/usr/lib/xen-4.17/bin/pygrub";
    if (!fs::exists(pygrub)) GTEST_SKIP() << "pygrub (xen-utils-4.17) is not installed";
    if (std::system("command -v mke2fs >/dev/null 2>&1") != 0) GTEST_SKIP() << "mke2fs (e2fsprogs) is not installed";
    auto root = dir_ / "root";
    fs::create_directories(root / "boot/grub");
    std::ofstream(root / "boot/vmlinuz-6.1-test") << "KERNEL-BYTES";
    std::ofstream(root / "boot/initrd.img-6.1-test") << "INITRD-BYTES";
    std::ofstream(root / "boot/grub/grub.cfg") << "set default=0\nset timeout=0\nmenuentry 'Debian test' {\n"
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
