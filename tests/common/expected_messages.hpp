// The malformed-fixture tables: `expected.tsv` next to the fixtures a generator wrote, one line
// per file, "FILE<TAB>exact message"; blank lines and lines starting with '#' are skipped.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace domfw::test {

struct ExpectedMessage {
    std::string file;
    std::string message;
};

// The table's rows in order; a line without a tab, or a table that cannot be read, fails the
// calling test (gtest ADD_FAILURE) and yields what was read so far.
std::vector<ExpectedMessage> expected_messages(const std::filesystem::path& tsv);

} // namespace domfw::test
