#include "support/diagnostic.hpp"

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

std::string_view line_of(std::string_view source, std::uint32_t line) {
    std::size_t start = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
        auto nl = source.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    if (start > source.size()) return {};
    auto end = source.find('\n', start);
    auto text = source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

const char* color_of(Severity s) {
    switch (s) {
    case Severity::error: return "\x1b[1;31m";
    case Severity::warning: return "\x1b[1;35m";
    case Severity::note: return "\x1b[1;36m";
    }
    return "";
}

} // namespace

std::string render(const Diagnostic& d, std::string_view source, RenderOptions opt) {
    const char* bold = opt.color ? "\x1b[1m" : "";
    const char* reset = opt.color ? "\x1b[0m" : "";
    const char* sev = opt.color ? color_of(d.severity) : "";
    std::string out = bold;
    out += d.where.file.empty() ? "<input>" : d.where.file;
    if (d.where.line != 0) {
        out += fmt::format(":{}", d.where.line);
        if (d.where.column != 0) out += fmt::format(":{}", d.where.column);
    }
    out += fmt::format(":{} {}{}:{} {}\n", reset, sev, to_string(d.severity), reset, d.message);
    if (opt.source_line && d.where.line != 0 && !source.empty()) {
        auto text = line_of(source, d.where.line);
        // Tabs stay tabs so the caret lines up in any terminal.
        out += fmt::format("    {}\n", text);
        if (d.where.column != 0) {
            std::string pad;
            for (std::uint32_t i = 1; i < d.where.column && i - 1 < text.size(); ++i)
                pad += text[i - 1] == '\t' ? '\t' : ' ';
            std::string mark = "^";
            if (d.where.length > 1) mark += std::string(d.where.length - 1, '~');
            out += fmt::format("    {}{}{}{}\n", pad, opt.color ? "\x1b[1;32m" : "", mark, reset);
        }
    }
    for (const auto& n : d.notes)
        out += fmt::format("{}note:{} {}\n", opt.color ? color_of(Severity::note) : "", reset, n);
    return out;
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
    std::string out;
    for (const auto& d : items_)
        out += render(d, source, opt);
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

bool want_color(int fd) {
    const char* no = std::getenv("NO_COLOR");
    return (no == nullptr || *no == '\0') && isatty(fd) != 0;
}

} // namespace domfw::support
