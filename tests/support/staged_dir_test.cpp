// StagedDir: output directories that appear whole or not at all, replace only what domfw wrote,
// never reuse an inode of the previous output, and publish without renameat2(RENAME_EXCHANGE)
// where the file system has none.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "run.hpp"
#include "support/files.hpp"
#include "support/staged_dir.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace domfw::support;
using domfw::Expected;

namespace {

using domfw::test::fresh_dir;

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

struct stat stat_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st;
}

std::size_t staging_dirs(const fs::path& parent) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(parent))
        if (e.path().filename().string().find(".staging-") != std::string::npos) ++n;
    return n;
}

bool earlier_test_output(const fs::path& dir) { return fs::is_regular_file(dir / "old-output.txt"); }

OutputSpec spec_for_test(Durability d = Durability::kAtomic) {
    OutputSpec s;
    s.writer = "domfw test";
    s.earlier_output = earlier_test_output;
    s.durability = d;
    return s;
}

// One build into `target` with `files` (relative name -> content).
Expected<void> build(const fs::path& target, const std::vector<std::pair<std::string, std::string>>& files,
                     const OutputSpec& spec = spec_for_test()) {
    DOMFW_TRY_X(auto s, StagedDir::create(target, spec));
    for (const auto& [name, text] : files)
        DOMFW_TRY_VOID(s.write(name, std::string_view(text)));
    return s.commit();
}

const char* kMarker = "domfw test output: the next `domfw test -o` into this directory replaces it whole\n";

TEST(StagedDir, AppearsWholeOrNotAtAll) {
    auto dir = fresh_dir("staged");
    auto target = dir / "out";
    {
        auto s = StagedDir::create(target, spec_for_test(Durability::kDurable));
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->write("a.txt", std::string_view("1")).has_value());
        ASSERT_TRUE(s->write("sub/b.txt", std::string_view("2")).has_value());
        EXPECT_FALSE(fs::exists(target));
        ASSERT_TRUE(s->commit().has_value());
    }
    EXPECT_EQ(*read_text_file(target / "sub/b.txt"), "2");
    EXPECT_EQ(*read_text_file(target / ".domfw-output"), kMarker);
    {
        // Abandoned: the old output stays, the staging directory disappears.
        auto s = StagedDir::create(target, spec_for_test(Durability::kDurable));
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->write("a.txt", std::string_view("new")).has_value());
    }
    EXPECT_EQ(*read_text_file(target / "a.txt"), "1");
    ASSERT_TRUE(build(target, {{"c.txt", "3"}}, spec_for_test(Durability::kDurable)));
    EXPECT_EQ(tree(target), (std::set<std::string>{".domfw-output", "c.txt"}));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    fs::remove_all(dir);
}

TEST(StagedDir, RemovesWhatKilledBuildsLeft) {
    auto dir = fresh_dir("stale");
    // A dead builder's staging directory (a child that has exited and been reaped), a live
    // one's (our parent), another target's and an unrelated name.
    const pid_t child = domfw::test::gone_pid();
    ASSERT_GT(child, 0);
    const auto dead = dir / (".out.staging-" + std::to_string(child) + "-AbC123");
    const auto live = dir / (".out.staging-" + std::to_string(::getppid()) + "-XyZ789");
    const auto other = dir / (".other.staging-" + std::to_string(child) + "-AbC123");
    const auto odd = dir / ".out.staging-notapid";
    for (const auto& d : {dead, live, other, odd})
        fs::create_directories(d / "modules");
    {
        auto s = StagedDir::create(dir / "out", spec_for_test());
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
    for (const char* v : {"1", "2", "3"}) {
        ASSERT_TRUE(build(dir / "out", {{"v.txt", v}}));
        EXPECT_EQ(*read_text_file(dir / "out/v.txt"), v);
    }
    EXPECT_EQ(tree(dir), (std::set<std::string>{"out/", "out/.domfw-output", "out/v.txt"}));
    fs::remove_all(dir);
}

TEST(StagedDir, RejectsEscapingPaths) {
    auto dir = fresh_dir("escape");
    auto s = StagedDir::create(dir / "out", spec_for_test());
    ASSERT_TRUE(s.has_value());
    auto r = s->write("../evil", std::string_view("x"));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "../evil: not a path inside the output directory");
    fs::remove_all(dir);
}

TEST(StagedDir, RefusesADirectoryItDidNotWrite) {
    // `-o .` in a home directory: nothing in it may be touched, and nothing is left beside it.
    auto dir = fresh_dir("refuse");
    const fs::path home = dir / "home";
    fs::create_directories(home / "projects");
    std::ofstream(home / "notes.txt") << "mine";
    std::ofstream(home / ".bashrc") << "also mine";
    auto r = build(home, {{"plan.json", "{}"}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message,
              home.string() +
                  ": refusing to replace a directory that domfw did not write: it holds \".bashrc\" and 2 other "
                  "entries, and no .domfw-output marker; choose a new or empty directory, or pass --force to replace "
                  "it and everything in it");
    EXPECT_EQ(tree(home), (std::set<std::string>{".bashrc", "notes.txt", "projects/"}));
    EXPECT_EQ(*read_text_file(home / "notes.txt"), "mine");
    EXPECT_EQ(staging_dirs(dir), 0u);
    // One entry, named with its control bytes escaped.
    const fs::path one = dir / "one";
    fs::create_directories(one);
    std::ofstream(one / "a\nb") << "x";
    auto r1 = build(one, {{"x", "y"}});
    ASSERT_FALSE(r1);
    EXPECT_EQ(r1.error().message,
              one.string() + ": refusing to replace a directory that domfw did not write: it holds \"a\\x0ab\", and "
                             "no .domfw-output marker; choose a new or empty directory, or pass --force to replace "
                             "it and everything in it");
    // Bytes past ASCII that drive a terminal too (a bidi override, a C1 CSI, invalid UTF-8), and
    // the quote and backslash that would blur the quotes; valid UTF-8 stays.
    const fs::path two = dir / "two";
    fs::create_directories(two);
    std::ofstream(two / "\xc3\xa9\xe2\x80\xaeq\"\\\xc2\x9b\xff") << "x";
    auto r2 = build(two, {{"x", "y"}});
    ASSERT_FALSE(r2);
    EXPECT_NE(r2.error().message.find("it holds \"\xc3\xa9\\xe2\\x80\\xaeq\\x22\\x5c\\xc2\\x9b\\xff\","),
              std::string::npos)
        << r2.error().message;
    // A C1 control (0xc2 0x9b is CSI to some terminals), a quote and a backslash: bytes, escaped.
    const fs::path three = dir / "three";
    fs::create_directories(three);
    std::ofstream(three / "\xc2\x9b"
                          "2J\"\\")
        << "x";
    auto r3 = build(three, {{"x", "y"}});
    ASSERT_FALSE(r3);
    EXPECT_EQ(r3.error().message, three.string() +
                                      ": refusing to replace a directory that domfw did not write: it holds "
                                      "\"\\xc2\\x9b2J\\x22\\x5c\", and no .domfw-output marker; choose a new or empty "
                                      "directory, or pass --force to replace it and everything in it");
    // --force replaces it whole.
    OutputSpec forced = spec_for_test();
    forced.force = true;
    ASSERT_TRUE(build(home, {{"v.txt", "built"}}, forced));
    EXPECT_EQ(tree(home), (std::set<std::string>{".domfw-output", "v.txt"}));
    EXPECT_EQ(staging_dirs(dir), 0u);
    fs::remove_all(dir);
}

TEST(StagedDir, ReplacesEmptyMarkedAndEarlierOutputs) {
    auto dir = fresh_dir("replaces");
    fs::create_directories(dir / "empty");
    ASSERT_TRUE(build(dir / "empty", {{"v.txt", "1"}}));
    EXPECT_EQ(*read_text_file(dir / "empty/v.txt"), "1");
    // An output of this version: its marker.
    ASSERT_TRUE(build(dir / "empty", {{"v.txt", "2"}}));
    EXPECT_EQ(*read_text_file(dir / "empty/v.txt"), "2");
    // An output of a version before the marker, as OutputSpec::earlier_output recognises it.
    fs::create_directories(dir / "old");
    std::ofstream(dir / "old/old-output.txt") << "x";
    ASSERT_TRUE(build(dir / "old", {{"v.txt", "3"}}));
    EXPECT_EQ(tree(dir / "old"), (std::set<std::string>{".domfw-output", "v.txt"}));
    // A marker must be a regular file that starts with "domfw ".
    fs::create_directories(dir / "fake");
    std::ofstream(dir / "fake/.domfw-output") << "not ours";
    EXPECT_FALSE(build(dir / "fake", {{"v.txt", "4"}}));
    fs::create_directories(dir / "fake2/.domfw-output");
    EXPECT_FALSE(build(dir / "fake2", {{"v.txt", "4"}}));
    fs::remove_all(dir);
}

TEST(StagedDir, ANonDirectoryIsNeverReplaced) {
    auto dir = fresh_dir("nondir");
    std::ofstream(dir / "guest.cfg") << "name = \"g\"\n";
    OutputSpec forced = spec_for_test();
    forced.force = true;
    for (const auto& spec : {spec_for_test(), forced}) {
        auto r = build(dir / "guest.cfg", {{"v.txt", "1"}}, spec);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().message, (dir / "guest.cfg").string() + ": exists and is not a directory; refusing to "
                                                                    "replace it");
    }
    EXPECT_EQ(*read_text_file(dir / "guest.cfg"), "name = \"g\"\n");
    fs::remove_all(dir);
}

TEST(StagedDir, EmptyPathAndRootAreRefused) {
    auto e = StagedDir::create("", spec_for_test());
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().message, "an empty path names no output directory");
    auto r = StagedDir::create("/", spec_for_test());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "/: the root directory cannot be an output directory");
    // A relative DIR from a working directory that was deleted: an error, not an exception.
    const fs::path here = fs::current_path();
    const fs::path gone = fresh_dir("gone");
    ASSERT_EQ(::chdir(gone.c_str()), 0);
    fs::remove(gone);
    auto g = StagedDir::create("out", spec_for_test());
    ASSERT_EQ(::chdir(here.c_str()), 0);
    ASSERT_FALSE(g);
    EXPECT_EQ(g.error().message, "out: cannot make the path absolute: No such file or directory");
}

TEST(StagedDir, ASymlinkIsFollowedAndStays) {
    // `-o linkdir`: the directory the link names is replaced; the link is not.
    auto dir = fresh_dir("symlink");
    ASSERT_TRUE(build(dir / "real", {{"v.txt", "1"}}));
    fs::create_directory_symlink("real", dir / "link");
    auto s = StagedDir::create(dir / "link", spec_for_test());
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->target(), dir / "real");
    ASSERT_TRUE(s->write("v.txt", std::string_view("2")));
    ASSERT_TRUE(s->commit());
    EXPECT_TRUE(fs::is_symlink(dir / "link"));
    EXPECT_EQ(fs::read_symlink(dir / "link"), "real");
    EXPECT_EQ(*read_text_file(dir / "real/v.txt"), "2");
    // A link that leads nowhere is not followed into a new directory.
    fs::create_directory_symlink("nowhere", dir / "dangling");
    auto d = StagedDir::create(dir / "dangling", spec_for_test());
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().message, (dir / "dangling").string() +
                                     ": is a symbolic link to \"nowhere\", which cannot be followed: No such file or "
                                     "directory");
    EXPECT_TRUE(fs::is_symlink(dir / "dangling"));
    fs::remove_all(dir);
}

TEST(StagedDir, EveryBuildWritesNewInodes) {
    // A process that holds a file of the previous output open (a running `xl create`) keeps
    // reading exactly that file: all of it, never emptied, never the new bytes.
    auto dir = fresh_dir("inodes");
    const fs::path out = dir / "out";
    const std::string first(100000, 'a');
    ASSERT_TRUE(build(out, {{"bundle.bin", first}}));
    const int fd = ::open((out / "bundle.bin").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    const ino_t before = stat_of(out / "bundle.bin").st_ino;
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(build(out, {{"bundle.bin", std::string(50000, static_cast<char>('b' + i))}}));
    EXPECT_NE(stat_of(out / "bundle.bin").st_ino, before);
    struct stat st {};
    ASSERT_EQ(::fstat(fd, &st), 0);
    EXPECT_EQ(st.st_size, static_cast<off_t>(first.size()));
    std::string back(first.size(), '\0');
    EXPECT_EQ(::pread(fd, back.data(), back.size(), 0), static_cast<ssize_t>(back.size()));
    EXPECT_EQ(back, first);
    ::close(fd);
    EXPECT_EQ(tree(dir), (std::set<std::string>{"out/", "out/.domfw-output", "out/bundle.bin"}));
    fs::remove_all(dir);
}

TEST(StagedDir, RemovesTheSpareOfEarlierVersions) {
    // Earlier versions kept the emptied previous output as `.NAME.spare`: directories and empty
    // files. The next build removes it; anything else of that name is not theirs and stays.
    auto dir = fresh_dir("oldspare");
    fs::create_directories(dir / ".out.spare/modules");
    std::ofstream(dir / ".out.spare/plan.json");
    std::ofstream(dir / ".out.spare/modules/acpi.dfwm");
    ASSERT_TRUE(build(dir / "out", {{"v.txt", "1"}}));
    EXPECT_FALSE(fs::exists(dir / ".out.spare"));
    fs::create_directories(dir / ".out.spare");
    std::ofstream(dir / ".out.spare/kept.txt") << "not empty";
    ASSERT_TRUE(build(dir / "out", {{"v.txt", "2"}}));
    EXPECT_EQ(*read_text_file(dir / ".out.spare/kept.txt"), "not empty");
    fs::remove_all(dir);
}

TEST(StagedDir, ModesFollowTheUmaskOrArePrivate) {
    auto dir = fresh_dir("modes");
    const mode_t old = ::umask(077);
    ASSERT_TRUE(build(dir / "tight", {{"a.txt", "1"}, {"sub/b.txt", "2"}}));
    ::umask(022);
    ASSERT_TRUE(build(dir / "usual", {{"a.txt", "1"}, {"sub/b.txt", "2"}}));
    ::umask(0);
    OutputSpec priv = spec_for_test();
    priv.dir_access = Access::kPrivate;
    {
        auto s = StagedDir::create(dir / "private", priv);
        ASSERT_TRUE(s);
        ASSERT_TRUE(s->write("key.bin", std::string_view("MSDM"), Access::kPrivate));
        ASSERT_TRUE(s->write("sub/plan.txt", std::string_view("plan")));
        ASSERT_TRUE(s->commit());
    }
    ::umask(old);
    auto mode = [](const fs::path& p) { return stat_of(p).st_mode & 07777; };
    EXPECT_EQ(mode(dir / "tight"), 0700u);
    EXPECT_EQ(mode(dir / "tight/sub"), 0700u);
    EXPECT_EQ(mode(dir / "tight/a.txt"), 0600u);
    EXPECT_EQ(mode(dir / "usual"), 0755u);
    EXPECT_EQ(mode(dir / "usual/sub"), 0755u);
    EXPECT_EQ(mode(dir / "usual/a.txt"), 0644u);
    EXPECT_EQ(mode(dir / "usual/.domfw-output"), 0644u);
    EXPECT_EQ(mode(dir / "private"), 0700u);
    EXPECT_EQ(mode(dir / "private/sub"), 0700u);
    EXPECT_EQ(mode(dir / "private/key.bin"), 0600u);
    EXPECT_EQ(mode(dir / "private/.domfw-output"), 0600u);
    EXPECT_EQ(mode(dir / "private/sub/plan.txt"), 0666u); // not private itself, in a 0700 directory
    fs::remove_all(dir);
}

// renameat2(RENAME_EXCHANGE) as NFS, vfat and some FUSE file systems answer it.
int exchange_einval(const char*, const char*) {
    errno = EINVAL;
    return -1;
}

int exchange_ebusy(const char*, const char*) {
    errno = EBUSY;
    return -1;
}

struct ExchangeOverride {
    explicit ExchangeOverride(StagedDir::ExchangeFunction f) { StagedDir::set_exchange_for_testing(f); }
    ~ExchangeOverride() { StagedDir::set_exchange_for_testing(nullptr); }
    ExchangeOverride(const ExchangeOverride&) = delete;
    ExchangeOverride& operator=(const ExchangeOverride&) = delete;
};

TEST(StagedDir, WithoutExchangePublishesByTwoRenames) {
    auto dir = fresh_dir("noexchange");
    const ExchangeOverride no_exchange(exchange_einval);
    for (const char* v : {"1", "2", "3"}) {
        ASSERT_TRUE(build(dir / "out", {{"v.txt", v}, {"sub/w.txt", v}}));
        EXPECT_EQ(*read_text_file(dir / "out/v.txt"), v);
    }
    EXPECT_EQ(tree(dir),
              (std::set<std::string>{"out/", "out/.domfw-output", "out/v.txt", "out/sub/", "out/sub/w.txt"}));
    // Still never over a directory that domfw did not write.
    fs::create_directories(dir / "mine");
    std::ofstream(dir / "mine/notes.txt") << "mine";
    EXPECT_FALSE(build(dir / "mine", {{"v.txt", "x"}}));
    EXPECT_EQ(*read_text_file(dir / "mine/notes.txt"), "mine");
    EXPECT_EQ(staging_dirs(dir), 0u);
    fs::remove_all(dir);
}

TEST(StagedDir, AnotherExchangeFailureIsReported) {
    auto dir = fresh_dir("ebusy");
    ASSERT_TRUE(build(dir / "out", {{"v.txt", "1"}}));
    const ExchangeOverride busy(exchange_ebusy);
    auto r = build(dir / "out", {{"v.txt", "2"}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message,
              (dir / "out").string() + ": cannot swap the staged output into place: Device or resource busy");
    EXPECT_EQ(*read_text_file(dir / "out/v.txt"), "1");
    EXPECT_EQ(staging_dirs(dir), 0u);
    fs::remove_all(dir);
}

TEST(StagedDir, ChecksAgainWhatItSwapsOut) {
    // DIR was a domfw output when the build started, and became someone's directory before the
    // build published: the swap is undone and DIR is left as it is, with either way of publishing.
    for (const bool with_exchange : {true, false}) {
        SCOPED_TRACE(with_exchange ? "exchange" : "two renames");
        auto dir = fresh_dir("recheck");
        const fs::path out = dir / "out";
        ASSERT_TRUE(build(out, {{"v.txt", "1"}}));
        const ExchangeOverride o(with_exchange ? nullptr : exchange_einval);
        {
            auto s = StagedDir::create(out, spec_for_test());
            ASSERT_TRUE(s);
            ASSERT_TRUE(s->write("v.txt", std::string_view("2")));
            fs::remove_all(out);
            fs::create_directories(out);
            std::ofstream(out / "thesis.tex") << "years of work";
            auto r = s->commit();
            ASSERT_FALSE(r);
            EXPECT_EQ(r.error().message,
                      out.string() + ": refusing to replace a directory that domfw did not write: it holds "
                                     "\"thesis.tex\", and no .domfw-output marker; choose a new or empty directory, "
                                     "or pass --force to replace it and everything in it");
            EXPECT_EQ(tree(out), (std::set<std::string>{"thesis.tex"}));
        }
        EXPECT_EQ(*read_text_file(out / "thesis.tex"), "years of work");
        EXPECT_EQ(staging_dirs(dir), 0u);
        fs::remove_all(dir);
    }
}

TEST(StagedDir, ConcurrentBuildsLeaveOneWholeOutputAndNoStaging) {
    // Builds racing for one DIR: every one succeeds, DIR is one of them whole, and nothing is
    // left beside it; with and without the exchange.
    for (const bool with_exchange : {true, false}) {
        SCOPED_TRACE(with_exchange ? "exchange" : "two renames");
        auto dir = fresh_dir("concurrent");
        const fs::path out = dir / "out";
        constexpr int kWriters = 4, kRounds = 25;
        std::vector<pid_t> kids;
        for (int w = 0; w < kWriters; ++w) {
            const pid_t pid = ::fork();
            ASSERT_GE(pid, 0);
            if (pid == 0) {
                if (!with_exchange) StagedDir::set_exchange_for_testing(exchange_einval);
                int failures = 0;
                for (int i = 0; i < kRounds; ++i) {
                    const std::string v = std::to_string(w) + "/" + std::to_string(i);
                    if (auto r = build(out, {{"a.txt", v}, {"sub/b.txt", v}}); !r) {
                        std::fprintf(stderr, "writer %d round %d: %s\n", w, i, r.error().message.c_str());
                        ++failures;
                    }
                }
                ::_exit(failures);
            }
            kids.push_back(pid);
        }
        for (const pid_t pid : kids) {
            int status = 0;
            ASSERT_EQ(::waitpid(pid, &status, 0), pid);
            EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer had failed builds: " << status;
        }
        EXPECT_EQ(staging_dirs(dir), 0u);
        EXPECT_EQ(tree(out), (std::set<std::string>{".domfw-output", "a.txt", "sub/", "sub/b.txt"}));
        EXPECT_EQ(*read_text_file(out / "a.txt"), *read_text_file(out / "sub/b.txt"));
        fs::remove_all(dir);
    }
}

TEST(StagedDir, RebuildsOnFileSystemsWithoutExchange) {
    // Real file systems that answer RENAME_EXCHANGE with EINVAL: vfat (a loop image) and a FUSE
    // file system (fuse2fs on an ext2 image). Each needs root and its tools and kernel support;
    // the test skips cleanly where none can be mounted (containers, CI).
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount";
    struct Way {
        const char* name;
        const char* mount; // %1: the image, %2: the mount point
    };
    const Way ways[] = {
        {"vfat", "mkfs.vfat '%1' >/dev/null 2>&1 && mount -o loop '%1' '%2' >/dev/null 2>&1"},
        {"fuse2fs", "mkfs.ext2 -q -F '%1' >/dev/null 2>&1 && fuse2fs '%1' '%2' >/dev/null 2>&1"},
    };
    std::string exercised;
    for (const Way& way : ways) {
        SCOPED_TRACE(way.name);
        auto dir = fresh_dir(std::string("noexchange-") + way.name);
        const fs::path image = dir / "fs.img", mnt = dir / "mnt";
        fs::create_directories(mnt);
        std::string cmd = "truncate -s 8M '%1' && " + std::string(way.mount);
        for (std::size_t at; (at = cmd.find("%1")) != std::string::npos;)
            cmd.replace(at, 2, image.string());
        for (std::size_t at; (at = cmd.find("%2")) != std::string::npos;)
            cmd.replace(at, 2, mnt.string());
        if (std::system(cmd.c_str()) != 0) {
            fs::remove_all(dir);
            continue;
        }
        fs::create_directories(mnt / "a");
        fs::create_directories(mnt / "b");
        const bool has_exchange =
            ::renameat2(AT_FDCWD, (mnt / "a").c_str(), AT_FDCWD, (mnt / "b").c_str(), RENAME_EXCHANGE) == 0;
        const int e = errno;
        for (const char* v : {"1", "2", "3"}) {
            auto r = build(mnt / "out", {{"v.txt", v}, {"sub/w.txt", v}});
            EXPECT_TRUE(r) << r.error().message;
            EXPECT_EQ(read_text_file(mnt / "out/v.txt").value_or("?"), v);
        }
        EXPECT_EQ(staging_dirs(mnt), 0u);
        ::umount(mnt.c_str());
        fs::remove_all(dir);
        if (!has_exchange) {
            EXPECT_EQ(e, EINVAL);
            exercised += std::string(exercised.empty() ? "" : ", ") + way.name;
        }
    }
    if (exercised.empty()) GTEST_SKIP() << "no file system without RENAME_EXCHANGE could be mounted here";
    std::printf("rebuilt without RENAME_EXCHANGE on: %s\n", exercised.c_str());
}

} // namespace

// The folders of a staged tree are opened from descriptors and never through a symbolic link
// (openat2 RESOLVE_NO_SYMLINKS, or an O_NOFOLLOW walk on kernels before 5.6): a link put in place
// of one (by another process sharing the parent, between two writes) cannot send a write
// elsewhere, and says what it found.
TEST(StagedDir, WritesNeverGoThroughALinkInTheStagedTree) {
    for (const bool openat2 : {true, false}) {
        SCOPED_TRACE(openat2 ? "openat2" : "O_NOFOLLOW walk");
        StagedDir::set_openat2_for_testing(openat2);
        const domfw::test::TempDir dir("links");
        fs::create_directories(dir / "elsewhere");
        auto s = StagedDir::create(dir / "out", spec_for_test());
        ASSERT_TRUE(s.has_value());
        ASSERT_TRUE(s->write("dmi/tables/DMI", std::string_view("x")).has_value());
        // `dmi` itself, and one level down, swapped for links to a directory outside.
        fs::remove_all(s->staging() / "dmi");
        fs::create_directory_symlink(dir / "elsewhere", s->staging() / "dmi");
        auto r = s->write("dmi/tables/DMI", std::string_view("y"));
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().message, (s->staging() / "dmi").string() +
                                         ": is a symbolic link, not a directory this process created; refusing to "
                                         "write through it");
        fs::remove(s->staging() / "dmi");
        fs::create_directories(s->staging() / "acpi");
        fs::create_directory_symlink(dir / "elsewhere", s->staging() / "acpi/tables");
        r = s->write("acpi/tables/SSDT1", std::string_view("y"));
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().message, (s->staging() / "acpi/tables").string() +
                                         ": is a symbolic link, not a directory this process created; refusing to "
                                         "write through it");
        EXPECT_TRUE(fs::is_empty(dir / "elsewhere"));
    }
    StagedDir::set_openat2_for_testing(true);
}
