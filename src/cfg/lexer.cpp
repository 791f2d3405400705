// Token rules of libxlutil 4.17 (tools/libs/util/libxlu_cfg_l.l), learned from its source and
// from probing the library. Two quirks matter for accept/reject:
//  * a character that cannot start a token puts flex into an error state that swallows the
//    character plus either one following blank or the following run of non-blank bytes;
//  * when that character is the very last byte of the input, the error state never runs (flex
//    does not match the empty rest at end of input), so libxlutil silently ignores the byte:
//    `a = 1X` without a final newline is accepted as a = "1".
#include "cfg/lexer.hpp"

#include <cstdlib>
#include <cstring>

namespace domfw::cfg {

namespace {

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }

} // namespace

LexProblem classify_byte(unsigned char c) {
    if (c == '\r') return LexProblem::carriage_return;
    if (c >= 'A' && c <= 'Z') return LexProblem::uppercase;
    if (c == '_') return LexProblem::underscore;
    if (c == '-') return LexProblem::minus;
    if (c == '+') return LexProblem::plus;
    if (c == '.' || c == '(' || c == ')' || c == ':') return LexProblem::python;
    if (c == '"' || c == '\'') return LexProblem::unterminated_string;
    if (c == '#') return LexProblem::comment_at_eof;
    if (c == 0) return LexProblem::nul;
    if (c >= 0x80) return LexProblem::non_ascii;
    return LexProblem::other;
}

void Lexer::invalid(Token& t, std::size_t start, LexProblem problem) {
    const std::size_t n = text_.size();
    if (start + 1 == n) {
        pos_ = n;
        set(t, TokenKind::stray, start, 1, problem);
        return;
    }
    if (problem == LexProblem::comment_at_eof) {
        // libxlutil reports a lexical error here; the rest of the line is the comment, so it is
        // not lexed further (the statement it ends is reported by this one error).
        pos_ = n;
        set(t, TokenKind::invalid, start, n - start, problem);
        return;
    }
    // The flex error state: the byte, then one blank, a newline (left for the next token), or
    // the run of non-blank bytes that follows.
    std::size_t end = start + 1;
    if (!is_blank(text_[end]) && text_[end] != '\n') {
        while (end < n && !is_blank(text_[end]) && text_[end] != '\n')
            ++end;
    }
    pos_ = end;
    set(t, TokenKind::invalid, start, end - start, problem);
}

namespace lexer_detail {

#if defined(__SSE2__)
namespace {

// The bytes of the 64 in `v` equal to `a` (or to `b`), one bit per byte.
std::uint64_t mask64(const __m128i (&v)[4], char a) {
    std::uint64_t m = 0;
    for (int i = 0; i < 4; ++i)
        m |=
            static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v[i], _mm_set1_epi8(a)))))
            << (16 * i);
    return m;
}
std::uint64_t mask64(const __m128i (&v)[4], char a, char b) {
    std::uint64_t m = 0;
    for (int i = 0; i < 4; ++i) {
        const __m128i hit =
            _mm_or_si128(_mm_cmpeq_epi8(v[i], _mm_set1_epi8(a)), _mm_cmpeq_epi8(v[i], _mm_set1_epi8(b)));
        m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit))) << (16 * i);
    }
    return m;
}

// Without -mpopcnt, __builtin_popcountll is a libgcc call.
std::uint32_t popcount64(std::uint64_t x) {
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return static_cast<std::uint32_t>((x * 0x0101010101010101ULL) >> 56);
}

} // namespace
#endif

const char* skip_trivia_blocks(const char* p, const char* end, const char* text, std::uint32_t& line,
                               std::size_t& line_start) {
    const char* resume = p;
#if defined(__SSE2__)
    // `starts` marks line starts, bit 0 also when a line's leading blanks run on from the block
    // before. Adding it to the blank mask carries each start through its blanks, so the sum
    // outside the blanks marks every line's first non-blank byte; a line is trivia when that
    // byte is '#' or '\n'.
    std::uint64_t carry = 1;
    while (end - p >= 64) {
        __m128i v[4];
        std::memcpy(v, p, sizeof v);
        const std::uint64_t nl = mask64(v, '\n');
        const std::uint64_t hash = mask64(v, '#');
        const std::uint64_t starts = (nl << 1) | carry;
        std::uint64_t content = 0;
        bool over = false;
        // Unindented comment and empty lines (the usual block) need no blank mask.
        if ((starts & ~(hash | nl)) != 0) {
            const std::uint64_t blank = mask64(v, ' ', '\t');
            std::uint64_t sum = 0;
            over = __builtin_add_overflow(blank, starts, &sum);
            content = sum & ~blank & ~(hash | nl);
        }
        const auto at = static_cast<std::size_t>(p - text);
        if (content != 0) {
            const int b = __builtin_ctzll(content);
            const std::uint64_t before = nl & ((std::uint64_t{1} << b) - 1);
            if (before != 0) {
                line += popcount64(before);
                line_start = at + static_cast<std::size_t>(64 - __builtin_clzll(before));
            }
            return p + b;
        }
        if (nl != 0) {
            line += popcount64(nl);
            line_start = at + static_cast<std::size_t>(64 - __builtin_clzll(nl));
            resume = text + line_start;
        }
        carry = (over ? 1U : 0U) | (nl >> 63);
        p += 64;
    }
#else
    (void)end;
    (void)text;
    (void)line;
    (void)line_start;
#endif
    return resume;
}

} // namespace lexer_detail

bool libxlutil_drops_octal(std::string_view token, std::size_t at) {
    // libxlutil copies up to 3 bytes after the digit and calls strtoul(.., 10) on them; it
    // accepts the escape when strtoul consumed at least 2 bytes, then drops everything consumed.
    char buf[4] = {};
    for (std::size_t i = 0; i < 3 && at + 1 + i < token.size(); ++i)
        buf[i] = token[at + 1 + i];
    char* end = nullptr;
    (void)std::strtoul(buf, &end, 10);
    return end > buf + 1;
}

bool decode_string(std::string_view token, std::string& out, DecodeError& error) {
    // libxlutil measures the token with strlen before it looks at escapes, so a NUL anywhere
    // inside the quotes is what goes wrong first.
    if (const void* nul = std::memchr(token.data(), '\0', token.size())) {
        const auto at = static_cast<std::uint32_t>(static_cast<const char*>(nul) - token.data());
        error = {at, 1, "NUL byte inside quotes: xl cannot read it (libxlutil aborts on it); remove it"};
        return false;
    }
    const std::string_view body = token.substr(1, token.size() - 2);
    const char* p = body.data();
    const char* const end = p + body.size();
    while (p < end) {
        const char* stop = p;
        while (stop < end && *stop != '\\')
            ++stop;
        out.append(p, static_cast<std::size_t>(stop - p));
        if (stop == end) return true;
        const auto at = static_cast<std::uint32_t>(stop - token.data());
        // A backslash; the lexer guarantees a following byte inside the quotes.
        const char e = stop[1];
        char decoded = 0;
        switch (e) {
        case '"':
        case '\'':
        case '\\': decoded = e; break;
        case 'a': decoded = '\a'; break;
        case 'b': decoded = '\b'; break;
        case 'f': decoded = '\f'; break;
        case 'n': decoded = '\n'; break;
        case 'r': decoded = '\r'; break;
        case 't': decoded = '\t'; break;
        case 'v': decoded = '\v'; break;
        case 'x':
            error = {at, 2,
                     "`\\x` escapes are not supported in xl.cfg (libxlutil rejects every one); "
                     "write the character itself"};
            return false;
        default:
            if (e >= '0' && e <= '7') {
                if (libxlutil_drops_octal(token, at + 1)) {
                    error = {at, 2,
                             "octal escape in a quoted string: libxlutil silently drops it and the bytes "
                             "after it, so the value would not be what is written; write the character "
                             "itself"};
                } else {
                    error = {at, 2,
                             "incomplete octal escape in a quoted string (libxlutil rejects it); write the "
                             "character itself"};
                }
                return false;
            }
            error = {at, 2,
                     "unknown escape in a quoted string; the valid escapes are \\\" \\' \\\\ \\a \\b \\f \\n "
                     "\\r \\t \\v (write a backslash as \\\\)"};
            return false;
        }
        out.push_back(decoded);
        p = stop + 2;
    }
    return true;
}

} // namespace domfw::cfg
