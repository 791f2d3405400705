// The entry syntax of `modules = [...]`, in the style of xl's disk specs (xl-disk-configuration):
//   "path=FILE,cmdline=TEXT"   key=value pairs separated by commas
//   "FILE" / "FILE,cmdline=X"  a first item without '=' is the path
// `cmdline=` must come last and takes the rest of the entry, commas included (like the disk
// spec's `target=`), so a guest command line needs no escaping.
#pragma once

#include <string>
#include <string_view>

#include "support/error.hpp"

namespace domfw::domain {

struct ModuleSpec {
    std::string path;
    std::string cmdline;
};

[[nodiscard]] Expected<ModuleSpec> parse_module_spec(std::string_view entry);

} // namespace domfw::domain
