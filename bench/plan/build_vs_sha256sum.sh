#!/bin/sh
# Whole process, same run: `domfw build` of a PVH config with 64 KiB of ACPI pass-through (two
# 32 KiB SSDTs taken from a firmware source by the policy, plus the synthetic laptop's SMBIOS,
# packed into the bundle) and a 256 MiB ramdisk, against `sha256sum` of the same files (the
# floor: one pass over the bytes). Goal: domfw <= 1.2x sha256sum. OpenSSL's digest
# (SHA-NI, as domfw uses) is timed too: the stricter floor.
# Usage: bench/plan/build_vs_sha256sum.sh [DOMFW_BINARY]   (a release build of domfw)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
domfw=${1:-$root/build/release/src/cli/domfw}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/examples/firmware/pvh-kernel.elf" "$root/examples/firmware/acpi-64k.bin" "$work/"
cp -r "$root/examples/firmware/laptop-host" "$work/fw-host"
rm "$work"/fw-host/acpi/tables/*
dd if="$work/acpi-64k.bin" of="$work/fw-host/acpi/tables/SSDT1" bs=32768 count=1 status=none
dd if="$work/acpi-64k.bin" of="$work/fw-host/acpi/tables/SSDT2" bs=32768 skip=1 status=none
head -c 268435456 /dev/urandom > "$work/ramdisk.img"
cat > "$work/bench.cfg" <<CFG
name = "bench-pvh"
type = "pvh"
memory = 1024
kernel = "pvh-kernel.elf"
ramdisk = "ramdisk.img"
firmware_source = "fw-host"
smbios_passthrough = [ "0-3", "11" ]
acpi_passthrough = [ "SSDT" ]
CFG
cd "$work"
"$domfw" build bench.cfg -o out >/dev/null
"$domfw" module inspect out/bundle.dfwb | head -4
hyperfine --export-json "$work/r.json" --warmup 2 --runs 10 -N \
  "$domfw build bench.cfg -o out" \
  "sha256sum pvh-kernel.elf acpi-64k.bin ramdisk.img" \
  "openssl dgst -sha256 pvh-kernel.elf acpi-64k.bin ramdisk.img"
python3 - "$work/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
m = [x["median"] * 1e3 for x in r]
for x, v in zip(r, m):
    print(f"median {v:9.3f} ms  {x['command'].split()[0].split('/')[-1]}")
for x, v in zip(r[1:], m[1:]):
    print(f"domfw / {x['command'].split()[0].split('/')[-1]}: {m[0] / v:.2f}x the time")
PY
