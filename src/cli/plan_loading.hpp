// Loading, interpreting and planning an xl.cfg, as `domfw plan`, `build` and `run` all begin.
#pragma once

#include <memory>
#include <string>

#include "cli/command.hpp"
#include "domain/load.hpp"
#include "plan/from_domain.hpp"
#include "plan/plan.hpp"

namespace domfw::cli {

struct Loaded {
    domain::LoadResult load;
    plan::DomainPlan input;
    plan::BuildPlan plan;
};

// Loads, interprets and plans FILE; prints diagnostics/errors and returns nullptr on failure
// (ctx.exit_code then says why).
[[nodiscard]] std::unique_ptr<Loaded> load_and_plan(const std::string& file, Context& ctx);

} // namespace domfw::cli
