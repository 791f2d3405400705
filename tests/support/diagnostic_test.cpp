#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/diagnostic.hpp"

using namespace domfw::support;

namespace {

// Field by field, not one nested aggregate initialiser: GCC 12 at -O3 reports a false
// -Wmaybe-uninitialized on the nested std::string of a braced Diagnostic{...{"file", ...}...}.
Diagnostic make(Severity severity, std::string file, std::uint32_t line, std::uint32_t column, std::uint32_t length,
                std::string message, std::vector<std::string> notes) {
    Diagnostic d;
    d.severity = severity;
    d.where.file = std::move(file);
    d.where.line = line;
    d.where.column = column;
    d.where.length = length;
    d.message = std::move(message);
    d.notes = std::move(notes);
    return d;
}

TEST(Diagnostic, RendersLikeACompiler) {
    std::string_view src = "name = \"a\"\nmemory = 0x1F\n";
    Diagnostic d = make(Severity::error, "guest.cfg", 2, 10, 4, "bad number", {"hex digits must be lowercase"});
    EXPECT_EQ(render(d, src), "guest.cfg:2:10: error: bad number\n"
                              "    memory = 0x1F\n"
                              "             ^~~~\n"
                              "note: hex digits must be lowercase\n");
}

TEST(Diagnostic, TabsKeepTheCaretAligned) {
    Diagnostic d = make(Severity::warning, "f", 1, 3, 1, "w", {});
    EXPECT_EQ(render(d, "\tx y\n"), "f:1:3: warning: w\n    \tx y\n    \t ^\n");
}

TEST(Diagnostic, LineZeroHasNoSourceLine) {
    Diagnostic d = make(Severity::error, "f", 0, 0, 0, "missing value at end of file", {});
    EXPECT_EQ(render(d, "a = \n"), "f: error: missing value at end of file\n");
}

TEST(Diagnostic, CountsAndJson) {
    Diagnostics ds;
    ds.error({"f", 1, 2, 0}, "e1");
    ds.warning({"f", 3, 0, 0}, "w1");
    EXPECT_TRUE(ds.has_errors());
    EXPECT_EQ(ds.error_count(), 1U);
    EXPECT_EQ(ds.warning_count(), 1U);
    auto j = ds.to_json();
    ASSERT_EQ(j.size(), 2U);
    EXPECT_EQ(j[0]["file"], "f");
    EXPECT_EQ(j[0]["line"], 1);
    EXPECT_EQ(j[0]["column"], 2);
    EXPECT_EQ(j[0]["severity"], "error");
    EXPECT_EQ(j[1]["severity"], "warning");
    EXPECT_EQ(j[1]["message"], "w1");
}

} // namespace
