// The plan for people (a table) and for scripts (JSON).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plan/plan.hpp"

namespace domfw::emit {

[[nodiscard]] std::string plan_table(const plan::BuildPlan& plan);
[[nodiscard]] nlohmann::ordered_json plan_json(const plan::BuildPlan& plan);
// "4 KiB", "1.5 MiB", "3 GiB": sizes for people.
[[nodiscard]] std::string human_size(std::uint64_t bytes);

} // namespace domfw::emit
