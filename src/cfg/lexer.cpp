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
