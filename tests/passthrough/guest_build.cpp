#include "guest_build.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sys/wait.h>
#include <unistd.h>

namespace domfw::test {

namespace fs = std::filesystem;

Ran build_guest(const fs::path& dir, const std::string& name, const std::string& config) {
    const fs::path cfg = dir / (name + ".cfg");
    std::ofstream(cfg) << config;
    return run(quoted(domfw_exe()) + " build " + quoted(cfg) + " -o " + quoted(dir / (name + ".out")));
}

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::vector<std::pair<std::string, std::string>> files_of(const fs::path& dir) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) {
            const auto b = read_bytes(e.path());
            out.emplace_back(fs::relative(e.path(), dir).string(), std::string(b.begin(), b.end()));
        }
    return out;
}

std::vector<fs::path> corpus_smbios_sources() {
    std::vector<fs::path> out;
    const fs::path root = shared_dir() / "corpus/smbios";
    if (!fs::is_directory(root)) return out;
    for (const auto& origin : fs::directory_iterator(root)) {
        if (!origin.is_directory()) continue;
        for (const auto& e : fs::directory_iterator(origin.path()))
            if (e.is_directory() || e.path().extension() != ".txt")
                out.push_back(e.path()); // a folder is a sysfs-style pair
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<fs::path> corpus_acpi_sources() {
    std::vector<fs::path> out;
    const fs::path root = shared_dir() / "corpus/acpi";
    if (!fs::is_directory(root)) return out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_regular_file() && e.path().filename() == "acpidump.txt") out.push_back(e.path());
        if (e.is_directory() && !fs::exists(e.path() / "acpidump.txt")) {
            for (const auto& f : fs::directory_iterator(e.path()))
                if (f.path().extension() == ".dat") {
                    out.push_back(e.path());
                    break;
                }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace domfw::test
