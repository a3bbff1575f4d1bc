#!/usr/bin/env bash
# Installs the dependencies, builds ferry, and copies the built-in sample image
# between the local transports, inspecting it on the way.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
ferry="$root/build/bin/ferry --insecure-policy"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
set -x
$ferry inspect "oci:$root/samples/oci/hello:latest"
$ferry copy "oci:$root/samples/oci/hello:latest" "dir:$out/hello-dir"
$ferry copy "dir:$out/hello-dir" "oci-archive:$out/hello.tar:hello"
$ferry copy --dest-compress-format zstd "oci-archive:$out/hello.tar:hello" "oci:$out/layout:hello-zstd"
$ferry inspect --format '{{.Digest}} {{.Architecture}} {{.Os}}' "oci:$out/layout:hello-zstd"
