// StagedDir: output directories that appear whole or not at all, and the spare skeleton that
// lets a rebuild rewrite the previous build's inodes in place.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "support/files.hpp"
#include "support/staged_dir.hpp"

namespace fs = std::filesystem;
using namespace domfw::support;

namespace {

fs::path fresh_dir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("domfw-staged-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

// Every path under `dir`, relative, with "/" after directories.
std::set<std::string> tree(const fs::path& dir) {
    std::set<std::string> out;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
        std::string rel = fs::relative(it->path(), dir).generic_string();
        if (it->symlink_status().type() == fs::file_type::directory) rel += '/';
        out.insert(rel);
    }
    return out;
}

ino_t inode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st.st_ino;
}

// One build into `target` keeping the spare, with `files` (relative name -> content).
void build(const fs::path& target, const std::vector<std::pair<std::string, std::string>>& files,
           Durability d = Durability::kAtomic) {
    auto s = StagedDir::create(target, d, Previous::kKeepAsSpare);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    for (const auto& [name, text] : files)
        ASSERT_TRUE(s->write(name, std::string_view(text)).has_value()) << name;
    auto c = s->commit();
    ASSERT_TRUE(c.has_value()) << c.error().message;
}

TEST(StagedDir, AppearsWholeOrNotAtAll) {
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

TEST(StagedDir, RemovesWhatKilledBuildsLeft) {
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

TEST(StagedDir, WithoutSyncIsStillWholeOrNothing) {
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

TEST(StagedDir, RejectsEscapingPaths) {
    auto dir = fresh_dir("escape");
    auto s = StagedDir::create(dir / "out", Durability::kDurable);
    ASSERT_TRUE(s.has_value());
    auto r = s->write("../evil", std::string_view("x"));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "../evil: not a path inside the output directory");
    fs::remove_all(dir);
}

TEST(StagedDir, SpareIsTheEmptiedPreviousOutput) {
    auto dir = fresh_dir("spare");
    const fs::path out = dir / "out", spare = dir / ".out.spare";
    build(out, {{"a.txt", "one"}, {"sub/b.txt", "two"}});
    EXPECT_FALSE(fs::exists(spare)); // nothing was replaced yet
    build(out, {{"a.txt", "three"}, {"c.txt", "four"}});
    // The output is exactly what the second build wrote; the spare is the first build's
    // skeleton with every file empty: nothing of an older output stays readable.
    EXPECT_EQ(tree(out), (std::set<std::string>{"a.txt", "c.txt"}));
    EXPECT_EQ(*read_text_file(out / "a.txt"), "three");
    EXPECT_EQ(tree(spare), (std::set<std::string>{"a.txt", "sub/", "sub/b.txt"}));
    EXPECT_EQ(fs::file_size(spare / "a.txt"), 0u);
    EXPECT_EQ(fs::file_size(spare / "sub/b.txt"), 0u);
    // The third build stages into the spare: its a.txt is the spare's inode, rewritten; what it
    // did not write (sub/) is gone from the output.
    const ino_t reused = inode(spare / "a.txt");
    const ino_t was_out = inode(out / "a.txt");
    build(out, {{"a.txt", "five"}, {"d/e.txt", "six"}});
    EXPECT_EQ(inode(out / "a.txt"), reused);
    EXPECT_EQ(inode(spare / "a.txt"), was_out);
    EXPECT_EQ(tree(out), (std::set<std::string>{"a.txt", "d/", "d/e.txt"}));
    EXPECT_EQ(*read_text_file(out / "a.txt"), "five");
    EXPECT_EQ(*read_text_file(out / "d/e.txt"), "six");
    EXPECT_EQ(tree(spare), (std::set<std::string>{"a.txt", "c.txt"}));
    for (const auto& e : fs::directory_iterator(dir))
        EXPECT_EQ(e.path().filename().string().find(".staging-"), std::string::npos) << e.path();
    fs::remove_all(dir);
}

TEST(StagedDir, SpareNeverWritesThroughLinks) {
    // A user may turn a file of the output into a symlink or a hard link to a file of theirs.
    // Emptying the old output and rewriting the spare must touch neither that file nor the
    // directory a symlinked subdirectory points at: such names are removed, not followed.
    auto dir = fresh_dir("links");
    const fs::path out = dir / "out", mine = dir / "mine";
    fs::create_directories(mine / "d");
    std::ofstream(mine / "target.txt") << "precious";
    std::ofstream(mine / "linked.txt") << "also precious";
    std::ofstream(mine / "d/x.txt") << "in a directory";
    build(out, {{"sym.txt", "a"}, {"hard.txt", "b"}, {"sub/x.txt", "c"}});
    fs::remove(out / "sym.txt");
    fs::create_symlink(mine / "target.txt", out / "sym.txt");
    fs::remove(out / "hard.txt");
    fs::create_hard_link(mine / "linked.txt", out / "hard.txt");
    fs::remove_all(out / "sub");
    fs::create_directory_symlink(mine / "d", out / "sub");
    for (int i = 0; i < 3; ++i) // empties that output into the spare, then stages into it twice
        build(out, {{"sym.txt", "new"}, {"hard.txt", "new"}, {"sub/x.txt", "new"}});
    EXPECT_EQ(*read_text_file(mine / "target.txt"), "precious");
    EXPECT_EQ(*read_text_file(mine / "linked.txt"), "also precious");
    EXPECT_EQ(*read_text_file(mine / "d/x.txt"), "in a directory");
    EXPECT_EQ(*read_text_file(out / "sym.txt"), "new");
    EXPECT_EQ(*read_text_file(out / "sub/x.txt"), "new");
    EXPECT_EQ(fs::symlink_status(out / "sub").type(), fs::file_type::directory);
    EXPECT_EQ(fs::hard_link_count(out / "hard.txt"), 1u);
    fs::remove_all(dir);
}

TEST(StagedDir, SpareInTheWayIsReplaced) {
    // The spare holds a directory where this build writes a file and a file where it needs a
    // directory: both are replaced. A rewritten file gets mode 0644 whatever the spare's had.
    auto dir = fresh_dir("inway");
    const fs::path out = dir / "out", spare = dir / ".out.spare";
    build(out, {{"x/inner.txt", "1"}, {"y", "2"}});
    build(out, {{"z", "3"}}); // parks the first output as the spare
    build(out, {{"x", "file now"}, {"y/inner.txt", "dir now"}});
    EXPECT_EQ(tree(out), (std::set<std::string>{"x", "y/", "y/inner.txt"}));
    EXPECT_EQ(*read_text_file(out / "x"), "file now");
    EXPECT_EQ(*read_text_file(out / "y/inner.txt"), "dir now");
    ASSERT_EQ(tree(spare), (std::set<std::string>{"z"}));
    fs::permissions(spare / "z", fs::perms::owner_read);
    build(out, {{"z", "4"}});
    struct stat st {};
    ASSERT_EQ(::stat((out / "z").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0644u);
    EXPECT_EQ(*read_text_file(out / "z"), "4");
    fs::remove_all(dir);
}

TEST(StagedDir, AKilledBuildInTheSpareLeavesTheOutput) {
    // A build killed after it took the spare (and rewrote half of it) leaves the output as it
    // was; its staging directory is removed by the next build, which starts from empty.
    auto dir = fresh_dir("killspare");
    const fs::path out = dir / "out";
    build(out, {{"a.txt", "1"}});
    build(out, {{"a.txt", "2"}}); // spare: emptied first output
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto s = StagedDir::create(out, Durability::kAtomic, Previous::kKeepAsSpare);
        if (!s || !s->reused_spare() || !s->write("a.txt", std::string_view("half"))) ::_exit(3);
        ::kill(::getpid(), SIGKILL);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << status;
    EXPECT_EQ(*read_text_file(out / "a.txt"), "2");
    EXPECT_FALSE(fs::exists(dir / ".out.spare"));
    build(out, {{"a.txt", "3"}});
    EXPECT_EQ(*read_text_file(out / "a.txt"), "3");
    for (const auto& e : fs::directory_iterator(dir))
        EXPECT_EQ(e.path().filename().string().find(".staging-"), std::string::npos) << e.path();
    fs::remove_all(dir);
}

TEST(StagedDir, WithoutSpareTheOldOutputIsRemoved) {
    auto dir = fresh_dir("nospare");
    for (const char* v : {"1", "2", "3"}) {
        auto s = StagedDir::create(dir / "out", Durability::kAtomic);
        ASSERT_TRUE(s.has_value());
        EXPECT_FALSE(s->reused_spare());
        ASSERT_TRUE(s->write("v.txt", std::string_view(v)).has_value());
        ASSERT_TRUE(s->commit().has_value());
    }
    EXPECT_EQ(tree(dir), (std::set<std::string>{"out/", "out/v.txt"}));
    fs::remove_all(dir);
}

} // namespace
