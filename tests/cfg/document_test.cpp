// Document semantics: last `=` wins, `+=` appends, mixing kinds is an error, base-0 numbers.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

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

// Whether `text`'s bytes are bytes of `source` (a view) rather than a copy.
bool views(const Text& text, std::string_view source) {
    const std::less<> before;
    return !text.owned() && !before(text.data(), source.data()) &&
           !before(source.data() + source.size(), text.data() + text.size());
}

// Values are views into the document's bytes unless they had escapes: a copy per value was most
// of the memory and time of a large file (docs/cfg.md "A large file, whole process").
TEST(CfgValues, PlainStringsAndNumbersViewTheSourceEscapedStringsOwnTheirText) {
    auto r = ok("a = \"plain\"\nb = 0x2a\nc = \"say \\\"hi\\\"\"\nd = [ 'p', 7, \"q\\n\", [ \"deep\" ] ]\n");
    const std::string_view src = r.source();
    EXPECT_EQ(r.document.get("a")->text, "plain");
    EXPECT_TRUE(views(r.document.get("a")->text, src));
    EXPECT_EQ(r.document.get("b")->text, "0x2a");
    EXPECT_TRUE(views(r.document.get("b")->text, src));
    EXPECT_EQ(r.document.get("c")->text, "say \"hi\"");
    EXPECT_TRUE(r.document.get("c")->text.owned());
    const Value* d = r.document.get("d");
    ASSERT_EQ(d->items.size(), 4U);
    EXPECT_TRUE(views(d->items[0].text, src));
    EXPECT_TRUE(views(d->items[1].text, src));
    EXPECT_EQ(d->items[2].text, "q\n");
    EXPECT_TRUE(d->items[2].text.owned());
    EXPECT_EQ(d->items[3].items[0].text, "deep");
    EXPECT_TRUE(views(d->items[3].items[0].text, src));
}

// A view can only point at bytes its document keeps: anything else is copied.
TEST(CfgValues, ADocumentViewsOnlyItsOwnBytes) {
    auto r = ok("a = 'x'\n");
    const std::string other = "elsewhere";
    const Text foreign = r.document.view(other);
    EXPECT_TRUE(foreign.owned());
    EXPECT_EQ(foreign, "elsewhere");
    EXPECT_NE(foreign.data(), other.data());
    // The last byte of the source is in; one byte past it is not.
    EXPECT_FALSE(r.document.view(r.source().substr(7)).owned());
    EXPECT_TRUE(r.document.view({r.source().data() + 7, 2}).owned());
}

// Moving the result keeps every view valid: the bytes stay where they are (an 8-byte source
// would sit inside a moved std::string).
TEST(CfgValues, MovedResultsKeepTheirValues) {
    auto first = ok("a = 'x'\n");
    ParseResult moved = std::move(first);
    first = ok("a = 'y'\n");
    EXPECT_EQ(moved.document.get("a")->text, "x");
    EXPECT_TRUE(views(moved.document.get("a")->text, moved.source()));
}

// A Value copied out of a document (as the domain model keeps unknown keys) owns its bytes: it
// outlives the document, the mapping of the file and the file itself.
TEST(CfgValues, CopiesOutliveTheDocumentAndTheMappedFile) {
    const auto path =
        std::filesystem::temp_directory_path() / ("domfw-cfg-copy-" + std::to_string(::getpid()) + ".cfg");
    { std::ofstream(path) << "disk = [ 'phy:/dev/vg/guest,xvda,w', \"escaped\\t\" ]\nextra = 'console=hvc0'\n"; }
    std::optional<Value> disk; // copy-constructed
    Value extra;               // copy-assigned
    {
        auto r = parse_file(path.string());
        ASSERT_TRUE(r.ok()) << r.diagnostics.render_all(r.source());
        ASSERT_TRUE(views(r.document.get("disk")->items[0].text, r.source()));
        disk.emplace(*r.document.get("disk"));
        extra = *r.document.get("extra");
    }
    std::filesystem::remove(path);
    ASSERT_EQ(disk->items.size(), 2U);
    EXPECT_TRUE(disk->items[0].text.owned());
    EXPECT_EQ(disk->items[0].text, "phy:/dev/vg/guest,xvda,w");
    EXPECT_EQ(disk->items[1].text, "escaped\t");
    const Text copied(disk->items[0].text); // and a Text copy-constructed on its own
    EXPECT_TRUE(copied.owned());
    EXPECT_EQ(copied, "phy:/dev/vg/guest,xvda,w");
    EXPECT_TRUE(extra.text.owned());
    EXPECT_EQ(extra.text, "console=hvc0");
}

// parse_file maps the file; an empty file (nothing to map) is read and is an empty document.
TEST(CfgValues, ParseFileReadsEmptyFilesAndReportsUnreadableOnes) {
    const auto path =
        std::filesystem::temp_directory_path() / ("domfw-cfg-empty-" + std::to_string(::getpid()) + ".cfg");
    { std::ofstream{path}; }
    auto empty = parse_file(path.string());
    std::filesystem::remove(path);
    EXPECT_TRUE(empty.ok());
    EXPECT_TRUE(empty.source().empty());
    EXPECT_TRUE(empty.document.assignments().empty());
    auto dir = parse_file("/");
    ASSERT_EQ(dir.diagnostics.items().size(), 1U);
    EXPECT_EQ(dir.diagnostics.items()[0].message,
              "/: not a regular file (a directory): an xl.cfg is read from a regular file");
}

} // namespace
} // namespace domfw::cfg
