#!/usr/bin/env python3
"""Splits a run-guests serial log into per-guest files and prints the per-guest verdicts.

usage: report.py OUT   (OUT as run-guests wrote it). Exit 0 when every guest was created,
booted, saw every line of its expect.txt and powered off; 1 otherwise."""
import os
import re
import sys

MARK = '@@xh '


def main(out):
    serial_path = os.path.join(out, 'serial.log')
    text = open(serial_path, 'rb').read().decode('utf-8', 'replace') if os.path.exists(serial_path) else ''
    lines = []
    for line in text.replace('\r', '').split('\n'):
        # Xen's lines for a domain ("(d1) ...") can land in the middle of a dom0 line: split them off.
        lines.extend(x for x in re.split(r'(?=\(d\d+\) )', line) if x)
    manifest = []
    guests = {}
    cur = None
    dom0_done = None
    by_domid = {}
    for line in lines:
        i = line.find(MARK)
        if i < 0:
            m = re.search(r'\(d(\d+)\)', line)
            if m:  # a domain's line may come before dom0 learns its domid
                by_domid.setdefault(m.group(1), []).append(line)
            continue
        body = line[i + len(MARK):]
        word, _, rest = body.partition(' ')
        if word == 'guest-begin':
            cur = rest.strip()
            manifest.append(cur)
            guests[cur] = {'xl': [], 'console': [], 'xenstore': [], 'xen': [], 'created': None,
                           'domid': None, 'ended': None, 'end': False}
        elif word == 'dom0-done':
            dom0_done = rest.strip()
        elif cur is None:
            continue
        elif word == 'xl:':
            guests[cur]['xl'].append(rest)
        elif word == 'console:':
            guests[cur]['console'].append(rest)
        elif word == 'xenstore:':
            guests[cur]['xenstore'].append(rest)
        elif word == 'created':
            guests[cur]['created'] = rest
        elif word == 'domid':
            guests[cur]['domid'] = rest.split()[-1] if rest.split() else None
        elif word == 'ended':
            guests[cur]['ended'] = rest
        elif word == 'console-first':
            guests[cur]['first'] = rest
        elif word == 'guest-end':
            guests[cur]['end'] = True
            cur = None
    for g in guests.values():
        g['xen'] = by_domid.get(g['domid'], [])
    wanted = []
    for name in sorted(os.listdir(out)):
        if os.path.isdir(os.path.join(out, name)):
            wanted.append(name)
    status = open(os.path.join(out, 'qemu-status')).read().strip() if os.path.exists(
        os.path.join(out, 'qemu-status')) else 'qemu status unknown'
    print(f'run-guests: {status}; dom0: {dom0_done or "did not finish"}')
    ok = dom0_done == 'ok'
    for label in wanted:
        d = os.path.join(out, label)
        g = guests.get(label)
        if g is None:
            print(f'{label}: not reached (dom0 stopped before it)')
            ok = False
            continue
        for key, fname in (('console', 'console.log'), ('xl', 'xl.log'), ('xen', 'xen.log'),
                           ('xenstore', 'xenstore.txt')):
            with open(os.path.join(d, fname), 'w') as f:
                f.write(''.join(x + '\n' for x in g[key]))
        created = bool(g['created'] and 'rc=0' in g['created'])
        console = '\n'.join(g['console'])
        booted = 'domfw-guest: begin' in console
        exp_path = os.path.join(d, 'expect.txt')
        missing = []
        wants = [w for w in open(exp_path).read().split('\n') if w.strip()] if os.path.exists(exp_path) else []
        # "@xl-create-fails": a config xl must refuse; the other lines are then xl's messages.
        refuse = bool(wants) and wants[0] == '@xl-create-fails'
        where = '\n'.join(g['xl']) if refuse else console
        for want in wants[1:] if refuse else wants:
            if want not in where:
                missing.append(want)
        state = re.search(r'state=([\w-]+)', g['ended'] or '')
        state = state.group(1) if state else 'none'
        off = state == 'gone' and 'domfw-guest: end' in console
        if refuse:
            good = not created and not missing
            verdict = 'PASS' if good else 'FAIL'
            print(f'{label}: {verdict} refused by xl={"yes" if not created else "no"} '
                  f'expected={"yes" if not missing else "no"}')
            with open(os.path.join(d, 'status'), 'w') as f:
                f.write(f'{verdict} refused={not created} missing={len(missing)}\n')
            if not good:
                ok = False
                for x in g['xl'][-10:] + [f'missing: {m}' for m in missing]:
                    print(f'  xl: {x}')
            continue
        times = ''
        m1 = re.search(r'at=([\d.]+) from=([\d.]+)', g['created'] or '')
        m2 = re.search(r'at=([\d.]+)', g['ended'] or '')
        if m1 and m2:
            times = f' create {float(m1.group(1)) - float(m1.group(2)):.1f} s, to end {float(m2.group(1)) - float(m1.group(2)):.1f} s'
            m3 = re.search(r'at=([\d.]+)', g.get('first') or '')
            if m3:  # dom0 polls every 0.5 s: the first console byte is seen within about that
                times += f', to first console line {float(m3.group(1)) - float(m1.group(2)):.1f} s'
        good = created and booted and not missing and off
        verdict = 'PASS' if good else 'FAIL'
        print(f'{label}: {verdict} created={"yes" if created else "no"} booted={"yes" if booted else "no"} '
              f'expected={"yes" if not missing else "no"} powered-off={"yes" if off else "no"} (state {state}){times}')
        with open(os.path.join(d, 'status'), 'w') as f:
            f.write(f'{verdict} created={created} booted={booted} missing={len(missing)} state={state}{times}\n')
        if not good:
            ok = False
            for x in g['xl'][-10:]:
                print(f'  xl: {x}')
            for x in missing[:10]:
                print(f'  missing: {x}')
            for x in g['console'][-25:]:
                print(f'  console: {x}')
            if not g['console']:
                for x in g['xen'][-15:]:
                    print(f'  xen: {x}')
    if not ok and not guests:
        for x in [x for x in lines if x.strip()][-30:]:
            print(f'  serial: {x}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
