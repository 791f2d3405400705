// The image a PVH guest starts, checked where the config names it, so that `domfw check` (and
// `plan`/`build`, before they plan) refuses a kernel the planner cannot start as
// `FILE:LINE:COL: error: ...` with a caret, not as a plan failure without a line.
#pragma once

#include "domain/load.hpp"
#include "support/diagnostic.hpp"

namespace domfw::plan {

// What the planner requires of the files a PVH or HVM guest boots, for the files the config
// names: a PVH guest's kernel (`kernel` or `modules[0]`) or pvgrub image (`firmware`) is an ELF
// file read_elf_image accepts with XEN_ELFNOTE_PHYS32_ENTRY; an HVM `firmware = PATH` or
// `firmware_override` is an ELF loading at hvmloader's 1 MiB; no ramdisk or module is empty.
// Appends one error per problem to `out`, at the value that names the file; never quotes the
// file's bytes. A missing file is domain::load's to report, so it is skipped here.
void check_boot_image(const domain::LoadResult& loaded, support::Diagnostics& out);

} // namespace domfw::plan
