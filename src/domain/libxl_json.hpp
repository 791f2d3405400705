// The libxl_domain_config JSON that `xl -N create FILE` prints (XEN-FACTS.md §3), for the fields
// the model covers: libxl's field names and order, fields at their default omitted, enums as
// lowercase strings, booleans "True"/"False", memory in KiB. Paths are the resolved ones
// (docs/differences-from-xl.md). Devices: devices/libxl_json.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/domain_config.hpp"

namespace domfw::domain {

[[nodiscard]] nlohmann::ordered_json to_libxl_json(const DomainConfig& c);

// The interpreted model (`domfw show --json`): every field with its key and line.
[[nodiscard]] nlohmann::ordered_json to_model_json(const DomainConfig& c);

} // namespace domfw::domain
