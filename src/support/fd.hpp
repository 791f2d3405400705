// A file descriptor closed when its owner goes away: one type for the places that hold a pipe,
// a pseudo-terminal or /dev/kvm for the length of a function (run, the bootloader run).
#pragma once

#include <unistd.h>

namespace domfw::support {

struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    // Closes now (a pipe's write end, so the reader sees the end of the stream).
    void reset() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

} // namespace domfw::support
