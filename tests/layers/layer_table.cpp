#include "layer_table.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <string_view>

namespace domfw::layers {
namespace {
namespace fs = std::filesystem;

struct Layer {
    std::string_view name;
    std::vector<std::string_view> depends_on; // DESIGN.md's "may depend on" column
};

// DESIGN.md, "Layers and folders". `support` (hosted utilities: diagnostics, files, hashing) is
// listed for the hosted readers that use it; it sits above them in the table.
const std::array<Layer, 15> kTable{{
    {"abi", {}},
    {"core", {"abi"}},
    {"support", {"core"}},
    {"cfg", {"support"}},
    {"domain", {"cfg"}},
    {"smbios", {"core", "support"}},
    {"acpi", {"core", "support"}},
    {"hostfw", {"smbios", "acpi"}},
    {"module", {"core", "hostfw"}},
    {"plan", {"module", "domain"}},
    {"emit", {"plan"}},
    {"run", {"emit"}},
    {"cli", {"run"}},
    {"capi", {"emit"}},
    {"loader", {"abi", "core"}},
}};

const Layer* find_layer(std::string_view name) {
    const auto* it = std::find_if(kTable.begin(), kTable.end(), [&](const Layer& l) { return l.name == name; });
    return it == kTable.end() ? nullptr : it;
}

// Everything `layer` may include: itself and what it depends on, through any number of steps.
std::set<std::string_view> reachable(const Layer& layer) {
    std::set<std::string_view> seen{layer.name};
    std::vector<const Layer*> todo{&layer};
    while (!todo.empty()) {
        const Layer* l = todo.back();
        todo.pop_back();
        for (std::string_view d : l->depends_on)
            if (seen.insert(d).second) todo.push_back(find_layer(d));
    }
    return seen;
}

std::string joined(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::string_view n : names)
        out.append(out.empty() ? "" : ", ").append(n);
    return out.empty() ? "nothing" : out;
}

// The layer an include names: "core/x.hpp" -> core, "domfw/abi/x.h" -> abi; none for the
// standard library, third-party headers and same-folder includes.
std::optional<std::string_view> included_layer(std::string_view path) {
    if (path.starts_with("domfw/abi/")) return "abi";
    const std::size_t slash = path.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const Layer* l = find_layer(path.substr(0, slash));
    if (l == nullptr) return std::nullopt;
    return l->name;
}

bool is_source(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".cpp" || ext == ".hpp" || ext == ".c" || ext == ".h";
}

void check_file(const fs::path& root, const fs::path& file, const Layer& layer, std::vector<std::string>& out) {
    static const std::regex kInclude(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
    const std::set<std::string_view> allowed = reachable(layer);
    std::ifstream in(file);
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        std::smatch m;
        if (!std::regex_search(line, m, kInclude)) continue;
        const std::string target = m[1].str();
        const auto to = included_layer(target);
        if (!to || allowed.contains(*to)) continue;
        out.push_back(fs::relative(file, root).generic_string() + ":" + std::to_string(number) + ": #include \"" +
                      target + "\": " + std::string(layer.name) + " may not include " + std::string(*to) + " (" +
                      std::string(layer.name) + " may depend on: " + joined(layer.depends_on) + ")");
    }
}

void check_tree(const fs::path& root, const fs::path& dir, const Layer& layer, std::vector<std::string>& out) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && is_source(e.path())) check_file(root, e.path(), layer, out);
}

} // namespace

std::vector<std::string> check_includes(const fs::path& root) {
    std::vector<std::string> out;
    if (fs::is_directory(root / "include/domfw/abi"))
        check_tree(root, root / "include/domfw/abi", *find_layer("abi"), out);
    if (fs::is_directory(root / "loader")) check_tree(root, root / "loader", *find_layer("loader"), out);
    if (fs::is_directory(root / "src")) {
        for (const auto& e : fs::directory_iterator(root / "src")) {
            if (!e.is_directory()) continue;
            const std::string name = e.path().filename().string();
            const Layer* layer = find_layer(name);
            if (layer == nullptr || layer->name == "abi" || layer->name == "loader")
                out.push_back("src/" + name + ": folder " + name + " is not in DESIGN.md's layer table");
            else
                check_tree(root, e.path(), *layer, out);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace domfw::layers
