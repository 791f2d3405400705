// Fresh temporary directories for tests: $TMPDIR/domfw-test-PID/NAME, emptied first.
#pragma once

#include <filesystem>
#include <string_view>

namespace domfw::test {

// Creates $TMPDIR/domfw-test-PID/NAME afresh (anything there before is removed) and returns it.
// The caller removes it; TempDir does so itself.
std::filesystem::path fresh_dir(std::string_view name);

// fresh_dir(NAME), removed with everything in it by the destructor (and its parent when empty).
// Without a name: the running GoogleTest test's name.
class TempDir {
public:
    explicit TempDir(std::string_view name);
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::filesystem::path& rel) const { return path_ / rel; }
    // Writes DIR/REL (folders created) with `bytes` and returns its path.
    std::filesystem::path write(const std::filesystem::path& rel, std::string_view bytes) const;

private:
    std::filesystem::path path_;
};

} // namespace domfw::test
