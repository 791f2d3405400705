// The structure walk on arbitrary bytes: every structure handed out must lie inside the input,
// with a formatted area >= 4 bytes and a string set ending in a double NUL; string lookups must
// stay inside the set. The hosted model and its reports must not throw or overrun either.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "core/smbios_walk.hpp"
#include "smbios/report.hpp"
#include "smbios/table.hpp"

namespace cs = domfw::core::smbios;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // First two bytes: the announced structure count (2.x) for the walk.
    const auto count = static_cast<std::uint16_t>(data[0] | (data[1] << 8));
    domfw::core::Bytes table(data + 2, size - 2);
    cs::StructureWalk walk(table, count);
    cs::Structure s;
    std::size_t end = 0;
    while (walk.next(s)) {
        if (s.offset != end || s.formatted.size() < 4 || s.strings.size() < 2) std::abort();
        if (s.formatted.data() != table.data() + s.offset) std::abort();
        const std::size_t n = cs::string_count(s);
        for (std::size_t i = 1; i <= n + 1 && i <= 255; ++i) {
            domfw::core::Bytes str = cs::string_at(s, static_cast<std::uint8_t>(i));
            if (!str.empty() &&
                (str.data() < s.strings.data() || str.data() + str.size() > s.strings.data() + s.strings.size()))
                std::abort();
        }
        end = s.offset + s.size();
        if (end > table.size()) std::abort();
    }
    if (walk.stop() == cs::WalkStop::running) std::abort();
    auto t = domfw::smbios::walk_table(table, 0x0300, 0, count);
    (void)domfw::smbios::to_json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    (void)domfw::smbios::render_text(t);
    return 0;
}
