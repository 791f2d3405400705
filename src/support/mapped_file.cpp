#include "support/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "support/files.hpp"

namespace domfw::support {

Expected<MappedFile> MappedFile::open(const std::filesystem::path& path, const InputLimit& limit, Links links) {
    MappedFile f;
    struct stat st {};
    DOMFW_TRY_X(const int fd, open_input(path, limit, links, st));
    if (st.st_size > 0) {
        const auto size = static_cast<std::size_t>(st.st_size);
        void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p != MAP_FAILED) {
            ::close(fd);
            f.map_ = p;
            f.map_size_ = size;
            f.bytes_ = {static_cast<const std::uint8_t*>(p), size};
            return f;
        }
    }
    ::close(fd);
    // Size 0 (procfs) or not mappable (sysfs): read_file reads what is there, up to the limit.
    DOMFW_TRY_X(f.copy_, read_file(path, limit, links));
    f.bytes_ = f.copy_;
    return f;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : map_(std::exchange(other.map_, nullptr)), map_size_(std::exchange(other.map_size_, 0)),
      copy_(std::move(other.copy_)), bytes_(map_ != nullptr ? other.bytes_ : std::span<const std::uint8_t>(copy_)) {
    other.bytes_ = {};
}

MappedFile::~MappedFile() {
    if (map_ != nullptr) ::munmap(map_, map_size_);
}

} // namespace domfw::support
