#include "run/signals.hpp"

#include <array>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace domfw::run {
namespace {

volatile std::sig_atomic_t g_received = 0;
std::array<int, 2> g_pipe{-1, -1};
constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
std::array<struct sigaction, 3> g_previous{};

void on_signal(int sig) {
    if (g_received == 0) g_received = sig;
    const char byte = 1;
    // Async-signal-safe; a full pipe already wakes the poller.
    [[maybe_unused]] const auto n = ::write(g_pipe[1], &byte, 1);
}

} // namespace

StopSignals::StopSignals() {
    g_received = 0;
    if (g_pipe[0] < 0 && ::pipe2(g_pipe.data(), O_CLOEXEC | O_NONBLOCK) != 0) g_pipe = {-1, -1};
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(kSignals[i], &sa, &g_previous[i]);
    }
}

StopSignals::~StopSignals() {
    for (std::size_t i = 0; i < kSignals.size(); ++i)
        ::sigaction(kSignals[i], &g_previous[i], nullptr);
}

int StopSignals::received() { return g_received; }
int StopSignals::fd() { return g_pipe[0]; }

} // namespace domfw::run
