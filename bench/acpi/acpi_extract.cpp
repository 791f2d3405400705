// acpi_extract SOURCE [--json|--text]: what `acpixtract -a` does, done by domfw: read an ACPI
// source (acpidump text, table directory, table file; detected), check every table, and write
// each one into the current directory under its Linux sysfs name. With --json or --text, print
// the report instead. Used by compare_acpixtract.sh for the whole-process comparison.
#include <cstdio>
#include <cstring>
#include <string>

#include "acpi/report.hpp"
#include "hostfw/acpi_sources.hpp"
#include "support/files.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: acpi_extract SOURCE [--json|--text]\n");
        return 2;
    }
    bool json = argc > 2 && std::strcmp(argv[2], "--json") == 0;
    bool text = argc > 2 && std::strcmp(argv[2], "--text") == 0;
    auto set = domfw::hostfw::read_acpi(argv[1]);
    if (!set) {
        std::fprintf(stderr, "acpi_extract: %s\n", set.error().message.c_str());
        return 1;
    }
    if (text) {
        std::string out = domfw::acpi::render_text(*set, {});
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    if (json) {
        std::string out = domfw::acpi::to_json(*set, {}).dump(2);
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fputc('\n', stdout);
        return 0;
    }
    for (const auto& [name, bytes] : domfw::acpi::sysfs_files(*set)) {
        // Plain writes like acpixtract's (no fsync): the comparison is about reading and checking.
        std::string file = name;
        for (char& c : file) {
            if (c == '/') c = '_';
        }
        FILE* f = std::fopen(file.c_str(), "wb");
        if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
            std::fprintf(stderr, "acpi_extract: cannot write %s\n", file.c_str());
            return 1;
        }
        std::fclose(f);
    }
    std::printf("%zu ACPI tables written\n", set->size());
    return 0;
}
