#!/usr/bin/env bash
# A second build of ferry with only oci (a module) and dir (linked in as a
# builtin): both work, and the transports left out are reported as not
# installed rather than unknown.
set -uo pipefail
src=$1 out=$2
pass=0 failed=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; failed=$((failed + 1)); fi; }

# Unoptimised and without debug info: this checks what the configuration builds
# and how it behaves, and it compiles in a third of a RelWithDebInfo build's time.
cmake -S "$src" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
  -DCMAKE_C_FLAGS_DEBUG=-O0 -DFERRY_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr \
  -DFERRY_MINIMAL="oci;dir" -DFERRY_PLUGIN_DIR=BUILTIN -DFERRY_INSTALL_SKOPEO_ALIAS=ON >"$out.log" 2>&1 &&
  cmake --build "$out" --target ferry >>"$out.log" 2>&1 || { cat "$out.log"; echo "0 passed, 1 failed"; exit 1; }

ferry="$out/bin/ferry --insecure-policy"
# With a /usr prefix, Debian's libdir is lib/<multiarch>: the build tree lays plugins out as
# the install tree will, so the binary finds them before and after installing.
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$out/CMakeCache.txt")
plugins=$(ls "$out/$libdir/ferry/plugins")
check test "$plugins" = "$(printf 'ferry-oci.plugin\nferry-oci.so')"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check $ferry copy -q "oci:$src/samples/oci/hello:latest" "oci:$work/layout:copy"
check $ferry copy -q "oci:$work/layout:copy" "dir:$work/dir"
check test -f "$work/dir/manifest.json"
# A transport this build left out, one whose plugin file is gone, and one left out
# and not found on FERRY_PLUGIN_PATH either: each is explained, naming the directories searched.
msg=$($ferry copy -q "oci:$work/layout:copy" "oci-archive:$work/a.tar" 2>&1)
check grep -q 'not installed: this ferry was built without it (FERRY_PLUGIN_OCI_ARCHIVE=OFF).*(the plugin directory)' <<<"$msg"
mkdir -p "$work/moved/bin" "$work/moved/$libdir/ferry/plugins" && cp "$out/bin/ferry" "$work/moved/bin/"
msg=$("$work/moved/bin/ferry" --insecure-policy inspect "oci:$work/layout:copy" 2>&1)
check grep -q "built with it as a plugin, but its file ferry-oci.plugin is missing from $work/moved/$libdir/ferry/plugins" <<<"$msg"
# A copied binary also looks where its prefix installs plugins, and says so.
check grep -q "/usr/$libdir/ferry/plugins (the plugin directory)" <<<"$msg"
msg=$(FERRY_PLUGIN_PATH=$work/extra $ferry inspect "ostree:x" 2>&1)
check grep -q "built without it (FERRY_PLUGIN_OSTREE=OFF), and no plugin for it was found in $work/extra (from FERRY_PLUGIN_PATH)" <<<"$msg"
msg=$($ferry copy -q "oci:$work/layout:copy" "bogus:$work/a" 2>&1)
check grep -q 'unknown transport \\"bogus\\"' <<<"$msg"
help=$($ferry --help)
check grep -qx '  dir' <<<"$help"
check grep -qx '  oci' <<<"$help"
# Installed with the skopeo alias: a relative symlink, and ferry answers to it as skopeo.
cmake --install "$out" --prefix "$work/prefix" >>"$out.log" 2>&1
check test "$(readlink "$work/prefix/bin/skopeo")" = ferry
check grep -q "^skopeo version " <<<"$("$work/prefix/bin/skopeo" --version)"
check bash -c '"$0" --insecure-policy inspect --raw "$1" >/dev/null' "$work/prefix/bin/skopeo" "oci:$work/layout:copy"
# A name FERRY_MINIMAL does not know stops the configuration, naming it.
msg=$(cmake -S "$src" -B "$work/typo" -G Ninja -DFERRY_BUILD_TESTS=OFF -DFERRY_MINIMAL="oci;dri" 2>&1)
check test $? -ne 0
check grep -q "FERRY_MINIMAL names 'dri', which is not a ferry plugin" <<<"$msg"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
