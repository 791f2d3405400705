#!/bin/sh
# The dynamic symbols libdomfw.so defines are exactly the functions domfw.h declares with
# DOMFW_API (plus the version node DOMFW_0 the version script names): nothing of the layers or of
# libstdc++ leaks, and nothing declared is missing.
# Usage: exports_test.sh LIBDOMFW_SO DOMFW_H
set -eu
so=$1 header=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Without comments and preprocessor lines, one statement per line (declarations may wrap).
perl -0pe 's{/\*.*?\*/}{}gs; s{^#.*$}{}mg; s{\s+}{ }g; s{;}{;\n}g' "$header" |
  sed -n 's/^ *DOMFW_API .*[ *]\(domfw_[a-z0-9_]*\)(.*/\1/p' | sort > "$tmp/declared"
nm -D --defined-only "$so" | awk '{print $NF}' | sed 's/@.*//' | grep -vx 'DOMFW_0' | sort > "$tmp/exported"
if [ ! -s "$tmp/declared" ]; then
  echo "no DOMFW_API declaration found in $header" >&2
  exit 1
fi
if ! diff -u "$tmp/declared" "$tmp/exported"; then
  echo "exports_test: $so does not export exactly the DOMFW_API functions of $header (- declared, + exported)" >&2
  exit 1
fi
echo "$(wc -l < "$tmp/exported") functions exported, as declared"
