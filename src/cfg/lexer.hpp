// The xl.cfg lexer: the token rules of libxlutil 4.17's flex scanner (XEN-FACTS.md §5), as one
// pass over a string_view with no allocation. The parser and the writer share it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace domfw::cfg {

enum class TokenKind : std::uint8_t {
    identifier, // [a-z][._0-9a-z]*
    number,     // [0-9][0-9a-fx]*, kept as text
    string,     // '...' or "..." on one line (text still quoted and escaped)
    assign,     // =
    append,     // +=
    comma,
    open,       // [
    close,      // ]
    semicolon,
    newline,    // '\n', or a comment and its '\n' (then `comment` is true)
    end,
    invalid,    // a lexical error: `problem` says which
    stray,      // the last byte of the file, not a token: libxlutil ignores it (see lexer.cpp)
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
    std::uint32_t offset = 0; // token text; for a comment newline: the comment without '\n'
    std::uint32_t length = 0;
    std::uint32_t line = 1;   // 1-based
    std::uint32_t column = 1; // 1-based, in bytes
};

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}
    [[nodiscard]] Token next();
    [[nodiscard]] std::string_view text(const Token& t) const { return text_.substr(t.offset, t.length); }
    [[nodiscard]] std::string_view source() const { return text_; }

private:
    [[nodiscard]] Token make(TokenKind kind, std::size_t start, std::size_t length) const;
    [[nodiscard]] Token invalid(std::size_t start, LexProblem problem);

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    std::uint32_t line_ = 1;
};

// Decoding a quoted string token (quotes included) the way libxlutil's dequote does, except
// that every octal escape and every NUL byte is an error (docs/cfg.md).
struct DecodeError {
    std::uint32_t offset = 0; // within the token
    std::uint32_t length = 0;
    std::string message;
};
// Appends the decoded text to `out`; returns false and fills `error` on a bad escape.
[[nodiscard]] bool decode_string(std::string_view token, std::string& out, DecodeError& error);

// True when libxlutil accepts this octal escape and silently drops it: `\` + [0-7], then the
// next three bytes start with at least two decimal digits as strtoul reads them (it skips
// whitespace and takes a sign). `at` points at the digit after the backslash.
[[nodiscard]] bool libxlutil_drops_octal(std::string_view token, std::size_t at);

} // namespace domfw::cfg
