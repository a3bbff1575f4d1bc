#!/usr/bin/env bash
# Builds ferry, its plugins and its tests with AddressSanitizer and
# UndefinedBehaviorSanitizer under clang (the asan-ubsan preset, in ./build-asan) and runs
# what is quick enough under them: the unit, ABI and fuzz-replay tests and the
# integration tests of the local transports (ctest labels unit, abi, fuzz,
# sanitizers), with leak detection on and UBSan stopping at its first report.
# Reports are also written to build-asan/sanitizer-reports/, and any report
# there fails this script: one inside a command a test expected to fail would
# otherwise pass unseen.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# A cache made with another compiler (the preset used gcc before) starts afresh.
if [[ -f build-asan/CMakeCache.txt ]] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang' build-asan/CMakeCache.txt; then
  rm -rf build-asan
fi
cmake --preset asan-ubsan >/dev/null || exit 1
cmake --build build-asan -j"$(nproc)" || exit 1

reports=$root/build-asan/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS=detect_leaks=1:exitcode=86:log_path=$reports/asan
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87:log_path=$reports/ubsan
cd build-asan
ctest --output-on-failure --timeout 900 -j2 -L '^(unit|abi|fuzz|sanitizers)$'
status=$?
if [[ -n $(ls -A "$reports") ]]; then
  echo "sanitizer reports:"
  for f in "$reports"/*; do
    echo "--- $f"
    head -40 "$f"
  done
  status=1
fi
exit $status
