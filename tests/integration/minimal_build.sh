#!/usr/bin/env bash
# A second build of ferry with only oci (a module) and dir (linked in as a
# builtin): both work, and the transports left out are reported as not
# installed rather than unknown.
set -uo pipefail
src=$1 out=$2
pass=0 failed=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; failed=$((failed + 1)); fi; }

cmake -S "$src" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFERRY_BUILD_TESTS=OFF \
  -DFERRY_MINIMAL="oci;dir" -DFERRY_PLUGIN_DIR=BUILTIN >"$out.log" 2>&1 &&
  cmake --build "$out" --target ferry >>"$out.log" 2>&1 || { cat "$out.log"; echo "0 passed, 1 failed"; exit 1; }

ferry="$out/bin/ferry --insecure-policy"
plugins=$(ls "$out/lib/ferry/plugins")
check test "$plugins" = "$(printf 'ferry-oci.plugin\nferry-oci.so')"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check $ferry copy -q "oci:$src/samples/oci/hello:latest" "oci:$work/layout:copy"
check $ferry copy -q "oci:$work/layout:copy" "dir:$work/dir"
check test -f "$work/dir/manifest.json"
msg=$($ferry copy -q "oci:$work/layout:copy" "oci-archive:$work/a.tar" 2>&1)
check grep -q 'not installed' <<<"$msg"
msg=$($ferry copy -q "oci:$work/layout:copy" "bogus:$work/a" 2>&1)
check grep -q 'unknown transport \\"bogus\\"' <<<"$msg"
help=$($ferry --help)
check grep -qx '  dir' <<<"$help"
check grep -qx '  oci' <<<"$help"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
