#!/usr/bin/env bash
# The SDK example builds out of tree against an installed SDK (CMake package
# and pkg-config), exports one symbol, and the ferry binary loads and uses it.
set -euo pipefail
build=$1 src=$2 ferry=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 failed=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; failed=$((failed + 1)); fi; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/sdk/examples/hello" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake" >/dev/null
check test -f "$work/cmake/ferry-hello.so"
check test "$(nm -D --defined-only "$work/cmake/ferry-hello.so" | awk '{print $3}')" = ferry_plugin_entry_v1

# The same plugin through pkg-config, as the source file's comment says.
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
mkdir -p "$work/pc"
c++ -std=c++20 -shared -fPIC -fvisibility=hidden $(pkg-config --cflags ferry-sdk) \
  -Wl,--version-script="$(pkg-config --variable=pluginmap ferry-sdk)" \
  "$src/sdk/examples/hello/hello_transport.cpp" -o "$work/pc/ferry-hello.so"
check test -f "$work/pc/ferry-hello.so"
"$(pkg-config --variable=manifesttool ferry-sdk)" "$work/pc/ferry-hello.so" "$work/pc/ferry-hello.plugin"
check cmp "$work/pc/ferry-hello.plugin" "$work/cmake/ferry-hello.plugin"
# ferry loads it from that directory, as it does the CMake-built one.
pc_out=$(FERRY_PLUGIN_PATH="$work/pc" "$ferry" inspect hello:world)
check grep -q '"Digest": "sha256:' <<<"$pc_out"

out=$(FERRY_PLUGIN_PATH="$work/cmake" "$ferry" inspect hello:world)
check grep -q '"Digest": "sha256:' <<<"$out"
check grep -q '"Env": \[' <<<"$out"
check grep -q hello < <(FERRY_PLUGIN_PATH="$work/cmake" "$ferry" --help)

# Its declared option: a flag in every command's help (from the manifest, written by the SDK's
# tool), and its value reaching the plugin through copy and list-tags.
check grep -q '^option hello hello-greeting string source,image TEXT ' "$work/cmake/ferry-hello.plugin"
check grep -q -- '--src-hello-greeting' < <(FERRY_PLUGIN_PATH="$work/cmake" "$ferry" copy --help)
check grep -q -- '--hello-greeting' < <(FERRY_PLUGIN_PATH="$work/cmake" "$ferry" list-tags --help)
FERRY_PLUGIN_PATH="$work/cmake" "$ferry" --insecure-policy copy -q --src-hello-greeting hi hello:world "dir:$work/hi"
check grep -q '"example.hello.greeting":"hi"' "$work/hi/manifest.json"
tags=$(FERRY_PLUGIN_PATH="$work/cmake" "$ferry" list-tags --hello-greeting hi hello:world)
check test "$(jq -c .Tags <<<"$tags")" = '["world","hi"]'
# A flag another transport declares is ignored for this one, as skopeo ignores it.
FERRY_PLUGIN_PATH="$work/cmake" "$ferry" --insecure-policy copy -q --src-shared-blob-dir /nonexistent hello:world "dir:$work/plain"
check test -f "$work/plain/manifest.json"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
