#!/usr/bin/env bash
# global_flags.sh — skopeo's global flags do what they say: the deprecated --tls-verify is the
# default for every image's own flag (as skopeo honours it after its warning),
# --user-agent-prefix reaches the registry, and --command-timeout bounds the command ("context
# deadline exceeded"). --registries.d is tested with the signatures (signatures_docker.sh).
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash global_flags.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo, jq or a registry.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
source "$HERE/fault_proxy.sh"
require_tools skopeo jq python3
[[ -x /usr/bin/docker-registry ]] || skip "docker-registry not installed"
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-globals.XXXXXX")
STOPS=()
cleanup() {
  local s
  stop_proxy
  for s in "${STOPS[@]}"; do bash "$LAB_DIR/registry.sh" stop "$s" >/dev/null 2>&1; done
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
after_check() { stop_proxy; }

ferry() { "$FERRY" --insecure-policy "$@"; }

start_registry() { # MODE: sets ADDR_MODE, LOG_MODE
  local env
  env=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start "$1" 2>"$W/start-$1.err") ||
    skip "the $1 registry cannot start: $(head -c 300 "$W/start-$1.err")"
  eval "$env"
  STOPS+=("$LAB_REG_DIR")
  printf -v "ADDR_$1" '%s' "$LAB_REG_ADDR"
  printf -v "LOG_$1" '%s' "$LAB_REG_LOG"
}
start_registry https
start_registry http
ferry copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/medium" "docker://$ADDR_https/lab/medium:1" &&
  ferry copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/tiny" "docker://$ADDR_http/lab/tiny:1" ||
  { echo "cannot push the test images"; echo "0 passed, 1 failed"; exit 1; }

# ------------------------------------------------------------------- --tls-verify (global)

global_tls_verify_false() { # as skopeo: a warning, then the registry's certificate is not checked
  local t out
  for t in "$FERRY" skopeo; do
    out=$("$t" --insecure-policy --tls-verify=false inspect "docker://$ADDR_https/lab/medium:1" 2>&1) ||
      { echo "$t: $out"; return 1; }
    grep -q "'--tls-verify' is deprecated" <<<"$out" || { echo "$t printed no deprecation warning"; return 1; }
  done
  ferry --tls-verify=false copy --quiet "docker://$ADDR_https/lab/medium:1" "dir:$W/g-tls" && [[ -f $W/g-tls/manifest.json ]]
}
image_flag_overrides_global() {
  ! ferry --tls-verify=false inspect --tls-verify=true "docker://$ADDR_https/lab/medium:1" 2>"$W/e" &&
    grep -q 'certificate' "$W/e"
}
verified_by_default() {
  ! ferry inspect "docker://$ADDR_https/lab/medium:1" 2>"$W/e" && grep -q 'certificate' "$W/e"
}

# ------------------------------------------------------------------- --user-agent-prefix

user_agent_prefix() {
  ferry --user-agent-prefix "lab-probe/7" inspect --tls-verify=false "docker://$ADDR_http/lab/tiny:1" >/dev/null &&
    grep -q 'useragent="lab-probe/7 ferry/' "$LOG_http"
}

# ------------------------------------------------------------------- --command-timeout

timeout_on_a_stalled_registry() { # every blob GET stalls for a minute
  local start rc elapsed
  start_proxy "$ADDR_http" 'GET /blobs/sha256: stall count=0 seconds=60'
  start=$(date +%s)
  ferry --command-timeout 2s copy --quiet --src-tls-verify=false "docker://$PX/lab/tiny:1" "dir:$W/t-stalled" 2>"$W/e"
  rc=$?
  elapsed=$(($(date +%s) - start))
  cat "$W/e"
  [[ $rc == 1 ]] && ((elapsed <= 12)) && grep -q 'context deadline exceeded' "$W/e" && [[ ! -e $W/t-stalled ]] ||
    { echo "exit $rc after ${elapsed}s"; return 1; }
}
timeout_while_converting() { # CPU-bound work notices the timeout at its next write and unwinds cleanly
  local start rc elapsed
  mkdir -p "$W/conv"
  start=$(date +%s)
  ferry --command-timeout 1500ms copy --quiet --dest-compress-format zstd --dest-compress-level 12 \
    "oci:$FIXTURES/oci/medium" "dir:$W/conv/out" 2>"$W/e"
  rc=$?
  elapsed=$(($(date +%s) - start))
  cat "$W/e"
  [[ $rc == 1 ]] && ((elapsed <= 6)) && grep -q 'context deadline exceeded.*--command-timeout 1500ms' "$W/e" &&
    [[ -z $(ls -A "$W/conv") ]] || { echo "exit $rc after ${elapsed}s; left: $(ls -A "$W/conv")"; return 1; }
}
timeout_not_reached() {
  ferry --command-timeout 1m copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$W/t-fast" && [[ -f $W/t-fast/manifest.json ]]
}
timeout_typo() {
  ! ferry --command-timeout 5x inspect "oci:$FIXTURES/oci/tiny" 2>"$W/e" && grep -q 'invalid argument \\"5x\\" for \\"--command-timeout\\" flag: time: unknown unit' "$W/e"
}
# The spellings pflag takes and a flag parser might not: a dot in a long name, a short
# flag's value attached to it.
dotted_long_flag() {
  mkdir -p "$W/rd" && ferry --registries.d="$W/rd" inspect -n "oci:$FIXTURES/oci/tiny" >/dev/null &&
    ferry --registries.d "$W/rd" inspect -n "oci:$FIXTURES/oci/tiny" >/dev/null
}
attached_short_value() {
  local want
  want=$(ferry inspect --format '{{.Digest}}' "oci:$FIXTURES/oci/tiny") &&
    [[ $(ferry inspect '-f{{.Digest}}' "oci:$FIXTURES/oci/tiny") == "$want" ]] &&
    [[ $(ferry inspect -nf '{{.Digest}}' "oci:$FIXTURES/oci/tiny") == "$want" ]]
}

check "--registries.d=DIR and --registries.d DIR are taken" dotted_long_flag
check "-fVALUE and -nf VALUE are taken, as pflag takes them" attached_short_value
check "global --tls-verify=false skips certificate checks after the warning, as skopeo" global_tls_verify_false
check "an image's own --tls-verify overrides the global one" image_flag_overrides_global
check "without it, an untrusted certificate is refused" verified_by_default
check "--user-agent-prefix reaches the registry (its access log)" user_agent_prefix
check "--command-timeout 2s against a stalled registry ends the copy in seconds, nothing written" timeout_on_a_stalled_registry
check "--command-timeout during a conversion unwinds cleanly, no staging left" timeout_while_converting
check "--command-timeout not reached: the copy succeeds" timeout_not_reached
check "--command-timeout with a bad duration is refused as Go words it" timeout_typo
report
