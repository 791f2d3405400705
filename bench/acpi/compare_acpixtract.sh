#!/bin/sh
# Whole process, same run: domfw's acpi_extract against ACPICA's `acpixtract -a` on one acpidump
# text file (default: the largest acpidump.txt of ../shared/corpus/acpi). Both extract every table
# into a scratch directory. Needs the release build:
#   cmake --preset release && cmake --build --preset release --target acpi_extract domfw
# Usage: bench/acpi/compare_acpixtract.sh [DUMP]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
bin="$here/build/release/bench/acpi/acpi_extract"
domfw="$here/build/release/src/cli/domfw"   # optional third contender: the real command
[ -x "$bin" ] || { echo "build $bin first (release preset)" >&2; exit 2; }
dump=${1:-$(find "$here/../shared/corpus/acpi" -name acpidump.txt -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-)}
dump=$(cd "$(dirname "$dump")" && pwd)/$(basename "$dump")
# Scratch on tmpfs when there is one, emptied before every run: ext4 flushes a file that is
# truncated and rewritten (auto_da_alloc), which would make both tools measure the disk.
if [ -d /dev/shm ]; then work=$(mktemp -d -p /dev/shm); else work=$(mktemp -d); fi
trap 'rm -rf "$work"' EXIT
echo "input: $dump ($(wc -c < "$dump") bytes)"
# Both write their files into the scratch directory (acpixtract: ssdt1.dat, ...; domfw: SSDT1, ...).
# -N: no shell in between, so process start-up is measured as it is.
cd "$work"
mkdir out
cd out
set -- --command-name domfw "$bin $dump" --command-name acpixtract "acpixtract -a $dump"
if [ -x "$domfw" ]; then set -- "$@" --command-name "domfw-host-show" "$domfw host show --acpi --from $dump --json"; fi
hyperfine -N --warmup 5 --runs "${RUNS:-50}" --export-json "$work/result.json" --output=null \
  --prepare "find $work/out -mindepth 1 -delete" "$@"
python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ours, theirs = r["domfw"]["median"], r["acpixtract"]["median"]
print("median wall: domfw %.2f ms, acpixtract %.2f ms, ratio %.1fx" % (ours * 1e3, theirs * 1e3, theirs / ours))
cpu = {k: v["user"] + v["system"] for k, v in r.items()}
print("mean user+sys CPU: domfw %.2f ms, acpixtract %.2f ms, ratio %.1fx"
      % (cpu["domfw"] * 1e3, cpu["acpixtract"] * 1e3, cpu["acpixtract"] / cpu["domfw"]))
if "domfw-host-show" in r:
    hs = r["domfw-host-show"]
    print("domfw host show --acpi --json: median wall %.2f ms (ratio %.1fx), user+sys CPU %.2f ms (ratio %.1fx)"
          % (hs["median"] * 1e3, theirs / hs["median"], cpu["domfw-host-show"] * 1e3,
             cpu["acpixtract"] / cpu["domfw-host-show"]))
PY
# Instruction counts do not depend on how busy the machine is (perf's counters are not available
# in these VMs; callgrind counts instructions too, PEERS.md).
if command -v valgrind >/dev/null 2>&1; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
  find "$work/out" -mindepth 1 -delete
  ours=$(count "$bin" "$dump")
  find "$work/out" -mindepth 1 -delete
  theirs=$(count acpixtract -a "$dump")
  awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "instructions (callgrind): domfw %d, acpixtract %d, ratio %.1fx\n", o, t, t / o }'
fi
