#include "domain/module_spec.hpp"

namespace domfw::domain {

Expected<ModuleSpec> parse_module_spec(std::string_view entry) {
    ModuleSpec spec;
    bool have_path = false;
    std::size_t pos = 0;
    bool first = true;
    while (pos <= entry.size()) {
        auto rest = entry.substr(pos);
        if (rest.starts_with("cmdline=")) {
            spec.cmdline = std::string(rest.substr(8)); // takes the rest of the entry, commas included
            break;
        }
        auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        pos = comma == std::string_view::npos ? entry.size() + 1 : pos + comma + 1;
        auto eq = item.find('=');
        if (eq == std::string_view::npos) {
            if (!first)
                return fail("module entry \"{}\": \"{}\" is not key=value (only the first item may be a bare path)",
                            entry, item);
            if (item.empty()) return fail("module entry \"{}\": empty path", entry);
            spec.path = std::string(item);
            have_path = true;
        } else {
            auto key = item.substr(0, eq);
            auto value = item.substr(eq + 1);
            if (key != "path")
                return fail("module entry \"{}\": unknown key \"{}\" (expected path= or cmdline=)", entry, key);
            if (have_path) return fail("module entry \"{}\": the path is given twice", entry);
            if (value.empty()) return fail("module entry \"{}\": empty path", entry);
            spec.path = std::string(value);
            have_path = true;
        }
        first = false;
    }
    if (!have_path) return fail("module entry \"{}\": no path (write \"path=FILE\" or a bare FILE)", entry);
    return spec;
}

} // namespace domfw::domain
