#!/bin/sh
# Whole process, same run: `domfw build` of a typical HVM config with SMBIOS and ACPI
# pass-through (no large files) against `xl -N create` (Xen 4.17's dry run through
# ../shared/tools/xl-dryrun) on the xl.cfg domfw generates for it. Goal: domfw >= 2x faster.
# Usage: bench/build/build_vs_xl.sh [DOMFW_BINARY]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
domfw=${1:-$root/build/release/src/cli/domfw}
xl=$root/../shared/tools/xl-dryrun/xl_dryrun.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$domfw" build "$root/examples/hvm-passthrough.cfg" -o "$work/ref" >/dev/null
"$xl" "$work/ref/xl.cfg" >/dev/null 2>&1 || { echo "xl dry run unavailable" >&2; exit 2; }
hyperfine --warmup 3 --runs 30 -N \
  "$domfw build $root/examples/hvm-passthrough.cfg -o $work/out" \
  "$xl $work/ref/xl.cfg"
