// An xl.cfg given as text to the C API, loaded as `domfw build` loads a file: parsed,
// interpreted with xl's rules and the plan layer's extension keys, its paths resolved against the
// folder of the name it was given.
#pragma once

#include <cstdint>
#include <optional>

#include "capi/handles.hpp"
#include "domain/load.hpp"

namespace domfw::capi {

// What counts as an error: everything `domfw build` refuses (the domain's rules, the plan keys,
// the boot image), or only what the pass-through policy reads (the syntax and the plan keys): a
// policy given as a few keys is not a whole domain, which would lack a name and a kernel.
enum class Checks : std::uint8_t { build, policy };

// The loaded config, or nullopt with DOMFW_E_INVALID_INPUT on ctx: every error diagnostic,
// rendered as the command prints them ("FILE:LINE:COL: error: ...", the source line, a caret).
[[nodiscard]] std::optional<domain::LoadResult> load_config(domfw_ctx* ctx, const char* function, std::string_view text,
                                                            const char* file, const domain::LoadOptions& options,
                                                            Checks checks);

} // namespace domfw::capi
