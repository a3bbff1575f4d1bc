#!/usr/bin/env bash
# registry_faults.sh — ferry's docker:// transport when the network misbehaves: fault_proxy.py
# sits between ferry and a real http registry (the lab's registry.sh) and drops connections
# mid-blob, stalls, or answers 503/429 with Retry-After. ferry must retry or resume and end with
# the right digests; when retries run out it must say so, and a failed push leaves no manifest.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash registry_faults.sh
#
# Exits 77 (skip) without skopeo, jq, python3 or docker-registry, or when the registry cannot
# start. The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools skopeo jq python3
[[ -x /usr/bin/docker-registry ]] || skip "docker-registry not installed"
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-faults.XXXXXX")
REG_DIR=""
cleanup() {
  stop_proxy
  [[ -n $REG_DIR ]] && bash "$LAB_DIR/registry.sh" stop "$REG_DIR" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
source "$(dirname "${BASH_SOURCE[0]}")/fault_proxy.sh"

CHECK_SHOW=tail
after_check() {
  stop_proxy
}

env_out=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start http 2>"$W/start.err") || { cat "$W/start.err"; skip "the registry did not start"; }
eval "$env_out"
REG_DIR=$LAB_REG_DIR
REG=$LAB_REG_ADDR

# A silent connection counts as dropped after this long (the stall test waits for it).
export FERRY_REGISTRY_TIMEOUT=3
ferry() { timeout 120 "$FERRY" --insecure-policy "$@"; }
sko() { skopeo --insecure-policy "$@"; }

declare -A DIGEST
while IFS=$'\t' read -r name _ digest _; do DIGEST[$name]=$digest; done <"$FIXTURES/digests.tsv"

faults() { proxy_lines "^FAULT $1"; }
raw_digest_is() { # REF WANT (asked directly, not through the proxy)
  local got
  got=sha256:$(sko inspect --raw --tls-verify=false "docker://$1" | sha256sum | cut -d' ' -f1)
  [[ $got == "$2" ]] || { echo "skopeo reads $1 with digest $got, want $2"; return 1; }
}

# The images the pulls read, and skopeo's own pull of them for comparison.
sko copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/medium" "docker://$REG/base/medium:latest" &&
  sko copy --quiet --src-tls-verify=false "docker://$REG/base/medium:latest" "dir:$W/want-medium" ||
  { echo "cannot seed the registry"; echo "0 passed, 1 failed"; exit 1; }

pull_resumes_after_drops() {
  start_proxy "$REG" 'GET /blobs/sha256: drop after=1000000 count=3'
  ferry --debug copy --quiet --src-tls-verify=false "docker://$PX/base/medium:latest" "dir:$W/p1" 2>"$W/err" ||
    { cat "$W/err"; return 1; }
  diff -r "$W/p1" "$W/want-medium" && [[ $(faults drop) == 3 ]] && grep -q 'resuming at byte' "$W/err"
}
pull_resumes_after_stall() {
  start_proxy "$REG" 'GET /blobs/sha256: stall after=2000000 seconds=8 count=1'
  ferry copy --quiet --src-tls-verify=false "docker://$PX/base/medium:latest" "dir:$W/p2" && diff -r "$W/p2" "$W/want-medium" &&
    [[ $(faults stall) == 1 ]]
}
pull_waits_out_503_and_429() {
  start_proxy "$REG" 'GET /manifests/ status code=503 retry-after=1 count=1' 'GET /blobs/sha256: status code=429 retry-after=1 count=2'
  ferry copy --quiet --src-tls-verify=false "docker://$PX/base/medium:latest" "dir:$W/p3" && diff -r "$W/p3" "$W/want-medium" &&
    [[ $(faults 'status 503') == 1 && $(faults 'status 429') == 2 ]]
}
push_waits_out_503_and_429() {
  start_proxy "$REG" 'HEAD /blobs/ status code=503 retry-after=1 count=1' 'POST /blobs/uploads/ status code=429 retry-after=1 count=2' \
    'PUT /manifests/ status code=503 retry-after=1 count=1'
  ferry copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/medium" "docker://$PX/push1/medium:latest" &&
    raw_digest_is "$REG/push1/medium:latest" "${DIGEST[medium]}" && [[ $(faults status) == 4 ]]
}
push_cut_mid_upload_retried() {
  # A broken upload cannot be replayed by the plugin (the stream is gone): --retry-times redoes the copy.
  start_proxy "$REG" 'PUT /blobs/uploads/ cut-request after=3000000 count=1'
  ferry copy --quiet --retry-times 2 --retry-delay 100ms --dest-tls-verify=false "oci:$FIXTURES/oci/medium" \
    "docker://$PX/push2/medium:latest" && raw_digest_is "$REG/push2/medium:latest" "${DIGEST[medium]}" &&
    [[ $(faults cut-request) == 1 ]]
}
pull_gives_up() {
  start_proxy "$REG" 'GET /manifests/ status code=503 retry-after=0 count=0'
  local out
  out=$(ferry inspect --tls-verify=false "docker://$PX/base/medium:latest" 2>&1)
  local rc=$?
  echo "$out"
  [[ $rc == 1 ]] && echo "$out" | grep -q 'HTTP 503' && echo "$out" | grep -q 'gave up after 5 attempts'
}
push_gives_up_without_manifest() {
  start_proxy "$REG" 'POST /blobs/uploads/ status code=503 retry-after=0 count=0'
  local out
  out=$(ferry copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/medium" "docker://$PX/push3/medium:latest" 2>&1)
  local rc=$?
  echo "$out"
  [[ $rc == 1 ]] && echo "$out" | grep -q 'gave up after 5 attempts' || return 1
  ! grep -q 'PUT /manifests' "$W/proxy.log" &&
    ! sko inspect --raw --tls-verify=false "docker://$REG/push3/medium:latest" >/dev/null 2>&1
}
pull_gives_up_after_endless_drops() {
  start_proxy "$REG" 'GET /blobs/sha256: drop after=100000 count=0'
  local out
  out=$(ferry copy --quiet --src-tls-verify=false "docker://$PX/base/medium:latest" "dir:$W/p4" 2>&1)
  local rc=$?
  echo "$out"
  [[ $rc == 1 ]] && echo "$out" | grep -q 'gave up after' && [[ ! -e $W/p4/manifest.json ]]
}

check "a pull resumes blobs with Range after dropped connections" pull_resumes_after_drops
check "a pull resumes a blob after the connection stalls" pull_resumes_after_stall
check "a pull waits out 503 and 429 with Retry-After" pull_waits_out_503_and_429
check "a push waits out 503 and 429 with Retry-After" push_waits_out_503_and_429
check "a push whose upload is cut succeeds with --retry-times" push_cut_mid_upload_retried
check "a pull gives up after 5 attempts and says so" pull_gives_up
check "a push that gives up says so and writes no manifest" push_gives_up_without_manifest
check "a pull gives up on a blob that always drops" pull_gives_up_after_endless_drops

report
