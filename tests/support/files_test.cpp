#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
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

TEST(Files, ReadErrorsNameThePath) {
    auto r = read_file("/nonexistent/domfw/x");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "/nonexistent/domfw/x: cannot open: No such file or directory");
    auto d = read_file("/");
    ASSERT_FALSE(d.has_value());
    EXPECT_EQ(d.error().message, "/: is a directory, expected a file");
}

TEST(Files, StagedDirAppearsWholeOrNotAtAll) {
    auto dir = fresh_dir("staged");
    auto target = dir / "out";
    {
        auto s = StagedDir::create(target, Durability::kDurable);
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->write("a.txt", std::string_view("1")).has_value());
        ASSERT_TRUE(s->write("sub/b.txt", std::string_view("2")).has_value());
        EXPECT_FALSE(fs::exists(target));
        ASSERT_TRUE(s->commit().has_value());
    }
    EXPECT_EQ(*read_text_file(target / "sub/b.txt"), "2");
    {
        // Abandoned: the old output stays, the staging directory disappears.
        auto s = StagedDir::create(target, Durability::kDurable);
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->write("a.txt", std::string_view("new")).has_value());
    }
    EXPECT_EQ(*read_text_file(target / "a.txt"), "1");
    {
        auto s = StagedDir::create(target, Durability::kDurable);
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->write("c.txt", std::string_view("3")).has_value());
        ASSERT_TRUE(s->commit().has_value());
    }
    EXPECT_FALSE(fs::exists(target / "a.txt"));
    EXPECT_EQ(*read_text_file(target / "c.txt"), "3");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    fs::remove_all(dir);
}

TEST(Files, StagedDirRemovesWhatKilledBuildsLeft) {
    auto dir = fresh_dir("stale");
    // A dead builder's staging directory (a child that has exited and been reaped), a live
    // one's (our parent), another target's and an unrelated name.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ASSERT_GT(child, 0);
    int status = 0;
    ::waitpid(child, &status, 0);
    const auto dead = dir / (".out.staging-" + std::to_string(child) + "-AbC123");
    const auto live = dir / (".out.staging-" + std::to_string(::getppid()) + "-XyZ789");
    const auto other = dir / (".other.staging-" + std::to_string(child) + "-AbC123");
    const auto odd = dir / ".out.staging-notapid";
    for (const auto& d : {dead, live, other, odd})
        fs::create_directories(d / "modules");
    {
        auto s = StagedDir::create(dir / "out", Durability::kDurable);
        ASSERT_TRUE(s.has_value());
        EXPECT_NE(s->staging().filename().string().find(".out.staging-" + std::to_string(::getpid()) + "-"),
                  std::string::npos)
            << s->staging();
    }
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(live));
    EXPECT_TRUE(fs::exists(other));
    EXPECT_TRUE(fs::exists(odd));
    fs::remove_all(dir);
}

TEST(Files, StagedDirWithoutSyncIsStillWholeOrNothing) {
    auto dir = fresh_dir("nosync");
    for (const char* v : {"1", "2"}) {
        auto s = StagedDir::create(dir / "out", Durability::kAtomic);
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->write("v.txt", std::string_view(v)).has_value());
        ASSERT_TRUE(s->commit().has_value());
        EXPECT_EQ(*read_text_file(dir / "out/v.txt"), v);
    }
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    fs::remove_all(dir);
}

TEST(Files, StagedDirRejectsEscapingPaths) {
    auto dir = fresh_dir("escape");
    auto s = StagedDir::create(dir / "out", Durability::kDurable);
    ASSERT_TRUE(s.has_value());
    auto r = s->write("../evil", std::string_view("x"));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "../evil: not a path inside the output directory");
    fs::remove_all(dir);
}

} // namespace
