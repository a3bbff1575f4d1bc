# Sourced by the integration scripts: one test per `check`, and the summary
# line ctest's readers look for. The sourcing script sets W (its work
# directory) and may define `after_check` (run after every check).
PASSED=0
FAILED=0

# check NAME FUNCTION ARGS...: one test; its output is shown only when it fails
# (the first lines, or the last with CHECK_SHOW=tail).
check() {
  local name=$1
  shift
  if "$@" >"$W/log" 2>&1; then
    PASSED=$((PASSED + 1))
    echo "ok   - $name"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL - $name"
    sed 's/^/       /' "$W/log" | "${CHECK_SHOW:-head}" -20
  fi
  if declare -F after_check >/dev/null; then after_check; fi
}

# report: prints "N passed, N failed" and succeeds only when nothing failed.
report() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
