#include <gtest/gtest.h>

#include <fmt/format.h>
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

TEST(Diagnostic, ControlBytesAreEscapedAndTheCaretFollows) {
    // A terminal title change and a screen clear in the file, then the error after them.
    Diagnostic d = make(Severity::error, "f", 1, 14, 3, "m", {});
    // Before the caret: `x = "` 5 columns, ESC 4, `]0;t` 4, BEL 4, `" ` 2.
    EXPECT_EQ(render(d, "x = \"\x1b]0;t\x07\" @@@\n"),
              "f:1:14: error: m\n    x = \"\\x1b]0;t\\x07\" @@@\n" + std::string(4 + 19, ' ') + "^~~\n");
    // Under the escape itself, the marks cover all four characters.
    d = make(Severity::error, "f", 1, 2, 1, "m", {});
    EXPECT_EQ(render(d, "a\x7f"
                        "b\n"),
              "f:1:2: error: m\n    a\\x7fb\n     ^~~~\n");
}

TEST(Diagnostic, Utf8StaysButInvalidBytesAndTerminalControlsAreEscaped) {
    // é (2 bytes) is one column; 0xff is not UTF-8; U+009B (CSI) and U+202E (right-to-left
    // override) change what a terminal shows.
    Diagnostic d = make(Severity::error, "f", 1, 12, 1, "m", {});
    // Before the caret: `"` 1 column, é 1, 0xff 4, U+009B 8, U+202E 12, `" ` 2.
    EXPECT_EQ(render(d, "\"\xc3\xa9\xff\xc2\x9b\xe2\x80\xae\" $\n"),
              "f:1:12: error: m\n"
              "    \"\xc3\xa9\\xff\\xc2\\x9b\\xe2\\x80\\xae\" $\n" +
                  std::string(4 + 28, ' ') + "^\n");
}

TEST(Diagnostic, MessageNotesAndFileNameAreEscaped) {
    Diagnostic d = make(Severity::warning, "a\x1b[2Jb", 0, 0, 0, "value \"\x1b[31m\"", {"n\x07"});
    EXPECT_EQ(render(d, ""), "a\\x1b[2Jb: warning: value \"\\x1b[31m\"\nnote: n\\x07\n");
}

TEST(Diagnostic, LongLinesAreCutAroundTheCaret) {
    const std::string line = std::string(100000, 'a') + "!" + std::string(100000, 'b');
    Diagnostic d = make(Severity::error, "f", 1, 100001, 100, "m", {});
    const std::string shown = "    ..." + std::string(80, 'a') + "!" + std::string(119, 'b') + "...\n";
    const std::string caret = "    " + std::string(83, ' ') + "^" + std::string(99, '~') + "\n";
    EXPECT_EQ(render(d, line + "\n"), "f:1:100001: error: m\n" + shown + caret);
    // Near the start: no cut before; near the end: no cut after.
    d.where.column = 3;
    d.where.length = 1;
    EXPECT_EQ(render(d, line), "f:1:3: error: m\n    " + std::string(200, 'a') + "...\n      ^\n");
    d.where.column = 200001;
    EXPECT_EQ(render(d, line),
              "f:1:200001: error: m\n    ..." + std::string(200, 'b') + "\n       " + std::string(199, ' ') + "^\n");
    // A line of exactly the limit is whole.
    d.where.column = 1;
    EXPECT_EQ(render(d, std::string(200, 'c')), "f:1:1: error: m\n    " + std::string(200, 'c') + "\n    ^\n");
}

TEST(Diagnostic, CutNeverSplitsAUtf8Character) {
    std::string line;
    for (int i = 0; i < 300; ++i)
        line += "\xc3\xa9";
    // The caret on the second byte of an é: the window would start on a continuation byte.
    Diagnostic d = make(Severity::error, "f", 1, 402, 1, "m", {});
    const std::string out = render(d, line);
    EXPECT_EQ(out.find("\\x"), std::string::npos) << out;
}

TEST(Diagnostic, RenderAllFindsEachLineOnce) {
    std::string src;
    Diagnostics ds;
    for (std::uint32_t l = 1; l <= 3; ++l) {
        src += fmt::format("line{}\n", l);
        ds.error({"f", 4 - l, 1, 5}, "e");
    }
    ds.error({"f", 9, 1, 0}, "past the end");
    EXPECT_EQ(ds.render_all(src), "f:3:1: error: e\n    line3\n    ^~~~~\n"
                                  "f:2:1: error: e\n    line2\n    ^~~~~\n"
                                  "f:1:1: error: e\n    line1\n    ^~~~~\n"
                                  "f:9:1: error: past the end\n");
}

TEST(Diagnostic, InvalidUtf8At) {
    EXPECT_EQ(invalid_utf8_at("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), std::string_view::npos);
    EXPECT_EQ(invalid_utf8_at("ab\xff"), 2U);
    EXPECT_EQ(invalid_utf8_at("\xc0\xaf"), 0U);         // overlong '/'
    EXPECT_EQ(invalid_utf8_at("x\xed\xa0\x80"), 1U);    // surrogate
    EXPECT_EQ(invalid_utf8_at("\xf4\x90\x80\x80"), 0U); // past U+10FFFF
    EXPECT_EQ(invalid_utf8_at("\xe2\x82"), 0U);         // cut short
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
