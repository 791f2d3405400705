#include "generator.hpp"

namespace domfw::cfg::testing {

namespace {

const char* const kKeys[] = {"a",        "b",  "name", "memory",  "disk",  "vif",   "extra", "kernel", "x.y", "k_2",
                             "on_crash", "a0", "pci",  "cmdline", "b.c.d", "vcpus", "z9._",  "type",   "d",   "e"};

std::string number(Rng& rng) {
    static const char* const kNumbers[] = {
        "0",  "1", "42", "010", "0x10", "0xff", "1e3", "0x", "08", "0xx", "123abc", "4096", "9999999999999999999999",
        "00", "7"};
    return kNumbers[rng.below(sizeof kNumbers / sizeof kNumbers[0])];
}

std::string string_value(Rng& rng) {
    const char quote = rng.chance(50) ? '"' : '\'';
    std::string s(1, quote);
    const std::size_t n = rng.below(12);
    for (std::size_t i = 0; i < n; ++i) {
        switch (rng.below(12)) {
        case 0: {
            static const char* const kEsc[] = {"\\\"", "\\'", "\\\\", "\\a", "\\b", "\\f", "\\n", "\\r", "\\t", "\\v"};
            s += kEsc[rng.below(10)];
            break;
        }
        case 1: s += quote == '"' ? '\'' : '"'; break; // the other quote needs no escape
        case 2: s += static_cast<char>(0x80 + rng.below(0x80)); break;
        case 3: s += " #,[];=+-.():"[rng.below(13)]; break;
        case 4: s += "\t\r\x01\x7f"[rng.below(4)]; break;
        case 5:
            // Rarely an octal escape: libxlutil drops 2+-digit ones, domfw rejects all (docs/cfg.md).
            if (rng.chance(3))
                s += rng.chance(50) ? "\\101" : "\\7 1";
            else
                s += 'q';
            break;
        default: s += "abcXYZ019/_:,= "[rng.below(15)]; break;
        }
    }
    s += quote;
    return s;
}

std::string blanks(Rng& rng) {
    switch (rng.below(6)) {
    case 0: return "";
    case 1: return "\t";
    case 2: return "  ";
    default: return " ";
    }
}

std::string comment(Rng& rng) {
    static const char* const kText[] = {"# c", "#", "# a = 1", "#\t\"'[", "# \r", "# ünï"};
    return kText[rng.below(6)];
}

// Newlines, comments and blanks allowed between list elements (nlok in libxlutil's grammar).
std::string nlok(Rng& rng) {
    std::string s = blanks(rng);
    while (rng.chance(20)) {
        if (rng.chance(40)) s += comment(rng);
        s += "\n";
        s += blanks(rng);
    }
    return s;
}

std::string value(Rng& rng, int depth, int kind) { // kind: 0 any, 1 scalar, 2 list
    const bool list = kind == 2 || (kind == 0 && depth < 3 && rng.chance(depth == 0 ? 35 : 20));
    if (!list) return rng.chance(40) ? number(rng) : string_value(rng);
    std::string s = "[";
    s += nlok(rng);
    const std::size_t n = rng.below(5);
    for (std::size_t i = 0; i < n; ++i) {
        if (i != 0) {
            s += ',';
            s += nlok(rng);
        }
        s += value(rng, depth + 1, 0);
        s += nlok(rng);
    }
    if (n != 0 && rng.chance(30)) {
        s += ',';
        s += nlok(rng);
    }
    s += "]";
    return s;
}

} // namespace

const std::vector<std::string>& generator_keys() {
    static const std::vector<std::string> keys(std::begin(kKeys), std::end(kKeys));
    return keys;
}

std::string generate_config(Rng& rng, bool clashes) {
    std::string out;
    // Kind per key so that `+=` stays compatible unless clashes are wanted.
    int kinds[sizeof kKeys / sizeof kKeys[0]] = {};
    const std::size_t statements = rng.below(9);
    for (std::size_t i = 0; i < statements; ++i) {
        out += blanks(rng);
        if (rng.chance(15)) {
            out += comment(rng);
            out += '\n';
            continue;
        }
        if (rng.chance(8)) {
            out += rng.chance(50) ? "\n" : ";\n";
            continue;
        }
        const std::size_t k = rng.below(sizeof kKeys / sizeof kKeys[0]);
        bool append = rng.chance(30);
        int kind = 0;
        if (append && kinds[k] != 0 && !(clashes && rng.chance(30))) kind = kinds[k];
        std::string v = value(rng, 0, kind);
        const int actual = v[0] == '[' ? 2 : 1;
        if (!append || kinds[k] == 0) kinds[k] = actual;
        // Appends one piece at a time: GCC 12 -O2 warns falsely (-Wrestrict) on chained string +.
        out += kKeys[k];
        out += blanks(rng);
        out += append ? "+=" : "=";
        out += blanks(rng);
        out += v;
        out += blanks(rng);
        if (rng.chance(15)) {
            out += comment(rng);
            out += '\n';
        } else if (rng.chance(15)) {
            out += ';';
            out += blanks(rng);
            if (rng.chance(50)) out += '\n';
        } else {
            out += '\n';
        }
    }
    // The last line may lack its newline (libxlutil accepts a final assignment without one).
    if (!out.empty() && out.back() == '\n' && rng.chance(20)) {
        out.pop_back();
        if (!out.empty() && out.back() == ';') out.pop_back();
        const auto line_start = out.rfind('\n');
        const auto hash = out.find('#', line_start == std::string::npos ? 0 : line_start);
        if (hash != std::string::npos) out += "\n"; // a comment there would be an error
    }
    return out;
}

std::string mutate(Rng& rng, std::string text, unsigned nul_percent) {
    static const char kBytes[] = "\r\n\"'\\,[];#+-.():=A_Zx07 \t9af";
    const std::size_t edits = 1 + rng.below(4);
    for (std::size_t e = 0; e < edits; ++e) {
        const std::size_t at = rng.below(text.size() + 1);
        switch (rng.below(6)) {
        case 0:
        case 1: {
            char c = kBytes[rng.below(sizeof kBytes - 1)];
            if (rng.chance(nul_percent)) c = '\0';
            if (rng.chance(3)) c = static_cast<char>(0xc3);
            text.insert(at, 1, c);
            break;
        }
        case 2:
            if (at < text.size()) text.erase(at, 1 + rng.below(3));
            break;
        case 3:
            if (at < text.size()) text.insert(at, text.substr(at, 1 + rng.below(8)));
            break;
        case 4: text.resize(at); break;
        default:
            if (at < text.size()) text[at] = kBytes[rng.below(sizeof kBytes - 1)];
            break;
        }
    }
    return text;
}

} // namespace domfw::cfg::testing
