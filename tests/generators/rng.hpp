// The one pseudo-random source of the test inputs (cfg's grammar generator and mutator, the
// domain config generator): splitmix64, so a seed names the same input on every machine and
// every run, and a failing seed can be replayed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace domfw::generators {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() { // splitmix64
        std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // 0 .. n-1; 0 when n is 0 (no choice to make).
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    bool chance(unsigned percent) { return below(100) < percent; }
    std::string_view pick(std::initializer_list<std::string_view> xs) { return *(xs.begin() + below(xs.size())); }

private:
    std::uint64_t s_;
};

} // namespace domfw::generators
