// dmidecode's text output, parsed back into structures: the peer's view of an SMBIOS table
// that the corpus and QEMU guest tests compare domfw's decoding with.
#pragma once

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace domfw::test {

struct DmiStructure {
    unsigned handle = 0, type = 0, length = 0;
    std::map<std::string, std::string> fields; // one-tab "Label: value" lines
};

// "Handle 0xHHHH, DMI type T, L bytes" starts a structure; each one-tab "Label: value" line
// below it is a field (lines with two tabs, list items, are not).
inline std::vector<DmiStructure> parse_dmidecode(const std::string& text) {
    static const std::regex head(R"(^Handle 0x([0-9A-F]{4}), DMI type (\d+), (\d+) bytes$)");
    std::vector<DmiStructure> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, head)) {
            out.push_back({static_cast<unsigned>(std::stoul(m[1], nullptr, 16)),
                           static_cast<unsigned>(std::stoul(m[2])),
                           static_cast<unsigned>(std::stoul(m[3])),
                           {}});
        } else if (!out.empty() && line.size() > 1 && line[0] == '\t' && line[1] != '\t') {
            const auto colon = line.find(": ");
            if (colon != std::string::npos)
                out.back().fields.emplace(line.substr(1, colon - 1), line.substr(colon + 2));
        }
    }
    return out;
}

} // namespace domfw::test
