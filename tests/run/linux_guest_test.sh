#!/usr/bin/env bash
# domfw run boots the Linux guest of guest/build-image (Debian's kernel, a busybox initramfs whose
# /init prints `domfw-guest:` lines) under QEMU TCG, and the guest sees exactly what was passed:
#   hvm-direct  HVM through SeaBIOS with a direct kernel, pass-through from examples/firmware/laptop-host:
#               every SMBIOS structure file's bytes inside the guest's DMI table, every ACPI table by
#               length and SHA-256 in /sys/firmware/acpi/tables, the dmidecode strings of type 1
#   pvh-loader  PVH through domfw's loader (the bzImage unpacked into the bundle), SMBIOS merged by
#               the loader: the type 1 strings
#   corpus-N    HVM with SMBIOS pass-through from three corpus machines (skipped without ../shared)
# Usage: linux_guest_test.sh SOURCE_DIR DOMFW [SHARED_DIR]. Exit 77 (CTest: skipped) when the tree
# has no guest/build-image yet.
set -euo pipefail
src=$1 domfw=$2 shared=${3:-}
[ -x "$src/guest/build-image" ] || { echo "skip: $src/guest/build-image does not exist"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "skip: qemu-system-x86_64 is not installed"; exit 77; }
[ -f /usr/lib/xen-4.17/boot/hvmloader ] || { echo "skip: xen-utils-4.17 (hvmloader) is not installed"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/domfw-linux-guest-XXXXXX")
trap 'rm -rf "$work"' EXIT
image=$("$src/guest/build-image" | tail -n 1)
[ -f "$image/vmlinuz" ] && [ -f "$image/initramfs.cpio.gz" ] || { echo "FAIL: $image lacks vmlinuz/initramfs.cpio.gz"; exit 1; }
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# String N (1-based) of an SMBIOS structure file, as dmidecode -s prints it (trailing blanks cut).
smbios_string() { # FILE OFFSET_OF_STRING_INDEX
    python3 - "$1" "$2" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
idx = b[int(sys.argv[2])] if len(b) > int(sys.argv[2]) else 0
strings = b[b[1]:].split(b'\0')
print(strings[idx - 1].decode('latin-1').strip() if 0 < idx <= len(strings) else '')
PY
}

# run NAME CONFIG-BODY: boots it, leaves the console in $work/NAME.log and the build in $work/NAME.
run() {
    local name=$1 body=$2
    printf 'name = "%s"\n%s' "$name" "$body" >"$work/$name.cfg"
    local rc=0
    "$domfw" run "$work/$name.cfg" -o "$work/$name" --accel tcg --timeout 180 --console "$work/$name.log" \
        2>"$work/$name.err" || rc=$?
    tr -d '\r' <"$work/$name.log" | grep '^domfw-guest: ' >"$work/$name.lines" || true
    if [ "$rc" -ne 0 ]; then fail "$name: domfw run exit $rc: $(tail -n 5 "$work/$name.err")"; return 1; fi
    grep -qx 'domfw-guest: end' "$work/$name.lines" || { fail "$name: no 'domfw-guest: end'"; return 1; }
}

# Every qemu/smbios-*.bin of build DIR lies whole in the guest's DMI table; type 1's strings match.
check_smbios() { # NAME
    local name=$1 dmi f
    dmi=$(sed -n 's/^domfw-guest: dmi-hex [0-9a-fx]* //p' "$work/$name.lines" | tr -d '\n')
    for f in "$work/$name"/qemu/smbios-*.bin; do
        [ -e "$f" ] || continue
        case $dmi in *"$(od -An -v -tx1 "$f" | tr -d ' \n')"*) ;; *) fail "$name: $(basename "$f") not in the guest's DMI table" ;; esac
    done
    f=$(ls "$work/$name"/qemu/smbios-*-type1.bin 2>/dev/null | head -n 1 || true)
    [ -n "$f" ] || return 0
    local want
    want=$(smbios_string "$f" 4)
    grep -qxF "domfw-guest: dmi system-manufacturer $want" "$work/$name.lines" ||
        fail "$name: system-manufacturer is not '$want': $(grep 'system-manufacturer' "$work/$name.lines")"
}

# check_oem NAME: dmidecode's OEM strings in the guest (dmi-oem lines) are the passed type 11's.
check_oem() {
    local name=$1 f
    f=$(ls "$work/$name"/qemu/smbios-*-type11.bin 2>/dev/null | head -n 1 || true)
    [ -n "$f" ] || { fail "$name: no type 11 was passed"; return; }
    python3 - "$f" "$work/$name.lines" <<'PY' || fail "$name: the guest's OEM strings are not the passed type 11's"
import sys
b = open(sys.argv[1], 'rb').read()
want = [s.decode('latin-1') for s in b[b[1]:].split(b'\0')[:b[4]]]
got = [l.rstrip('\n').split(' ', 3)[3] for l in open(sys.argv[2]) if l.startswith('domfw-guest: dmi-oem ')]
if got != want:
    print(f'OEM strings: guest {got}, passed {want}')
    sys.exit(1)
PY
}

# The laptop's firmware plus the crafted SSDT whose device Linux must instantiate (DOMF0001, the
# guest tests' fixture).
laptop="$work/laptop-host"
cp -r "$src/examples/firmware/laptop-host" "$laptop"
cp "$src/tests/guest/fixtures/domf0001.aml" "$laptop/acpi/tables/SSDT9"
run hvm-direct "type = \"hvm\"
memory = 512
kernel = \"$image/vmlinuz\"
ramdisk = \"$image/initramfs.cpio.gz\"
cmdline = \"console=ttyS0\"
firmware_source = \"$laptop\"
smbios_passthrough = [ \"0-3\", \"11\" ]
acpi_passthrough = [ \"SLIC\", \"MSDM\", \"SSDT:oem_table_id=PtidDevc\", \"SSDT:oem_table_id=DOMFDEV\" ]
" && {
    check_smbios hvm-direct
    check_oem hvm-direct
    # QEMU copies the SLIC's OEM ID and OEM table ID into the RSDT, XSDT and FADT it builds.
    slic=$(ls "$work"/hvm-direct/qemu/acpi-*-SLIC.bin | head -n 1)
    want="$(dd if="$slic" bs=1 skip=10 count=6 2>/dev/null | od -An -v -tx1 | tr -d ' \n') $(dd if="$slic" bs=1 skip=16 count=8 2>/dev/null | od -An -v -tx1 | tr -d ' \n')"
    grep -q "^domfw-guest: acpi-oem FACP $want\$" "$work/hvm-direct.lines" ||
        fail "hvm-direct: the FADT's OEM IDs are not the SLIC's ($want): $(grep 'acpi-oem FACP' "$work/hvm-direct.lines")"
    grep -qx 'domfw-guest: acpi-device DOMF0001:00' "$work/hvm-direct.lines" ||
        fail "hvm-direct: the crafted SSDT's device DOMF0001:00 is not in /sys/bus/acpi/devices"
    for t in "$work"/hvm-direct/qemu/acpi-*.bin; do
        want="$(stat -c %s "$t") $(sha256sum "$t" | cut -d' ' -f1)"
        grep -q "^domfw-guest: acpi [A-Z0-9]* $want\$" "$work/hvm-direct.lines" ||
            fail "hvm-direct: $(basename "$t") ($want) is not among the guest's ACPI tables"
    done
}

run pvh-loader "type = \"pvh\"
memory = 512
kernel = \"$image/vmlinuz\"
ramdisk = \"$image/initramfs.cpio.gz\"
cmdline = \"console=hvc0\"
firmware_source = \"$laptop\"
smbios_passthrough = [ \"1\" ]
" && {
    grep -q '^domfw-guest: kernel .* guest-type ' "$work/pvh-loader.lines" || fail "pvh-loader: no kernel line"
    # The loader merged type 1 from the bundle's SMBIOS module (modules/smbios.dfwm).
    f=$("$domfw" host show --from "$laptop" --smbios --json 2>/dev/null | python3 -c '
import json, sys
for s in json.load(sys.stdin).get("smbios", {}).get("structures", []):
    if s.get("type") == 1:
        print(s.get("fields", {}).get("manufacturer", "")); break' || true)
    [ -z "$f" ] || grep -qxF "domfw-guest: dmi system-manufacturer $f" "$work/pvh-loader.lines" ||
        fail "pvh-loader: system-manufacturer is not '$f'"
}

if [ -n "$shared" ] && [ -d "$shared/corpus/smbios" ]; then
    n=0
    for m in $(find "$shared/corpus/smbios" -mindepth 2 -maxdepth 2 -type d | sort | head -n 3); do
        n=$((n + 1))
        run "corpus-$n" "type = \"hvm\"
memory = 512
kernel = \"$image/vmlinuz\"
ramdisk = \"$image/initramfs.cpio.gz\"
cmdline = \"console=ttyS0\"
firmware_source = \"$m\"
smbios_passthrough = [ \"0-3\", \"11\" ]
" && check_smbios "corpus-$n"
    done
fi

pgrep -f "$work" >/dev/null && fail "a process still names $work"
[ "$fails" -eq 0 ] && echo "ok: every guest saw what was passed"
exit $((fails > 0))
