#!/usr/bin/env bash
# Installs the dependencies (the test peers too), builds ferry, makes the test
# images, and runs every test: unit, ABI and integration against real peers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --with-tests
"$root/scripts/build.sh" -DFERRY_BUILD_TESTS=ON
cd "$root/build"
ctest --output-on-failure --timeout 900 -j2
