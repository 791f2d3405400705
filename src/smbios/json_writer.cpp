#include "smbios/json_writer.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace domfw::smbios {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629 §4).
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
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
        const __m128i special =
            _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
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

// Copies n bytes with at most two overlapping fixed-size moves (no call, no byte loop): keys
// and indentation are short, and a memcpy/memset call per key cost more than writing the key.
void copy_short(char* dst, const char* src, std::size_t n) {
    if (n >= 16) {
        if (n > 32) {
            __builtin_memcpy(dst, src, n);
            return;
        }
        __builtin_memcpy(dst, src, 16);
        __builtin_memcpy(dst + n - 16, src + n - 16, 16);
    } else if (n >= 8) {
        __builtin_memcpy(dst, src, 8);
        __builtin_memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4) {
        __builtin_memcpy(dst, src, 4);
        __builtin_memcpy(dst + n - 4, src + n - 4, 4);
    } else if (n != 0) {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

constexpr char kSpaces[] = "                                                                "; // 64

// Writes `s` as a JSON string literal at `p`, which has room for 6 * s.size() + 2 bytes (the
// longest escape, \u00XX, is 6 bytes for 1); returns the end.
char* put_json_string(char* p, std::string_view s) {
    *p++ = '"';
    std::size_t i = 0;
    for (;;) {
        const std::size_t plain = i + first_special(s.substr(i));
        copy_short(p, s.data() + i, plain - i);
        p += plain - i;
        i = plain;
        if (i == s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8_length(s, i);
            if (n == 0) {
                __builtin_memcpy(p, "\xEF\xBF\xBD", 3);
                p += 3;
                ++i;
            } else {
                __builtin_memcpy(p, s.data() + i, n);
                p += n;
                i += n;
            }
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 0xF];
        }
        }
        ++i;
    }
    *p++ = '"';
    return p;
}

} // namespace

void append_json_string(std::string& out, std::string_view s) {
    const std::size_t at = out.size();
    out.resize(at + 6 * s.size() + 2);
    char* end = put_json_string(out.data() + at, s);
    out.resize(static_cast<std::size_t>(end - out.data()));
}

JsonWriter::JsonWriter(std::string& out, int depth, std::size_t size_hint)
    : out_(&out), buf_(new char[size_hint]), cap_(size_hint), depth_(depth) {}

JsonWriter::JsonWriter(Sink sink, int depth, std::size_t buffer_size)
    : sink_(std::move(sink)), buf_(new char[buffer_size]), cap_(buffer_size), depth_(depth) {}

JsonWriter::~JsonWriter() {
    if (sink_)
        sink_(std::string_view(buf_.get(), size_));
    else
        out_->append(buf_.get(), size_);
}

char* JsonWriter::grow(std::size_t n) {
    if (sink_ && size_ != 0) {
        sink_(std::string_view(buf_.get(), size_));
        size_ = 0;
        if (cap_ >= n) return buf_.get();
    }
    const std::size_t cap = std::max(cap_ * 2, size_ + n);
    std::unique_ptr<char[]> bigger(new char[cap]);
    if (size_ != 0) __builtin_memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    cap_ = cap;
    return buf_.get() + size_;
}

char* JsonWriter::newline(char* p) const {
    const auto n = static_cast<std::size_t>(depth_) * 2;
    *p++ = '\n';
    if (n <= sizeof kSpaces - 1)
        copy_short(p, kSpaces, n);
    else
        __builtin_memset(p, ' ', n);
    return p + n;
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (empty_.empty()) return; // the top-level value
    char* p = room(2 + static_cast<std::size_t>(depth_) * 2);
    if (empty_.back() == 0) *p++ = ',';
    empty_.back() = 0;
    done(newline(p));
}

void JsonWriter::open(char c) {
    before_value();
    char* p = room(1);
    *p++ = c;
    done(p);
    empty_.push_back(1);
    ++depth_;
}

void JsonWriter::close(char c) {
    --depth_;
    const bool was_empty = empty_.back() != 0;
    empty_.pop_back();
    char* p = room(2 + static_cast<std::size_t>(depth_) * 2);
    if (!was_empty) p = newline(p);
    *p++ = c;
    done(p);
}

void JsonWriter::key(std::string_view k) {
    // Keys are the writer's own short ASCII names (json_writer.hpp): no escape scan.
    assert(first_special(k) == k.size());
    before_value();
    char* p = room(k.size() + 4);
    *p++ = '"';
    copy_short(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    *p++ = ' ';
    done(p);
    after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
    before_value();
    done(put_json_string(room(6 * s.size() + 2), s));
}

void JsonWriter::number(std::uint64_t v) {
    before_value();
    char* p = room(24);
    done(std::to_chars(p, p + 24, v).ptr);
}

void JsonWriter::number(std::int64_t v) {
    before_value();
    char* p = room(24);
    done(std::to_chars(p, p + 24, v).ptr);
}

void JsonWriter::boolean(bool b) {
    before_value();
    char* p = room(5);
    __builtin_memcpy(p, b ? "true" : "false", b ? 4 : 5);
    done(p + (b ? 4 : 5));
}

void JsonWriter::null() {
    before_value();
    char* p = room(4);
    __builtin_memcpy(p, "null", 4);
    done(p + 4);
}

} // namespace domfw::smbios
