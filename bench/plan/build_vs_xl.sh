#!/bin/sh
# Whole process, same run: `domfw build` of a typical HVM config with SMBIOS and ACPI
# pass-through (no large files) against `xl -N create` (Xen 4.17's dry run) on the xl.cfg domfw
# generates for it. Goal: domfw >= 2x faster.
# xl is timed two ways: `xl_dryrun.sh` (../shared/tools/xl-dryrun, the documented way to run the
# dry run here: a shell script that finds the cached shim and execs xl through env) and the xl
# binary itself with the shim preloaded (no wrapper at all). domfw is timed as it runs by default
# (atomic: staged, then renamed into place; not flushed, like libxl's own state) and with --sync
# (one syncfs before the rename: the output also survives a power loss).
# Usage: bench/plan/build_vs_xl.sh [DOMFW_BINARY]   RUNS=N (default 100)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
domfw=${1:-$root/build/release/src/cli/domfw}
dryrun=$root/../shared/tools/xl-dryrun/xl_dryrun.sh
xl=/usr/lib/xen-4.17/bin/xl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -shared -fPIC -o "$work/xlshim.so" "$root/../shared/tools/xl-dryrun/xlshim.c"
"$domfw" build "$root/examples/hvm-passthrough.cfg" -o "$work/ref" >/dev/null
"$dryrun" "$work/ref/xl.cfg" >/dev/null 2>&1 || { echo "xl dry run unavailable" >&2; exit 2; }
# LD_PRELOAD reaches xl only: domfw is static and xl_dryrun.sh sets its own.
LD_PRELOAD=$work/xlshim.so hyperfine --export-json "$work/r.json" --warmup 3 --runs "${RUNS:-100}" -N \
  "$domfw build $root/examples/hvm-passthrough.cfg -o $work/out" \
  "$domfw build --sync $root/examples/hvm-passthrough.cfg -o $work/out2" \
  "$dryrun $work/ref/xl.cfg" \
  "$xl -N create -f $work/ref/xl.cfg" >/dev/null 2>&1
python3 - "$work/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = ["domfw build", "domfw build --sync", "xl_dryrun.sh", "xl -N create (shim preloaded)"]
m = [x["median"] * 1e3 for x in r]
cpu = [(x["user"] + x["system"]) * 1e3 for x in r]
for n, v, c in zip(names, m, cpu):
    print(f"{n:<30} median {v:7.3f} ms  mean user+sys {c:6.3f} ms")
for i in (0, 1):
    for j in (2, 3):
        print(f"{names[j]} / {names[i]}: {m[j] / m[i]:.2f}x (wall medians)")
PY
