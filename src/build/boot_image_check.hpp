// The image a PVH guest starts, checked where the config names it, so that `domfw check` (and
// `plan`/`build`, before they plan) refuses a kernel the planner cannot start as
// `FILE:LINE:COL: error: ...` with a caret, not as a plan failure without a line.
#pragma once

#include "domain/load.hpp"
#include "support/diagnostic.hpp"

namespace domfw::build {

// For a PVH guest booted directly (`kernel`, or `modules[0]`) or through pvgrub (`firmware`):
// the image must be an ELF file read_elf_image accepts and carry XEN_ELFNOTE_PHYS32_ENTRY.
// Appends one error per problem to `out`, at the value that names the file; never quotes the
// file's bytes. A missing file is domain::load's to report, so it is skipped here.
void check_boot_image(const domain::LoadResult& loaded, support::Diagnostics& out);

} // namespace domfw::build
