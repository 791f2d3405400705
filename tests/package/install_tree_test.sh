#!/usr/bin/env bash
# `DESTDIR=D cmake --install BUILD --prefix /usr` lays out the command, the loader, the docs, the
# copyright file, the bash completion and (when the build makes them) the man pages as
# docs/install.md says, and the installed command finds the installed loader by itself.
#   install_tree_test.sh BUILD_DIR SOURCE_DIR VERSION MAN(ON|OFF)
set -euo pipefail
build=$1 src=$2 version=$3 man=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$work/root cmake --install "$build" --prefix /usr >"$work/install.log"
root=$work/root/usr
for f in bin/domfw lib/domfw/domfw-loader.elf share/doc/domfw/README.md share/doc/domfw/docs/install.md \
         share/doc/domfw/docs/README.md share/doc/domfw/copyright share/bash-completion/completions/domfw \
         share/lintian/overrides/domfw; do
  [ -f "$root/$f" ] || fail "cmake --install did not install /usr/$f"
done
# Nothing outside DESTDIR, and nothing else under it than /usr (and libdomfw's files, once built).
[ "$(ls "$work/root")" = usr ] || fail "installed outside /usr: $(ls "$work/root")"
[ -x "$root/bin/domfw" ] || fail "/usr/bin/domfw is not executable"
[ "$(stat -c %a "$root/lib/domfw/domfw-loader.elf")" = 644 ] ||
  fail "the loader (a guest image) is mode $(stat -c %a "$root/lib/domfw/domfw-loader.elf"), not 644"
cmp -s "$root/lib/domfw/domfw-loader.elf" "$build/src/cli/domfw-loader.elf" || fail "the installed loader differs from the build's"
[ "$("$root/bin/domfw" --version)" = "domfw $version" ] || fail "installed domfw --version: $("$root/bin/domfw" --version)"

if [ "$man" = ON ]; then
  # A page for the command and one per command and subcommand, each rendering without a groff warning.
  for page in domfw domfw-build domfw-cfg domfw-cfg-check domfw-host-show domfw-module-inspect domfw-run; do
    [ -f "$root/share/man/man1/$page.1.gz" ] || fail "no man page /usr/share/man/man1/$page.1.gz"
  done
  for page in "$root"/share/man/man1/*.1.gz; do
    warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || fail "man -l $page failed: $warnings"
    [ -z "$warnings" ] || fail "man -l $(basename "$page") warns: $warnings"
  done
  # The page carries the help text, so it cannot be a stale one.
  MANWIDTH=200 man -l "$root/share/man/man1/domfw-build.1.gz" 2>/dev/null | grep -- '^ *--sync' >/dev/null || fail "domfw-build.1 lacks the --sync option of domfw build --help"
fi

# The bash completion offers what the installed command's help lists.
complete_words() { # WORDS... (the last one is being completed)
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _domfw; echo "${COMPREPLY[*]}"' \
    _ "$root/share/bash-completion/completions/domfw" "$root/bin/domfw" "$@"
}
[ "$(complete_words cfg "")" = "check fmt dump get" ] || fail "completion of 'domfw cfg ': $(complete_words cfg "")"
[ "$(complete_words build guest.cfg --s)" = "--sync" ] || fail "completion of 'domfw build guest.cfg --s': $(complete_words build guest.cfg --s)"

# The installed command, run from DESTDIR/usr/bin, takes the loader from DESTDIR/usr/lib/domfw
# (docs/plan.md, "Finding the loader"): nothing else in its search path holds one.
unset DOMFW_LOADER
"$root/bin/domfw" build "$src/examples/pvh-smbios.cfg" -o "$work/out" >/dev/null
cmp -s "$work/out/domfw-loader.elf" "$root/lib/domfw/domfw-loader.elf" || fail "domfw build did not copy the installed loader"
rm "$root/lib/domfw/domfw-loader.elf"
if "$root/bin/domfw" build "$src/examples/pvh-smbios.cfg" -o "$work/out2" 2>"$work/err"; then
  fail "domfw build found a loader after the installed one was removed"
fi
grep -qF "domfw-loader.elf not found (looked in $root/bin/domfw-loader.elf, $root/lib/domfw/domfw-loader.elf," "$work/err" ||
  fail "unexpected error: $(cat "$work/err")"

# The Debian packages are the install components (cmake/DomfwInstall.cmake): bin (domfw), lib
# (libdomfw0), dev (libdomfw-dev). Together they hold exactly what the whole install holds (a rule
# outside them would be in no package), and each holds only its own part.
listing() { (cd "$1" && find . ! -type d | LC_ALL=C sort); }
all=$work/all
DESTDIR=$all cmake --install "$build" --prefix /usr >/dev/null
for c in bin lib dev; do
  DESTDIR=$work/c-$c cmake --install "$build" --prefix /usr --component "$c" >/dev/null
done
union=$( (listing "$work/c-bin"; listing "$work/c-lib"; listing "$work/c-dev") | LC_ALL=C sort)
[ "$union" = "$(listing "$all")" ] || fail "the components bin, lib, dev do not hold exactly the install:
$(diff <(echo "$union") <(listing "$all"))"
! listing "$work/c-bin" | grep -E 'libdomfw|/include/|\.pc$|/cmake/' || fail "component bin (package domfw) holds library files (above)"
lib_expect=$(printf '%s\n' ./usr/share/doc/libdomfw0/copyright ./usr/share/lintian/overrides/libdomfw0)
lib_got=$(listing "$work/c-lib" | grep -v -E '^\./usr/lib/[^/]*/?libdomfw\.so\.0(\.|$)' || true)
[ "$lib_got" = "$lib_expect" ] || fail "component lib (package libdomfw0) holds more than libdomfw.so.0: $lib_got"
[ "$(listing "$work/c-lib" | grep -c 'libdomfw\.so\.0')" = 2 ] || fail "component lib lacks libdomfw.so.0 and its file: $(listing "$work/c-lib")"
for f in libdomfw.so libdomfw.a pkgconfig/domfw.pc cmake/domfw/domfwConfig.cmake; do
  listing "$work/c-dev" | grep -E "^\./usr/lib/([^/]*/)?$f\$" >/dev/null || fail "component dev (package libdomfw-dev) lacks /usr/lib/.../$f"
done
[ -f "$work/c-dev/usr/include/domfw/domfw.h" ] || fail "component dev (package libdomfw-dev) lacks /usr/include/domfw/domfw.h"
echo "install tree OK: $(cd "$work/root" && find . -type f | wc -l) files; components bin, lib, dev: $(listing "$work/c-bin" | wc -l), $(listing "$work/c-lib" | wc -l), $(listing "$work/c-dev" | wc -l) files"
