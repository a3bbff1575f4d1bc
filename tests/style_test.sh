#!/usr/bin/env bash
# The tree is formatted as .clang-format says: every tracked C and C++ file.
set -uo pipefail
cd "$1" || exit 1
command -v clang-format >/dev/null || { echo "clang-format not found: scripts/install-deps.sh --with-tests installs it"; exit 1; }
files=$(git ls-files '*.cpp' '*.hpp' '*.h' '*.c')
bad=0 total=0
for f in $files; do
  total=$((total + 1))
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || { echo "not formatted: $f (clang-format -i $f)"; bad=$((bad + 1)); }
done
echo "$((total - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
