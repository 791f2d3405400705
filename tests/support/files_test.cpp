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
    EXPECT_EQ(d.error().message, "/: not a regular file (a directory): a file is read from a regular file");
}

} // namespace
