#!/bin/sh
# libdomfw as a toolstack sees it: `cmake --install` into a temporary prefix, then a C program
# built with nothing but `pkg-config --cflags --libs domfw` and a C++ one built with
# find_package(domfw) (shared and static) build a bundle from a corpus SMBIOS capture, plan a guest
# whose pass-through comes from that capture, and print its xenstore keys: byte for byte what
# `domfw build` writes to xenstore.txt for the same config. Exit 77 (skipped) without the corpus,
# hvmloader or pkg-config.
# Usage: consumer_test.sh BUILD_DIR CONSUMER_SRC DOMFW SHARED_DIR "EXTRA_FLAGS"
set -eu
build=$1 src=$2 domfw=$3 shared=$4 flags=$5
capture=$shared/corpus/smbios/python-dmidecode/DellPrecisionWorkStation-490.dmp
for need in "$capture" /usr/lib/xen-4.17/boot/hvmloader; do
  [ -e "$need" ] || { echo "skipped: no $need"; exit 77; }
done
command -v pkg-config >/dev/null || { echo "skipped: no pkg-config"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name domfw.pc)
[ -n "$pc" ] || { echo "consumer_test: cmake --install wrote no domfw.pc" >&2; exit 1; }

cat > "$tmp/guest.cfg" <<CFG
name = "capi-consumer"
type = "hvm"
uuid = "2c1f8e7a-4b3d-4f6e-9a1b-7c5d3e2f1a0b"
memory = 512
firmware_source = "$capture"
smbios_passthrough = [ "0-3", "11" ]
CFG
"$domfw" build "$tmp/guest.cfg" -o "$tmp/build" >/dev/null

# C, pkg-config only. The rpath is pkg-config's libdir: no LD_LIBRARY_PATH needed.
export PKG_CONFIG_PATH="$(dirname "$pc")"
libdir=$(pkg-config --variable=libdir domfw)
# shellcheck disable=SC2046,SC2086 # pkg-config's flags and EXTRA_FLAGS are word lists
cc -std=c11 -Wall -Wextra -Werror $flags -o "$tmp/consumer_c" "$src/consumer.c" \
   $(pkg-config --cflags --libs domfw) -Wl,-rpath,"$libdir"
"$tmp/consumer_c" "$capture" "$tmp/guest.cfg" > "$tmp/c.txt"
cmp "$tmp/c.txt" "$tmp/build/xenstore.txt"
[ "$(pkg-config --modversion domfw)" = "$("$domfw" --version | awk '{print $NF}')" ]

# C++, find_package: the shared and the static library.
cmake -S "$src" -B "$tmp/cxx" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="$flags" \
      -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$tmp/cxx" >/dev/null
for exe in consumer_cxx consumer_cxx_static; do
  "$tmp/cxx/$exe" "$capture" "$tmp/guest.cfg" > "$tmp/$exe.txt"
  cmp "$tmp/$exe.txt" "$tmp/build/xenstore.txt"
done
if ldd "$tmp/cxx/consumer_cxx_static" | grep libdomfw >/dev/null; then
  echo "consumer_test: consumer_cxx_static links libdomfw.so" >&2
  exit 1
fi
echo "xenstore keys of C, C++ (shared) and C++ (static) equal domfw build's ($(wc -l < "$tmp/c.txt") lines)"
