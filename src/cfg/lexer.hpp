// The xl.cfg lexer: the token rules of libxlutil 4.17's flex scanner (XEN-FACTS.md §5), as one
// pass over a string_view with no allocation. The parser and the writer share it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace domfw::cfg {

enum class TokenKind : std::uint8_t {
    identifier, // [a-z][._0-9a-z]*
    number,     // [0-9][0-9a-fx]*, kept as text
    string,     // '...' or "..." on one line (text still quoted and escaped)
    assign,     // =
    append,     // +=
    comma,
    open,  // [
    close, // ]
    semicolon,
    newline, // '\n', or a comment and its '\n' (then `comment` is true)
    end,
    invalid, // a lexical error: `problem` says which
    stray,   // the last byte of the file, not a token: libxlutil ignores it (see lexer.cpp)
};

// Why a run of bytes is not a token.
enum class LexProblem : std::uint8_t {
    none,
    carriage_return,     // CR outside quotes and comments
    uppercase,           // A-Z outside quotes
    underscore,          // `_` starting a word
    minus,               // `-`
    plus,                // `+` not followed by `=`
    python,              // `.` `(` `)` `:` out of place
    unterminated_string, // a quote with no closing quote on its line
    comment_at_eof,      // a comment on a last line without a newline
    nul,                 // NUL byte outside quotes
    non_ascii,           // byte >= 0x80 outside quotes
    other,               // any other character
};

struct Token {
    TokenKind kind = TokenKind::end;
    LexProblem problem = LexProblem::none;
    bool comment = false;     // newline: carries a `#` comment
    bool plain = false;       // string: holds no backslash and no NUL (its text is the value)
    std::uint32_t offset = 0; // token text; for a comment newline: the comment without '\n'
    std::uint32_t length = 0;
    std::uint32_t line = 1;   // 1-based
    std::uint32_t column = 1; // 1-based, in bytes
};
// Lexer::set() writes the four one-byte fields and the four positions as two blocks.
static_assert(offsetof(Token, kind) == 0 && offsetof(Token, problem) == 1 && offsetof(Token, comment) == 2 &&
              offsetof(Token, plain) == 3 && offsetof(Token, offset) == 4 && offsetof(Token, length) == 8 &&
              offsetof(Token, line) == 12 && offsetof(Token, column) == 16 && sizeof(Token) == 20);

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}
    [[nodiscard]] Token next();
    void next(Token& t);
    // Skips what would only lex as newline tokens: blanks, empty lines and comment lines that
    // end in '\n' (a comment on an unterminated last line is left for next() to report). For a
    // parser that discards newlines anyway; most bytes of real configs are comment lines.
    void skip_trivia();
    [[nodiscard]] std::string_view text(const Token& t) const { return text_.substr(t.offset, t.length); }
    [[nodiscard]] std::string_view source() const { return text_; }

private:
    // kWide: the token as two block stores, for a reader that copies it whole right away (the
    // parser); byte-wise otherwise (next() by value, whose caller reads a field or two).
    template <bool kWide = false>
    void set(Token& t, TokenKind kind, std::size_t start, std::size_t length, LexProblem problem = LexProblem::none,
             bool comment = false, bool plain = false) const;
    template <bool kWide> void lex(Token& t);
    void invalid(Token& t, std::size_t start, LexProblem problem);

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    std::uint32_t line_ = 1;
};

// Why byte `c` cannot start a token.
[[nodiscard]] LexProblem classify_byte(unsigned char c);

// Decoding a quoted string token (quotes included) the way libxlutil's dequote does, except
// that every octal escape and every NUL byte is an error (docs/cfg.md).
struct DecodeError {
    std::uint32_t offset = 0; // within the token
    std::uint32_t length = 0;
    std::string message;
};
// Appends the decoded text to `out`; returns false and fills `error` on a bad escape.
[[nodiscard]] bool decode_string(std::string_view token, std::string& out, DecodeError& error);

namespace lexer_detail {
// skip_trivia() 64 bytes at a time, without a branch per line: from `p` (a line start), finds
// the first line whose first non-blank byte is neither '#' nor '\n' and returns that byte, or,
// when fewer than 64 bytes remain, the start of the last line seen (the caller's byte loop
// finishes from there). `line` and `line_start` follow the newlines passed.
[[nodiscard]] const char* skip_trivia_blocks(const char* p, const char* end, const char* text, std::uint32_t& line,
                                             std::size_t& line_start);
} // namespace lexer_detail

// True when libxlutil accepts this octal escape and silently drops it: `\` + [0-7], then the
// next three bytes start with at least two decimal digits as strtoul reads them (it skips
// whitespace and takes a sign). `at` points at the digit after the backslash.
[[nodiscard]] bool libxlutil_drops_octal(std::string_view token, std::size_t at);

// The hot path, inline so the parser's token loop has no call per token.
namespace lexer_detail {

// Character classes as 256-entry tables: one load per byte in the hot loops.
struct Classes {
    bool ident[256] = {};
    bool number[256] = {};
    constexpr Classes() {
        for (int c = 'a'; c <= 'z'; ++c)
            ident[c] = true;
        for (int c = '0'; c <= '9'; ++c)
            ident[c] = number[c] = true;
        ident[static_cast<int>('_')] = ident[static_cast<int>('.')] = true;
        for (int c = 'a'; c <= 'f'; ++c)
            number[c] = true;
        number[static_cast<int>('x')] = true;
    }
};
inline constexpr Classes kClasses;

// Length of a quoted string starting at s[0] (a quote), or 0 when it does not close on its line.
// Flex: \"([^\"\\\n]|\\.)*\"  where `.` is any byte but '\n'. `plain` tells whether the
// text between the quotes can be used as it is (no escape, no NUL).
inline std::size_t string_length(std::string_view s, bool& plain) {
    const char quote = s[0];
    const char* const begin = s.data();
    const char* const end = begin + s.size();
    const char* p = begin + 1;
    plain = true;
    for (;;) {
#if defined(__SSE2__)
        // 16 bytes per step: long quoted values (paths, disk specs, kernel command lines) are
        // most of the bytes of a config.
        const __m128i q = _mm_set1_epi8(quote);
        const __m128i bs = _mm_set1_epi8('\\');
        const __m128i nl = _mm_set1_epi8('\n');
        const __m128i zero = _mm_setzero_si128();
        while (end - p >= 16) {
            __m128i v;
            std::memcpy(&v, p, sizeof v);
            const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)),
                                             _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, zero)));
            const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
            if (mask != 0) {
                p += __builtin_ctz(mask);
                break;
            }
            p += 16;
        }
#endif
        while (p < end && *p != quote && *p != '\\' && *p != '\n' && *p != '\0')
            ++p;
        if (p >= end || *p == '\n') return 0;
        if (*p == quote) return static_cast<std::size_t>(p - begin) + 1;
        plain = false;
        if (*p == '\0') {
            ++p;
            continue;
        }
        // backslash: escapes any byte but a newline
        if (p + 1 >= end || p[1] == '\n') return 0;
        p += 2;
    }
}

} // namespace lexer_detail

template <bool kWide>
inline void Lexer::set(Token& t, TokenKind kind, std::size_t start, std::size_t length, LexProblem problem,
                       bool comment, bool plain) const {
    const auto offset = static_cast<std::uint32_t>(start);
    const auto size = static_cast<std::uint32_t>(length);
    const auto column = static_cast<std::uint32_t>(start - line_start_ + 1);
#if defined(__SSE2__)
    // One 4-byte and one 16-byte store (x86, little-endian): the parser copies a token right
    // after it is lexed, and a load spanning several smaller stores waits for all of them to
    // reach the cache (a store-forwarding stall, the hottest spot of list parsing). Building
    // the 16 bytes makes a loop that only reads `kind` (next() by value) 40% slower.
    if constexpr (kWide) {
        const std::uint32_t head = static_cast<std::uint32_t>(kind) | static_cast<std::uint32_t>(problem) << 8 |
                                   static_cast<std::uint32_t>(comment) << 16 | static_cast<std::uint32_t>(plain) << 24;
        const __m128i where = _mm_set_epi32(static_cast<int>(column), static_cast<int>(line_), static_cast<int>(size),
                                            static_cast<int>(offset));
        auto* bytes = reinterpret_cast<unsigned char*>(&t);
        std::memcpy(bytes + offsetof(Token, kind), &head, sizeof head);
        std::memcpy(bytes + offsetof(Token, offset), &where, sizeof where);
        return;
    }
#endif
    t.kind = kind;
    t.problem = problem;
    t.comment = comment;
    t.plain = plain;
    t.offset = offset;
    t.length = size;
    t.line = line_;
    t.column = column;
}

// Writes the token in place: returning it by value made the parser's copy of each token read
// back bytes still in the store buffer, which cost more than lexing it.
template <bool kWide> [[gnu::always_inline]] inline void Lexer::lex(Token& t) {
    const std::size_t n = text_.size();
    const char* s = text_.data();
    while (pos_ < n) {
        // Blanks first, without the switch's indirect jump per byte (indentation, `a = b`).
        while (s[pos_] == ' ' || s[pos_] == '\t') {
            if (++pos_ == n) {
                set<kWide>(t, TokenKind::end, n, 0);
                return;
            }
        }
        const std::size_t start = pos_;
        const auto c = static_cast<unsigned char>(s[start]);
        switch (c) {
        case ' ':
        case '\t': ++pos_; continue;
        case '\n': {
            set<kWide>(t, TokenKind::newline, start, 0);
            pos_ = start + 1;
            line_start_ = pos_;
            ++line_;
            return;
        }
        case '#': {
            const void* nl = std::memchr(s + start, '\n', n - start);
            if (nl == nullptr) {
                invalid(t, start, LexProblem::comment_at_eof);
                return;
            }
            const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - s);
            set<kWide>(t, TokenKind::newline, start, at - start, LexProblem::none, true);
            pos_ = at + 1;
            line_start_ = pos_;
            ++line_;
            return;
        }
        case ',':
            ++pos_;
            set<kWide>(t, TokenKind::comma, start, 1);
            return;
        case '[':
            ++pos_;
            set<kWide>(t, TokenKind::open, start, 1);
            return;
        case ']':
            ++pos_;
            set<kWide>(t, TokenKind::close, start, 1);
            return;
        case '=':
            ++pos_;
            set<kWide>(t, TokenKind::assign, start, 1);
            return;
        case ';':
            ++pos_;
            set<kWide>(t, TokenKind::semicolon, start, 1);
            return;
        case '+':
            if (start + 1 < n && s[start + 1] == '=') {
                pos_ += 2;
                set<kWide>(t, TokenKind::append, start, 2);
                return;
            }
            invalid(t, start, LexProblem::plus);
            return;
        case '"':
        case '\'': {
            bool plain = false;
            std::size_t len = lexer_detail::string_length(text_.substr(start), plain);
            if (len == 0) {
                invalid(t, start, LexProblem::unterminated_string);
                return;
            }
            pos_ = start + len;
            set<kWide>(t, TokenKind::string, start, len, LexProblem::none, false, plain);
            return;
        }
        default: break;
        }
        if (c >= 'a' && c <= 'z') {
            std::size_t i = start + 1;
            while (i < n && lexer_detail::kClasses.ident[static_cast<unsigned char>(s[i])])
                ++i;
            pos_ = i;
            set<kWide>(t, TokenKind::identifier, start, i - start);
            return;
        }
        if (c >= '0' && c <= '9') {
            std::size_t i = start + 1;
            while (i < n && lexer_detail::kClasses.number[static_cast<unsigned char>(s[i])])
                ++i;
            pos_ = i;
            set<kWide>(t, TokenKind::number, start, i - start);
            return;
        }
        invalid(t, start, classify_byte(c));
        return;
    }
    set<kWide>(t, TokenKind::end, n, 0);
}

[[gnu::always_inline]] inline void Lexer::next(Token& t) { lex<true>(t); }

namespace lexer_detail {
// The first '\n' in [p, end), or end.
inline const char* find_newline(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n');
    while (end - p >= 16) {
        __m128i v;
        std::memcpy(&v, p, sizeof v);
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)));
        if (mask != 0) return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
    while (p < end && *p != '\n')
        ++p;
    return p;
}
} // namespace lexer_detail

[[gnu::always_inline]] inline void Lexer::skip_trivia() {
    const char* const s = text_.data();
    const char* const end = s + text_.size();
    const char* p = s + pos_;
    // Line by line at first (most runs are one comment or blank line before a statement), then
    // 64 bytes at a time from the third line of a run (comment blocks), then the rest byte-wise.
    unsigned lines = 0;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t'))
            ++p;
        if (p == end) break;
        if (*p == '#') {
            const char* nl = lexer_detail::find_newline(p + 1, end);
            if (nl == end) break; // comment_at_eof: next() reports it
            p = nl;
        } else if (*p != '\n') {
            break;
        }
        ++p; // the '\n'
        line_start_ = static_cast<std::size_t>(p - s);
        ++line_;
#if defined(__SSE2__)
        if (++lines == 2) p = lexer_detail::skip_trivia_blocks(p, end, s, line_, line_start_);
#endif
    }
    // Blanks before a token or the end are skipped by next() the same way.
    pos_ = static_cast<std::size_t>(p - s);
}

inline Token Lexer::next() {
    Token t;
    lex<false>(t);
    return t;
}

} // namespace domfw::cfg
