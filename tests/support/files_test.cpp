#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "run.hpp"
#include "support/files.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace domfw::support;

namespace {

using domfw::test::fresh_dir;

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

// A writer killed before its rename leaves `.NAME.tmp-PID-XXXXXX` (where the file system has no
// O_TMPFILE, or between linkat and rename): the next write of the same file removes those of
// processes that are gone, and nothing else.
TEST(Files, AtomicWriteRemovesTemporaryFilesOfWritersThatAreGone) {
    const domfw::test::TempDir dir("leftovers");
    const fs::path f = dir.write("g.cfg", "old\n");
    const pid_t gone = domfw::test::gone_pid();
    ASSERT_GT(gone, 0);
    const fs::path dead = dir / (".g.cfg.tmp-" + std::to_string(gone) + "-AbC123");
    const fs::path live = dir.write(".g.cfg.tmp-" + std::to_string(::getppid()) + "-XyZ789", "busy");
    const fs::path older = dir.write(".g.cfg.tmp-AbC123", "no pid: whose it is cannot be told");
    const fs::path other = dir.write(".h.cfg.tmp-" + std::to_string(gone) + "-AbC123", "another file's");
    ASSERT_EQ(::symlink("/etc/passwd", (dir / (".g.cfg.tmp-" + std::to_string(gone) + "-Link00")).c_str()), 0);
    for (const bool anonymous : {true, false}) {
        SCOPED_TRACE(anonymous ? "O_TMPFILE" : "named temporary file");
        dir.write(dead.filename(), "half");
        set_anonymous_temp_files_for_testing(anonymous);
        ASSERT_TRUE(write_file_atomic(f, std::string_view("new\n")).has_value());
        set_anonymous_temp_files_for_testing(true);
        EXPECT_EQ(*read_text_file(f), "new\n");
        EXPECT_FALSE(fs::exists(dead));
        EXPECT_TRUE(fs::exists(live));
        EXPECT_TRUE(fs::exists(older));
        EXPECT_TRUE(fs::exists(other));
        EXPECT_TRUE(fs::is_symlink(dir / (".g.cfg.tmp-" + std::to_string(gone) + "-Link00")));
        // Nothing of this process's own is left: 5 entries, as before the write.
        EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 5);
    }
}
