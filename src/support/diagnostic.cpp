#include "support/diagnostic.hpp"

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/escaped_text.hpp"

namespace domfw::support {

std::string_view to_string(Severity s) {
    switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
    }
    return "error";
}

namespace {

// The source line, without its '\n' (nor a CR before it), starting at byte `start`.
std::string_view line_at(std::string_view source, std::size_t start) {
    if (start > source.size()) return {};
    auto end = source.find('\n', start);
    auto text = source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

// Byte offset of line `line` (1-based), or npos when the source has fewer lines.
std::size_t line_start(std::string_view source, std::uint32_t line) {
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
        auto nl = source.find('\n', start);
        if (nl == std::string_view::npos) return std::string_view::npos;
        start = nl + 1;
    }
    return start;
}

const char* color_of(Severity s) {
    switch (s) {
    case Severity::error: return "\x1b[1;31m";
    case Severity::warning: return "\x1b[1;35m";
    case Severity::note: return "\x1b[1;36m";
    }
    return "";
}

// Length of the UTF-8 sequence at s[i], or 0 when it is not valid UTF-8 (overlong forms and
// surrogates included), so that only well-formed text reaches the terminal unescaped.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xc0) == 0x80; };
    const unsigned char c = b(0);
    if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xe0 && b(1) < 0xa0) return 0;  // overlong
        if (c == 0xed && b(1) >= 0xa0) return 0; // surrogate
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xf0 && b(1) < 0x90) return 0;  // overlong
        if (c == 0xf4 && b(1) >= 0x90) return 0; // past U+10FFFF
        return 4;
    }
    return 0;
}

// A character a terminal acts on instead of printing, or that reorders what is shown: C1
// controls (U+0080..U+009F; U+009B is CSI to some terminals) and the bidirectional overrides
// and isolates (U+202A..U+202E, U+2066..U+2069).
bool is_control_sequence(std::string_view s, std::size_t i, std::size_t n) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (n == 2) return b(0) == 0xc2 && b(1) < 0xa0;
    if (n == 3 && b(0) == 0xe2 && b(1) == 0x80) return b(2) >= 0xaa && b(2) <= 0xae;
    if (n == 3 && b(0) == 0xe2 && b(1) == 0x81) return b(2) >= 0xa6 && b(2) <= 0xa9;
    return false;
}

// How one run of source bytes is shown: itself, or each byte as \xNN.
struct Piece {
    std::size_t bytes = 1;
    bool escaped = false;
};

Piece piece_at(std::string_view s, std::size_t i, bool keep_tab) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c >= 0x20 && c < 0x7f) || (c == '\t' && keep_tab)) return {1, false};
    if (c < 0x80) return {1, true};
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return {1, true};
    return {n, is_control_sequence(s, i, n)};
}

// Bytes the rule below does not let through, as core/escaped_text.hpp writes any such byte.
void append_escaped(std::string& out, std::string_view bytes) {
    for (char c : bytes)
        out.append(core::escape_byte(static_cast<std::uint8_t>(c)).text, core::kEscapeWidth);
}

// Longest source line shown whole, and how much of a longer one is shown before the caret.
constexpr std::size_t kMaxShown = 200;
constexpr std::size_t kShownBefore = 80;

// The source line and its caret line: control bytes, invalid UTF-8 and terminal controls as
// \xNN (a config is someone else's file; its bytes must not drive the terminal), a line longer
// than kMaxShown bytes cut to a window around the caret with `...` at each cut end, and the
// caret and `~` under the same characters as before.
void render_source(std::string& out, const Diagnostic& d, std::string_view text, const RenderOptions& opt,
                   const char* reset) {
    const std::size_t caret = d.where.column == 0 ? 0 : d.where.column - 1; // byte offset in the line
    std::size_t begin = 0;
    std::size_t end = text.size();
    if (text.size() > kMaxShown) {
        begin = caret > kShownBefore ? std::min(caret - kShownBefore, text.size() - kMaxShown) : 0;
        // Never start inside a UTF-8 sequence: its tail bytes would show as escapes.
        while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xc0) == 0x80)
            --begin;
        end = begin + kMaxShown;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80)
            ++end;
    }
    const std::string_view dots = "...";
    std::string shown = "    ";
    std::string pad = "    ";
    std::string mark;
    if (begin > 0) {
        shown += dots;
        pad.append(dots.size(), ' ');
    }
    const std::size_t under_end = caret + std::max<std::size_t>(d.where.length, 1);
    for (std::size_t i = begin; i < end;) {
        Piece p = piece_at(text, i, true);
        p.bytes = std::min(p.bytes, end - i);
        const std::string_view bytes = text.substr(i, p.bytes);
        std::size_t width = 1;
        if (p.escaped) {
            width = 4 * p.bytes;
            append_escaped(shown, bytes);
        } else {
            shown += bytes;
        }
        if (i < caret) {
            if (bytes == "\t") {
                pad += '\t'; // tabs stay tabs so the caret lines up in any terminal
            } else {
                pad.append(width, ' ');
            }
        } else if (i < under_end) {
            if (mark.empty()) {
                mark += '^';
                --width;
            }
            mark.append(width, '~');
        }
        i += p.bytes;
    }
    if (end < text.size()) shown += dots;
    out += shown;
    out += '\n';
    if (d.where.column == 0) return;
    // At or past the end of the line. push_back, not `= "^"`: GCC 12 -O3 reports a false
    // -Wrestrict on assigning a literal there.
    if (mark.empty()) mark.push_back('^');
    out += pad;
    out += opt.color ? "\x1b[1;32m" : "";
    out += mark;
    out += reset;
    out += '\n';
}

} // namespace

// Shared with every command that prints bytes taken from someone else's file (cfg dump/get):
// the message and file name parts of diagnostics quote such values too.
std::string escape_controls(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const Piece p = piece_at(s, i, true);
        if (p.escaped) {
            append_escaped(out, s.substr(i, p.bytes));
        } else {
            out += s.substr(i, p.bytes);
        }
        i += p.bytes;
    }
    return out;
}

std::string escape_controls_in_json(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    for (std::size_t i = 0; i < json.size();) {
        const auto c = static_cast<unsigned char>(json[i]);
        const std::size_t n = c < 0x80 ? 1 : utf8_length(json, i);
        if (c == 0x7f) {
            out += "\\u007f";
        } else if (n > 1 && is_control_sequence(json, i, n)) {
            // Two bytes: U+0080..U+009F; three: U+202A..U+202E, U+2066..U+2069.
            const auto b = [&](std::size_t k) {
                return static_cast<unsigned>(static_cast<unsigned char>(json[i + k]));
            };
            const unsigned cp = n == 2 ? ((b(0) & 0x1f) << 6 | (b(1) & 0x3f))
                                       : ((b(0) & 0x0f) << 12 | (b(1) & 0x3f) << 6 | (b(2) & 0x3f));
            out += fmt::format("\\u{:04x}", cp);
        } else {
            out += json.substr(i, n == 0 ? 1 : n);
        }
        i += n == 0 ? 1 : n;
    }
    return out;
}

namespace {

std::string render_at(const Diagnostic& d, std::string_view source, std::size_t start, RenderOptions opt) {
    const char* bold = opt.color ? "\x1b[1m" : "";
    const char* reset = opt.color ? "\x1b[0m" : "";
    const char* sev = opt.color ? color_of(d.severity) : "";
    std::string out = bold;
    out += d.where.file.empty() ? "<input>" : escape_controls(d.where.file);
    if (d.where.line != 0) {
        out += fmt::format(":{}", d.where.line);
        if (d.where.column != 0) out += fmt::format(":{}", d.where.column);
    }
    out += fmt::format(":{} {}{}:{} {}\n", reset, sev, to_string(d.severity), reset, escape_controls(d.message));
    if (opt.source_line && d.where.line != 0 && !source.empty() && start != std::string_view::npos)
        render_source(out, d, line_at(source, start), opt, reset);
    for (const auto& n : d.notes)
        out += fmt::format("{}note:{} {}\n", opt.color ? color_of(Severity::note) : "", reset, escape_controls(n));
    return out;
}

} // namespace

std::string render(const Diagnostic& d, std::string_view source, RenderOptions opt) {
    const std::size_t start = d.where.line == 0 || source.empty() ? 0 : line_start(source, d.where.line);
    return render_at(d, source, start, opt);
}

void Diagnostics::error(SourceLocation where, std::string message) {
    items_.push_back({Severity::error, std::move(where), std::move(message), {}});
}

void Diagnostics::warning(SourceLocation where, std::string message) {
    items_.push_back({Severity::warning, std::move(where), std::move(message), {}});
}

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() != 0; }

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warning_count() const {
    return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(),
                                                  [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

std::string Diagnostics::render_all(std::string_view source, RenderOptions opt) const {
    // Line starts found once for the whole file: searching from the top for each diagnostic
    // made a file with an error per line quadratic.
    std::vector<std::size_t> starts;
    const bool lines = opt.source_line && !source.empty() &&
                       std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.where.line != 0; });
    if (lines) {
        starts.push_back(0);
        for (std::size_t at = source.find('\n'); at != std::string_view::npos; at = source.find('\n', at + 1))
            starts.push_back(at + 1);
    }
    std::string out;
    for (const auto& d : items_) {
        std::size_t start = std::string_view::npos;
        if (lines && d.where.line != 0 && d.where.line <= starts.size()) start = starts[d.where.line - 1];
        out += render_at(d, source, start, opt);
    }
    return out;
}

nlohmann::json Diagnostics::to_json() const {
    auto arr = nlohmann::json::array();
    for (const auto& d : items_) {
        nlohmann::json j = {{"file", d.where.file},
                            {"line", d.where.line},
                            {"column", d.where.column},
                            {"severity", std::string(to_string(d.severity))},
                            {"message", d.message}};
        if (!d.notes.empty()) j["notes"] = d.notes;
        arr.push_back(std::move(j));
    }
    return arr;
}

std::size_t invalid_utf8_at(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = utf8_length(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

bool want_color(int fd) {
    const char* no = std::getenv("NO_COLOR");
    return (no == nullptr || *no == '\0') && isatty(fd) != 0;
}

} // namespace domfw::support
