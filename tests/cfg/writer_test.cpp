// The canonical layout, case by case.
#include <gtest/gtest.h>

#include "cfg/document.hpp"
#include "cfg/writer.hpp"

namespace domfw::cfg {
namespace {

std::string fmt_ok(std::string_view text) {
    auto f = format(text);
    EXPECT_TRUE(f.has_value()) << (f ? "" : f.error().message);
    return f ? *f : std::string();
}

TEST(CfgWriter, OneStatementPerLineWithSpacesAroundOperators) {
    EXPECT_EQ(fmt_ok("a=1;b='x' ;c+=\"y\""), "a = 1\nb = 'x'\nc += \"y\"\n");
}

TEST(CfgWriter, KeepsCommentsOrderAndOneBlankLine) {
    EXPECT_EQ(fmt_ok("\n\n# head   \n\n\n\tname = 'g'   # the name\n;\n\n\n# tail\n\n"),
              "# head\n\nname = 'g' # the name\n\n# tail\n");
}

TEST(CfgWriter, ShortListsOnOneLine) {
    EXPECT_EQ(fmt_ok("disk=['a','b',]\nvif=[]\nx=[[1,2],[]]\n"),
              "disk = [ 'a', 'b' ]\nvif = []\nx = [ [ 1, 2 ], [] ]\n");
}

TEST(CfgWriter, ListsWrittenOverLinesStayOneItemPerLine) {
    EXPECT_EQ(fmt_ok("disk = [ 'a', # first\n# between\n  'b' ]\n"),
              "disk = [\n    'a', # first\n    # between\n    'b',\n]\n");
    EXPECT_EQ(fmt_ok("x = [ [1,\n2], 3 ]\n"), "x = [\n    [\n        1,\n        2,\n    ],\n    3,\n]\n");
}

TEST(CfgWriter, LongListsBreak) {
    std::string text = "disk = [ '" + std::string(60, 'a') + "', '" + std::string(20, 'b') + "' ]\n";
    EXPECT_EQ(fmt_ok(text), "disk = [\n    '" + std::string(60, 'a') + "',\n    '" + std::string(20, 'b') + "',\n]\n");
}

TEST(CfgWriter, ScalarsKeepTheirSpelling) {
    EXPECT_EQ(fmt_ok("a=0x10\nb='\\t'\nc=\"\\\"\"\n"), "a = 0x10\nb = '\\t'\nc = \"\\\"\"\n");
}

TEST(CfgWriter, DropsTheByteLibxlutilIgnores) { EXPECT_EQ(fmt_ok("a=1X"), "a = 1\n"); }

TEST(CfgWriter, RefusesFilesWithErrors) {
    auto f = format("a = -1\nb = \n");
    ASSERT_FALSE(f.has_value());
    EXPECT_EQ(f.error().message, "the file has 2 errors; fix them first (see `domfw cfg check`)");
}

TEST(CfgWriter, QuoteAndToSource) {
    EXPECT_EQ(*quote("a\"b\\c\n\t"), "\"a\\\"b\\\\c\\n\\t\"");
    EXPECT_FALSE(quote(std::string_view("a\0b", 3)).has_value());
    auto r = parse("x = [ 1, 'two', [ \"th\\nree\" ] ]\n", "t.cfg");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*to_source(*r.document.get("x")), "[ 1, \"two\", [ \"th\\nree\" ] ]");
    // quote() output parses back to the same text.
    const std::string weird = "q\"'\\\a\b\f\n\r\t\v\x01\xff end";
    auto back = parse("k = " + *quote(weird) + "\n", "q.cfg");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.document.get("k")->text, weird);
}

} // namespace
} // namespace domfw::cfg
