#!/usr/bin/env python3
"""Checks what a guest saw on real Xen (its console, as tests/xen/run-guests split it) against
what `domfw build` wrote for it (docs/xen-harness.md).

usage: check.py [--known-wrong PREFIX]... hvm|hvm-plan|pvh|pvh-plan|pv-pygrub RUN_GUEST_DIR BUILD_DIR [HOST_DMI]
       check.py rejected RUN_GUEST_DIR REJECT_DIR [DOMFW-MESSAGE-LINE...]
  RUN_GUEST_DIR  run-guests' OUT/LABEL (console.log, xen.log, xenstore.txt, status)
  BUILD_DIR      the guest's `domfw build` output (smbios.bin/acpi.bin or modules/, xenstore.txt);
                 for pv-pygrub its xl.cfg, domfw.txt (`domfw check`) and probe.txt (what
                 xen_bootloader_probe says the bootloader boots), each ending in "rc=N"
  HOST_DMI       the firmware source's raw SMBIOS table: its type 1 UUID and serial must not
                 reach the guest
  PREFIX         a check (by the start of its description) known to fail because domfw is
                 wrong: reported as `known-wrong:`, and a failure once it holds
Prints one line per check, `ok:` or `FAIL:`; exit 0 when all pass, 1 otherwise."""
import hashlib
import json
import os
import re
import struct
import sys

failures = []
known_wrong = []  # --known-wrong PREFIX: a check that fails today because domfw is wrong


def check(cond, what):
    known = [k for k in known_wrong if what.startswith(k)]
    if known and not cond:
        print('known-wrong: ' + what)
    elif known:
        print('FAIL: now holds, remove its --known-wrong: ' + what)
        failures.append(what)
    else:
        print(('ok: ' if cond else 'FAIL: ') + what)
        if not cond:
            failures.append(what)
    return cond


def read(path, mode='r'):
    with open(path, mode) as f:
        return f.read()


def walk(table):
    """SMBIOS structures of a raw table: (type, handle, bytes) up to and including type 127."""
    out, off = [], 0
    while off + 4 <= len(table):
        t, ln, h = table[off], table[off + 1], struct.unpack_from('<H', table, off + 2)[0]
        if ln < 4 or off + ln > len(table):
            raise ValueError(f'structure at 0x{off:x} (type {t}) has a bad length {ln}')
        end = table.find(b'\0\0', off + ln)
        if end < 0:
            raise ValueError(f'structure at 0x{off:x} (type {t}) has no string-set end')
        out.append((t, h, table[off:end + 2]))
        off = end + 2
        if t == 127:
            break
    return out


def records(blob):
    """hvmloader's smbios_firmware records: [u32 length][structure]."""
    out, off = [], 0
    while off + 4 <= len(blob):
        (n,) = struct.unpack_from('<I', blob, off)
        s = blob[off + 4:off + 4 + n]
        out.append((s[0], struct.unpack_from('<H', s, 2)[0], s))
        off += 4 + n
    return out


def module_payload(path):
    m = read(path, 'rb')
    hl, tl = struct.unpack_from('<II', m, 8)
    return m[hl:tl]


def acpi_tables(blob):
    out, off = [], 0
    while off + 36 <= len(blob):
        (n,) = struct.unpack_from('<I', blob, off + 4)
        out.append(blob[off:off + n])
        off += n
    return out


E820_NAMES = {1: 'usable', 2: 'reserved', 3: 'ACPI data', 4: 'ACPI NVS', 5: 'unusable'}


def bios_e820(console):
    """Linux's BIOS-e820 lines: {(start, end exclusive, type name)}."""
    seen = set()
    for l in console.split('\n'):
        e = re.search(r'BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.*)$', l)
        if e:
            seen.add((int(e.group(1), 16), int(e.group(2), 16) + 1, e.group(3).strip()))
    return seen


def planned_e820(entries):
    return [(int(e['addr'], 16), int(e['end'], 16), E820_NAMES.get(e['type_code'], str(e['type_code']))) for e in entries]


def ranges(entries):
    return ', '.join(f'[0x{a:x}, 0x{b:x}) {t}' for a, b, t in entries) or 'none'


def guest_lines(console):
    return [l[len('domfw-guest: '):] for l in console.split('\n') if l.startswith('domfw-guest: ')]


def guest_dmi(lines):
    data = bytearray()
    for l in lines:
        if l.startswith('dmi-hex '):
            _, off, hexs = l.split(' ', 2)
            if int(off) != len(data):
                raise ValueError(f'dmi-hex line at offset {off} but {len(data)} bytes so far')
            data += bytes.fromhex(hexs)
    return bytes(data)


def masked(s):
    """A structure with its handle zeroed: hvmloader gives DMTF types its own handles."""
    return s[:2] + b'\0\0' + s[4:]


def uuid_texts(raw16):
    """The UUID as SMBIOS >= 2.6 (first three fields little-endian) and as raw bytes print it."""
    le = struct.unpack('<IHH', raw16[:8])
    a = '%08X-%04X-%04X-' % le + raw16[8:10].hex().upper() + '-' + raw16[10:].hex().upper()
    h = raw16.hex().upper()
    b = f'{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}'
    return {a, b}


def check_smbios(lines, passed, host_dmi, renumbered):
    """The guest's table holds exactly the passed structures of each passed type."""
    try:
        seen = walk(guest_dmi(lines))
    except ValueError as e:
        check(False, f'the guest\'s DMI table walks: {e}')
        return []
    table_line = [l for l in lines if l.startswith('dmi-table ')]
    check(bool(table_line), 'the guest has /sys/firmware/dmi/tables/DMI')
    if not table_line:
        return seen
    check(len(guest_dmi(lines)) == int(table_line[0].split()[1]), 'the dmi-hex lines hold the whole DMI table')
    types = sorted({t for t, _, _ in passed})
    for t in types:
        want = [s for tt, _, s in passed if tt == t]
        got = [s for tt, _, s in seen if tt == t]
        if t < 128:
            want = want[:1]  # the first structure of a DMTF type wins
            ok = len(got) == 1 and masked(got[0]) == masked(want[0])
            check(ok, f'type {t}: the guest has exactly the passed structure ({len(want[0])} bytes), byte for byte but the handle (guest has {len(got)})')
        else:
            cmp = (lambda s: masked(s)) if renumbered else (lambda s: s)
            check([cmp(s) for s in got] == [cmp(s) for s in want],
                  f'type {t}: the guest has the {len(want)} passed vendor structures in order, byte for byte')
    if host_dmi:
        host1 = [s for t, _, s in walk(host_dmi) if t == 1]
        g1 = [s for t, _, s in seen if t == 1]
        if host1 and g1 and len(host1[0]) >= 0x18:
            hu = host1[0][8:24]
            check(hu not in b''.join(s for _, _, s in seen) and g1[0][8:24] != hu,
                  'the host\'s type 1 UUID is nowhere in the guest\'s table (scrubbed)')
    return seen


def check_acpi(lines, tables):
    acpi = {}
    for l in lines:
        if l.startswith('acpi '):
            _, name, ln, sha = l.split()
            acpi[name] = (int(ln), sha)
    for t in tables:
        sig = t[:4].decode('ascii', 'replace')
        sha = hashlib.sha256(t).hexdigest()
        names = [n for n, (ln, s) in acpi.items() if n.startswith(sig) and s == sha and ln == len(t)]
        check(bool(names), f'ACPI {sig} ({len(t)} bytes, OEM table ID {t[16:24].decode("ascii", "replace").rstrip(chr(0))!r}) is in the guest byte for byte' + (f' as {names[0]}' if names else f'; the guest has {sorted(acpi)}'))


def main():
    args = sys.argv[1:]
    while len(args) >= 2 and args[0] == '--known-wrong':
        known_wrong.append(args[1])
        args = args[2:]
    if len(args) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    kind, run, build = args[:3]
    if kind == 'rejected':
        # BUILD_DIR holds domfw.txt (domfw check's output, then "rc=N"); argv[4:]: domfw's message.
        status = read(os.path.join(run, 'status')) if os.path.exists(os.path.join(run, 'status')) else 'no status'
        check(status.startswith('PASS refused=True'), f'xl create refused the config: {status.strip()}')
        out = read(os.path.join(build, 'domfw.txt'))
        check(out.rstrip().endswith('rc=1'), 'domfw check refused it (exit 1)')
        for want in args[3:]:
            check(want in out, f'domfw check says: {want}')
        if failures:
            print('xl said:\n' + read(os.path.join(run, 'xl.log')))
        return 1 if failures else 0
    host_dmi = read(args[3], 'rb') if len(args) > 3 else b''
    status = read(os.path.join(run, 'status')) if os.path.exists(os.path.join(run, 'status')) else 'no status'
    check(status.startswith('PASS'), f'run-guests: {status.strip()}')
    console = read(os.path.join(run, 'console.log'))
    lines = guest_lines(console)
    xen = read(os.path.join(run, 'xen.log'))
    cmdline = re.search(r'^cmdline = "(.*)"', read(os.path.join(build, 'xl.cfg')), re.M)
    kline = [l for l in lines if l.startswith('kernel ')]
    if cmdline:
        check(bool(kline) and kline[0].endswith('cmdline ' + cmdline.group(1)),
              f'the guest\'s /proc/cmdline is the configured "{cmdline.group(1)}"')
    if kind == 'hvm':
        check(bool(kline) and ' guest-type HVM ' in kline[0], 'the guest is an HVM guest (/sys/hypervisor/guest_type)')
        passed = records(read(os.path.join(build, 'smbios.bin'), 'rb'))
        tables = acpi_tables(read(os.path.join(build, 'acpi.bin'), 'rb'))
        # The cheap check: hvmloader and SeaBIOS on the Xen console, no guest OS needed.
        check('Writing SMBIOS tables' in xen, 'hvmloader logs "Writing SMBIOS tables"')
        check('Loading ACPI' in xen, 'hvmloader logs "Loading ACPI"')
        t1 = [s for t, _, s in passed if t == 1]
        if t1:
            m = re.search(r'Machine UUID ([0-9a-fA-F-]{36})', xen)
            check(bool(m) and m.group(1).upper() in uuid_texts(t1[0][8:24]),
                  f'SeaBIOS\'s "Machine UUID" is the passed type 1 UUID ({sorted(uuid_texts(t1[0][8:24]))[0]}); it logged {m.group(1) if m else "none"}')
        # The plan's xenstore keys against what libxl wrote.
        got = {}
        for l in read(os.path.join(run, 'xenstore.txt')).split('\n'):
            m = re.match(r'/local/domain/\d+/(\S+) = "(.*)"', l)
            if m:
                got[m.group(1)] = m.group(2)
        for l in read(os.path.join(build, 'xenstore.txt')).split('\n'):
            m = re.match(r'(\S+) = "(.*)"', l)
            if m:
                check(got.get(m.group(1)) == m.group(2),
                      f'xenstore {m.group(1)}: plan "{m.group(2)}", libxl wrote "{got.get(m.group(1))}"')
        check_smbios(lines, passed, host_dmi, renumbered=False)
        check_acpi(lines, tables)
    elif kind == 'pvh':
        check(bool(kline) and ' guest-type PVH ' in kline[0], 'the guest is a PVH guest (/sys/hypervisor/guest_type)')
        sm = os.path.join(build, 'modules', 'smbios.dfwm')
        passed = walk(module_payload(sm) + b'\x7f\x04\xff\xff\0\0') if os.path.exists(sm) else []
        passed = [p for p in passed if p[0] != 127]
        check(bool(passed), 'the bundle has an SMBIOS module')
        check_smbios(lines, passed, host_dmi, renumbered=True)
        am = os.path.join(build, 'modules', 'acpi.dfwm')
        if os.path.exists(am):
            check_acpi(lines, acpi_tables(module_payload(am)))
    elif kind == 'pvh-plan':
        # The plan's predictions against what Xen really gave: the start_info address and its
        # rsdp_paddr (the loader's first lines print what it was handed), and the memory map
        # entries libxl makes beyond RAM (the loader passes them on as they were; Linux prints them).
        plan = json.loads(read(os.path.join(build, 'plan.json')))
        si = bytes.fromhex(plan['start_info']['hex'])
        want_rsdp = struct.unpack_from('<Q', si, 32)[0]
        m = re.search(r'domfw-loader: start_info at (0x[0-9a-f]+): version \d+, (\d+) memory map entries, \d+ modules?, rsdp (0x[0-9a-f]+)', xen)
        check(bool(m) and int(m.group(1), 16) == int(plan['start_info']['paddr'], 16),
              f'start_info at {plan["start_info"]["paddr"]} as planned (Xen: {m.group(1) if m else "no loader line"})')
        check(bool(m) and int(m.group(3), 16) == want_rsdp,
              f'rsdp_paddr 0x{want_rsdp:x} as planned (Xen: {m.group(3) if m else "no loader line"})')
        check(bool(m) and int(m.group(2)) == len(plan['e820_before']),
              f'{len(plan["e820_before"])} memory map entries as planned (Xen: {m.group(2) if m else "no loader line"})')
        seen = bios_e820(console)
        for entry in planned_e820(plan['e820_before']):
            if entry[2] == 'usable':
                continue  # RAM: the loader reserves pages inside it
            real = sorted(x for x in seen if x[0] < entry[1] and entry[0] < x[1])
            check(entry in seen, f'memory map entry [0x{entry[0]:x}, 0x{entry[1]:x}) {entry[2]} as planned '
                  f'(Xen: {ranges(real)})')
    elif kind == 'pv-pygrub':
        # What domfw says the guest boots against what it booted: `domfw check`'s verdict, and
        # domfw's run of the config's bootloader on the same disk, as libxl runs it
        # (xen_bootloader_probe: "kernel-version V", "args TEXT"); the grub.cfg's default is entry 1.
        check(bool(kline) and ' guest-type PV ' in kline[0], 'the guest is a PV guest (/sys/hypervisor/guest_type)')
        verdict = read(os.path.join(build, 'domfw.txt'))
        check(verdict.rstrip().endswith('rc=0') and '(pv guest, boot method bootloader' in verdict,
              f'domfw check accepts it as a PV guest booted by its bootloader: {verdict.strip()!r}')
        probe = read(os.path.join(build, 'probe.txt'))
        said = dict(l.split(' ', 1) for l in probe.split('\n') if ' ' in l)
        check(probe.rstrip().endswith('rc=0'), f'domfw ran the bootloader on the disk: {probe.strip()!r}')
        version, args = said.get('kernel-version'), said.get('args')
        check(bool(kline) and version is not None and kline[0].startswith(f'kernel {version} '),
              f'the guest runs the kernel domfw says ({version}); it says {kline[0] if kline else "nothing"!r}')
        check(bool(kline) and args is not None and kline[0].endswith(' cmdline ' + args),
              f'the guest\'s /proc/cmdline is the one domfw says ("{args}")')
        check(args is not None and 'domfw.entry=1' in args.split(),
              f'that is grub.cfg\'s default entry 1 (domfw.entry=1), not the first ("{args}")')
    elif kind == 'hvm-plan':
        # The plan's HVM predictions against what the guest really got: every entry of
        # plan.json's e820_after against the map Linux prints (after hvmloader and SeaBIOS), both
        # ways; the hvm_info_table against what hvmloader logs of it; the Xen 4.17 overlap at 0.
        plan = json.loads(read(os.path.join(build, 'plan.json')))
        seen = bios_e820(console)
        want = planned_e820(plan['e820_after'])
        check(bool(seen), 'Linux printed its BIOS-e820 map')
        for entry in want:
            real = sorted(x for x in seen if x[0] < entry[1] and entry[0] < x[1])
            check(entry in seen, f'e820_after [0x{entry[0]:x}, 0x{entry[1]:x}) {entry[2]} as planned (guest: {ranges(real)})')
        extra = sorted(x for x in seen if x not in want)
        check(not extra, f'the guest has no memory map entry the plan lacks (extra: {ranges(extra)})')
        info = bytes.fromhex(plan['hvm_info_table']['hex'])
        vcpus, low_pgend, _, high_pgend = struct.unpack_from('<IIII', info, 16)
        ram = re.search(r'\[\d+\]: 00000000:00100000 - ([0-9a-f]{8}):([0-9a-f]{8}): RAM', xen)
        got = int(ram.group(1) + ram.group(2), 16) if ram else None
        check(got == low_pgend * 0x1000, f'hvm_info_table low_mem_pgend 0x{low_pgend:x}: hvmloader\'s e820 has RAM from '
              f'0x100000 to {hex(got) if got is not None else "nowhere"}')
        cpus = len(re.findall(r' - CPU\d+ \.\.\. ', xen))
        check(cpus == vcpus, f'hvm_info_table nr_vcpus {vcpus}: hvmloader started {cpus} CPUs')
        check((high_pgend == 0) == ('No RAM in high memory' in xen),
              f'hvm_info_table high_mem_pgend 0x{high_pgend:x}: hvmloader logs '
              f'"{"No RAM in high memory" if "No RAM in high memory" in xen else "RAM in high memory"}"')
        warned = any(w.startswith('Xen 4.17 fault: libxl lists the ACPI pass-through blob') for w in plan['warnings'])
        check(warned == ('OVERLAP!!' in xen),
              f'the plan {"warns of" if warned else "has no warning about"} the ACPI blob at address 0, and hvmloader '
              f'{"logs" if "OVERLAP!!" in xen else "does not log"} OVERLAP!!')
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if failures:
        print('console tail:')
        for l in console.split('\n')[-20:]:
            print('  ' + l)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
