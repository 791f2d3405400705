#!/usr/bin/env python3
"""QEMU wall time of a Linux boot through domfw's loader against QEMU's own bzImage boot (#12).

The same kernel and initramfs (guest/build-image: Debian's vmlinuz, the busybox /init) booted two
ways, same run, alternating, on -machine pc and q35 under TCG:
  loader:  -kernel DIR/domfw-loader.elf -initrd DIR/bundle.dfwb   (domfw build of a PVH config;
           the bundle holds the vmlinux ELF extracted from the bzImage, the initramfs and the
           examples' laptop SMBIOS/ACPI pass-through)
  bzimage: -kernel IMAGE/vmlinuz -initrd IMAGE/initramfs.cpio.gz
Measured from QEMU's start to the kernel's first console line ("[    0.000000] ...") and to the
guest's "domfw-guest: begin" (its /init running), read from QEMU's stdout as it arrives. Prints
medians of N runs (default 3), the load average before and after, and the date.
  bench/boot/loader_vs_bzimage.py [--runs N] [--domfw PATH] [--machines pc,q35]
"""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNEL_LINE = re.compile(rb"\[\s*\d+\.\d{6}\] ")
TIMEOUT = 300  # seconds one boot may take before it is killed


def boot(machine, kernel, initrd):
    """Seconds from QEMU's start to the kernel's first line and to /init; both None on failure."""
    cmd = ["qemu-system-x86_64", "-machine", machine, "-m", "512", "-nographic", "-no-reboot",
           "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0"]
    start = time.monotonic()
    first = begin = None
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for line in p.stdout:
            now = time.monotonic() - start
            if now > TIMEOUT:
                break
            if first is None and KERNEL_LINE.search(line):
                first = now
            if b"domfw-guest: begin" in line:
                begin = now
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
    return first, begin


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--domfw", default=os.path.join(ROOT, "build/dev/src/cli/domfw"))
    ap.add_argument("--machines", default="pc,q35")
    a = ap.parse_args()
    image = subprocess.run([os.path.join(ROOT, "guest/build-image")], check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]
    work = tempfile.mkdtemp(prefix="domfw-boot-bench-")
    cfg = os.path.join(work, "bench.cfg")
    with open(cfg, "w") as f:
        f.write(f'''name = "boot-bench"
type = "pvh"
uuid = "0b7e2f4a-51c3-4d8e-a9f0-3c6d1e2b4a5f"
memory = 512
kernel = "{image}/vmlinuz"
ramdisk = "{image}/initramfs.cpio.gz"
cmdline = "console=ttyS0"
firmware_source = "{ROOT}/examples/firmware/laptop-host"
smbios_passthrough = [ "0-3", "11" ]
acpi_passthrough = [ "SLIC", "MSDM", "SSDT" ]
''')
    out = os.path.join(work, "out")
    subprocess.run([a.domfw, "build", cfg, "-o", out], check=True, stdout=subprocess.DEVNULL)
    ways = {
        "loader": (os.path.join(out, "domfw-loader.elf"), os.path.join(out, "bundle.dfwb")),
        "bzimage": (os.path.join(image, "vmlinuz"), os.path.join(image, "initramfs.cpio.gz")),
    }
    print(f"date {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load average before {load()}, "
          f"kernel {open(os.path.join(image, 'kernel-version')).read().strip()}, {a.runs} runs each, alternating")
    results = {}
    for i in range(a.runs):
        for machine in a.machines.split(","):
            for way, (kernel, initrd) in ways.items():
                first, begin = boot(machine, kernel, initrd)
                if first is None or begin is None:
                    print(f"{machine} {way}: run {i + 1} did not reach /init", file=sys.stderr)
                    return 1
                results.setdefault((machine, way), []).append((first, begin))
    print(f"{'machine':<8} {'path':<8} {'to first kernel line':>21} {'to domfw-guest: begin':>22}")
    for (machine, way), runs in results.items():
        f = statistics.median(r[0] for r in runs)
        b = statistics.median(r[1] for r in runs)
        print(f"{machine:<8} {way:<8} {f:>19.2f} s {b:>20.2f} s")
    print(f"load average after {load()}")
    subprocess.run(["rm", "-rf", work], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
