#include "temp_dir.hpp"

#include <fstream>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

namespace domfw::test {

namespace fs = std::filesystem;

fs::path fresh_dir(std::string_view name) {
    const fs::path p = fs::temp_directory_path() / ("domfw-test-" + std::to_string(::getpid())) / name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

namespace {
std::string current_test_name() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return info == nullptr ? std::string("test") : std::string(info->test_suite_name()) + "." + info->name();
}
} // namespace

TempDir::TempDir(std::string_view name) : path_(fresh_dir(name)) {}
TempDir::TempDir() : path_(fresh_dir(current_test_name())) {}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
    fs::remove(path_.parent_path(), ec); // only when empty
}

fs::path TempDir::write(const fs::path& rel, std::string_view bytes) const {
    const fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
}

} // namespace domfw::test
