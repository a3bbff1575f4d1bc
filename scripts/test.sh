#!/usr/bin/env bash
# Installs the dependencies (the test peers too), builds ferry, makes the test
# images, and runs every test: unit, ABI and integration against real peers;
# then the same code under ASan and UBSan (scripts/sanitizers.sh) and every
# fuzz target for a short while (tests/fuzz/run.sh). Each stage runs even when
# an earlier one failed; the last lines say how long each took and how it ended.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --with-tests || exit 1

summary=()
failed=0
# A list from an earlier run must not be taken for this one's.
rm -f "$root"/build{,-asan}/Testing/Temporary/LastTestsFailed.log
# stage NAME COMMAND...: runs one stage and notes its time and outcome.
stage() {
  local name=$1 start=$SECONDS
  shift
  echo "=== $name"
  if "$@"; then
    summary+=("ok   - $name ($((SECONDS - start)) s)")
  else
    summary+=("FAIL - $name ($((SECONDS - start)) s)")
    failed=$((failed + 1))
  fi
}

# failed_tests BUILD_DIR: after a failed ctest stage, the tests that failed and
# the first failing checks in their output join the closing lines, so a log
# read from its end still says what broke.
failed_tests() {
  local tmp=$1/Testing/Temporary line
  [[ ${summary[-1]} == FAIL* && -s $tmp/LastTestsFailed.log ]] || return 0
  summary+=("       failed: $(cut -d: -f2- "$tmp/LastTestsFailed.log" | tr '\n' ' ')")
  while IFS= read -r line; do summary+=("       $line"); done < <(
    grep -a -E '^(FAIL - |not ok )' "$tmp/LastTest.log" | head -8)
}

# Line tables are debug info enough for a test run's backtraces, and build in
# two thirds of full debug info's time.
stage "build" "$root/scripts/build.sh" -DFERRY_BUILD_TESTS=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
stage "tests" bash -c "cd '$root/build' && ctest --output-on-failure --timeout 900 -j2"
failed_tests "$root/build"
stage "sanitizers (ASan, UBSan, leaks)" "$root/scripts/sanitizers.sh"
failed_tests "$root/build-asan"
stage "fuzzing (10 s a target)" "$root/tests/fuzz/run.sh" 10

printf '%s\n' "${summary[@]}"
[[ $failed -eq 0 ]]
