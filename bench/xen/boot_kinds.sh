#!/usr/bin/env bash
# The measured boot of each guest kind on the real Xen 4.17 hypervisor (issue #16; the harness of
# docs/xen-harness.md): ONE QEMU -> Xen -> dom0 boot, then N rounds of, one after the other,
#   hvm         HVM, SeaBIOS, direct kernel boot of Debian's bzImage (`domfw build`, no pass-through)
#   pvh         PVH direct: kernel = the vmlinux ELF, ramdisk = the initramfs (`domfw build`'s stock layout)
#   pvh-loader  PVH through domfw's loader: kernel = domfw-loader.elf, ramdisk = the bundle (the
#               vmlinux, the initramfs, SMBIOS and ACPI pass-through from two corpus machines)
#   pv          PV direct: the same vmlinux and initramfs given to xl as a PV guest (no domfw build:
#               domfw plans HVM and PVH only)
# every guest 512 MiB, 1 vCPU, the same kernel and busybox /init (it prints what it sees and powers
# off). Reports per kind the medians over N of: `xl create` (dom0 starts it until xl returns), the
# first byte of the guest's console (dom0 polls every 0.5 s, so within about that), and the end
# (the domain is gone after its poweroff), each from the start of `xl create`; with the load
# average before and after, since the box is shared.
#   bench/xen/boot_kinds.sh [--runs N] [--domfw PATH] [--out DIR]
# Heavy (one QEMU TCG boot, about 3 minutes a round idle): run it under the shared lock, e.g.
#   flock /work/notes/s12/heavy.lock bench/xen/boot_kinds.sh --runs 3
# Exit 0 when every guest passed, 1 when one did not (its row says so), 77 without QEMU, the
# corpus or the harness packages, 2 on a usage error.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${DOMFW_SHARED:-$repo/../shared}
runs=3
domfw="$repo/build/dev/src/cli/domfw"
out="$repo/build/bench-xen"
usage() { echo "usage: boot_kinds.sh [--runs N] [--domfw PATH] [--out DIR]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:-}; shift 2 ;;
    --domfw) domfw=${2:-}; shift 2 ;;
    --out) out=${2:-}; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "boot_kinds.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$runs" in '' | *[!0-9]* | 0) echo "boot_kinds.sh: --runs '$runs' is not a positive number" >&2; usage ;; esac
[ -x "$domfw" ] || { echo "boot_kinds.sh: '$domfw' is not an executable domfw (build it, or --domfw PATH)" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "boot_kinds.sh: qemu-system-x86_64 is not installed; skipping" >&2; exit 77; }
smbios_src="$shared/corpus/smbios/dell-libsmbios/xps9365"
acpi_src="$shared/corpus/acpi/fwts/Lenovo_ThinkPad_TP-68_binary_tables"
[ -d "$smbios_src" ] && [ -d "$acpi_src" ] || { echo "boot_kinds.sh: the corpus ($shared/corpus) is not there; skipping" >&2; exit 77; }
rc=0
harness=$("$repo/tests/xen/assemble" | tail -1) || rc=$?
[ $rc -eq 0 ] || exit $rc

rm -rf "$out"
mkdir -p "$out/capture/dmi/tables" "$out/capture/acpi/tables" "$out/cfg" "$out/runs"
out=$(cd "$out" && pwd)
# The firmware source of tests/xen/suite: a Dell XPS 13's SMBIOS, a ThinkPad's SLIC and SSDTs.
cp "$smbios_src/DMI" "$smbios_src/smbios_entry_point" "$out/capture/dmi/tables/"
for t in SLIC SSDT1 SSDT2 SSDT3; do cp "$acpi_src/$t.dat" "$out/capture/acpi/tables/$t"; done
common="memory = 512
vcpus = 1
ramdisk = \"$harness/guest/initramfs.cpio.gz\""
printf 'type = "hvm"\nfirmware = "seabios"\nkernel = "%s"\ncmdline = "console=hvc0 pci=noearly"\n%s\n' \
  "$harness/guest/vmlinuz" "$common" >"$out/cfg/hvm.cfg"
printf 'type = "pvh"\nkernel = "%s"\ncmdline = "console=hvc0"\n%s\n' "$harness/vmlinux" "$common" >"$out/cfg/pvh.cfg"
printf 'type = "pvh"\nkernel = "%s"\ncmdline = "console=hvc0"\n%s\nfirmware_source = "%s"\nsmbios_passthrough = [ "0-3", "11" ]\nacpi_passthrough = [ "SLIC", "SSDT:oem_table_id=SataAhci" ]\n' \
  "$harness/vmlinux" "$common" "$out/capture" >"$out/cfg/pvh-loader.cfg"
kinds="hvm pvh pvh-loader pv"
for k in hvm pvh pvh-loader; do
  printf 'name = "xb-%s"\n' "$k" >>"$out/cfg/$k.cfg"
  "$domfw" build "$out/cfg/$k.cfg" -o "$out/build/$k" >/dev/null
done
grep -q 'domfw-loader.elf' "$out/build/pvh-loader/xl.cfg" ||
  { echo "boot_kinds.sh: $out/build/pvh-loader/xl.cfg does not boot through domfw's loader" >&2; exit 1; }
mkdir -p "$out/build/pv"
printf 'name = "xb-pv"\ntype = "pv"\nkernel = "%s"\ncmdline = "console=hvc0"\n%s\n' "$harness/vmlinux" "$common" \
  >"$out/build/pv/xl.cfg"
printf 'domfw-guest: begin\ndomfw-guest: end\n' >"$out/expect"
# One folder per run with only its xl.cfg (a name of its own: xenconsoled appends to a guest's
# console log by name); the files it names are the build's, copied into dom0 once.
: >"$out/manifest"
for i in $(seq 1 "$runs"); do
  for k in $kinds; do
    mkdir -p "$out/runs/$k-$i"
    sed "s/^name = .*/name = \"xb-$k-$i\"/" "$out/build/$k/xl.cfg" >"$out/runs/$k-$i/xl.cfg"
    limit=300
    [ "$k" != hvm ] || limit=900
    echo "$k-$i $out/runs/$k-$i/xl.cfg $limit $out/expect" >>"$out/manifest"
  done
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rc=0
"$repo/tests/xen/run-guests" --harness "$harness" --out "$out/run" "$out/manifest" >"$out/run-guests.txt" || rc=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
[ $rc -ne 77 ] || exit 77
python3 - "$out/run" "$runs" "$kinds" "$load_before" "$load_after" "$(nproc)" <<'PY'
import os, re, statistics, sys, datetime
run, runs, kinds, before, after, cpus = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4], sys.argv[5], sys.argv[6]
qemu = open(os.path.join(run, 'qemu-status')).read().strip() if os.path.exists(os.path.join(run, 'qemu-status')) else 'no qemu-status'
print(f'Xen 4.17 in QEMU TCG ({qemu}), {runs} runs per kind, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, '
      f'{cpus} CPUs, load average {before} before, {after} after')
print('| guest kind | passed | xl create (s) | first console line (s) | powered off (s) |')
print('|---|---|---|---|---|')
bad = False
for k in kinds:
    got = {'create': [], 'first': [], 'end': []}
    passed = 0
    for i in range(1, runs + 1):
        p = os.path.join(run, f'{k}-{i}', 'status')
        s = open(p).read() if os.path.exists(p) else ''
        if not s.startswith('PASS'):
            bad = True
            continue
        passed += 1
        for key, rx in (('create', r'create ([\d.]+) s'), ('end', r'to end ([\d.]+) s'),
                        ('first', r'to first console line ([\d.]+) s')):
            m = re.search(rx, s)
            if m:
                got[key].append(float(m.group(1)))
    med = lambda v: f'{statistics.median(v):.1f}' if v else '-'
    print(f'| {k} | {passed}/{runs} | {med(got["create"])} | {med(got["first"])} | {med(got["end"])} |')
sys.exit(1 if bad else 0)
PY
