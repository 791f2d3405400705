#!/bin/sh
# Whole process, same run: `domfw host show --from DUMP --json` against `dmidecode --from-dump DUMP`
# (hyperfine, medians). domfw is built in Release and linked statically (fmt header-only, static
# libcrypto: Debian ships no libfmt.a), as a deployed single binary would be; a dynamically
# linked build spends about 1 ms of every run in the dynamic loader relocating libcrypto and
# libstdc++, more than the whole decode. Pass DOMFW=path to measure another domfw binary.
#   bench/hostfw/smbios_vs_dmidecode.sh [DUMP...]
# Default dumps: the largest SMBIOS 2.x and 3.x dumps of ../shared/corpus/smbios.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$src/build/bench-static
if [ -z "${DOMFW:-}" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc \
    "-DCMAKE_CXX_FLAGS=-DFMT_HEADER_ONLY -Wno-error=restrict" -Dfmt_DIR="$here/static-fmt" \
    -DOPENSSL_USE_STATIC_LIBS=TRUE -DCMAKE_EXE_LINKER_FLAGS=-static -DDOMFW_TESTS=OFF -DDOMFW_BENCH=OFF >/dev/null
  cmake --build "$build" -j2 --target domfw >/dev/null
  DOMFW=$build/src/cli/domfw
fi
corpus=$src/../shared/corpus/smbios
[ $# -gt 0 ] || set -- "$corpus/python-dmidecode/ProLiant-DL580-G5.0.dmidump" "$corpus/jcreekmore-dmidecode/dmi.0.bin" \
  "$corpus/siderolabs/Beelink-EQ12.dmi"
for dump in "$@"; do
  echo "== $dump"
  hyperfine -N --warmup 50 --runs 500 --export-json /tmp/domfw-smbios-bench.json \
    "$DOMFW host show --from $dump --json" "dmidecode --from-dump $dump" >/dev/null 2>&1
  python3 - /tmp/domfw-smbios-bench.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, peer = r[0]["median"] * 1e3, r[1]["median"] * 1e3
print(f"domfw host show --json  median {ours:.3f} ms (user {r[0]['user']*1e3:.3f} ms, system {r[0]['system']*1e3:.3f} ms)")
print(f"dmidecode --from-dump   median {peer:.3f} ms (user {r[1]['user']*1e3:.3f} ms, system {r[1]['system']*1e3:.3f} ms)")
print(f"ratio dmidecode/domfw   {peer / ours:.2f}x")
PY
done
rm -f /tmp/domfw-smbios-bench.json
