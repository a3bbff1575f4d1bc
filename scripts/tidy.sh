#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy's checks) over ferry's own sources, using the
# build's compile_commands.json; exits non-zero on any finding.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: build first (scripts/build.sh)" >&2; exit 2; }
cd "$root"
git ls-files 'core/*.cpp' 'cli/*.cpp' 'libs/*.cpp' 'plugins/*.cpp' 'tools/*.cpp' |
  xargs -P "$(nproc)" -n 8 clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option
echo "clang-tidy: no findings"
