// Deterministic generator of xl.cfg texts that exercise every key the domain model covers, valid
// and invalid values alike (half the seeds all-valid, the rest with one to three keys drawn
// invalid): the input of the differential test against `xl -N create`, the fuzz target and the
// benchmark. Same seed, same text.
#pragma once

#include <cstdint>
#include <string>

namespace domfw::generators {

struct GeneratorOptions {
    bool smbios = true;     // Xen 4.18 `smbios = [...]` (4.17's xl ignores it)
    bool modules = false;   // domfw's `modules = [...]` (xl ignores it)
    bool devices = true;    // valid `disk`/`vif` entries (passed through)
    bool build_keys = true; // every other key of src/domain/build_info.cpp
};

[[nodiscard]] std::string generate_config(std::uint64_t seed, const GeneratorOptions& options = {});

} // namespace domfw::generators
