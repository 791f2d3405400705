// libFuzzer target: core's module and bundle reader, then the hosted inspection of whatever
// it accepts. Any crash, sanitizer report or accepted-but-undecodable input is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "core/module_reader.hpp"
#include "module/module_inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const domfw::core::Bytes bytes(data, size);
    bool accepted = false;
    if (auto m = domfw::core::read_module(bytes)) {
        accepted = m->total_length == size;
        if (m->total_length > size || m->header_length > m->total_length) std::abort();
    }
    if (auto b = domfw::core::read_bundle(bytes)) {
        accepted = accepted || b->total_length == size;
        for (std::uint32_t i = 0; i < b->module_count; ++i) {
            auto e = domfw::core::bundle_entry(*b, i);
            if (!e) std::abort(); // read_bundle proved every entry
            (void)domfw::core::bundle_module(*b, i);
        }
    }
    auto j = domfw::module::inspect(bytes, {});
    if (j) (void)domfw::module::render_inspection(*j);
    // inspect accepts exactly the whole-buffer modules/bundles whose modules all validate.
    if (j && !accepted) std::abort();
    return 0;
}
