// Which xl.cfg keys exist: the ones the domain model interprets, the ones xl.cfg(5) documents
// (passed through untouched), and a "did you mean" for the rest.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace domfw::domain {

// Keys DomainConfig interprets.
[[nodiscard]] std::span<const std::string_view> model_keys();
// Keys documented in xl.cfg(5) for Xen 4.17/4.18 (x86 and Arm), modelled or not.
[[nodiscard]] std::span<const std::string_view> xl_keys();
[[nodiscard]] bool is_model_key(std::string_view key);
// The keys build_info.cpp reads into DomainConfig::settings (part of model_keys()).
[[nodiscard]] bool is_build_info_key(std::string_view key);
// Its family ("c_info", "b_info", "sched", "hvm", "display", "dm", "affinity", "io", "arm", "pvh"),
// or "" for a key outside build_info.cpp.
[[nodiscard]] std::string_view build_info_family(std::string_view key);
[[nodiscard]] bool is_xl_key(std::string_view key);

// Edit distance (bytes): insertions, deletions, substitutions and swaps of neighbours.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a distance that scales with the word's length, if any.
[[nodiscard]] std::optional<std::string> suggest(std::string_view word, std::span<const std::string_view> candidates);

} // namespace domfw::domain
