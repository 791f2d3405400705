#!/bin/sh
# Whole-process comparison, same run: `domfw show --libxl-json FILE` against `xl -N create FILE`
# (Debian's xl 4.17 with ../shared/tools/xl-dryrun's LD_PRELOAD shim, which fakes the hypervisor
# handles xl opens before its dry run) on the same configs.
# Usage: bench/domain/compare_xl.sh [BUILD_DIR]   (default build/release, the static build:
#        cmake --preset release && cmake --build --preset release -j2 --target domfw)
# For every config, hyperfine runs the commands directly (-N: no shell in between), alternating,
# and we report the wall-time medians, the mean CPU time (user + system) and their ratios, then the instruction counts of one run of each
# (callgrind; stable on a noisy shared machine where wall times are not).
# LD_PRELOAD is exported to hyperfine itself so that xl is started without an `env` wrapper; the
# static domfw has no dynamic loader and is unaffected by it.
set -eu
here=$(dirname "$(readlink -f "$0")")
src=$(readlink -f "$here/../..")
build=${1:-$src/build/release}
domfw=$build/src/cli/domfw
xl=/usr/lib/xen-4.17/bin/xl
shim_src=$src/../shared/tools/xl-dryrun/xlshim.c
dryrun=$src/../shared/tools/xl-dryrun/xl_dryrun.sh
[ -x "$domfw" ] || { echo "no $domfw: build the release preset first" >&2; exit 2; }
[ -f "$shim_src" ] || { echo "$shim_src not found (../shared missing)" >&2; exit 2; }
[ -x "$xl" ] || { echo "xen-utils-4.17 is not installed" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -shared -fPIC -o "$work/xlshim.so" "$shim_src"
mkdir "$work/cfg"
# Configs both tools accept: the examples from Xen's tree and typical PV, PVH and HVM guests.
for f in xlexample.hvm xlexample.pvlinux xlexample.pvhlinux; do
  cp "$src/../shared/corpus/xlcfg/xen-project-xen/$f" "$work/cfg/$f.cfg"
done
for t in pv pvh hvm; do
  cat >"$work/cfg/$t-guest.cfg" <<CFG
name = "bench-$t"
type = "$t"
memory = 1024
maxmem = 2048
vcpus = 2
on_crash = "preserve"
kernel = "/boot/vmlinuz"
ramdisk = "/boot/initrd.img"
cmdline = "root=/dev/xvda1 ro console=hvc0"
disk = [ "phy:/dev/vg/bench-$t,xvda,w" ]
vif = [ "bridge=xenbr0" ]
CFG
done

# Three commands per config: domfw; xl itself (the shim preloaded, no wrapper); and xl_dryrun.sh,
# the documented way to run xl's dry run here (PEERS.md: a shell script that finds the cached shim
# and execs xl through env), whose CPU time is the "about 15 ms" usually quoted for an xl dry run.
printf '%-22s %9s %9s %6s %9s %6s %9s %9s %6s %9s %6s %12s %12s %6s\n' config "domfw ms" "xl ms" ratio "dryrun ms" ratio \
  "domfw cpu" "xl cpu" ratio "dryrun cpu" ratio "domfw instr" "xl instr" ratio
for f in "$work"/cfg/*.cfg; do
  LD_PRELOAD=$work/xlshim.so hyperfine -N --warmup 5 --runs "${RUNS:-100}" --export-json "$work/r.json" \
    "$domfw show --libxl-json $f" "$xl -N create -f $f" "$dryrun $f" >/dev/null 2>&1
  di=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$domfw" show --libxl-json "$f" 2>&1 >/dev/null |
       sed -n 's/.*Collected : //p')
  xi=$(LD_PRELOAD=$work/xlshim.so valgrind --tool=callgrind --callgrind-out-file=/dev/null "$xl" -N create -f "$f" 2>&1 >/dev/null |
       sed -n 's/.*Collected : //p')
  python3 - "$work/r.json" "$(basename "$f")" "$di" "$xi" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
d, x, s = (r[i]["median"] * 1e3 for i in range(3))
dc, xc, sc = ((r[i]["user"] + r[i]["system"]) * 1e3 for i in range(3))
di, xi = int(sys.argv[3]), int(sys.argv[4])
print(f"{sys.argv[2]:<22} {d:9.3f} {x:9.3f} {x/d:5.1f}x {s:9.3f} {s/d:5.1f}x {dc:9.3f} {xc:9.3f} {xc/dc:5.1f}x {sc:9.3f} {sc/dc:5.1f}x {di:12,} {xi:12,} {xi/di:5.1f}x")
PY
done
