// Compiler-style diagnostics for everything a user writes (STYLE.md rule 5):
//   FILE:LINE:COL: error: MESSAGE
//       the source line
//            ^~~~
// Lines and columns are 1-based; column counts bytes. Line 0 means "no particular line".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace domfw::support {

enum class Severity { error, warning, note };

[[nodiscard]] std::string_view to_string(Severity s);

struct SourceLocation {
    std::string file;
    std::uint32_t line = 0;   // 1-based; 0 = whole file
    std::uint32_t column = 0; // 1-based byte column; 0 = whole line
    std::uint32_t length = 0; // bytes to underline (0 or 1: a caret only)
};

struct Diagnostic {
    Severity severity = Severity::error;
    SourceLocation where;
    std::string message;
    std::vector<std::string> notes; // extra lines ("note: overridden at line 3")
};

struct RenderOptions {
    bool color = false;
    bool source_line = true;
};

// One diagnostic as text. `source` is the whole file's text (may be empty: then no source line).
[[nodiscard]] std::string render(const Diagnostic& d, std::string_view source, RenderOptions opt = {});

class Diagnostics {
public:
    void add(Diagnostic d) { items_.push_back(std::move(d)); }
    void error(SourceLocation where, std::string message);
    void warning(SourceLocation where, std::string message);
    void append(const Diagnostics& other);

    [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
    [[nodiscard]] bool has_errors() const;
    [[nodiscard]] std::size_t error_count() const;
    [[nodiscard]] std::size_t warning_count() const;
    [[nodiscard]] bool empty() const { return items_.empty(); }

    // All diagnostics, in order, as render() prints them.
    [[nodiscard]] std::string render_all(std::string_view source, RenderOptions opt = {}) const;
    // [{"file":..., "line": N, "column": N, "severity": ..., "message": ...}, ...]
    [[nodiscard]] nlohmann::json to_json() const;

private:
    std::vector<Diagnostic> items_;
};

// Offset of the first byte of `s` that is not part of well-formed UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included), or npos when `s` is valid UTF-8.
[[nodiscard]] std::size_t invalid_utf8_at(std::string_view s);

// `s` with what would drive a terminal instead of being shown escaped as \xNN, as diagnostics
// show a config's bytes: C0 controls but tab, DEL, invalid UTF-8, C1 controls and the
// bidirectional overrides and isolates. Valid UTF-8 text is kept as it is.
[[nodiscard]] std::string escape_controls(std::string_view s);

// JSON text as it is but for what would drive a terminal and that JSON writers leave raw: DEL,
// the C1 controls and the bidi overrides, as \u escapes (the same JSON value). C0 controls are
// escaped by every JSON writer already; newlines and tabs between tokens stay.
[[nodiscard]] std::string escape_controls_in_json(std::string_view json);

// True when stdout/stderr is a terminal and NO_COLOR is unset (https://no-color.org).
[[nodiscard]] bool want_color(int fd);

} // namespace domfw::support
