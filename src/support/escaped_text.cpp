#include "support/escaped_text.hpp"

namespace domfw::support {
namespace {

std::span<const std::uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void append(std::string& out, std::span<const std::uint8_t> b, const core::EscapeRule& rule) {
    out.reserve(out.size() + core::escaped_size(b, rule));
    core::escape_bytes(b, rule, [&out](const char* text, std::size_t size) { out.append(text, size); });
}

} // namespace

std::string escaped(std::span<const std::uint8_t> b, const core::EscapeRule& rule) {
    std::string out;
    append(out, b, rule);
    return out;
}

std::string escaped(std::string_view s, const core::EscapeRule& rule) { return escaped(as_bytes(s), rule); }

std::string quoted(std::span<const std::uint8_t> b, char quote) {
    std::string out(1, quote);
    append(out, b, core::EscapeRule{.quote = quote});
    out += quote;
    return out;
}

std::string_view escaped_view(std::string_view s, const core::EscapeRule& rule, std::string& storage) {
    const auto b = as_bytes(s);
    if (b.size() <= rule.max_bytes && core::plain_prefix(b, rule) == b.size()) return s;
    storage.clear();
    append(storage, b, rule);
    return storage;
}

} // namespace domfw::support
