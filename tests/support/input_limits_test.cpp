// The checks every input gets (support::open_input): a regular file only, within its format's
// limit by its size and by the bytes actually read, and not a link where links are refused.
// Each error path with its exact message.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/files.hpp"
#include "support/mapped_file.hpp"

namespace fs = std::filesystem;
using namespace domfw::support;

namespace {

class InputLimits : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("domfw-test-inputs-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    // A sparse file of `size` bytes: no disk and no memory however large.
    fs::path sparse(const char* name, off_t size) {
        const fs::path p = dir_ / name;
        const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        EXPECT_GE(fd, 0);
        EXPECT_EQ(::ftruncate(fd, size), 0);
        ::close(fd);
        return p;
    }
    fs::path dir_;
};

TEST_F(InputLimits, DevicesAreNotRead) {
    auto z = read_file("/dev/zero", kModuleInput);
    ASSERT_FALSE(z);
    EXPECT_EQ(z.error().message,
              "/dev/zero: not a regular file (a character device): a module or bundle is read from a regular file");
    auto m = MappedFile::open("/dev/zero", kCaptureInput);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().message,
              "/dev/zero: not a regular file (a character device): a firmware capture file is read from a regular "
              "file");
}

TEST_F(InputLimits, FifoIsRefusedWithoutWaitingForAWriter) {
    const fs::path p = dir_ / "fifo";
    ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
    // Without O_NONBLOCK the open would block here forever (no writer).
    auto r = read_text_file(p, kConfigInput);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, p.string() + ": not a regular file (a FIFO): an xl.cfg is read from a regular file");
}

TEST_F(InputLimits, FileAboveTheLimitIsRefusedBeforeReading) {
    // 64 MiB + 1 and 8 GiB, sparse: refused by size, nothing allocated (was: reserve(st_size)).
    const auto over = sparse("over", static_cast<off_t>(kCaptureInput.max_bytes + 1));
    auto r = read_file(over, kCaptureInput);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, over.string() + ": 0x4000001 bytes, above the limit of 0x4000000 bytes (64 MiB) for "
                                                 "a firmware capture file");
    const auto huge = sparse("huge", off_t{8} << 30);
    auto m = MappedFile::open(huge, kModuleInput);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().message, huge.string() + ": 0x200000000 bytes, above the limit of 0x80000000 bytes (2048 MiB) "
                                                 "for a module or bundle");
    // At the limit exactly: read.
    const auto at = sparse("at", 16);
    EXPECT_TRUE(read_file(at, InputLimit{"a test", 16}));
}

TEST_F(InputLimits, ReadingStopsAtTheLimitWhenTheSizeIsNotTheLength) {
    // procfs reports size 0 for a file that is not empty: the loop, not st_size, enforces the limit.
    auto r = read_file("/proc/self/cmdline", InputLimit{"a test", 2});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "/proc/self/cmdline: more than 0x2 bytes, above the limit of 0x2 bytes for a test");
    auto m = MappedFile::open("/proc/self/cmdline", InputLimit{"a test", 2});
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().message, r.error().message);
    EXPECT_TRUE(read_file("/proc/self/cmdline", kCaptureInput));
}

TEST_F(InputLimits, LinksAreRefusedWhereAsked) {
    std::string secret = "root:$y$secret";
    ASSERT_TRUE(write_file_atomic(dir_ / "secret", std::string_view(secret)));
    fs::create_symlink(dir_ / "secret", dir_ / "SSDT2");
    auto r = read_file(dir_ / "SSDT2", kCaptureInput, Links::refuse);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, (dir_ / "SSDT2").string() +
                                     ": is a symbolic link: a firmware capture file is read from a regular file, "
                                     "links are not followed");
    auto m = MappedFile::open(dir_ / "SSDT2", kCaptureInput, Links::refuse);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().message, r.error().message);
    // A path the user names may be a link (/boot/vmlinuz -> vmlinuz-6.1.0).
    auto followed = read_text_file(dir_ / "SSDT2", kBootImageInput);
    ASSERT_TRUE(followed);
    EXPECT_EQ(*followed, secret);
}

} // namespace
