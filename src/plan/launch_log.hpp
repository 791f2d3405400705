// Measurements: the SHA-256 of every component the toolstack loads, in load order, plus a
// running TPM-style chain (chain_n = SHA-256(chain_{n-1} || digest_n), chain_0 = 32 zero
// bytes), so a verifier can replay the log against what it finds in guest memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/byte_reader.hpp"
#include "plan/plan.hpp"
#include "support/sha256.hpp"

namespace domfw::plan {

struct Measurement {
    std::string name;
    std::string kind; // loader, kernel, module, start_info, hvm_info
    std::uint64_t paddr = 0;
    std::uint64_t size = 0;
    support::Sha256Digest digest{};
};

// `image` is the loader (HVM) or kernel (PVH) file; `module_digests` the modules' SHA-256 in
// plan order (computed by the caller while it reads them, so big files are read once).
[[nodiscard]] Expected<std::vector<Measurement>> measure_plan(const BuildPlan& plan, const std::string& image_name,
                                                              core::Bytes image,
                                                              const std::vector<support::Sha256Digest>& module_digests);

[[nodiscard]] nlohmann::ordered_json launch_log_json(const std::vector<Measurement>& log);

} // namespace domfw::plan
