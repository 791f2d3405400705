// One malformed fixture per diagnostic message (tests/cfg/malformed, written by generate.sh),
// each asserting the exact rendered text: location, message, source line and caret.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "cfg/document.hpp"
#include "support/files.hpp"

namespace domfw::cfg {
namespace {

using namespace std::string_view_literals;

struct Expected {
    const char* file;
    std::string_view rendered; // may hold NUL bytes (the NUL fixtures)
};

// clang-format off
const Expected kTable[] = {
    {"after_value.cfg",
     "after_value.cfg:1:14: error: unexpected word `vcpus` after the value of `memory`: a statement ends at the end of the line or at `;`\n"
     "    memory = 512 vcpus = 2\n"
     "                 ^~~~~\n"sv},
    {"append_clash.cfg",
     "append_clash.cfg:2:10: error: `+=` can't add [list] to \"string\" or vice versa: `extra` holds a string and this value is a list\n"
     "    extra += [ \"quiet\" ]\n"
     "             ^~~~~~~~~~~\n"
     "note: `extra` was last set at line 1\n"sv},
    {"bare_word.cfg",
     "bare_word.cfg:1:7: error: bare word `yes` is not a value: write a number, a quoted string (\"yes\") or a [list]\n"
     "    pae = yes\n"
     "          ^~~\n"sv},
    {"comment_eof.cfg",
     "comment_eof.cfg:1:14: error: comment on the last line without a newline after it, which libxlutil rejects: end the file with a newline\n"
     "    memory = 512 # MiB\n"
     "                 ^~~~~\n"sv},
    {"cr_mid.cfg",
     "cr_mid.cfg:1:13: error: carriage return (CR, 0x0d) outside quotes: remove it\n"
     "    memory = 512\\x0dvcpus = 2\n"
     "                ^~~~~~~~~\n"sv},
    {"crlf.cfg",
     "crlf.cfg:1:11: error: line ends with CR: the file has Windows line endings; convert with dos2unix\n"
     "    name = \"g\"\n"
     "              ^\n"
     "note: 2 more lines end with CR\n"sv},
    {"dash_name.cfg",
     "dash_name.cfg:1:1: error: `-` is not allowed in setting names: did you mean `on_crash`?\n"
     "    on-crash = \"restart\"\n"
     "    ^~~~~~~~\n"sv},
    {"deep_list.cfg",
     "deep_list.cfg:1:72: error: lists nested deeper than 64 levels: xl settings hold a value or a list of values; flatten this list\n"
     "    disk = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"a\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
     "                                                                           ^\n"sv},
    {"expected_op.cfg",
     "expected_op.cfg:1:8: error: expected `=` or `+=` after the setting name `memory`, found number `512`\n"
     "    memory 512\n"
     "           ^~~\n"sv},
    {"expected_op_string.cfg",
     "expected_op_string.cfg:1:6: error: expected `=` or `+=` after the setting name `name`, found string \"C:\\\\win\"\n"
     "    name \"C:\\\\win\"\n"
     "         ^~~~~~~~~\n"sv},
    {"expected_value.cfg",
     "expected_value.cfg:1:10: error: expected a value (a number, a quoted string or a [list]), found `,`\n"
     "    memory = ,\n"
     "             ^\n"sv},
    {"fraction.cfg",
     "fraction.cfg:1:10: error: numbers have no fraction part: `1.5`; quote it if the option takes text\n"
     "    vcpus = 1.5\n"
     "             ^~\n"sv},
    {"hex_escape.cfg",
     "hex_escape.cfg:1:9: error: `\\x` escapes are not supported in xl.cfg (libxlutil rejects every one); write the character itself\n"
     "    name = \"\\x41\"\n"
     "            ^~\n"sv},
    {"list_double_comma.cfg",
     "list_double_comma.cfg:1:14: error: empty list item: two commas in a row; remove one\n"
     "    disk = [ \"a\",, \"b\" ]\n"
     "                 ^\n"sv},
    {"list_leading_comma.cfg",
     "list_leading_comma.cfg:1:10: error: a list cannot start with `,`: remove it (an empty list is `[]`)\n"
     "    disk = [ , \"xvda\" ]\n"
     "             ^\n"sv},
    {"list_missing_comma.cfg",
     "list_missing_comma.cfg:1:13: error: missing `,` between list items before string \"b\"\n"
     "    vif = [ \"a\" \"b\" ]\n"
     "                ^~~\n"sv},
    {"list_missing_comma_w.cfg",
     "list_missing_comma_w.cfg:1:13: error: missing `,` before word `bridge` in the list\n"
     "    vif = [ \"a\" bridge ]\n"
     "                ^~~~~~\n"sv},
    {"list_semicolon.cfg",
     "list_semicolon.cfg:1:12: error: `;` inside a list: separate items with `,`\n"
     "    vif = [ \"a\"; \"b\" ]\n"
     "               ^\n"sv},
    {"list_unclosed_eof.cfg",
     "list_unclosed_eof.cfg:1:8: error: unclosed `[`: the file ends inside this list; add `]` after its last item\n"
     "    disk = [ \"a\",\n"
     "           ^\n"sv},
    {"list_unclosed_next.cfg",
     "list_unclosed_next.cfg:1:8: error: unclosed `[`: the list runs into the next setting `memory` at line 3; add `]` after its last item\n"
     "    disk = [ \"a\",\n"
     "           ^\n"sv},
    {"list_unclosed_value.cfg",
     "list_unclosed_value.cfg:1:8: error: unclosed `[`: the list runs into the next setting `memory` at line 2; add `]` after its last item\n"
     "    disk = [\n"
     "           ^\n"sv},
    {"list_unexpected.cfg",
     "list_unexpected.cfg:1:13: error: expected `,` or `]` in the list, found `=`\n"
     "    vif = [ \"a\" = ]\n"
     "                ^\n"sv},
    {"many_errors.cfg",
     "many_errors.cfg:2:1: error: setting names are lowercase: write `memory`, not `Memory`\n"
     "    Memory = 512\n"
     "    ^~~~~~\n"
     "many_errors.cfg:3:9: error: negative number `-2`: xl.cfg numbers have no sign; write it in quotes (\"-2\") if the option takes text\n"
     "    vcpus = -2\n"
     "            ^~\n"
     "many_errors.cfg:4:14: error: empty list item: two commas in a row; remove one\n"
     "    disk = [ \"a\",, \"b\" ]\n"
     "                 ^\n"
     "many_errors.cfg:5:12: error: bare word `restart` is not a value: write a number, a quoted string (\"restart\") or a [list]\n"
     "    on_crash = restart\n"
     "               ^~~~~~~\n"
     "many_errors.cfg:7:11: error: unknown escape in a quoted string; the valid escapes are \\\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v (write a backslash as \\\\)\n"
     "    kernel = \"\\q\"\n"
     "              ^~\n"sv},
    {"minus_other.cfg",
     "minus_other.cfg:1:14: error: unexpected `-` in `-x`: xl.cfg has no arithmetic or negative numbers; this looks like Python, which xl no longer runs (see https://wiki.xen.org/wiki/PythonInXlConfig)\n"
     "    memory = 512 -x\n"
     "                 ^~\n"sv},
    {"missing_name.cfg",
     "missing_name.cfg:1:1: error: missing setting name before `=`: write `name = value`\n"
     "    = 512\n"
     "    ^\n"sv},
    {"missing_value.cfg",
     "missing_value.cfg:1:8: error: missing value after `=` for `memory`: write a number, a quoted string or a [list]\n"
     "    memory =\n"
     "           ^\n"sv},
    {"missing_value_eof.cfg",
     "missing_value_eof.cfg:1:8: error: missing value after `=` for `memory`: write a number, a quoted string or a [list]\n"
     "    memory =\n"
     "           ^\n"sv},
    {"negative.cfg",
     "negative.cfg:1:10: error: negative number `-1`: xl.cfg numbers have no sign; write it in quotes (\"-1\") if the option takes text\n"
     "    maxmem = -1\n"
     "             ^~\n"sv},
    {"no_value.cfg",
     "no_value.cfg:1:1: error: `vmid_check` has no value: write `vmid_check = VALUE`\n"
     "    vmid_check\n"
     "    ^~~~~~~~~~\n"sv},
    {"non_ascii.cfg",
     "non_ascii.cfg:1:8: error: non-ASCII byte 0xc3 outside quotes: text must be in quotes\n"
     "    name = \303\251t\303\251\n"
     "           ^~~\n"sv},
    {"nul_in_quotes.cfg",
     "nul_in_quotes.cfg:1:10: error: NUL byte inside quotes: xl cannot read it (libxlutil aborts on it); remove it\n"
     "    name = \"a\\x00b\"\n"
     "             ^~~~\n"sv},
    {"nul_outside.cfg",
     "nul_outside.cfg:1:13: error: NUL byte (0x00) outside quotes: remove it\n"
     "    memory = 512\\x00\n"
     "                ^~~~\n"sv},
    {"octal_dropped.cfg",
     "octal_dropped.cfg:1:10: error: octal escape in a quoted string: libxlutil silently drops it and the bytes after it, so the value would not be what is written; write the character itself\n"
     "    name = \"A\\101B\"\n"
     "             ^~\n"sv},
    {"octal_incomplete.cfg",
     "octal_incomplete.cfg:1:9: error: incomplete octal escape in a quoted string (libxlutil rejects it); write the character itself\n"
     "    name = \"\\1\"\n"
     "            ^~\n"sv},
    {"other_char.cfg",
     "other_char.cfg:1:14: error: unexpected character `!` in `!important`: a value is a number, a quoted string or a [list]\n"
     "    memory = 512 !important\n"
     "                 ^~~~~~~~~~\n"sv},
    {"plus.cfg",
     "plus.cfg:1:14: error: `+` is only valid as `+=` (append to a setting); xl.cfg has no arithmetic: this looks like Python, which xl no longer runs (see https://wiki.xen.org/wiki/PythonInXlConfig)\n"
     "    memory = 512 + 256\n"
     "                 ^\n"sv},
    {"python_alone.cfg",
     "python_alone.cfg:1:1: error: `return` on its own is not a statement: this looks like Python, which xl no longer runs (see https://wiki.xen.org/wiki/PythonInXlConfig)\n"
     "    return\n"
     "    ^~~~~~\n"sv},
    {"python_keyword.cfg",
     "python_keyword.cfg:1:1: error: `import` is not a setting: this looks like Python, which xl no longer runs (see https://wiki.xen.org/wiki/PythonInXlConfig)\n"
     "    import os\n"
     "    ^~~~~~\n"sv},
    {"python_paren.cfg",
     "python_paren.cfg:1:10: error: `(` is not part of the xl.cfg language (in `(512)`); this looks like Python, which xl no longer runs (see https://wiki.xen.org/wiki/PythonInXlConfig)\n"
     "    memory = (512)\n"
     "             ^~~~~\n"sv},
    {"starts_number.cfg",
     "starts_number.cfg:1:1: error: a statement starts with a setting name, not the number `512`: write `name = 512`\n"
     "    512 = memory\n"
     "    ^~~\n"sv},
    {"starts_other.cfg",
     "starts_other.cfg:1:1: error: unexpected `[` at the start of a statement: write `name = value`\n"
     "    [ \"disk\" ]\n"
     "    ^\n"sv},
    {"starts_string.cfg",
     "starts_string.cfg:1:1: error: a statement starts with a setting name (lowercase, without quotes), not a string\n"
     "    \"name\" = \"guest\"\n"
     "    ^~~~~~\n"sv},
    {"stray_cr.cfg",
     "stray_cr.cfg:1:13: warning: the last line ends with a CR (Windows line ending) that xl ignores; convert the file with dos2unix\n"
     "    memory = 512\n"
     "                ^\n"sv},
    {"stray_last_byte.cfg",
     "stray_last_byte.cfg:1:13: warning: the last byte of the file, `X`, is not part of the language; libxlutil ignores it because no newline follows, so remove it\n"
     "    memory = 512X\n"
     "                ^\n"sv},
    {"template.cfg",
     "template.cfg:1:9: error: unexpected `@` in `@@VCPUS@@`: this looks like an unexpanded template placeholder; substitute it before using the file\n"
     "    vcpus = @@VCPUS@@\n"
     "            ^~~~~~~~~\n"sv},
    {"underscore_name.cfg",
     "underscore_name.cfg:1:1: error: setting names start with a lowercase letter, not `_`: `_memory`\n"
     "    _memory = 512\n"
     "    ^~~~~~~\n"sv},
    {"underscore_value.cfg",
     "underscore_value.cfg:1:8: error: bare word `_guest` is not a value: write a quoted string (\"_guest\")\n"
     "    name = _guest\n"
     "           ^~~~~~\n"sv},
    {"unknown_escape.cfg",
     "unknown_escape.cfg:1:13: error: unknown escape in a quoted string; the valid escapes are \\\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v (write a backslash as \\\\)\n"
     "    kernel = \"C:\\windows\"\n"
     "                ^~\n"sv},
    {"unterminated.cfg",
     "unterminated.cfg:1:8: error: unterminated string: the closing `\"` is missing on this line (a string cannot span lines)\n"
     "    name = \"guest\n"
     "           ^~~~~~\n"sv},
    {"upper_hex.cfg",
     "upper_hex.cfg:1:9: error: hex digits must be lowercase: write `0x1f`, not `0x1F`\n"
     "    iomem = 0x1F\n"
     "            ^~~~\n"sv},
    {"upper_name.cfg",
     "upper_name.cfg:1:1: error: setting names are lowercase: write `memory`, not `Memory`\n"
     "    Memory = 512\n"
     "    ^~~~~~\n"sv},
    {"upper_value.cfg",
     "upper_value.cfg:1:8: error: bare word `TRUE` is not a value: write a number, a quoted string (\"TRUE\") or a [list]\n"
     "    acpi = TRUE\n"
     "           ^~~~\n"sv},
};
// clang-format on

const std::filesystem::path kDir = std::filesystem::path(DOMFW_SOURCE_DIR) / "tests" / "cfg" / "malformed";

TEST(CfgMalformed, EachFixtureRendersExactly) {
    for (const auto& row : kTable) {
        auto text = support::read_text_file(kDir / row.file);
        ASSERT_TRUE(text.has_value()) << text.error().message;
        auto r = parse(*text, row.file);
        EXPECT_EQ(r.diagnostics.render_all(r.source()), row.rendered) << row.file;
        const bool warning_only = std::string_view(row.file).starts_with("stray_");
        EXPECT_EQ(r.ok(), warning_only) << row.file;
    }
}

TEST(CfgMalformed, EveryFixtureIsInTheTable) {
    std::set<std::string> listed;
    for (const auto& row : kTable)
        listed.insert(row.file);
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
        if (entry.path().extension() != ".cfg") continue;
        ++files;
        EXPECT_TRUE(listed.contains(entry.path().filename().string())) << entry.path();
    }
    EXPECT_EQ(files, listed.size());
}

TEST(CfgMalformed, UnreadableFileIsOneDiagnosticAtLineZero) {
    auto r = parse_file("/nonexistent/guest.cfg");
    ASSERT_EQ(r.diagnostics.items().size(), 1U);
    EXPECT_EQ(r.diagnostics.items()[0].where.line, 0U);
    EXPECT_FALSE(r.ok());
}

} // namespace
} // namespace domfw::cfg
