#!/bin/sh
# Instructions the guest loader spends per byte of firmware modules (bench/loader/loader_bench.cpp):
# callgrind counts only inside validate_and_merge(), run once. Goal: at most 20 per byte
# (docs/loader.md, "Cost"). Exits 77 (skipped) without valgrind or the corpus, or under a
# sanitizer build, whose instrumentation callgrind cannot run.
bench=${1:?usage: callgrind_per_byte.sh path/to/loader_bench}
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed"; exit 77; }
if nm -C "$bench" 2>/dev/null | grep '__asan_init' >/dev/null; then echo "sanitizer build: use the release preset"; exit 77; fi
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
bytes=$(valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect='*validate_and_merge*' \
        "$bench" --once 2>"$out/log") || { rc=$?; cat "$out/log"; exit "$rc"; }
bytes=${bytes#firmware_bytes }
ir=$(callgrind_annotate "$out/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
[ -n "$ir" ] && [ -n "$bytes" ] || { echo "no figures"; cat "$out/log"; exit 1; }
awk -v ir="$ir" -v b="$bytes" 'BEGIN { printf "%d instructions for %d bytes of firmware modules: %.2f per byte (goal <= 20)\n", ir, b, ir / b; exit (ir / b > 20) }'
