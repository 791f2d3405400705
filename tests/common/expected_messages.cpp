#include "expected_messages.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace domfw::test {

std::vector<ExpectedMessage> expected_messages(const std::filesystem::path& tsv) {
    std::vector<ExpectedMessage> rows;
    std::ifstream in(tsv);
    if (!in) {
        ADD_FAILURE() << "cannot read " << tsv;
        return rows;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) {
            ADD_FAILURE() << tsv << ": no tab in: " << line;
            continue;
        }
        rows.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return rows;
}

} // namespace domfw::test
