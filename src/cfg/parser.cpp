// The xl.cfg grammar of libxlutil 4.17 (tools/libs/util/libxlu_cfg_y.y), by recursive descent:
//   file      := { stmt } [ assignment ]
//   stmt      := assignment end | end            end := NEWLINE | ';'
//   assignment:= IDENT ('=' | '+=') value
//   value     := STRING | NUMBER | '[' nl* [ value nl* { ',' nl* value nl* } [ ',' nl* ] ] ']'
// where NEWLINE includes a comment. Unlike bison's one-token `error NEWLINE` recovery, every
// error here says what to write instead, and parsing resumes at the next statement, so one
// pass reports every broken statement of the file.
#include <cstring>
#include <iterator>

// GCC 12 at -O3 reports a false -Warray-bounds inside fmt's compiled integer formatting
// (format_decimal writes backwards into its own char[20]); clang and -O0 builds do not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
#include <fmt/compile.h>
#include <fmt/format.h>

#include "cfg/document.hpp"
#include "cfg/lexer.hpp"
#include "support/escaped_text.hpp"
#include "support/files.hpp"
#include "support/mapped_file.hpp"

namespace domfw::cfg {

namespace {

// How deep lists may nest. libxlutil 4.17's bison parser refuses past 4996 levels ("memory
// exhausted": YYMAXDEPTH 10000, two stack entries a level); xl's own settings use two (a list of
// strings). 64 keeps every recursive reader of a Value (this parser, the writer, JSON, the
// destructor) within a few KiB of stack, even under `ulimit -s 256` and sanitizers (docs/cfg.md).
constexpr std::size_t kMaxDepth = 64;
// Errors reported per file before giving up: past this, a binary or wholly foreign file would
// only flood the terminal (one error per line of an 8 MB file is 70 MB of messages).
constexpr std::size_t kMaxErrors = 100;

constexpr std::string_view kPythonHint =
    "this looks like Python, which xl no longer runs (see https://wiki.xen.org/wiki/PythonInXlConfig)";

// Where the parser stood when it met a token; lexical messages depend on it.
enum class Place : std::uint8_t { statement, after_name, value, list };

// fmt::format's std::string grows as it is written; the stack buffer makes each message one
// exact allocation, and FMT_COMPILE skips parsing the format at run time (the error-heavy
// Python and template files produce a message per statement).
// noinline: the 500-byte buffer then lives in this call's frame, not in the frames of value()
// and list(), which recurse once per nesting level (ASan builds give each local a redzone).
template <typename Format, typename... Args>
[[gnu::noinline]] std::string format_message(const Format& format, const Args&... args) {
    fmt::memory_buffer buf;
    fmt::format_to(fmt::appender(buf), format, args...);
    return std::string(buf.data(), buf.size());
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Longest piece of the file a message quotes: a 1 MB run of junk or string is shown by its
// start (the source line under the message shows where it is).
constexpr std::size_t kMaxQuoted = 64;

// `s` as a message shows it (support/escaped_text.hpp): `s` itself when it is short printable
// ASCII (nearly always), else a copy in `storage`, cut after kMaxQuoted bytes with `...`. The
// text is the file's own spelling, whose backslashes are xl.cfg escapes: they stay as written.
constexpr core::EscapeRule kQuotedSource{.keep_backslash = true, .max_bytes = kMaxQuoted};

std::string_view printable(std::string_view s, std::string& storage) {
    return support::escaped_view(s, kQuotedSource, storage);
}

std::string printable(std::string_view s) { return support::escaped(s, kQuotedSource); }

// Pieces joined with one exact allocation, for the messages of template and Python files
// (one per statement there): a tenth of the cost of formatting them. A template, not an
// initializer_list: reading back a list the caller just stored stalls on store forwarding.
template <typename... Parts> std::string concat(const Parts&... parts) {
    const std::size_t size = (std::string_view(parts).size() + ...);
    std::string out;
    // The literal pieces' copies have a constant size, so they compile to moves.
    out.resize_and_overwrite(size, [&](char* to, std::size_t) {
        ((std::memcpy(to, std::string_view(parts).data(), std::string_view(parts).size()),
          to += std::string_view(parts).size()),
         ...);
        return size;
    });
    return out;
}

// `out` (empty) becomes `text`. Keys, numbers and most strings are short: fixed-size copies
// that compile to plain moves replace libstdc++'s out-of-line assign and its memcpy call.
void set_text(std::string& out, std::string_view text) {
    // The size comes from `text`, not from the callback's argument: libstdc++ 12 passes the
    // grown capacity there when it allocates (GCC bug 109703).
    const std::size_t n = text.size();
    out.resize_and_overwrite(n, [text, n](char* to, std::size_t) {
        const char* from = text.data();
        if (n >= 8 && n <= 16) { // two overlapping 8-byte copies
            std::memcpy(to, from, 8);
            std::memcpy(to + n - 8, from + n - 8, 8);
        } else if (n >= 4 && n < 8) {
            std::memcpy(to, from, 4);
            std::memcpy(to + n - 4, from + n - 4, 4);
        } else if (n < 4) {
            for (std::size_t i = 0; i < n; ++i)
                to[i] = from[i];
        } else {
            std::memcpy(to, from, n);
        }
        return n;
    });
}

// The word-like start of an error run (`Memory=1` → `Memory`), for messages and carets.
std::string_view word_of(std::string_view run) {
    std::size_t n = 0;
    while (n < run.size()) {
        char c = run[n];
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
        if (!word) break;
        ++n;
    }
    return run.substr(0, n == 0 ? 1 : n);
}

// std::count does not vectorize on GCC 12. This compares 64 bytes a step with no dependency
// between the four compares, adds each byte lane's hits (at most 4 a step, so 63 steps fit a
// byte), and sums the lanes after each run of 63 steps.
std::size_t count_byte(std::string_view text, char byte) {
    std::size_t n = 0;
    const char* p = text.data();
    const char* const end = p + text.size();
#if defined(__SSE2__)
    const __m128i b = _mm_set1_epi8(byte);
    const auto hits = [&](const char* at) {
        __m128i v;
        std::memcpy(&v, at, sizeof v);
        return _mm_cmpeq_epi8(v, b); // -1 per hit
    };
    while (end - p >= 64) {
        __m128i lanes = _mm_setzero_si128();
        for (int step = 0; step < 63 && end - p >= 64; ++step, p += 64) {
            const __m128i four =
                _mm_add_epi8(_mm_add_epi8(hits(p), hits(p + 16)), _mm_add_epi8(hits(p + 32), hits(p + 48)));
            lanes = _mm_sub_epi8(lanes, four);
        }
        const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
        n += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
    }
#endif
    for (; p < end; ++p)
        n += *p == byte ? 1 : 0;
    return n;
}

bool is_python_keyword(std::string_view w) {
    static constexpr std::string_view kWords[] = {"def",    "if",     "elif",  "else",   "for",
                                                  "while",  "import", "from",  "return", "try",
                                                  "except", "print",  "class", "with",   "lambda"};
    for (auto k : kWords)
        if (k == w) return true;
    return false;
}

class Parser {
public:
    Parser(std::string_view text, ParseResult& out) : lex_(text), out_(out) { advance(); }

    void run() {
        for (;;) {
            if (stopped_) {
                finish();
                return;
            }
            switch (tok().kind) {
            case TokenKind::end: finish(); return;
            case TokenKind::newline: advance_past_newlines(); continue;
            case TokenKind::semicolon: advance(); continue;
            case TokenKind::identifier: statement(); continue;
            case TokenKind::invalid: lexical(tok(), Place::statement); break;
            case TokenKind::number:
                error(tok(),
                      format_message(FMT_COMPILE("a statement starts with a setting name, not the number `{}`: write "
                                                 "`name = {}`"),
                                     quoted(tok()), quoted(tok())));
                break;
            case TokenKind::string:
                error(tok(), "a statement starts with a setting name (lowercase, without quotes), not a string");
                break;
            case TokenKind::assign:
            case TokenKind::append:
                error(tok(), format_message(FMT_COMPILE("missing setting name before `{}`: write `name {} value`"),
                                            quoted(tok()), quoted(tok())));
                break;
            default:
                error(tok(),
                      format_message(FMT_COMPILE("unexpected {} at the start of a statement: write `name = value`"),
                                     describe(tok())));
                break;
            }
            recover(0);
        }
    }

private:
    [[nodiscard]] std::string_view text(const Token& t) const { return lex_.text(t); }
    // A token as a message quotes it: at most kMaxQuoted bytes (a setting name can be 1 MB long).
    [[nodiscard]] std::string quoted(const Token& t) const { return printable(text(t)); }

    // Two token slots used in turn: the previous token stays where it is, nothing is copied.
    [[gnu::always_inline]] void advance() {
        cur_ ^= 1U;
        Token& t = slots_[cur_];
        lex_.next(t);
        while (t.kind == TokenKind::stray) {
            stray(t);
            lex_.next(t);
        }
    }
    [[nodiscard]] const Token& tok() const { return slots_[cur_]; }
    [[nodiscard]] const Token& prev() const { return slots_[cur_ ^ 1U]; }

    support::SourceLocation at(const Token& t, std::uint32_t extra_offset = 0, std::uint32_t length = 0) const {
        return {out_.document.file(), t.line, t.column + extra_offset, length != 0 ? length : t.length};
    }

    void error(const Token& t, std::string message) { error_at(at(t), std::move(message)); }
    // Built in add()'s parameter: one move into the list (Diagnostics::error moves it twice more).
    void error_at(support::SourceLocation where, std::string message) {
        add_error({support::Severity::error, std::move(where), std::move(message), {}});
    }
    void add_error(support::Diagnostic d) {
        error_line_ = d.where.line;
        if (stopped_) return;
        if (++errors_ > kMaxErrors) {
            // The cap: one last error where parsing gave up, and nothing more from this file.
            stopped_ = true;
            d.where.length = 0;
            d.notes.clear();
            d.message = format_message(
                FMT_COMPILE("too many errors, stopping: the first {} are above; fix them and run again (is this an "
                            "xl.cfg file?)"),
                kMaxErrors);
        }
        out_.diagnostics.add(std::move(d));
    }

    [[nodiscard, gnu::noinline]] std::string describe(const Token& t) const {
        switch (t.kind) {
        case TokenKind::identifier: return format_message(FMT_COMPILE("word `{}`"), quoted(t));
        case TokenKind::number: return format_message(FMT_COMPILE("number `{}`"), quoted(t));
        case TokenKind::string: return format_message(FMT_COMPILE("string {}"), printable(text(t)));
        case TokenKind::newline: return t.comment ? "comment" : "end of line";
        case TokenKind::end: return "end of file";
        case TokenKind::invalid: return format_message(FMT_COMPILE("`{}`"), printable(text(t)));
        default: return format_message(FMT_COMPILE("`{}`"), quoted(t));
        }
    }

    // The token right before `t` when nothing separates them (`0x1F`: number `0x1` + `F`).
    [[nodiscard]] bool glued(const Token& t) const {
        return (prev().kind == TokenKind::identifier || prev().kind == TokenKind::number) &&
               prev().offset + prev().length == t.offset;
    }

    void stray(const Token& t) {
        std::string message;
        if (t.problem == LexProblem::carriage_return) {
            message = "the last line ends with a CR (Windows line ending) that xl ignores; convert the file with "
                      "dos2unix";
        } else {
            message =
                format_message(FMT_COMPILE("the last byte of the file, `{}`, is not part of the language; libxlutil "
                                           "ignores it because no newline follows, so remove it"),
                               printable(text(t)));
        }
        out_.diagnostics.warning(at(t), std::move(message));
    }

    // noinline, like the other error paths below: kept out of the recursive frames.
    [[gnu::noinline]] void lexical(const Token& t, Place place) {
        const std::string_view run = text(t);
        std::string shown_storage;
        const std::string_view shown = printable(run, shown_storage);
        const char first = run.empty() ? '\0' : run[0];
        std::string message;
        switch (t.problem) {
        case LexProblem::carriage_return: {
            const std::size_t after = t.offset + 1;
            const bool line_end = after < lex_.source().size() && lex_.source()[after] == '\n';
            if (line_end) {
                if (crlf_first_ >= 0) {
                    ++crlf_more_;
                    error_line_ = t.line;
                    return;
                }
                crlf_first_ = static_cast<long>(out_.diagnostics.items().size());
                error_at(at(t, 0, 1), "line ends with CR: the file has Windows line endings; convert with dos2unix");
                return;
            }
            message = "carriage return (CR, 0x0d) outside quotes: remove it";
            break;
        }
        case LexProblem::uppercase: {
            const std::string_view own = word_of(run);
            const auto own_length = static_cast<std::uint32_t>(own.size());
            std::string word = glued(t) ? std::string(text(prev())) + std::string(own) : std::string(own);
            if (glued(t) && prev().kind == TokenKind::number) {
                message = format_message(FMT_COMPILE("hex digits must be lowercase: write `{}`, not `{}`"), lower(word),
                                         word);
                error_at(at(prev(), 0, prev().length + own_length), std::move(message));
                return;
            }
            if (place == Place::statement || place == Place::after_name) {
                message =
                    format_message(FMT_COMPILE("setting names are lowercase: write `{}`, not `{}`"), lower(word), word);
            } else {
                message = format_message(
                    FMT_COMPILE("bare word `{}` is not a value: write a number, a quoted string (\"{}\") or a "
                                "[list]"),
                    word, word);
            }
            error_at(glued(t) ? at(prev(), 0, prev().length + own_length) : at(t, 0, own_length), std::move(message));
            return;
        }
        case LexProblem::underscore:
            message =
                place == Place::statement
                    ? format_message(FMT_COMPILE("setting names start with a lowercase letter, not `_`: `{}`"), shown)
                    : format_message(FMT_COMPILE("bare word `{}` is not a value: write a quoted string (\"{}\")"),
                                     shown, shown);
            break;
        case LexProblem::minus:
            if (run.size() > 1 && run[1] >= '0' && run[1] <= '9' && (place == Place::value || place == Place::list)) {
                message =
                    format_message(FMT_COMPILE("negative number `{}`: xl.cfg numbers have no sign; write it in quotes "
                                               "(\"{}\") if the option takes text"),
                                   shown, shown);
            } else if (glued(t) && prev().kind == TokenKind::identifier &&
                       (place == Place::statement || place == Place::after_name)) {
                std::string word = std::string(text(prev())) + std::string(word_of(run));
                for (char& c : word)
                    if (c == '-') c = '_';
                message =
                    format_message(FMT_COMPILE("`-` is not allowed in setting names: did you mean `{}`?"), lower(word));
                error_at(at(prev(), 0, static_cast<std::uint32_t>(word.size())), std::move(message));
                return;
            } else {
                message = format_message(
                    FMT_COMPILE("unexpected `-` in `{}`: xl.cfg has no arithmetic or negative numbers; {}"), shown,
                    kPythonHint);
            }
            break;
        case LexProblem::plus:
            message = format_message(
                FMT_COMPILE("`+` is only valid as `+=` (append to a setting); xl.cfg has no arithmetic: {}"),
                kPythonHint);
            break;
        case LexProblem::python:
            if (first == '.' && glued(t) && prev().kind == TokenKind::number) {
                message = format_message(
                    FMT_COMPILE("numbers have no fraction part: `{}{}`; quote it if the option takes text"),
                    quoted(prev()), shown);
            } else {
                message = concat("`", run.substr(0, 1), "` is not part of the xl.cfg language (in `", shown, "`); ",
                                 kPythonHint);
            }
            break;
        case LexProblem::unterminated_string:
            message = format_message(
                FMT_COMPILE("unterminated string: the closing {} is missing on this line (a string cannot "
                            "span lines)"),
                first == '"' ? "`\"`" : "`'`");
            break;
        case LexProblem::comment_at_eof:
            message = "comment on the last line without a newline after it, which libxlutil rejects: end the file "
                      "with a newline";
            break;
        case LexProblem::nul: message = "NUL byte (0x00) outside quotes: remove it"; break;
        case LexProblem::non_ascii:
            message = format_message(FMT_COMPILE("non-ASCII byte 0x{:02x} outside quotes: text must be in quotes"),
                                     static_cast<unsigned char>(first));
            break;
        case LexProblem::other:
        case LexProblem::none:
            if (first == '@' || first == '$' || first == '{' || first == '}' || first == '%') {
                message = concat("unexpected `", run.substr(0, 1), "` in `", shown,
                                 "`: this looks like an unexpanded template placeholder; substitute it before using "
                                 "the file");
            } else {
                message = format_message(
                    FMT_COMPILE("unexpected character `{}` in `{}`: a value is a number, a quoted string or "
                                "a [list]"),
                    printable(run.substr(0, 1)), shown);
            }
            break;
        }
        error(t, std::move(message));
    }

    void finish() {
        if (crlf_first_ < 0 || crlf_more_ == 0) return;
        // One CRLF report per file, with a count, instead of one per line.
        support::Diagnostics rebuilt;
        long i = 0;
        for (auto d : out_.diagnostics.items()) {
            if (i++ == crlf_first_)
                d.notes.push_back(
                    format_message(FMT_COMPILE("{} more line{} end with CR"), crlf_more_, crlf_more_ == 1 ? "" : "s"));
            rebuilt.add(std::move(d));
        }
        out_.diagnostics = std::move(rebuilt);
    }

    // Skips the rest of a broken statement: up to a newline or `;` outside brackets, or to a
    // line that starts a new setting (`name =`) when a `[` was left open. Lexical errors on
    // later lines are still reported.
    void recover(std::size_t depth) {
        open_.clear();
        pending_.clear();
        side_.clear();
        if (resume_here_) { // the current token starts the next statement
            resume_here_ = false;
            return;
        }
        const std::uint32_t line = error_line_;
        for (;;) {
            if (stopped_) return;
            switch (tok().kind) {
            case TokenKind::end: return;
            case TokenKind::newline:
            case TokenKind::semicolon:
                if (depth == 0) return;
                if (tok().kind == TokenKind::newline && next_starts_statement()) {
                    return;
                }
                break;
            case TokenKind::open: ++depth; break;
            case TokenKind::close:
                if (depth > 0) --depth;
                break;
            case TokenKind::invalid:
                if (tok().line != line) lexical(tok(), Place::value);
                break;
            default: break;
            }
            advance();
        }
    }

    // After a newline: does the next line start with `name =` or `name +=`?
    [[nodiscard]] bool next_starts_statement() const {
        Lexer peek = lex_;
        Token a = peek.next();
        if (a.kind != TokenKind::identifier) return false;
        Token b = peek.next();
        return b.kind == TokenKind::assign || b.kind == TokenKind::append;
    }

    void skip_newlines() {
        while (tok().kind == TokenKind::newline)
            advance_past_newlines();
    }

    // The current token is a newline the caller discards: the blank and comment lines after
    // it would only be more newline tokens, so the lexer skips them in one loop.
    void advance_past_newlines() {
        lex_.skip_trivia();
        advance();
    }

    // Reported at the `[` itself: that is where the fix goes, not where parsing noticed.
    [[gnu::noinline]] void unclosed(const Token& where) {
        const Token open = open_.front();
        resume_here_ = true;
        if (where.kind == TokenKind::end) {
            error(open, "unclosed `[`: the file ends inside this list; add `]` after its last item");
        } else {
            error(open, format_message(
                            FMT_COMPILE("unclosed `[`: the list runs into the next setting `{}` at line {}; add `]` "
                                        "after its last item"),
                            quoted(where), where.line));
        }
    }

    void statement() {
        const Token key = tok();
        advance();
        bool append = false;
        if (tok().kind == TokenKind::append) {
            append = true;
        } else if (tok().kind != TokenKind::assign) {
            missing_operator(key);
            recover(0);
            return;
        }
        const Token op = tok();
        advance();
        // Built where the document keeps it: a statement is never moved.
        Assignment& a = out_.document.open();
        set_text(a.key, text(key));
        a.append = append;
        a.key_range = {key.offset, key.length, key.line, key.column};
        if (!value(a.value, op, key)) {
            out_.document.discard();
            recover(open_.size());
            return;
        }
        switch (tok().kind) {
        case TokenKind::newline:
        case TokenKind::semicolon:
        case TokenKind::end: break;
        case TokenKind::invalid:
            out_.document.discard();
            lexical(tok(), Place::value);
            recover(0);
            return;
        default:
            out_.document.discard();
            error(tok(), format_message(
                             FMT_COMPILE("unexpected {} after the value of `{}`: a statement ends at the end of the "
                                         "line or at `;`"),
                             describe(tok()), quoted(key)));
            recover(0);
            return;
        }
        const auto value_range = a.value.range;
        if (const Assignment* clash = out_.document.commit()) {
            support::Diagnostic d;
            d.severity = support::Severity::error;
            d.where = {out_.document.file(), value_range.line, value_range.column,
                       value_range.line == op.line ? value_range.length : 1};
            const bool list_now = clash->value.is_list();
            d.message = format_message(
                FMT_COMPILE("`+=` can't add [list] to \"string\" or vice versa: `{}` holds a {} and this "
                            "value is a {}"),
                quoted(key), list_now ? "list" : "string", list_now ? "string" : "list");
            d.notes.push_back(
                format_message(FMT_COMPILE("`{}` was last set at line {}"), quoted(key), clash->key_range.line));
            add_error(std::move(d));
        }
    }

    void missing_operator(const Token& key) {
        const std::string name = quoted(key);
        switch (tok().kind) {
        case TokenKind::newline:
        case TokenKind::semicolon:
        case TokenKind::end:
            if (is_python_keyword(name)) {
                error(key, concat("`", name, "` on its own is not a statement: ", kPythonHint));
            } else {
                error(key, format_message(FMT_COMPILE("`{}` has no value: write `{} = VALUE`"), name, name));
            }
            return;
        case TokenKind::invalid: lexical(tok(), Place::after_name); return;
        default:
            if (is_python_keyword(name)) {
                error(key, concat("`", name, "` is not a setting: ", kPythonHint));
            } else {
                error(tok(), format_message(FMT_COMPILE("expected `=` or `+=` after the setting name `{}`, found {}"),
                                            name, describe(tok())));
            }
            return;
        }
    }

    // One value; false after an error has been reported. value() and list() recurse once per
    // nesting level, so everything that is not the hot path is in noinline functions: under
    // ASan each local of an inlined error path made a level cost 5.5 KiB of stack.
    bool value(Value& v, const Token& op, const Token& key) {
        switch (tok().kind) {
        case TokenKind::number:
            v.kind = Value::Kind::number;
            v.text = out_.document.view(text(tok()));
            v.range = {tok().offset, tok().length, tok().line, tok().column};
            advance();
            return true;
        case TokenKind::string:
            v.kind = Value::Kind::string;
            if (tok().plain) {
                v.text = out_.document.view(text(tok()).substr(1, tok().length - 2));
            } else if (!decode(v)) {
                return false;
            }
            v.range = {tok().offset, tok().length, tok().line, tok().column};
            advance();
            return true;
        case TokenKind::open: return list(v, op, key);
        default: return value_error(op, key);
        }
    }

    // The current string token, decoded into `v`; false (and past the token) on a bad escape.
    [[gnu::noinline]] bool decode(Value& v) {
        DecodeError e;
        std::string decoded;
        if (decode_string(text(tok()), decoded, e)) {
            v.text = decoded; // the one kind of value that owns its text
            return true;
        }
        error_at(at(tok(), e.offset, e.length), std::move(e.message));
        advance();
        return false;
    }

    // The current token cannot start a value: reports why; always false.
    [[gnu::noinline]] bool value_error(const Token& op, const Token& key) {
        switch (tok().kind) {
        case TokenKind::identifier:
            if (!open_.empty() && next_is_assignment()) {
                unclosed(tok());
                return false;
            }
            error(tok(), format_message(
                             FMT_COMPILE("bare word `{}` is not a value: write a number, a quoted string (\"{}\") or a "
                                         "[list]"),
                             quoted(tok()), quoted(tok())));
            return false;
        case TokenKind::invalid: lexical(tok(), open_.empty() ? Place::value : Place::list); return false;
        case TokenKind::newline:
        case TokenKind::semicolon:
        case TokenKind::end:
            if (!open_.empty() && tok().kind == TokenKind::end) {
                unclosed(tok());
                return false;
            }
            error(op, format_message(
                          FMT_COMPILE("missing value after `{}` for `{}`: write a number, a quoted string or a [list]"),
                          text(op), quoted(key)));
            return false;
        default:
            error(tok(),
                  format_message(FMT_COMPILE("expected a value (a number, a quoted string or a [list]), found {}"),
                                 describe(tok())));
            return false;
        }
    }

    // The current identifier is followed by `=` or `+=`: a new statement inside an open list.
    [[nodiscard]] bool next_is_assignment() const {
        Lexer peek = lex_;
        Token b = peek.next();
        return b.kind == TokenKind::assign || b.kind == TokenKind::append;
    }

    bool list(Value& v, const Token& op, const Token& key) {
        const Token open = tok();
        // Refused before recursing further: the caller's recover() skips the rest of the
        // statement counting brackets, without recursion.
        if (open_.size() == kMaxDepth) return too_deep(open);
        open_.push_back(open);
        v.kind = Value::Kind::list;
        // Items wait on stacks shared by all lists (nested ones above their parent's) and become
        // Values only when the list closes, built in place in a vector of the exact size: a
        // number or plain string waits as its token, anything else as a Value on side_.
        const std::size_t base = pending_.size();
        const std::size_t side_base = side_.size();
        advance();
        skip_newlines();
        if (tok().kind == TokenKind::close) return close_list(v, open, base, side_base);
        if (tok().kind == TokenKind::comma)
            return list_error("a list cannot start with `,`: remove it (an empty list is `[]`)");
        for (;;) {
            if (tok().kind == TokenKind::number || (tok().kind == TokenKind::string && tok().plain)) {
                pending_.push_back({tok(), -1});
                advance();
            } else {
                Value item; // not parsed in place: a nested list grows side_ under it
                if (!value(item, op, key)) return false;
                pending_.push_back({Token{}, static_cast<std::int32_t>(side_.size())});
                side_.push_back(std::move(item));
            }
            skip_newlines();
            switch (tok().kind) {
            case TokenKind::close: return close_list(v, open, base, side_base);
            case TokenKind::comma:
                advance();
                skip_newlines();
                if (tok().kind == TokenKind::close) return close_list(v, open, base, side_base);
                if (tok().kind == TokenKind::comma)
                    return list_error("empty list item: two commas in a row; remove one");
                continue;
            default: return list_error();
            }
        }
    }

    [[gnu::noinline]] bool too_deep(const Token& open) {
        error(open, format_message(FMT_COMPILE("lists nested deeper than {} levels: xl settings hold a value or a "
                                               "list of values; flatten this list"),
                                   kMaxDepth));
        return false;
    }

    // `message` at the current token; always false.
    [[gnu::noinline]] bool list_error(const char* message) {
        error(tok(), message);
        return false;
    }

    // After a list item, the current token is neither `,` nor `]`: reports why; always false.
    [[gnu::noinline]] bool list_error() {
        switch (tok().kind) {
        case TokenKind::end: unclosed(tok()); return false;
        case TokenKind::identifier:
            if (next_is_assignment()) {
                unclosed(tok());
            } else {
                error(tok(), format_message(FMT_COMPILE("missing `,` before {} in the list"), describe(tok())));
            }
            return false;
        case TokenKind::number:
        case TokenKind::string:
        case TokenKind::open:
            error(tok(), format_message(FMT_COMPILE("missing `,` between list items before {}"), describe(tok())));
            return false;
        case TokenKind::semicolon: error(tok(), "`;` inside a list: separate items with `,`"); return false;
        case TokenKind::invalid: lexical(tok(), Place::list); return false;
        default:
            error(tok(), format_message(FMT_COMPILE("expected `,` or `]` in the list, found {}"), describe(tok())));
            return false;
        }
    }

    [[gnu::noinline]] bool close_list(Value& v, const Token& open, std::size_t base, std::size_t side_base) {
        const Token& close = tok();
        v.items = Items(pending_.size() - base);
        for (std::size_t i = base; i < pending_.size(); ++i) {
            const Pending& p = pending_[i];
            Value& item = v.items[i - base];
            if (p.side >= 0) {
                item = std::move(side_[static_cast<std::size_t>(p.side)]);
                continue;
            }
            const Token& t = p.token;
            if (t.kind == TokenKind::number) {
                item.kind = Value::Kind::number;
                item.text = out_.document.view(text(t));
            } else {
                item.text = out_.document.view(text(t).substr(1, t.length - 2));
            }
            item.range = {t.offset, t.length, t.line, t.column};
        }
        pending_.resize(base);
        side_.resize(side_base);
        v.range = {open.offset, close.offset + 1 - open.offset, open.line, open.column};
        open_.pop_back();
        advance();
        return true;
    }

    // A list item not yet built (see list()).
    struct Pending {
        Token token;            // a number or plain string, when side < 0
        std::int32_t side = -1; // else the index of its Value in side_
    };

    Lexer lex_;
    ParseResult& out_;
    Token slots_[2];
    unsigned cur_ = 0;
    std::vector<Token> open_;      // `[` tokens not yet closed
    std::vector<Pending> pending_; // items of the lists being parsed (see list())
    std::vector<Value> side_;
    std::uint32_t error_line_ = 0;
    std::size_t errors_ = 0; // errors reported (for kMaxErrors)
    bool stopped_ = false;   // kMaxErrors reached: report nothing more
    bool resume_here_ = false;
    long crlf_first_ = -1;
    std::size_t crlf_more_ = 0;
};

} // namespace

namespace {

// `out.document` holds the bytes to parse (Document::set_source); its values view them.
void parse_into(ParseResult& out) {
    const std::string_view text = out.document.source();
    if (text.size() >= 0xffffffffU) {
        out.diagnostics.error({out.document.file(), 0, 0, 0}, "file is larger than 4 GiB");
        return;
    }
    // Every statement holds an `=` byte, so their count bounds the statements: the document
    // never regrows, and comment-heavy files do not reserve for their comments' bytes.
    out.document.reserve(count_byte(text, '='));
    Parser p(text, out);
    p.run();
}

} // namespace

ParseResult parse(std::string_view text, std::string file) {
    ParseResult out;
    out.document = Document(std::move(file));
    // The document's own copy, on the heap so that moving the document leaves it in place; the
    // values view it, so it is what is parsed (not the caller's bytes, which may go away).
    auto copy = std::make_shared<const std::string>(text);
    const std::string_view bytes = *copy;
    out.document.set_source(std::move(copy), bytes);
    parse_into(out);
    return out;
}

ParseResult parse_file(const std::string& path) {
    auto file = support::MappedFile::open(path, support::kConfigInput);
    if (!file) {
        ParseResult out;
        out.document = Document(path);
        out.diagnostics.error({path, 0, 0, 0}, file.error().message);
        return out;
    }
    // Mapped, not copied: the values view the mapping, which the document owns from here on.
    // Reading the file into memory cost a copy and a page fault per 4 KiB of it.
    ParseResult out;
    out.document = Document(path);
    auto mapping = std::make_shared<const support::MappedFile>(std::move(*file));
    const auto bytes = mapping->bytes();
    out.document.set_source(std::move(mapping),
                            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    parse_into(out);
    return out;
}

} // namespace domfw::cfg
