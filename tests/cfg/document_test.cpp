// Document semantics: last `=` wins, `+=` appends, mixing kinds is an error, base-0 numbers.
#include <gtest/gtest.h>

#include "cfg/document.hpp"

namespace domfw::cfg {
namespace {

ParseResult ok(std::string_view text) {
    auto r = parse(text, "t.cfg");
    EXPECT_TRUE(r.ok()) << r.diagnostics.render_all(r.source());
    return r;
}

TEST(CfgDocument, LastAssignmentWins) {
    auto r = ok("memory = 512\nname = \"a\"\nmemory = 1024\n");
    ASSERT_NE(r.document.get("memory"), nullptr);
    EXPECT_EQ(r.document.get("memory")->text, "1024");
    EXPECT_TRUE(r.document.get("memory")->is_number());
    EXPECT_EQ(r.document.keys(), (std::vector<std::string>{"memory", "name"}));
    EXPECT_EQ(r.document.history("memory").size(), 2U);
    EXPECT_EQ(r.document.where("memory")->line, 3U);
    EXPECT_EQ(r.document.get("absent"), nullptr);
    EXPECT_FALSE(r.document.where("absent").has_value());
}

TEST(CfgDocument, AppendConcatenatesStringsAndLists) {
    auto r = ok("extra = 'a'\nextra += \"b\"\ndisk = ['x']\ndisk += ['y', ['z']]\nn = 1\nn += 2\nm += 5\n");
    EXPECT_EQ(r.document.get("extra")->text, "ab");
    const Value* disk = r.document.get("disk");
    ASSERT_TRUE(disk->is_list());
    ASSERT_EQ(disk->items.size(), 3U);
    EXPECT_EQ(disk->items[1].text, "y");
    EXPECT_TRUE(disk->items[2].is_list());
    // `+=` on numbers gives a string that numeric getters refuse (libxlutil XLU_OP_ADDITION).
    EXPECT_EQ(r.document.get("n")->text, "12");
    EXPECT_TRUE(r.document.get("n")->is_string());
    EXPECT_TRUE(r.document.get("m")->is_string());
    EXPECT_EQ(r.document.get("m")->text, "5");
}

TEST(CfgDocument, AppendAfterReassignmentUsesTheNewestValue) {
    auto r = ok("a = [1]\na = [2]\na += [3]\na = 'x'\nb = 'p'\nb += 'q'\nb = 'r'\nb += 's'\n");
    EXPECT_EQ(r.document.get("a")->text, "x");
    EXPECT_EQ(r.document.get("b")->text, "rs");
}

TEST(CfgDocument, MixingListAndStringIsAnError) {
    auto r = parse("a = [1]\na += 'x'\n", "t.cfg");
    EXPECT_FALSE(r.ok());
    ASSERT_EQ(r.diagnostics.items().size(), 1U);
    EXPECT_NE(r.diagnostics.items()[0].message.find("can't add [list] to \"string\" or vice versa"), std::string::npos);
}

TEST(CfgDocument, ManyKeysStayFast) {
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += fmt::format("k{} = {}\n", i, i);
    auto r = ok(text);
    EXPECT_EQ(r.document.keys().size(), 20000U);
    EXPECT_EQ(r.document.get("k19999")->text, "19999");
}

TEST(CfgToLong, Base0LikeStrtol) {
    EXPECT_EQ(*to_long("010"), 8);
    EXPECT_EQ(*to_long("0x10"), 16);
    EXPECT_EQ(*to_long("42"), 42);
    EXPECT_FALSE(to_long("1e3").has_value());
    EXPECT_FALSE(to_long("0x").has_value());
    EXPECT_FALSE(to_long("08").has_value());
    EXPECT_FALSE(to_long("").has_value());
    EXPECT_FALSE(to_long("99999999999999999999").has_value());
    EXPECT_EQ(to_long("1e3").error().message, "`1e3` is not a number");
}

TEST(CfgParse, ValuesKeepSourceRanges) {
    auto r = ok("# c\nname = \"g\" ; vcpus = [ 1,\n 2 ]\n");
    const Value* v = r.document.get("vcpus");
    EXPECT_EQ(v->range.line, 2U);
    EXPECT_EQ(v->range.column, 22U);
    EXPECT_EQ(v->items[1].range.line, 3U);
    EXPECT_EQ(r.document.where("name")->column, 1U);
}

} // namespace
} // namespace domfw::cfg
