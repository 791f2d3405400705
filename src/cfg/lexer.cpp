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

// Character classes as 256-entry tables: one load per byte in the hot loops.
struct Classes {
    bool ident[256] = {};
    bool number[256] = {};
    constexpr Classes() {
        for (int c = 'a'; c <= 'z'; ++c) ident[c] = true;
        for (int c = '0'; c <= '9'; ++c) ident[c] = number[c] = true;
        ident[static_cast<int>('_')] = ident[static_cast<int>('.')] = true;
        for (int c = 'a'; c <= 'f'; ++c) number[c] = true;
        number[static_cast<int>('x')] = true;
    }
};
constexpr Classes kClasses;

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }

LexProblem classify(unsigned char c) {
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

// Length of a quoted string starting at s[0] (a quote), or 0 when it does not close on its line.
// Flex: \"([^\"\\\n]|\\.)*\"  where `.` is any byte but '\n'.
std::size_t string_length(std::string_view s) {
    const char quote = s[0];
    std::size_t i = 1;
    const std::size_t n = s.size();
    while (i < n) {
        // Skip plain bytes quickly.
        const char* p = s.data() + i;
        const char* stop = p;
        const char* end = s.data() + n;
        while (stop < end && *stop != quote && *stop != '\\' && *stop != '\n') ++stop;
        i = static_cast<std::size_t>(stop - s.data());
        if (i >= n) return 0;
        char c = s[i];
        if (c == quote) return i + 1;
        if (c == '\n') return 0;
        // backslash: escapes any byte but a newline
        if (i + 1 >= n || s[i + 1] == '\n') return 0;
        i += 2;
    }
    return 0;
}

} // namespace

Token Lexer::make(TokenKind kind, std::size_t start, std::size_t length) const {
    Token t;
    t.kind = kind;
    t.offset = static_cast<std::uint32_t>(start);
    t.length = static_cast<std::uint32_t>(length);
    t.line = line_;
    t.column = static_cast<std::uint32_t>(start - line_start_ + 1);
    return t;
}

Token Lexer::invalid(std::size_t start, LexProblem problem) {
    const std::size_t n = text_.size();
    if (start + 1 == n) {
        pos_ = n;
        Token t = make(TokenKind::stray, start, 1);
        t.problem = problem;
        return t;
    }
    if (problem == LexProblem::comment_at_eof) {
        // libxlutil reports a lexical error here; the rest of the line is the comment, so it is
        // not lexed further (the statement it ends is reported by this one error).
        pos_ = n;
        Token t = make(TokenKind::invalid, start, n - start);
        t.problem = problem;
        return t;
    }
    // The flex error state: the byte, then one blank, a newline (left for the next token), or
    // the run of non-blank bytes that follows.
    std::size_t end = start + 1;
    if (!is_blank(text_[end]) && text_[end] != '\n') {
        while (end < n && !is_blank(text_[end]) && text_[end] != '\n') ++end;
    }
    pos_ = end;
    Token t = make(TokenKind::invalid, start, end - start);
    t.problem = problem;
    return t;
}

Token Lexer::next() {
    const std::size_t n = text_.size();
    const char* s = text_.data();
    while (pos_ < n) {
        const std::size_t start = pos_;
        const auto c = static_cast<unsigned char>(s[start]);
        switch (c) {
        case ' ':
        case '\t': ++pos_; continue;
        case '\n': {
            Token t = make(TokenKind::newline, start, 0);
            pos_ = start + 1;
            line_start_ = pos_;
            ++line_;
            return t;
        }
        case '#': {
            const void* nl = std::memchr(s + start, '\n', n - start);
            if (nl == nullptr) return invalid(start, LexProblem::comment_at_eof);
            const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - s);
            Token t = make(TokenKind::newline, start, at - start);
            t.comment = true;
            pos_ = at + 1;
            line_start_ = pos_;
            ++line_;
            return t;
        }
        case ',': ++pos_; return make(TokenKind::comma, start, 1);
        case '[': ++pos_; return make(TokenKind::open, start, 1);
        case ']': ++pos_; return make(TokenKind::close, start, 1);
        case '=': ++pos_; return make(TokenKind::assign, start, 1);
        case ';': ++pos_; return make(TokenKind::semicolon, start, 1);
        case '+':
            if (start + 1 < n && s[start + 1] == '=') {
                pos_ += 2;
                return make(TokenKind::append, start, 2);
            }
            return invalid(start, LexProblem::plus);
        case '"':
        case '\'': {
            std::size_t len = string_length(text_.substr(start));
            if (len == 0) return invalid(start, LexProblem::unterminated_string);
            pos_ = start + len;
            return make(TokenKind::string, start, len);
        }
        default: break;
        }
        if (c >= 'a' && c <= 'z') {
            std::size_t i = start + 1;
            while (i < n && kClasses.ident[static_cast<unsigned char>(s[i])]) ++i;
            pos_ = i;
            return make(TokenKind::identifier, start, i - start);
        }
        if (c >= '0' && c <= '9') {
            std::size_t i = start + 1;
            while (i < n && kClasses.number[static_cast<unsigned char>(s[i])]) ++i;
            pos_ = i;
            return make(TokenKind::number, start, i - start);
        }
        return invalid(start, classify(c));
    }
    return make(TokenKind::end, n, 0);
}

bool libxlutil_drops_octal(std::string_view token, std::size_t at) {
    // libxlutil copies up to 3 bytes after the digit and calls strtoul(.., 10) on them; it
    // accepts the escape when strtoul consumed at least 2 bytes, then drops everything consumed.
    char buf[4] = {};
    for (std::size_t i = 0; i < 3 && at + 1 + i < token.size(); ++i) buf[i] = token[at + 1 + i];
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
        while (stop < end && *stop != '\\') ++stop;
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
