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

out=$(FERRY_PLUGIN_PATH="$work/cmake" "$ferry" inspect hello:world)
check grep -q '"Digest": "sha256:' <<<"$out"
check grep -q '"Env": \[' <<<"$out"
check grep -q hello < <(FERRY_PLUGIN_PATH="$work/cmake" "$ferry" --help)
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
