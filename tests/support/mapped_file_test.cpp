// support::MappedFile: the bytes of a mapped regular file, of a file that cannot be mapped (read
// instead), of an empty file, and read_file's messages when there is no file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

#include "support/files.hpp"
#include "support/mapped_file.hpp"

namespace fs = std::filesystem;
using namespace domfw::support;

namespace {

TEST(MappedFile, SameBytesAsReadFile) {
    const fs::path dir = fs::temp_directory_path() / ("domfw-test-mapped-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string text(10000, '\0');
    for (std::size_t i = 0; i < text.size(); ++i)
        text[i] = static_cast<char>(i * 7);
    ASSERT_TRUE(write_file_atomic(dir / "f", std::string_view(text)).has_value());
    auto m = MappedFile::open(dir / "f");
    ASSERT_TRUE(m.has_value()) << m.error().message;
    MappedFile moved = std::move(*m); // the view survives a move
    EXPECT_EQ(std::string(moved.bytes().begin(), moved.bytes().end()), text);

    ASSERT_TRUE(write_file_atomic(dir / "empty", std::string_view()).has_value());
    auto e = MappedFile::open(dir / "empty");
    ASSERT_TRUE(e.has_value());
    EXPECT_TRUE(e->bytes().empty());
    fs::remove_all(dir);
}

TEST(MappedFile, UnmappableFilesAreRead) {
    // procfs reports size 0 for files that are not empty.
    auto want = read_file("/proc/self/cmdline");
    auto m = MappedFile::open("/proc/self/cmdline");
    ASSERT_TRUE(want.has_value() && m.has_value());
    EXPECT_FALSE(m->bytes().empty());
    EXPECT_EQ(m->bytes().size(), want->size());
}

TEST(MappedFile, MissingFileSaysWhatReadFileSays) {
    auto m = MappedFile::open("/nonexistent/domfw");
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().message, read_file("/nonexistent/domfw").error().message);
    auto d = MappedFile::open("/");
    ASSERT_FALSE(d.has_value());
    EXPECT_EQ(d.error().message, "/: not a regular file (a directory): a file is read from a regular file");
}

} // namespace
