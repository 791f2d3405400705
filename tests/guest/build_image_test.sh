#!/usr/bin/env bash
# guest/build-image's contract (label unit; exit 77 = skipped when the Debian packages it reads
# are not installed): the one-line errors and exit statuses, what the image holds, DIR as the last
# line of stdout, no rebuild while the inputs are unchanged, a rebuild when one changes, concurrent
# callers, and no DIR.tmp left behind.
#   build_image_test.sh REPOSITORY
set -uo pipefail
repo=$1
bi=$repo/guest/build-image
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
if [ -z "$kernel" ] || [ ! -f /bin/busybox ] || [ ! -f /usr/sbin/dmidecode ] || ! command -v cpio >/dev/null; then
  echo "skipped: linux-image-amd64, busybox-static, dmidecode or cpio is not installed"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { # WHAT COMMAND...: fails the test when the command fails
  local what=$1
  shift
  if ! "$@"; then
    echo "FAIL: $what"
    failures=$((failures + 1))
  fi
}
# expect_error STATUS MESSAGE [ENV=VALUE...] -- ARGS...: exactly MESSAGE on stderr, nothing on stdout
expect_error() {
  local want_status=$1 want=$2
  shift 2
  local envs=()
  while [ "$1" != "--" ]; do
    envs+=("$1")
    shift
  done
  shift
  local out err status
  out=$(env "${envs[@]}" "$bi" "$@" 2>"$tmp/err")
  status=$?
  err=$(cat "$tmp/err")
  check "status $status, want $want_status for $*" [ "$status" = "$want_status" ]
  check "stderr '$err', want '$want'" [ "$err" = "$want" ]
  check "stdout '$out' on an error" [ -z "$out" ]
}

mkdir -p "$tmp/noboot"
expect_error 1 "guest/build-image: no vmlinuz-* in $tmp/noboot: install the Debian package linux-image-amd64 (scripts/setup)" \
  DOMFW_GUEST_BOOT="$tmp/noboot" -- --out "$tmp/e1"
expect_error 1 "guest/build-image: $tmp/nobusybox is missing: install the Debian package busybox-static (scripts/setup)" \
  DOMFW_GUEST_BUSYBOX="$tmp/nobusybox" -- --out "$tmp/e2"
expect_error 1 "guest/build-image: $tmp/nodmidecode is missing: install the Debian package dmidecode (scripts/setup)" \
  DOMFW_GUEST_DMIDECODE="$tmp/nodmidecode" -- --out "$tmp/e3"
expect_error 2 "guest/build-image: unknown argument '--bogus' (usage: guest/build-image [--out DIR])" -- --bogus
expect_error 2 "guest/build-image: --out needs a directory (usage: guest/build-image [--out DIR])" -- --out
check "an error left an output directory" [ ! -e "$tmp/e1" ] && [ ! -e "$tmp/e2" ] && [ ! -e "$tmp/e3" ]

# A build from a copy of the kernel, so that changing it is possible.
mkdir -p "$tmp/boot"
cp "$kernel" "$tmp/boot/vmlinuz-6.99.0-test"
export DOMFW_GUEST_BOOT=$tmp/boot
img=$tmp/img
last=$("$bi" --out "$img" | tail -n 1)
check "stdout's last line '$last' is not $img" [ "$last" = "$img" ]
check "vmlinuz is not a copy of the kernel" cmp -s "$tmp/boot/vmlinuz-6.99.0-test" "$img/vmlinuz"
check "kernel-version is not 6.99.0-test" [ "$(cat "$img/kernel-version")" = "6.99.0-test" ]
listing=$(gzip -dc "$img/initramfs.cpio.gz" | cpio -it --quiet 2>/dev/null | sort)
for f in init bin/busybox bin/sh bin/xxd bin/sha256sum usr/sbin/dmidecode; do
  check "the initramfs has no $f" grep -qx "$f" <<<"$listing"
done
for lib in $(ldd /usr/sbin/dmidecode | awk '/=>/ && $3 ~ /^\// {print $3} /^[[:space:]]*\// {print $1}'); do
  check "the initramfs has no ${lib#/} (ldd names it for dmidecode)" grep -qx "${lib#/}" <<<"$listing"
done
check "the initramfs's /init is not guest/init" \
  cmp -s <(gzip -dc "$img/initramfs.cpio.gz" | (cd "$tmp" && cpio -i --quiet --to-stdout init 2>/dev/null)) "$repo/guest/init"
check "DIR.tmp left behind" [ ! -e "$img.tmp" ]

# Unchanged inputs: nothing is rebuilt (the same file, not a new one).
before=$(stat -c %i:%Y "$img/initramfs.cpio.gz")
sleep 1
"$bi" --out "$img" >/dev/null
check "rebuilt although no input changed" [ "$(stat -c %i:%Y "$img/initramfs.cpio.gz")" = "$before" ]
# A changed kernel file: rebuilt, and the new kernel is the one in the image.
printf 'x' >>"$tmp/boot/vmlinuz-6.99.0-test"
"$bi" --out "$img" >/dev/null
check "not rebuilt after the kernel changed" cmp -s "$tmp/boot/vmlinuz-6.99.0-test" "$img/vmlinuz"
# A newer kernel version is the one taken.
cp "$kernel" "$tmp/boot/vmlinuz-6.100.0-test"
"$bi" --out "$img" >/dev/null
check "the newest kernel (sort -V) was not taken" [ "$(cat "$img/kernel-version")" = "6.100.0-test" ]

# Concurrent callers on a fresh directory (and a stale DIR.tmp from a killed run): each exits 0
# and prints DIR, and the image is whole.
img2=$tmp/img2
mkdir -p "$img2.tmp/junk"
pids=()
for i in 1 2 3; do
  ("$bi" --out "$img2" >"$tmp/c$i.out" 2>&1; echo $? >"$tmp/c$i.rc") &
  pids+=($!)
done
wait "${pids[@]}"
for i in 1 2 3; do
  check "concurrent caller $i exited $(cat "$tmp/c$i.rc"): $(cat "$tmp/c$i.out")" [ "$(cat "$tmp/c$i.rc")" = 0 ]
  check "concurrent caller $i did not print $img2 last" [ "$(tail -n 1 "$tmp/c$i.out")" = "$img2" ]
done
check "concurrent callers left DIR.tmp" [ ! -e "$img2.tmp" ]
check "the concurrently built image is not whole" gzip -t "$img2/initramfs.cpio.gz"
check "the concurrently built image has another kernel" cmp -s "$img/vmlinuz" "$img2/vmlinuz"

echo "build-image: $failures failures"
[ "$failures" = 0 ]
