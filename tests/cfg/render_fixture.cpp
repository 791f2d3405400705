// Prints the rendered diagnostics of each file named on the command line, as malformed_test.cpp
// expects them (a helper to write the table; review every line before committing it).
#include <cstdio>
#include <filesystem>

#include "cfg/document.hpp"
#include "support/files.hpp"

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path p(argv[i]);
        auto text = domfw::support::read_text_file(p);
        if (!text) return 1;
        auto r = domfw::cfg::parse(*text, p.filename().string());
        std::string out = p.filename().string() + "\x1e" + r.diagnostics.render_all(r.source()) + "\x1f";
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return 0;
}
