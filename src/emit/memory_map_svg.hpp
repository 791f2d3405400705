// The guest memory map as an SVG a person can read: address 0 at the bottom, each region a
// band whose height is proportional to its size (16 KiB per pixel) between a minimum that
// keeps its label legible and a maximum; a band drawn shorter than its size gets a zig-zag
// "axis break" so the picture never pretends to be to scale where it is not.
#pragma once

#include <string>

#include "plan/plan.hpp"

namespace domfw::emit {

[[nodiscard]] std::string memory_map_svg(const plan::BuildPlan& plan, const std::string& title);

} // namespace domfw::emit
