// SIGINT, SIGTERM and SIGHUP during `domfw run`: noted (a self-pipe the supervisor polls), never
// fatal, so the run can stop QEMU and remove what it created before it exits (docs/run.md).
#pragma once

namespace domfw::run {

class StopSignals {
public:
    StopSignals();  // installs the handlers
    ~StopSignals(); // restores the previous ones
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // The first signal received, 0 if none.
    [[nodiscard]] static int received();
    // Readable once a signal has arrived (for poll()).
    [[nodiscard]] static int fd();
};

} // namespace domfw::run
