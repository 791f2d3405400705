// libxlutil's getters, as xl calls them: xlu_cfg_get_string (a list where one value is expected
// is ignored with a warning) and xlu_cfg_get_long (strtol over the whole text).
#include "domain/interpreter.hpp"

#include <cerrno>
#include <cstdlib>

namespace domfw::domain::detail {

const cfg::Assignment* Interpreter::last(std::string_view key) const {
    auto h = doc_.history(key);
    return h.empty() ? nullptr : h.back();
}

// xlu_cfg_get_string: an atom, or nothing (a list is ignored with a warning).
std::optional<Atom> Interpreter::get_string(std::string_view key) {
    const cfg::Value* v = doc_.get(key);
    if (v == nullptr) return std::nullopt;
    const auto* a = last(key);
    auto key_range = a != nullptr ? a->key_range : v->range;
    if (v->is_list()) {
        warning(v->range, fmt::format("\"{}\" is a list but should be a single value; xl ignores it", key));
        return std::nullopt;
    }
    return Atom{v->text.str(), v->range, key_range};
}

// xlu_cfg_get_long: strtol(text, 0) over the whole text; anything else is ignored with a warning.
// A number beyond a long saturates (LONG_MIN/LONG_MAX, as strtol returns it) where xl ignores
// it: every caller's range check then reports it as out of range, at the value.
std::optional<long> Interpreter::get_long(std::string_view key, Atom* atom, BeyondLong beyond) {
    auto s = get_string(key);
    if (!s) return std::nullopt;
    const auto* a = last(key);
    if (a != nullptr && a->append) {
        warning(s->range, fmt::format("\"{}\": += cannot be used with numbers; xl ignores it", key));
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    long l = std::strtol(s->text.c_str(), &end, 0);
    const bool junk = end == s->text.c_str() || *end != '\0';
    if (beyond == BeyondLong::ignore && (junk || errno == ERANGE)) {
        warning(s->range,
                fmt::format("\"{}\" = \"{}\" is not a valid number (or beyond a long); xl ignores it", key, s->text));
        return std::nullopt;
    }
    if (junk) {
        warning(s->range, fmt::format("\"{}\" = \"{}\" is not a valid number; xl ignores it", key, s->text));
        return std::nullopt;
    }
    if (atom != nullptr) *atom = *s;
    return l;
}

} // namespace domfw::domain::detail
