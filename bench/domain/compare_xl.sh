#!/bin/sh
# Whole-process comparison, same run: `domfw show --libxl-json FILE` against `xl -N create FILE`
# (Debian's xl 4.17 through ../shared/tools/xl-dryrun) on the same configs, with hyperfine.
# Usage: bench/domain/compare_xl.sh [BUILD_DIR]   (default build/release; build it first:
#        cmake --preset release && cmake --build --preset release -j2)
# Each command runs over the same N configs (the corpus files xl accepts plus generated ones),
# one process per config, so the mean is N process runs; the ratio is what matters.
set -eu
here=$(dirname "$(readlink -f "$0")")
src=$(readlink -f "$here/../..")
build=${1:-$src/build/release}
domfw=$build/src/cli/domfw
xl_dryrun=$src/../shared/tools/xl-dryrun/xl_dryrun.sh
[ -x "$domfw" ] || { echo "no $domfw: build the release preset first" >&2; exit 2; }
[ -x "$xl_dryrun" ] || xl_dryrun=/work/shared/tools/xl-dryrun/xl_dryrun.sh
[ -x "$xl_dryrun" ] || { echo "xl_dryrun.sh not found (../shared missing)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Configs both tools accept: the examples from Xen's tree and a few typical guests.
cp "$src/../shared/corpus/xlcfg/xen-project-xen/xlexample.hvm" "$src/../shared/corpus/xlcfg/xen-project-xen/xlexample.pvlinux" \
   "$src/../shared/corpus/xlcfg/xen-project-xen/xlexample.pvhlinux" "$work/" 2>/dev/null || true
i=0
for t in pv pvh hvm; do
  for m in 256 512 1024; do
    i=$((i+1))
    cat >"$work/gen$i.cfg" <<CFG
name = "bench$i"
type = "$t"
memory = $m
maxmem = $((m*2))
vcpus = 2
on_crash = "preserve"
kernel = "/boot/vmlinuz"
ramdisk = "/boot/initrd.img"
cmdline = "root=/dev/xvda1 ro console=hvc0"
disk = [ "phy:/dev/vg/bench$i,xvda,w" ]
vif = [ "bridge=xenbr0" ]
CFG
  done
done
n=$(ls "$work" | wc -l)
# Warm the shim cache (xl_dryrun.sh compiles it on first use).
"$xl_dryrun" "$work/gen1.cfg" >/dev/null 2>&1
shim=$(ls "${XDG_CACHE_HOME:-$HOME/.cache}"/xl-dryrun/xlshim-*.so | head -1)
echo "configs: $n (each command runs once per config)"
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-json "${EXPORT:-$work/result.json}" \
  -n domfw "sh -c 'for f in $work/*; do $domfw show --libxl-json \$f >/dev/null 2>&1; done'" \
  -n xl-direct "sh -c 'for f in $work/*; do LD_PRELOAD=$shim /usr/lib/xen-4.17/bin/xl -N create -f \$f >/dev/null 2>&1; done'" \
  -n xl_dryrun.sh "sh -c 'for f in $work/*; do $xl_dryrun \$f >/dev/null 2>&1; done'"
python3 - "${EXPORT:-$work/result.json}" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
d = r["domfw"]["median"]
for name in ("xl-direct", "xl_dryrun.sh"):
    x = r[name]["median"]
    print(f"median domfw {d*1000:.1f} ms, {name} {x*1000:.1f} ms: domfw is {x/d:.1f}x faster")
PY
