// The keys `domfw plan` and `domfw build` read beyond xl's (build_extension_keys(): module
// placement and the pass-through policy), checked where the user wrote them, so `domfw check`
// reports a mistyped type range or a refused table as `FILE:LINE:COL: error: ...` with a caret,
// before anything reads host firmware.
#pragma once

#include "domain/load.hpp"
#include "support/diagnostic.hpp"

namespace domfw::plan {

// Appends one diagnostic per problem to `out`: a value of the wrong kind, an unknown
// module_placement, an SMBIOS type range or ACPI selector the policy refuses, a missing
// firmware_source, smbios_copy_identity other than 0/1, a policy key together with the xl file
// key it would replace, and policy keys on a PV guest (warning: nothing to pass them to).
void check_plan_keys(const domain::LoadResult& loaded, support::Diagnostics& out);

// Reads the firmware source and applies the pass-through policy as `build` will, so a config
// `check` passes does not fail `build` over the host's firmware: its failure becomes an error and
// its warnings (a requested SMBIOS type the source lacks, ...) warnings, at the policy key they
// concern. Does nothing when the config has no pass-through key or `loaded` already has errors.
void check_passthrough_source(const domain::LoadResult& loaded, support::Diagnostics& out);

} // namespace domfw::plan
