#!/bin/sh
# Whole process, same run: `domfw build` of a PVH config with 64 KiB of pass-through tables (a
# module) and a 256 MiB ramdisk, against `sha256sum` of the same files (the floor: one pass over
# the bytes). Goal (issue 5): domfw <= 1.2x sha256sum.
# Usage: bench/build/build_vs_sha256sum.sh [DOMFW_BINARY]   (a release build of domfw)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
domfw=${1:-$root/build/release/src/cli/domfw}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/examples/firmware/pvh-kernel.elf" "$root/examples/firmware/acpi-64k.bin" "$work/"
head -c 268435456 /dev/urandom > "$work/ramdisk.img"
cat > "$work/bench.cfg" <<CFG
name = "bench-pvh"
type = "pvh"
memory = 1024
kernel = "pvh-kernel.elf"
ramdisk = "ramdisk.img"
modules = [ "path=acpi-64k.bin,cmdline=domfw-acpi" ]
CFG
cd "$work"
hyperfine --warmup 2 --runs 10 -N \
  "$domfw build bench.cfg -o out" \
  "sha256sum pvh-kernel.elf acpi-64k.bin ramdisk.img"
