#!/bin/sh
# Whole process, same run: `domfw cfg check FILE` against libxlutil 4.17 reading the same file
# (bench/cfg/xlu_readfile.c: xlu_cfg_init + xlu_cfg_readfile + xlu_cfg_destroy, as xl does) on
# a 6.6 MB config of 60 lists of 2,500 strings (issue #10's goal: at most 0.2x libxlutil's CPU,
# user + system, and no more peak memory).
#   bench/cfg/large_file_vs_libxlutil.sh [FILE]
# Without FILE the config is generated. domfw is the release preset's (static) binary; the script
# builds it if needed. Pass DOMFW=path to measure another build. RUNS (default 40) sets hyperfine's
# runs. Reported: hyperfine -N medians and mean user/system CPU of both commands in one run, the
# CPU ratio, the max RSS of each (the largest of 5 runs of /usr/bin/time), and the page faults.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 2; }
pkg-config --exists xlutil || { echo "libxlutil (pkg-config xlutil, Debian libxen-dev) is not installed" >&2; exit 2; }
if [ -z "${DOMFW:-}" ]; then
  [ -f "$src/build/release/CMakeCache.txt" ] || (cd "$src" && cmake --preset release >/dev/null)
  (cd "$src" && nice cmake --build --preset release -j2 --target domfw >/dev/null)
  DOMFW=$src/build/release/src/cli/domfw
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046 # pkg-config's flags are separate words
gcc -O2 -o "$work/xlu_readfile" "$src/bench/cfg/xlu_readfile.c" $(pkg-config --cflags --libs xlutil)
if [ $# -gt 0 ]; then
  file=$1
else
  # 60 lists of 2,500 strings of 36 bytes, one item a line: 6,600,840 bytes.
  file=$work/large.cfg
  awk 'BEGIN {
    for (l = 0; l < 60; l++) {
      printf "list_%02d = [\n", l
      for (i = 0; i < 2500; i++) printf "    \"item-%02d-%05d-abcdefghijklmnopqrstuv\",\n", l, i
      print "]"
    }
  }' >"$file"
fi
"$DOMFW" cfg check "$file" >/dev/null || { echo "domfw refuses $file" >&2; exit 1; }
"$work/xlu_readfile" "$file" || { echo "libxlutil refuses $file" >&2; exit 1; }
echo "== $file ($(wc -c <"$file") bytes)"
hyperfine -N --warmup 3 --runs "${RUNS:-40}" --export-json "$work/result.json" --output=null \
  "$DOMFW cfg check $file" "$work/xlu_readfile $file" >/dev/null 2>&1
# Peak memory: the largest max RSS of 5 runs each, alternating.
rss() { /usr/bin/time -f '%M %R' "$@" 2>&1 >/dev/null | tail -n 1; }
: >"$work/rss"
for i in 1 2 3 4 5; do
  printf '%s %s\n' "$(rss "$DOMFW" cfg check "$file")" "$(rss "$work/xlu_readfile" "$file")" >>"$work/rss"
done
python3 - "$work/result.json" "$work/rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
rows = [list(map(int, l.split())) for l in open(sys.argv[2]) if l.strip()]
ours_rss, ours_faults = max(x[0] for x in rows), max(x[1] for x in rows)
peer_rss, peer_faults = max(x[2] for x in rows), max(x[3] for x in rows)
cpu = [(x["user"] + x["system"]) * 1e3 for x in r]
for name, x, c, m, f in (("domfw cfg check  ", r[0], cpu[0], ours_rss, ours_faults),
                         ("libxlutil 4.17   ", r[1], cpu[1], peer_rss, peer_faults)):
    print(f"{name} median {x['median'] * 1e3:6.1f} ms, CPU {x['user'] * 1e3:5.1f} user + {x['system'] * 1e3:5.1f} system"
          f" = {c:5.1f} ms, max RSS {m / 1024:5.1f} MiB, {f} minor page faults")
print(f"CPU domfw/libxlutil {cpu[0] / cpu[1]:.2f}x (goal at most 0.20x); "
      f"max RSS domfw/libxlutil {ours_rss / peer_rss:.2f}x (goal at most 1.00x)")
PY
