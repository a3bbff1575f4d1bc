#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS [NAME...]: builds the libFuzzer targets with clang
# in build-fuzz/ (only they and what they link), then runs each (or the named
# ones) for SECONDS, one per core at a time (FERRY_FUZZ_PARALLEL), on its seeds,
# its past crash inputs and what earlier runs learned. Prints the executions of each target and a
# "N passed, N failed" line; exits non-zero when any target crashed, leaked,
# hung or broke an invariant. Crash inputs are kept in build-fuzz/fuzz-work/crashes/NAME/.
#
#   FERRY_FUZZ_BUILD_DIR  the build directory (default: build-fuzz beside tests/)
#   FERRY_FUZZ_JOBS       parallel compile jobs (default 2)
#   FERRY_FUZZ_TIMEOUT    seconds one input may take before it counts as a hang (default 25)
#   FERRY_FUZZ_PARALLEL   targets run at once (default: the number of cores)
set -uo pipefail

seconds=${1:?usage: tests/fuzz/run.sh SECONDS [NAME...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FERRY_FUZZ_BUILD_DIR:-$root/build-fuzz}
work=$build/fuzz-work

command -v clang++ >/dev/null || { echo "clang++ not found: install clang (scripts/install-deps.sh --with-tests)"; exit 1; }
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -gline-tables-only" \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
    -DFERRY_BUILD_TESTS=OFF -DFERRY_BUILD_FUZZERS=ON >/dev/null || exit 1
fi
mkdir -p "$work"
if ! cmake --build "$build" --target ferry-fuzzers -j"${FERRY_FUZZ_JOBS:-2}" >"$work/build.log" 2>&1; then
  grep -v '^\[' "$work/build.log" | head -40
  echo "the fuzz targets did not build (log: $work/build.log)"
  exit 1
fi

if [[ $# -eq 0 ]]; then
  set -- $(cd "$build/fuzz" && ls fuzz_* | sed 's/^fuzz_//')
fi

# Leaks fail a run; UBSan stops at the first report (the build also aborts on one).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# fuzz_one NAME: runs one target; its verdict goes to $work/NAME.verdict, its exit code is 0 or 1.
fuzz_one() {
  local name=$1 binary=$build/fuzz/fuzz_$1 verdict=$work/$1.verdict
  [[ -x $binary ]] || { echo "FAIL - $name: no target $binary" >"$verdict"; return 1; }
  mkdir -p "$work/corpus/$name" "$work/crashes/$name"
  local inputs=("$work/corpus/$name" "$here/corpus/$name")
  [[ -d $here/regressions/$name ]] && inputs+=("$here/regressions/$name")
  local dict=()
  [[ -f $here/dict/$name.dict ]] && dict=(-dict="$here/dict/$name.dict")
  local log=$work/$name.log rc execs
  "$binary" -max_len=1048576 -max_total_time="$seconds" -timeout="${FERRY_FUZZ_TIMEOUT:-25}" \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/crashes/$name/" "${dict[@]}" \
    "${inputs[@]}" >"$log" 2>&1
  rc=$?
  execs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log" | tail -1)
  if [[ $rc -eq 0 ]]; then
    printf 'ok   - %-18s %10s executions in %ss\n' "$name" "${execs:-?}" "$seconds" >"$verdict"
    return 0
  fi
  {
    printf 'FAIL - %-18s exit %s after %s executions; kept: %s\n' "$name" "$rc" "${execs:-?}" \
      "$(ls "$work/crashes/$name" | tr '\n' ' ')"
    grep -E 'ERROR|runtime error|invariant broken|SUMMARY|#[0-9]+ 0x' "$log" | head -25 | sed 's/^/       /'
  } >"$verdict"
  return 1
}

# Targets run side by side, one per core (FERRY_FUZZ_PARALLEL): each is single-threaded.
# Each name once (two runs of one target would share a corpus), no verdict of an earlier run.
set -- $(printf '%s\n' "$@" | awk '!seen[$0]++')
for name in "$@"; do rm -f "$work/$name.verdict"; done
parallel=${FERRY_FUZZ_PARALLEL:-$(nproc)}
running=0
for name in "$@"; do
  if ((running >= parallel)); then
    wait -n
    running=$((running - 1))
  fi
  fuzz_one "$name" &
  running=$((running + 1))
done
wait
passed=0
failed=0
for name in "$@"; do
  [[ -f $work/$name.verdict ]] || echo "FAIL - $name: no verdict (the run was cut short)" >"$work/$name.verdict"
  cat "$work/$name.verdict"
  if grep -q '^ok ' "$work/$name.verdict"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
