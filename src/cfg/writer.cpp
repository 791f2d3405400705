// The writer works on tokens of a file that parses, not on the Document, because the document
// has no comments; scalars are copied as written so no value can change.
#include "cfg/writer.hpp"

#include <memory>
#include <vector>

#include "cfg/lexer.hpp"

namespace domfw::cfg {

namespace {

constexpr std::size_t kWidth = 80;
constexpr std::size_t kIndent = 4;

std::string_view trim_comment(std::string_view c) {
    while (!c.empty() && (c.back() == ' ' || c.back() == '\t'))
        c.remove_suffix(1);
    return c;
}

struct Node;
struct Entry {
    std::unique_ptr<Node> value; // null: a comment line
    std::string_view comment;    // the comment line, or the item's trailing comment
};
struct Node {
    std::string_view scalar; // number or string token as written; empty for a list
    bool list = false;
    bool broken = false; // written over several lines, or holds comments
    std::vector<Entry> entries;
};

class Reader {
public:
    explicit Reader(std::string_view text) : lex_(text) { advance(); }

    void advance() {
        do {
            tok_ = lex_.next();
        } while (tok_.kind == TokenKind::stray);
    }
    [[nodiscard]] const Token& tok() const { return tok_; }
    [[nodiscard]] std::string_view text() const { return lex_.text(tok_); }

    // Input is known to parse, so the grammar here can be loose.
    std::unique_ptr<Node> value() {
        auto n = std::make_unique<Node>();
        if (tok_.kind != TokenKind::open) {
            n->scalar = text();
            advance();
            return n;
        }
        n->list = true;
        const std::uint32_t open_line = tok_.line;
        advance();
        std::uint32_t last_item_line = 0;
        for (;;) {
            switch (tok_.kind) {
            case TokenKind::close:
                if (tok_.line != open_line) n->broken = true;
                advance();
                return n;
            case TokenKind::newline:
                n->broken = true;
                if (tok_.comment) {
                    if (!n->entries.empty() && n->entries.back().value && last_item_line == tok_.line &&
                        n->entries.back().comment.empty()) {
                        n->entries.back().comment = trim_comment(text());
                    } else {
                        n->entries.push_back({nullptr, trim_comment(text())});
                    }
                }
                advance();
                break;
            case TokenKind::comma: advance(); break;
            case TokenKind::end: return n; // unreachable for a parsed file
            default: {
                auto child = value();
                if (child->broken) n->broken = true;
                last_item_line = lex_line_before();
                n->entries.push_back({std::move(child), {}});
                break;
            }
            }
        }
    }

private:
    // Line of the token just consumed: the current token's line unless it is a newline that
    // already moved on (newline tokens carry the line they end).
    [[nodiscard]] std::uint32_t lex_line_before() const { return tok_.line; }

    Lexer lex_;
    Token tok_;
};

std::size_t flat_width(const Node& n) {
    if (!n.list) return n.scalar.size();
    if (n.entries.empty()) return 2;
    std::size_t w = 4; // "[ " + " ]"
    bool first = true;
    for (const auto& e : n.entries) {
        if (!first) w += 2;
        first = false;
        w += flat_width(*e.value);
    }
    return w;
}

void write_flat(const Node& n, std::string& out) {
    if (!n.list) {
        out += n.scalar;
        return;
    }
    if (n.entries.empty()) {
        out += "[]";
        return;
    }
    out += "[ ";
    bool first = true;
    for (const auto& e : n.entries) {
        if (!first) out += ", ";
        first = false;
        write_flat(*e.value, out);
    }
    out += " ]";
}

// Writes `n` starting at column `column`, with continuation lines indented by `indent`.
void write_value(const Node& n, std::size_t column, std::size_t indent, std::string& out) {
    if (!n.list || (!n.broken && column + flat_width(n) <= kWidth)) {
        write_flat(n, out);
        return;
    }
    out += "[\n";
    const std::string pad(indent + kIndent, ' ');
    for (const auto& e : n.entries) {
        out += pad;
        if (!e.value) {
            out += e.comment;
            out += '\n';
            continue;
        }
        write_value(*e.value, pad.size(), indent + kIndent, out);
        out += ',';
        if (!e.comment.empty()) {
            out += ' ';
            out += e.comment;
        }
        out += '\n';
    }
    out.append(indent, ' ');
    out += ']';
}

} // namespace

Expected<std::string> format(std::string_view text) {
    {
        ParseResult check = parse(text, "<input>");
        if (!check.ok())
            return fail("the file has {} error{}; fix them first (see `domfw cfg check`)",
                        check.diagnostics.error_count(), check.diagnostics.error_count() == 1 ? "" : "s");
    }
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    Reader r(text);
    bool line_has_statement = false; // the output line holds a statement (for trailing comments)
    bool pending_blank = false;
    bool input_line_empty = true; // nothing seen on the current input line
    auto start_line = [&] {
        if (pending_blank && !out.empty()) out += '\n';
        pending_blank = false;
    };
    for (;;) {
        const Token& t = r.tok();
        switch (t.kind) {
        case TokenKind::end:
            if (line_has_statement) out += '\n';
            return out;
        case TokenKind::newline:
            if (t.comment) {
                if (line_has_statement) {
                    out += ' ';
                    out += trim_comment(r.text());
                    out += '\n';
                } else {
                    start_line();
                    out += trim_comment(r.text());
                    out += '\n';
                }
            } else if (line_has_statement) {
                out += '\n';
            } else if (input_line_empty) {
                pending_blank = true;
            }
            line_has_statement = false;
            input_line_empty = true;
            r.advance();
            break;
        case TokenKind::semicolon:
            input_line_empty = false;
            r.advance();
            break;
        case TokenKind::identifier: {
            if (line_has_statement) out += '\n'; // `a = 1; b = 2` → two lines
            start_line();
            input_line_empty = false;
            const std::size_t line_start = out.size();
            out += r.text();
            r.advance();
            out += r.tok().kind == TokenKind::append ? " += " : " = ";
            r.advance();
            auto v = r.value();
            write_value(*v, out.size() - line_start, 0, out);
            line_has_statement = true;
            break;
        }
        default: r.advance(); break; // unreachable for a parsed file
        }
    }
}

Expected<std::string> quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '\0': return fail("a NUL byte cannot be written in an xl.cfg string");
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\v': out += "\\v"; break;
        default: out += c; break;
        }
    }
    out += '"';
    return out;
}

Expected<std::string> to_source(const Value& v) {
    if (v.is_number()) return v.text.str();
    if (v.is_string()) return quote(v.text);
    if (v.items.empty()) return std::string("[]");
    std::string out = "[ ";
    bool first = true;
    for (const auto& item : v.items) {
        if (!first) out += ", ";
        first = false;
        DOMFW_TRY_X(auto s, to_source(item));
        out += s;
    }
    out += " ]";
    return out;
}

} // namespace domfw::cfg
