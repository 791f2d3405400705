// Decodes a module or a bundle for people and scripts (`domfw module inspect`). Secrets stay
// masked: an MSDM table (its body is a product key) shows only its length and SHA-256 unless
// show_secrets is set.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/byte_reader.hpp"
#include "support/error.hpp"

namespace domfw::module {

struct InspectOptions {
    bool show_secrets = false;
};

// Validates `bytes` (a module or a bundle, decided by the signature) and describes it. Trailing
// bytes after a standalone module or bundle are an error.
[[nodiscard]] Expected<nlohmann::ordered_json> inspect(core::Bytes bytes, const InspectOptions& options);

// The same as human-readable text.
[[nodiscard]] std::string render_inspection(const nlohmann::ordered_json& j);

[[nodiscard]] const char* module_type_name(std::uint16_t type);

} // namespace domfw::module
