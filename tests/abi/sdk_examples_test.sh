#!/usr/bin/env bash
# The SDK says what is true: the example in plugin.hpp's header comment compiles as
# written, and a transport description that lacks a member fails with the SDK's one-line
# message rather than a template backtrace.
set -uo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 failed=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; failed=$((failed + 1)); fi; }
cxx() { c++ -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I"$src/sdk/include" "$@"; }

{
  echo '#include <ferry/plugin.hpp>'
  sed -n '/^\/\/ BEGIN EXAMPLE$/,/^\/\/ END EXAMPLE$/p' "$src/sdk/include/ferry/plugin.hpp" |
    sed '1d;$d' | sed 's|^//   ||'
} >"$work/example.cpp"
check test "$(wc -l <"$work/example.cpp")" -gt 10
check cxx "$work/example.cpp"

# The same description without can_read.
grep -v 'can_read' "$work/example.cpp" >"$work/broken.cpp"
cxx "$work/broken.cpp" 2>"$work/broken.err"
check test $? -ne 0
check grep -q 'a transport description lacks a member FERRY_DECLARE_PLUGIN needs' "$work/broken.err"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
