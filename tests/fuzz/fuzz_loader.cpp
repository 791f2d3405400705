// The guest-side loader on arbitrary guest memory: the input is the low 256 KiB of RAM, holding
// start_info at 0x100, its memory map, module list, command line and the bundle wherever the
// input says (tests/loader/fuzz_layout.hpp). Every path runs, hand-off included (no jump).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "../loader/fuzz_layout.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::vector<std::uint8_t> ram(domfw::loader::fuzz::kRam);
    static auto state = std::make_unique<domfw::loader::LoaderState>();
    (void)domfw::loader::fuzz::run_on({data, size}, ram, *state);
    return 0;
}
