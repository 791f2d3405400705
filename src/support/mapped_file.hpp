// A whole input file as read-only bytes without copying it: regular files are mapped with
// MAP_POPULATE, which maps every page-cache page in the one mmap call, where read() into a buffer
// costs a copy plus a page fault per 4 KiB of destination (350 faults for a 0.75 MB acpidump
// text). Files whose size is not their length (sysfs, procfs) are read. Anything but a regular
// file, or a file above `limit`, is refused (support::open_input).
// A file truncated by another process while mapped raises SIGBUS on access: inputs here are dumps
// and captures, not files being written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "support/error.hpp"
#include "support/files.hpp"

namespace domfw::support {

class MappedFile {
public:
    [[nodiscard]] static Expected<MappedFile> open(const std::filesystem::path& path,
                                                   const InputLimit& limit = kAnyInput, Links links = Links::follow);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&&) = delete;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    [[nodiscard]] std::span<const std::uint8_t> bytes() const { return bytes_; }

private:
    MappedFile() = default;
    void* map_ = nullptr;
    std::size_t map_size_ = 0;
    std::vector<std::uint8_t> copy_; // when the file could not be mapped
    std::span<const std::uint8_t> bytes_;
};

} // namespace domfw::support
