#!/bin/sh
# Whole process, same run: `domfw host show --from DUMP --json` against `dmidecode --from-dump DUMP`
# (hyperfine -N, medians), plus instruction counts (callgrind: stable on a busy machine, where
# wall time is not). domfw is the release preset's binary, linked statically (DOMFW_STATIC) as a
# deployed single binary would be; the script builds it if needed. Pass DOMFW=path to measure
# another domfw binary.
#   bench/hostfw/smbios_vs_dmidecode.sh [DUMP...]
# Default dumps: the largest SMBIOS 2.x and 3.x dumps of ../shared/corpus/smbios.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${DOMFW:-}" ]; then
  [ -f "$src/build/release/CMakeCache.txt" ] || (cd "$src" && cmake --preset release >/dev/null)
  (cd "$src" && nice cmake --build --preset release -j2 --target domfw >/dev/null)
  DOMFW=$src/build/release/src/cli/domfw
fi
corpus=$src/../shared/corpus/smbios
[ $# -gt 0 ] || set -- "$corpus/python-dmidecode/ProLiant-DL580-G5.0.dmidump" "$corpus/jcreekmore-dmidecode/dmi.0.bin" \
  "$corpus/siderolabs/Beelink-EQ12.dmi"
work=$(mktemp -d)
result=$work/result.json
trap 'rm -rf "$work"' EXIT
# The floor: a static C program that returns at once. Starting and ending any process costs
# this much here (0.4-0.7 ms, over half of dmidecode's run), so it is timed in the same run and
# the time above it shown too: that is what the two programs' own work costs.
printf 'int main(void) { return 0; }\n' >"$work/empty.c"
gcc -O2 -static -o "$work/empty" "$work/empty.c"
for dump in "$@"; do
  echo "== $dump"
  hyperfine -N --warmup 50 --runs "${RUNS:-500}" --export-json "$result" --output=null \
    "$DOMFW host show --from $dump --json" "dmidecode --from-dump $dump" "$work/empty" >/dev/null 2>&1
  python3 - "$result" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, peer, floor = (x["median"] * 1e3 for x in r)
print(f"domfw host show --json  median {ours:.3f} ms (user {r[0]['user']*1e3:.3f} ms, system {r[0]['system']*1e3:.3f} ms)")
print(f"dmidecode --from-dump   median {peer:.3f} ms (user {r[1]['user']*1e3:.3f} ms, system {r[1]['system']*1e3:.3f} ms)")
print(f"empty static program    median {floor:.3f} ms")
print(f"ratio dmidecode/domfw   {peer / ours:.2f}x; above the empty program {peer - floor:.3f} / {ours - floor:.3f} ms = {(peer - floor) / (ours - floor):.2f}x")
PY
  # CPU time of the process itself (perf's task-clock, exact per process), alternating the two
  # tools in blocks so that both see the same machine; the median of the blocks.
  if command -v perf >/dev/null 2>&1 && perf stat -e task-clock true >/dev/null 2>&1; then
    clock() { perf stat -x, -e task-clock -r 100 "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { print $1 }'; }
    for i in 1 2 3 4 5; do
      printf '%s %s\n' "$(clock "$DOMFW" host show --from "$dump" --json)" "$(clock dmidecode --from-dump "$dump")"
    done | python3 -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
o, t = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
print(f"CPU time (perf task-clock, median of 5 x 100 runs): domfw {o:.3f} ms, dmidecode {t:.3f} ms, ratio {t / o:.2f}x")'
  fi
  if command -v valgrind >/dev/null 2>&1; then
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
    ours=$(count "$DOMFW" host show --from "$dump" --json)
    theirs=$(count dmidecode --from-dump "$dump")
    awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "instructions (callgrind): domfw %d, dmidecode %d, ratio %.2fx\n", o, t, t / o }'
  fi
done
