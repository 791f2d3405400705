#!/usr/bin/env bash
# The Debian package, end to end on this machine (docs/install.md): `cpack -G DEB` makes
# domfw_VERSION_ARCH.deb; lintian has nothing to say beyond the overrides (when installed);
# `apt-get install ./domfw_*.deb` installs it with its Depends; the installed domfw runs, finds
# its loader, has its man pages (and libdomfw its pkg-config file, when the package has one);
# `apt-get remove` then `purge` leave no file behind (the file lists before and after compared).
# Needs root and the release preset; skipped (77) otherwise, and when a domfw package is already
# installed, which this test must never remove. The package never stays installed (trap).
#   deb_test.sh BUILD_DIR SOURCE_DIR VERSION BUILD_TYPE SANITIZE
set -euo pipefail
build=$1 src=$2 version=$3 build_type=$4 sanitize=$5
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || skip "installs a package: needs root"
if [ "$build_type" != Release ] || [ "$sanitize" = ON ]; then
  skip "packages only the release preset (this is $build_type)"
fi
state=$(dpkg-query -W -f='${db:Status-Status}' domfw 2>/dev/null || true)
[ -z "$state" ] || [ "$state" = not-installed ] ||
  skip "a domfw package is already on this machine ($state); refusing to replace and remove it"

work=$(mktemp -d)
chmod 755 "$work" # apt's _apt user reads the .deb
installed=0
cleanup() {
  # dpkg does not wait for a lock another apt holds: retry for up to 5 minutes.
  local i
  for ((i = 0; installed && i < 30; i++)); do
    dpkg --purge domfw >/dev/null 2>&1 && break
    sleep 10
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP # run the cleanup on these too
apt() { DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o DPkg::Lock::Timeout=300 "$@"; }
# Every file name a package can add (man-db's index and dpkg's status change content, not names).
snapshot() { find /usr /etc /opt /var/lib/dpkg/info /var/lib/dpkg/alternatives -xdev 2>/dev/null | LC_ALL=C sort; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log") ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
arch=$(dpkg --print-architecture)
deb=$work/pkg/domfw_${version}_$arch.deb
[ -f "$deb" ] || fail "cpack made $(ls "$work/pkg"), not $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, Depends: ${depends:-(none)}"
# Depends comes from dpkg-shlibdeps: any dynamically linked ELF file in the package needs libc6.
dpkg-deb -x "$deb" "$work/x"
while IFS= read -r -d '' f; do
  if readelf -d "$f" 2>/dev/null | grep -q '(NEEDED)'; then
    grep -q 'libc6' <<<"$depends" || fail "${f#"$work"/x} links shared libraries but Depends is '$depends'"
  fi
done < <(find "$work/x" -type f -print0)
[ -f "$work/x/usr/share/doc/domfw/copyright" ] || fail "no /usr/share/doc/domfw/copyright"
if command -v lintian >/dev/null; then
  lintian --fail-on error,warning "$deb" || fail "lintian (above)"
fi

before=$(snapshot)
installed=1 # from here on, purged on exit: no domfw package was there before (checked above)
apt install "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install ./$(basename "$deb") failed"; }
files=$(dpkg -L domfw)
[ "$(command -v domfw)" = /usr/bin/domfw ] || fail "domfw is not /usr/bin/domfw"
[ "$(domfw --version)" = "domfw $version" ] || fail "domfw --version: $(domfw --version)"
[ "$(man -w domfw)" = /usr/share/man/man1/domfw.1.gz ] || fail "man -w domfw: $(man -w domfw 2>&1)"
[ "$(man -w domfw-build)" = /usr/share/man/man1/domfw-build.1.gz ] || fail "man -w domfw-build: $(man -w domfw-build 2>&1)"
domfw build "$src/examples/pvh-smbios.cfg" -o "$work/out" >/dev/null
cmp -s "$work/out/domfw-loader.elf" /usr/lib/domfw/domfw-loader.elf || fail "domfw build did not take /usr/lib/domfw/domfw-loader.elf"
if grep -q '/domfw\.pc$' <<<"$files"; then
  [ "$(pkg-config --modversion domfw)" = "$version" ] || fail "pkg-config --modversion domfw: $(pkg-config --modversion domfw 2>&1)"
fi
[ "$(snapshot)" != "$before" ] || fail "the file list did not change on install: the comparison below would prove nothing"

apt remove domfw >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get remove domfw failed"; }
while IFS= read -r f; do
  [ -d "$f" ] || [ ! -e "$f" ] || fail "apt-get remove left $f"
done <<<"$files"
# A package without configuration files is gone after `remove`, and apt then no longer knows the
# name (it has no archive): purge through dpkg, which accepts both states.
dpkg --purge domfw >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "dpkg --purge domfw failed"; }
installed=0
state=$(dpkg-query -W -f='${db:Status-Status}' domfw 2>/dev/null || true)
[ -z "$state" ] || [ "$state" = not-installed ] || fail "after purge, dpkg says domfw is $state"
left=$(diff <(echo "$before") <(snapshot) || true)
[ -z "$left" ] || fail "install + purge changed the file list:
$left"
echo "package OK: installed $(grep -c . <<<"$files") paths, removed and purged without a trace"
