// The xenstore keys as text (xenstore.txt, plan.txt): one `key = "value"` line each.
#pragma once

#include <string>
#include <string_view>

#include "support/error.hpp"

namespace domfw::plan {

// `key = "value"` (no newline), the value quoted as the xl.cfg writer quotes strings
// (cfg::quote): an `smbios = [...]` value holding a quote or a newline stays one line instead of
// forging more keys. Fails on a NUL byte, which no parsed config can hold.
[[nodiscard]] Expected<std::string> xenstore_line(std::string_view key, std::string_view value);

} // namespace domfw::plan
