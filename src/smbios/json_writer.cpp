#include "smbios/json_writer.hpp"

#include <bit>
#include <cassert>
#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

namespace domfw::smbios {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629 §4).
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
    return n;
}

// Index of the first byte that needs escaping or UTF-8 checking (below 0x20, from 0x80, '"' or
// '\\'), or s.size().
std::size_t first_special(std::string_view s) {
    std::size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= s.size(); i += 16) {
        __m128i v;
        __builtin_memcpy(&v, s.data() + i, 16);
        // Bytes below 0x20 and from 0x80 are both below 0x20 as signed bytes.
        const __m128i special = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
        if (mask != 0) return i + static_cast<std::size_t>(std::countr_zero(mask));
    }
#endif
    for (; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    }
    return i;
}

} // namespace

void append_json_string(std::string& out, std::string_view s) {
    const std::size_t plain = first_special(s);
    if (plain == s.size()) { // the common case: quotes around the bytes as they are, one resize
        const std::size_t at = out.size();
        out.resize(at + s.size() + 2);
        char* p = out.data() + at;
        p[0] = '"';
        if (!s.empty()) __builtin_memcpy(p + 1, s.data(), s.size());
        p[s.size() + 1] = '"';
        return;
    }
    out += '"';
    std::size_t run = 0; // start of the pending run of bytes that need no escaping
    for (std::size_t i = plain; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out.append(s.substr(run, i - run));
        if (c >= 0x80) {
            const std::size_t n = utf8_length(s, i);
            if (n == 0) {
                out += "\xEF\xBF\xBD";
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            run = i;
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out.append(esc, 6);
        }
        }
        ++i;
        run = i;
    }
    out.append(s.substr(run));
    out += '"';
}

void JsonWriter::newline() {
    static constexpr char spaces[] = "\n                                                                ";
    const std::size_t n = static_cast<std::size_t>(depth_) * 2;
    if (n + 1 < sizeof spaces) out_.append(spaces, n + 1);
    else {
        out_ += '\n';
        out_.append(n, ' ');
    }
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (empty_.empty()) return; // the top-level value
    if (empty_.back() == 0) out_ += ',';
    empty_.back() = 0;
    newline();
}

void JsonWriter::open(char c) {
    before_value();
    out_ += c;
    empty_.push_back(1);
    ++depth_;
}

void JsonWriter::close(char c) {
    --depth_;
    const bool was_empty = empty_.back() != 0;
    empty_.pop_back();
    if (!was_empty) newline();
    out_ += c;
}

void JsonWriter::key(std::string_view k) {
    // Keys are the writer's own short ASCII names (json_writer.hpp): the separator, the
    // indentation and `"key": ` built on the stack and appended in one copy (no per-byte escape
    // scan, no resize() zero fill; GCC 12's resize_and_overwrite is broken).
    assert(first_special(k) == k.size());
    char buf[160];
    const auto indent = static_cast<std::size_t>(depth_) * 2;
    if (empty_.empty() || 1 + 1 + indent + 1 + k.size() + 3 > sizeof buf) {
        before_value();
        append_json_string(out_, k);
        out_ += ": ";
        after_key_ = true;
        return;
    }
    char* q = buf;
    if (empty_.back() == 0) *q++ = ',';
    empty_.back() = 0;
    *q++ = '\n';
    __builtin_memset(q, ' ', indent);
    q += indent;
    *q++ = '"';
    __builtin_memcpy(q, k.data(), k.size());
    q += k.size();
    __builtin_memcpy(q, "\": ", 3);
    q += 3;
    out_.append(buf, static_cast<std::size_t>(q - buf));
    after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
    before_value();
    append_json_string(out_, s);
}

void JsonWriter::number(std::uint64_t v) {
    before_value();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
}

void JsonWriter::number(std::int64_t v) {
    before_value();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
}

void JsonWriter::boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
}

void JsonWriter::null() {
    before_value();
    out_ += "null";
}

} // namespace domfw::smbios
