// Hostile inputs to the xl.cfg reader: deep nesting, floods of errors, many keys, huge lines,
// control bytes and invalid UTF-8 (docs/cfg.md "Limits"). Each must end in a clear error or a
// warning, and never in a crash (how their time grows: bench/cfg/complexity_bench.cpp).
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "cfg/document.hpp"
#include "cfg/json.hpp"
#include "cfg/writer.hpp"

namespace domfw::cfg {
namespace {

std::string nested(std::size_t depth, std::string_view inner = "\"a\"") {
    return "x = " + std::string(depth, '[') + std::string(inner) + std::string(depth, ']') + "\n";
}

TEST(CfgHostile, SixtyFourLevelsOfListsParseAndRoundTrip) {
    auto r = parse(nested(64), "t.cfg");
    ASSERT_TRUE(r.ok()) << r.diagnostics.render_all(r.source());
    const Value* v = r.document.get("x");
    for (int level = 0; level < 64; ++level) {
        ASSERT_TRUE(v->is_list());
        ASSERT_EQ(v->items.size(), 1U);
        v = &v->items[0];
    }
    EXPECT_EQ(v->text, "a");
    auto f = format(r.source());
    ASSERT_TRUE(f.has_value());
    EXPECT_TRUE(parse(*f, "f.cfg").ok());
}

TEST(CfgHostile, DeeperListsAreOneErrorAtTheSixtyFifthBracket) {
    const std::string text = nested(65) + "memory = 512\n";
    auto r = parse(text, "t.cfg");
    ASSERT_EQ(r.diagnostics.items().size(), 1U) << r.diagnostics.render_all(r.source());
    const auto& d = r.diagnostics.items()[0];
    EXPECT_EQ(d.message, "lists nested deeper than 64 levels: xl settings hold a value or a list of values; flatten "
                         "this list");
    EXPECT_EQ(d.where.line, 1U);
    EXPECT_EQ(d.where.column, 5U + 64U);
    // Parsing resumed after the statement.
    ASSERT_NE(r.document.get("memory"), nullptr);
    EXPECT_EQ(r.document.get("memory")->text, "512");
}

// Inputs that once crashed every command with SIGSEGV (stack overflow).
TEST(CfgHostile, TenThousandLevelsAndFiftyThousandUnclosedBracketsDoNotCrash) {
    for (const std::string& text : {nested(10650), "x = " + std::string(50000, '[') + "\n",
                                    "x = " + std::string(50000, '[') + "\nmemory = 1\n" + std::string(50000, ']')}) {
        auto r = parse(text, "t.cfg");
        EXPECT_FALSE(r.ok());
        ASSERT_FALSE(r.diagnostics.items().empty());
        EXPECT_TRUE(r.diagnostics.items()[0].message.starts_with("lists nested deeper than 64 levels"))
            << r.diagnostics.items()[0].message;
        EXPECT_LE(r.diagnostics.items().size(), 3U);
        (void)r.diagnostics.render_all(r.source());
        EXPECT_FALSE(format(text).has_value());
    }
}

TEST(CfgHostile, ErrorsStopAfterOneHundred) {
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += fmt::format("Key{} = 1\n", i);
    auto r = parse(text, "t.cfg");
    const auto& items = r.diagnostics.items();
    ASSERT_EQ(items.size(), 101U);
    EXPECT_EQ(items[99].message, "setting names are lowercase: write `key99`, not `Key99`");
    EXPECT_EQ(items[100].message, "too many errors, stopping: the first 100 are above; fix them and run again (is "
                                  "this an xl.cfg file?)");
    EXPECT_EQ(items[100].where.line, 101U);
    EXPECT_EQ(r.diagnostics.error_count(), 101U);
}

TEST(CfgHostile, ErrorsInsideOneOpenListStopToo) {
    // One statement whose recovery meets a lexical error on every line.
    std::string text = "disk = [ ,\n";
    for (int i = 0; i < 5000; ++i)
        text += "  - \n";
    auto r = parse(text, "t.cfg");
    EXPECT_EQ(r.diagnostics.items().size(), 101U);
    EXPECT_TRUE(r.diagnostics.items().back().message.starts_with("too many errors, stopping"));
}

TEST(CfgHostile, MessagesQuoteAtMostSixtyFourBytesOfTheFile) {
    auto r =
        parse("x = 1 \"" + std::string(1000000, 'a') + "\"\ny = 1 !" + std::string(1000000, '\x01') + "\n", "t.cfg");
    ASSERT_EQ(r.diagnostics.items().size(), 2U);
    EXPECT_EQ(r.diagnostics.items()[0].message,
              "unexpected string \"" + std::string(63, 'a') +
                  "... after the value of `x`: a statement ends at the end of the line or at `;`");
    std::string junk;
    for (int i = 0; i < 63; ++i)
        junk += "\\x01";
    EXPECT_EQ(r.diagnostics.items()[1].message,
              "unexpected character `!` in `!" + junk + "...`: a value is a number, a quoted string or a [list]");
    // A setting name is quoted the same way.
    r = parse(std::string(1000000, 'k') + "\n", "t.cfg");
    ASSERT_EQ(r.diagnostics.items().size(), 1U);
    const std::string k64 = std::string(64, 'k') + "...";
    EXPECT_EQ(r.diagnostics.items()[0].message, "`" + k64 + "` has no value: write `" + k64 + " = VALUE`");
}

// How the time of these grows with the input is measured in bench/cfg/complexity_bench.cpp
// (Google Benchmark fits it; both were quadratic once): a unit test does not time things. Here,
// on 40,000 keys and 40,000 errors, what they return, which a per-key scan or a per-error
// search from the top would still have to get right.
TEST(CfgHostile, HistoryOfEveryKeyIsItsOwnAssignments) {
    constexpr int kKeys = 40000;
    std::string text;
    for (int i = 0; i < kKeys; ++i)
        text += fmt::format("key{} = \"value{}\"\n", i, i);
    text += "key7 += \"more\"\n";
    auto r = parse(text, "t.cfg");
    ASSERT_EQ(r.document.keys().size(), std::size_t{kKeys});
    for (int i = 0; i < kKeys; ++i) {
        const auto h = r.document.history(fmt::format("key{}", i));
        ASSERT_EQ(h.size(), i == 7 ? 2U : 1U) << i;
        ASSERT_EQ(h[0]->key_range.line, static_cast<std::uint32_t>(i + 1)) << i;
    }
    EXPECT_EQ(r.document.history("key7")[1]->key_range.line, static_cast<std::uint32_t>(kKeys + 1));
}

TEST(CfgHostile, RenderingAnErrorPerLineShowsEachItsOwnLine) {
    constexpr std::uint32_t kLines = 40000;
    std::string text;
    support::Diagnostics ds;
    for (std::uint32_t l = 1; l <= kLines; ++l) {
        text += fmt::format("x{} = 1 !\n", l);
        ds.error({"t.cfg", l, 7, 1}, "e"); // past the parser's cap: built directly
    }
    const std::string out = ds.render_all(text);
    std::string expected;
    for (std::uint32_t l = 1; l <= kLines; ++l) {
        const std::string line = fmt::format("x{} = 1 !", l);
        expected += fmt::format("t.cfg:{}:7: error: e\n    {}\n    {}^\n", l, line, std::string(6, ' '));
    }
    EXPECT_EQ(out, expected);
}

TEST(CfgHostile, HistoryKeepsSourceOrderWithRefusedAppends) {
    auto r = parse("a = [1]\nb = 2\na += 'x'\na += [2]\na = [3]\n", "t.cfg");
    const auto h = r.document.history("a");
    ASSERT_EQ(h.size(), 4U);
    EXPECT_EQ(h[0]->key_range.line, 1U);
    EXPECT_EQ(h[1]->key_range.line, 3U); // the refused `+=` is in the history
    EXPECT_EQ(h[2]->key_range.line, 4U);
    EXPECT_EQ(h[3]->key_range.line, 5U);
    EXPECT_TRUE(r.document.history("absent").empty());
}

TEST(CfgHostile, InvalidUtf8InAValueIsAWarningNamingTheLine) {
    auto r =
        parse("name = \"ok\"\nextra = \"a\"\nextra += \"bad \xff here\"\nlist = [ \"\xc3\xa9\", [ \"\xc0\xaf\" ] ]\n"
              "dead = \"\xfe\"\ndead = \"fine\"\n",
              "t.cfg");
    ASSERT_TRUE(r.ok());
    const auto w = utf8_warnings(r.document);
    ASSERT_EQ(w.items().size(), 2U) << w.render_all(r.source());
    EXPECT_EQ(w.render_all(r.source()),
              "t.cfg:3:10: warning: the value of `extra` is not valid UTF-8 (byte 0xff at offset 4 of the string): "
              "JSON shows each invalid byte as U+FFFD\n"
              "    extra += \"bad \\xff here\"\n"
              "             ^~~~~~~~~~~~~~~\n"
              "t.cfg:4:18: warning: the value of `list` is not valid UTF-8 (byte 0xc0 at offset 0 of the string): "
              "JSON shows each invalid byte as U+FFFD\n"
              "    list = [ \"\xc3\xa9\", [ \"\\xc0\\xaf\" ] ]\n"
              "                    ^~~~~~~~~~\n");
    EXPECT_EQ(utf8_warnings(r.document, "name").items().size(), 0U);
    EXPECT_EQ(utf8_warnings(r.document, "list").items().size(), 1U);
    const auto j = dump_json(r);
    ASSERT_EQ(j["diagnostics"].size(), 2U);
    EXPECT_EQ(j["diagnostics"][0]["severity"], "warning");
    EXPECT_EQ(j["diagnostics"][0]["line"], 3);
    EXPECT_NE(dump_text(j).find("bad \xef\xbf\xbd here"), std::string::npos); // U+FFFD, as announced
}

} // namespace
} // namespace domfw::cfg
