// `domfw lint`: each migration, the exact rewritten text (comments and layout kept) and message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "domain/lint.hpp"

using namespace domfw::domain;
using ::testing::ElementsAre;

namespace {

std::vector<std::string> rules(const LintResult& r) {
    std::vector<std::string> out;
    for (const auto& m : r.migrations)
        out.push_back(fmt::format("{}: {}: {}", m.line, m.rule, m.message));
    return out;
}

} // namespace

TEST(Lint, BuilderToType) {
    auto r = lint("# guest\nname = \"g\"  # the name\nbuilder = \"hvm\" # old style\n", "/x/g.cfg");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.fixed, "# guest\nname = \"g\"  # the name\ntype = \"hvm\" # old style\n");
    EXPECT_THAT(rules(r), ElementsAre("3: builder-to-type: builder = \"hvm\" is deprecated: write type = \"hvm\""));
}

TEST(Lint, BuilderAgreeingWithTypeIsRemoved) {
    auto r = lint("name = \"g\"\ntype = \"hvm\"\nbuilder = \"hvm\"\n", "/x/g.cfg");
    EXPECT_EQ(r.fixed, "name = \"g\"\ntype = \"hvm\"\n");
    EXPECT_THAT(
        rules(r),
        ElementsAre("3: builder-to-type: \"builder\" is deprecated and agrees with \"type\" (line 2): remove it"));
}

TEST(Lint, PinFirmwareAliasAndType) {
    auto r = lint("name = \"g\"\ntype = \"h\"\nfirmware = \"uefi\"\n", "/x/g.cfg");
    EXPECT_EQ(r.fixed, "name = \"g\"\ntype = \"hvm\"\nfirmware = \"ovmf\"\n");
    EXPECT_THAT(rules(r),
                ElementsAre("2: pin-type: type = \"h\" is an abbreviation: write type = \"hvm\"",
                            "3: pin-firmware: firmware = \"uefi\" is an alias: pin it as firmware = \"ovmf\""));
    EXPECT_EQ(lint("name = \"g\"\ntype = \"hvm\"\nfirmware = \"bios\"\n", "/x/g.cfg").fixed,
              "name = \"g\"\ntype = \"hvm\"\nfirmware = \"seabios\"\n");
}

TEST(Lint, BootloaderArgsToList) {
    auto r = lint("name = \"g\"\nbootloader = \"pygrub\"\nbootloader_args = \"-q  --entry=\\\"1\\\"\"\n", "/x/g.cfg");
    EXPECT_EQ(r.fixed, "name = \"g\"\nbootloader = \"pygrub\"\nbootloader_args = [\"-q\", \"--entry=\\\"1\\\"\"]\n");
    EXPECT_THAT(rules(r), ElementsAre("3: bootloader-args-list: bootloader_args as a string is deprecated: write "
                                      "[\"-q\", \"--entry=\\\"1\\\"\"]"));
}

TEST(Lint, DuplicateKeysKeepTheLast) {
    auto r = lint("name = \"g\"\nmemory = 256 # old\n# keep me\nmemory = 512\nkernel = \"/k\"; memory = 1024 # new\n",
                  "/x/g.cfg");
    EXPECT_EQ(r.fixed, "name = \"g\"\n# old\n# keep me\nkernel = \"/k\"; memory = 1024 # new\n");
    EXPECT_THAT(rules(r), ElementsAre("5: duplicate-key: \"memory\" is assigned 3 times; only the assignment at line 5 "
                                      "counts: remove the earlier one(s)"));
}

TEST(Lint, DuplicatesBeforeAppendsAreDeadToo) {
    auto r = lint("name = \"g\"\nextra = \"a\"\nextra = \"b\"\nextra += \" c\"\nkernel = \"/k\"\n", "/x/g.cfg");
    // root/extra then fold into cmdline.
    EXPECT_EQ(r.fixed, "name = \"g\"\ncmdline = \"b c\"\nkernel = \"/k\"\n");
}

TEST(Lint, RootAndExtraIntoCmdline) {
    auto r = lint("name = \"g\"\nkernel = \"/k\"\nroot = \"/dev/xvda1\" # disk\nextra = \"ro quiet\"\n", "/x/g.cfg");
    EXPECT_EQ(r.fixed, "name = \"g\"\nkernel = \"/k\"\ncmdline = \"root=/dev/xvda1 ro quiet\" # disk\n");
    EXPECT_THAT(rules(r), ElementsAre("3: root-extra-to-cmdline: root/extra build the command line: write cmdline = "
                                      "\"root=/dev/xvda1 ro quiet\""));
    auto c = lint("name = \"g\"\nkernel = \"/k\"\ncmdline = \"x\"\nroot = \"/dev/xvda1\"\n", "/x/g.cfg");
    EXPECT_EQ(c.fixed, "name = \"g\"\nkernel = \"/k\"\ncmdline = \"x\"\n");
    EXPECT_THAT(rules(c),
                ElementsAre("4: root-extra-to-cmdline: \"root\" is ignored because \"cmdline\" is set: remove it"));
}

TEST(Lint, NothingToDo) {
    const char* text = "# ok\nname = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\n";
    auto r = lint(text, "/x/g.cfg");
    EXPECT_TRUE(r.migrations.empty());
    EXPECT_EQ(r.fixed, text);
}

TEST(Lint, RefusesUnparsableFiles) {
    auto r = lint("name = \n", "/x/g.cfg");
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.diagnostics.has_errors());
    EXPECT_EQ(r.fixed, "name = \n");
}

TEST(Lint, QuoteRoundTrips) { EXPECT_EQ(quote_xl_string("a\"b\\c\td"), "\"a\\\"b\\\\c\\td\""); }
