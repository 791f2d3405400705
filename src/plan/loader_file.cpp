#include "plan/loader_file.hpp"

#include <sys/stat.h>

#include <cstdlib>

#include <fmt/format.h>

namespace domfw::plan {
namespace {

namespace fs = std::filesystem;

bool regular(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void add_unique(std::vector<fs::path>& v, fs::path p) {
    p = p.lexically_normal();
    for (const auto& q : v)
        if (q == p) return;
    v.push_back(std::move(p));
}

} // namespace

std::vector<fs::path> loader_search_path() {
    std::vector<fs::path> out;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.has_parent_path()) {
        const fs::path dir = exe.parent_path();
        add_unique(out, dir / kLoaderFileName);
        add_unique(out, dir.parent_path() / "lib/domfw" / kLoaderFileName);
        add_unique(out, dir.parent_path() / "share/domfw" / kLoaderFileName);
    }
#ifdef DOMFW_INSTALL_PREFIX
    add_unique(out, fs::path(DOMFW_INSTALL_PREFIX) / "lib/domfw" / kLoaderFileName);
    add_unique(out, fs::path(DOMFW_INSTALL_PREFIX) / "share/domfw" / kLoaderFileName);
#endif
    return out;
}

Expected<fs::path> find_loader() {
    // An override wins, and names exactly one file: a typo must not fall back to another loader.
    if (const char* env = std::getenv("DOMFW_LOADER"); env != nullptr && *env != '\0') {
        if (!regular(env)) return fail("DOMFW_LOADER names '{}', which is not a regular file", env);
        return fs::path(env);
    }
    const auto places = loader_search_path();
    for (const auto& p : places)
        if (regular(p)) return p;
    std::string list;
    for (const auto& p : places)
        list += (list.empty() ? "" : ", ") + p.string();
    return fail("{} not found (looked in {}); build the loader target or set DOMFW_LOADER to its path", kLoaderFileName,
                list.empty() ? std::string("no place: /proc/self/exe is unreadable") : list);
}

} // namespace domfw::plan
