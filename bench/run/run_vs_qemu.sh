#!/bin/sh
# Whole process, same run, alternating: wall time from start to the guest's first console line of
# `domfw run CFG` (build + QEMU) against the hand-written QEMU command for the same guest (what
# `domfw run --print` prints, started directly, the build already there), and domfw's own share:
# everything before QEMU starts (`domfw run --print`: load, plan, build, the command) over
# domfw run's time to the first line. Goal: the share under 5 %.
# The guest: Debian's kernel (newest /boot/vmlinuz-*) booted HVM through SeaBIOS with a direct
# kernel and the laptop-host pass-through; its first console line is the kernel's first printk.
# Usage: bench/run/run_vs_qemu.sh [DOMFW_BINARY]   RUNS=N (default 10)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
domfw=${1:-$root/build/release/src/cli/domfw}
kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/bench.cfg" <<CFG
name = "bench-run"
type = "hvm"
memory = 256
kernel = "$kernel"
cmdline = "console=ttyS0"
firmware_source = "$root/examples/firmware/laptop-host"
smbios_passthrough = [ "0-3", "11" ]
acpi_passthrough = [ "SLIC", "MSDM", "SSDT:oem_table_id=PtidDevc" ]
CFG
"$domfw" run "$work/bench.cfg" --accel tcg --json -o "$work/hand" >"$work/argv.json"
python3 - "$domfw" "$work" "${RUNS:-10}" <<'PY'
import json, os, signal, statistics as st, subprocess, sys, time
domfw, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = f"{work}/bench.cfg"
hand = json.load(open(f"{work}/argv.json"))["argv"]

def first_line(argv):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                         start_new_session=True)
    p.stdout.readline()
    t = time.perf_counter() - t0
    os.killpg(p.pid, signal.SIGTERM)  # domfw stops its QEMU on SIGTERM; QEMU exits on it
    p.wait()
    return t

def whole(argv):
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0

d, q, b = [], [], []
for i in range(runs):
    d.append(first_line([domfw, "run", cfg, "--accel", "tcg", "-o", f"{work}/run"]))
    q.append(first_line(hand))
    b.append(whole([domfw, "run", cfg, "--accel", "tcg", "--print", "-o", f"{work}/print"]))
md, mq, mb = st.median(d), st.median(q), st.median(b)
print(f"domfw run to the first console line   median {md * 1e3:8.1f} ms  (min {min(d) * 1e3:.1f}, max {max(d) * 1e3:.1f})")
print(f"hand-written QEMU to the first line   median {mq * 1e3:8.1f} ms  (min {min(q) * 1e3:.1f}, max {max(q) * 1e3:.1f})")
print(f"domfw before QEMU starts (--print)    median {mb * 1e3:8.1f} ms")
print(f"domfw's share: {100 * mb / md:.2f} % of domfw run; domfw run / QEMU by hand: {md / mq:.3f}x")
PY
