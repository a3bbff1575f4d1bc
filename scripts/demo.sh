#!/usr/bin/env bash
# The README's first command: installs what ferry needs, builds the CLI and its
# plugins (no tests), installs them stripped under a prefix, and walks through
# a few copies of the built-in sample image, saying what each one shows.
# ferry stays installed; the last lines say where and how to use it.
#
#   FERRY_PREFIX   where to install (default: ./install beside scripts/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${FERRY_PREFIX:-$root/install}
build=$root/build-release

"$root/scripts/install-deps.sh"
echo "== Building ferry and its plugins (Release, no tests) in $build"
# -O1: compiling is most of the demo's time, and -O1 compiles in about three
# quarters of -O2's; ferry's heavy work (hashing, (de)compression) runs in
# system libraries either way. scripts/package.sh and the benchmark build at -O2.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" -DFERRY_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$build" -j"$(nproc)"
cmake --install "$build" --strip >/dev/null
echo "== Installed in $prefix"

ferry=$prefix/bin/ferry
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample="oci:$root/samples/oci/hello:latest"
# show TEXT COMMAND...: says what the command shows, prints it, runs it.
show() {
  local line="${*:2}"
  line=${line//"$prefix/bin/ferry"/ferry}
  printf '\n== %s\n$ %s\n' "$1" "${line//"$work"/\$WORK}"
  "${@:2}"
}
# No policy.json is assumed on a fresh machine: every command skips the policy check.
show "The sample image as skopeo's inspect shows it: digest, platform, layers, read from an OCI layout" \
  "$ferry" --insecure-policy inspect "$sample"
show "Copied into a directory of plain files: every blob keeps its bytes and digest" \
  "$ferry" --insecure-policy copy "$sample" "dir:$work/hello-dir"
show "The same manifest digest, computed from the copy's manifest.json" \
  "$ferry" manifest-digest "$work/hello-dir/manifest.json"
show "Packed into a single OCI archive (a tar), tagged hello" \
  "$ferry" --insecure-policy copy "dir:$work/hello-dir" "oci-archive:$work/hello.tar:hello"
show "Layers recompressed with zstd on the way into a new layout: the one copy here that changes bytes" \
  "$ferry" --insecure-policy copy --dest-compress-format zstd "oci-archive:$work/hello.tar:hello" "oci:$work/layout:hello-zstd"
show "Only the fields asked for, with a Go template as skopeo takes: a new digest, the same platform" \
  "$ferry" --insecure-policy inspect --format '{{.Digest}} {{.Os}}/{{.Architecture}} {{len .Layers}} layer(s)' "oci:$work/layout:hello-zstd"

cat <<MSG

ferry is installed in $prefix, with its plugins, man pages and shell completion.
To use it from this shell:
  export PATH="$prefix/bin:\$PATH" MANPATH="$prefix/share/man:"
  source $prefix/share/bash-completion/completions/ferry
then try: ferry --help, ferry copy --help, man ferry-copy, man ferry-plugins
MSG
