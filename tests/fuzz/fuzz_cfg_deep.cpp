// libFuzzer target for the xl.cfg reader on deep and long inputs, run by CTest under a 256 KiB
// stack (tests/fuzz/CMakeLists.txt): any recursion or work that grows with the input shows up
// as a crash or a timeout here instead of on a host.
//
// A small fuzz input expands into a large one, so that mutations explore nesting depth and
// line length rather than spend millions of bytes on them:
//   byte 0-1: n (little-endian), byte 2-5: the lengths of P, A, M and B, then P A M B S
//   expanded: P + A*n + M + B*n + S   (at most kMaxSize bytes)
// e.g. P = "x = ", A = "[", M = "\"a\"", B = "]", S = "\n" is 65535 levels of lists.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cfg/document.hpp"
#include "cfg/json.hpp"
#include "cfg/writer.hpp"

namespace {

constexpr std::size_t kMaxSize = std::size_t{4} << 20;

void require(bool ok) {
    if (!ok) std::abort();
}

std::string expand(const std::uint8_t* data, std::size_t size) {
    if (size < 6) return std::string(reinterpret_cast<const char*>(data), size);
    const std::size_t n = data[0] | static_cast<std::size_t>(data[1]) << 8;
    std::string_view rest(reinterpret_cast<const char*>(data + 6), size - 6);
    std::string_view parts[4];
    for (int i = 0; i < 4; ++i) {
        const std::size_t len = std::min<std::size_t>(data[2 + i], rest.size());
        parts[i] = rest.substr(0, len);
        rest.remove_prefix(len);
    }
    const auto& [p, a, m, b] = parts;
    std::string out;
    const auto add = [&](std::string_view s) {
        if (out.size() + s.size() <= kMaxSize) out += s;
    };
    add(p);
    for (std::size_t i = 0; i < n; ++i)
        add(a);
    add(m);
    for (std::size_t i = 0; i < n; ++i)
        add(b);
    add(rest);
    return out;
}

// What a terminal receives: no control byte but newline and tab.
void require_printable(std::string_view rendered) {
    for (char c : rendered) {
        const auto u = static_cast<unsigned char>(c);
        require(u >= 0x20 || c == '\n' || c == '\t');
        require(u != 0x7f);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = expand(data, size);
    auto r = domfw::cfg::parse(text, "deep.cfg");
    require(r.diagnostics.error_count() <= 101);
    require_printable(r.diagnostics.render_all(r.source()));
    auto f = domfw::cfg::format(text);
    require(f.has_value() == r.ok());
    (void)domfw::cfg::dump_text(domfw::cfg::dump_json(r));
    if (!r.ok()) return 0;
    require_printable(domfw::cfg::utf8_warnings(r.document).render_all(r.source()));
    for (const auto& key : r.document.keys()) {
        (void)domfw::cfg::to_source(*r.document.get(key));
        (void)r.document.history(key);
    }
    auto again = domfw::cfg::parse(*f, "formatted.cfg");
    require(again.ok());
    require(again.document.keys() == r.document.keys());
    return 0;
}
