// Shared helpers of the ACPI tests: corpus location, temp dirs, running a peer tool.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace domfw::acpi::testing {

inline std::filesystem::path corpus_acpi() { return std::filesystem::path(DOMFW_SHARED_DIR) / "corpus" / "acpi"; }

inline bool have_corpus() { return std::filesystem::is_directory(corpus_acpi()); }

// Every acpidump.txt of the corpus, sorted.
inline std::vector<std::filesystem::path> corpus_dumps() {
    std::vector<std::filesystem::path> out;
    if (!have_corpus()) return out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(corpus_acpi())) {
        if (e.is_regular_file() && e.path().filename() == "acpidump.txt") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline bool have_tool(const char* name) {
    std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

// A fresh temporary directory removed at scope exit.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "domfw-acpi-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Runs a shell command, returning its stdout+stderr (never printed by the caller for MSDM).
inline std::string run(const std::string& cmd, int* status = nullptr) {
    std::string out;
    FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    int rc = ::pclose(p);
    if (status != nullptr) *status = rc;
    return out;
}

inline std::string quote(const std::filesystem::path& p) {
    std::string s = "'";
    for (char c : p.string()) {
        if (c == '\'')
            s += "'\\''";
        else
            s.push_back(c);
    }
    return s + "'";
}

} // namespace domfw::acpi::testing
