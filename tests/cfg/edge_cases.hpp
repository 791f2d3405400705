// Hand-written inputs, at least one per row of XEN-FACTS.md §5 (and the end-of-file quirks found
// by probing libxlutil). Shared by the differential test and the property test.
#pragma once

#include <string>
#include <vector>

namespace domfw::cfg::testing {

[[nodiscard]] const std::vector<std::string>& edge_cases();

} // namespace domfw::cfg::testing
