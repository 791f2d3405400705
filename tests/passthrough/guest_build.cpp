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

Ran run(const std::string& command) {
    Ran r;
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (p == nullptr) return r;
    char buf[4096];
    while (const std::size_t n = fread(buf, 1, sizeof buf, p))
        r.output.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string quoted(const fs::path& p) {
    std::string out = "'";
    for (char c : p.string())
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

fs::path domfw_exe() { return fs::path(DOMFW_BINARY_DIR) / "src/cli/domfw"; }
fs::path shared_dir() { return fs::path(DOMFW_SHARED_DIR); }

TempDir::TempDir(const std::string& name)
    : path_(fs::temp_directory_path() / ("domfw-pt-" + std::to_string(::getpid())) / name) {
    fs::remove_all(path_);
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
    fs::remove(path_.parent_path(), ec); // only when empty
}

Ran build_guest(const fs::path& dir, const std::string& name, const std::string& config) {
    const fs::path cfg = dir / (name + ".cfg");
    std::ofstream(cfg) << config;
    // A PVH guest with pass-through boots through domfw-loader.elf; until it is built, a PVH ELF
    // at 1 MiB from the examples stands in for it (docs/plan.md, "Finding the loader").
    const char* loader = std::getenv("DOMFW_LOADER");
    const std::string env =
        loader != nullptr
            ? std::string()
            : "DOMFW_LOADER=" + quoted(fs::path(DOMFW_SOURCE_DIR) / "examples/firmware/pvh-kernel.elf") + " ";
    return run(env + "NO_COLOR=1 " + quoted(domfw_exe()) + " build " + quoted(cfg) + " -o " +
               quoted(dir / (name + ".out")));
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
