#!/bin/sh
# Whole process, same hyperfine run: `domfw build` (and --sync) of the typical HVM config by two
# domfw binaries side by side, e.g. the last release and this tree, with `xl -N create` for scale.
# Prints each command's median and the medians of its first and last quarter of runs (a cost
# that grows over a loop, as inode allocation can, shows there).
# Usage: bench/plan/build_two_binaries.sh OLD NEW [ab|ba]   RUNS=N (default 150), TMPDIR: where DIR is
set -eu
old=$1; new=$2; order=${3:-ab}; runs=${RUNS:-150}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dryrun=$root/../shared/tools/xl-dryrun/xl_dryrun.sh
xl=/usr/lib/xen-4.17/bin/xl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -shared -fPIC -o "$work/xlshim.so" "$root/../shared/tools/xl-dryrun/xlshim.c"
cfg=$root/examples/hvm-passthrough.cfg
"$new" build "$cfg" -o "$work/ref" >/dev/null
O="$old build $cfg -o $work/old"; N="$new build $cfg -o $work/new"
OS="$old build --sync $cfg -o $work/old-sync"; NS="$new build --sync $cfg -o $work/new-sync"
if [ "$order" = ab ]; then
  set -- "$O" "$N" "$OS" "$NS"; names="old new old--sync new--sync"
else
  set -- "$N" "$O" "$NS" "$OS"; names="new old new--sync old--sync"
fi
LD_PRELOAD=$work/xlshim.so hyperfine --export-json "$work/r.json" --warmup 5 --runs "$runs" -N "$@" \
  "$dryrun $work/ref/xl.cfg" "$xl -N create -f $work/ref/xl.cfg" >/dev/null 2>&1
# shellcheck disable=SC2086
python3 - "$work/r.json" $names <<'PY'
import json, sys, statistics as st
r = json.load(open(sys.argv[1]))["results"]
names = sys.argv[2:] + ["xl_dryrun.sh", "xl -N create (shim)"]
for n, x in zip(names, r):
    t = [v * 1e3 for v in x["times"]]
    q = max(1, len(t) // 4)
    print(f"{n:<20} median {st.median(t):7.3f} ms  first quarter {st.median(t[:q]):7.3f}  last quarter {st.median(t[-q:]):7.3f}")
PY
