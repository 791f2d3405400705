#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/files.hpp"

namespace fs = std::filesystem;
using namespace domfw::support;

namespace {

fs::path fresh_dir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("domfw-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

TEST(Files, AtomicWriteAndRead) {
    auto dir = fresh_dir("atomic");
    auto f = dir / "out.txt";
    ASSERT_TRUE(write_file_atomic(f, std::string_view("hello")).has_value());
    ASSERT_TRUE(write_file_atomic(f, std::string_view("world!")).has_value());
    auto text = read_text_file(f);
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(*text, "world!");
    // No temporary files left behind.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    fs::remove_all(dir);
}

struct stat stat_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st;
}

TEST(Files, ReplacingKeepsModeOwnerGroupAndXattrs) {
    // `cfg fmt --write` run by root on a guest config someone else owns, 0600 because it holds a
    // VNC password: it stays theirs and stays 0600.
    auto dir = fresh_dir("keep");
    const fs::path f = dir / "guest.cfg";
    std::ofstream(f) << "vncpasswd = \"s3cret\"\n";
    ASSERT_EQ(::chmod(f.c_str(), 0600), 0);
    const bool root = ::geteuid() == 0;
    if (root) {
        ASSERT_EQ(::chown(f.c_str(), 1234, 5678), 0);
    }
    const bool xattrs = ::setxattr(f.c_str(), "user.domfw-test", "kept", 4, 0) == 0;
    ASSERT_TRUE(write_file_atomic(f, std::string_view("vncpasswd = \"s3cret\" # formatted\n")));
    const auto st = stat_of(f);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    if (root) {
        EXPECT_EQ(st.st_uid, 1234u);
        EXPECT_EQ(st.st_gid, 5678u);
    }
    if (xattrs) {
        char value[8] = {};
        EXPECT_EQ(::getxattr(f.c_str(), "user.domfw-test", value, sizeof value), 4);
        EXPECT_EQ(std::string(value), "kept");
    }
    EXPECT_EQ(*read_text_file(f), "vncpasswd = \"s3cret\" # formatted\n");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    fs::remove_all(dir);
}

TEST(Files, ANewFileFollowsTheUmask) {
    auto dir = fresh_dir("umask");
    const mode_t old = ::umask(027);
    ASSERT_TRUE(write_file_atomic(dir / "map.svg", std::string_view("<svg/>")));
    ::umask(old);
    EXPECT_EQ(stat_of(dir / "map.svg").st_mode & 07777, 0640u);
    fs::remove_all(dir);
}

TEST(Files, ASymlinkIsWrittenThrough) {
    auto dir = fresh_dir("symlink");
    fs::create_directories(dir / "configs");
    std::ofstream(dir / "configs/guest.cfg") << "old\n";
    fs::create_symlink("configs/guest.cfg", dir / "guest.cfg");
    ASSERT_TRUE(write_file_atomic(dir / "guest.cfg", std::string_view("new\n")));
    EXPECT_TRUE(fs::is_symlink(dir / "guest.cfg"));
    EXPECT_EQ(fs::read_symlink(dir / "guest.cfg"), "configs/guest.cfg");
    EXPECT_EQ(*read_text_file(dir / "configs/guest.cfg"), "new\n");
    fs::create_symlink("missing.cfg", dir / "dangling.cfg");
    auto r = write_file_atomic(dir / "dangling.cfg", std::string_view("x"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, (dir / "dangling.cfg").string() +
                                     ": is a symbolic link to \"missing.cfg\", which cannot be followed: No such file "
                                     "or directory");
    fs::remove_all(dir);
}

TEST(Files, AFileWithOtherHardLinksIsRefused) {
    auto dir = fresh_dir("hardlink");
    std::ofstream(dir / "guest.cfg") << "old\n";
    fs::create_hard_link(dir / "guest.cfg", dir / "backup.cfg");
    auto r = write_file_atomic(dir / "guest.cfg", std::string_view("new\n"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, (dir / "guest.cfg").string() +
                                     ": has 2 hard links; replacing it would part it from the others, so it is left "
                                     "as it was (write the result elsewhere, or remove the other links first)");
    EXPECT_EQ(*read_text_file(dir / "backup.cfg"), "old\n");
    EXPECT_EQ(fs::hard_link_count(dir / "guest.cfg"), 2u);
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
    auto f = write_file_atomic(dir / "fifo", std::string_view("x"));
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().message, (dir / "fifo").string() + ": is not a regular file; refusing to replace it");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 3);
    fs::remove_all(dir);
}

TEST(Files, ReadErrorsNameThePath) {
    auto r = read_file("/nonexistent/domfw/x");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "/nonexistent/domfw/x: cannot open: No such file or directory");
    auto d = read_file("/");
    ASSERT_FALSE(d.has_value());
    EXPECT_EQ(d.error().message, "/: not a regular file (a directory): a file is read from a regular file");
}

} // namespace
