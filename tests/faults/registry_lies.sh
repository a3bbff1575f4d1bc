#!/usr/bin/env bash
# registry_lies.sh — pulls from a registry that resets connections and lies about lengths and
# content (fault_proxy.py between ferry and the lab's registry), into a dir: holding an old
# image. ferry either retries and ends with the new image complete, or fails with a message
# saying what was wrong; a failed pull leaves the old image byte for byte and no staging.
#
# Covered elsewhere, not repeated here: connections closed mid-blob (resumed, and given up
# on), stalls resumed and 503/429 waited out, cut uploads and failed pushes leaving no manifest
# (tests/integration/registry_faults.sh); a blob stalling for good and silent registries
# (tests/integration/network_timeouts.sh).
#
#   FERRY=... FIXTURES=... LAB_DIR=../shared/lab bash registry_lies.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo, jq, python3 or
# docker-registry.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/faults.sh"
source "$HERE/../integration/fault_proxy.sh"
require_tools skopeo jq python3
[[ -x /usr/bin/docker-registry ]] || skip "docker-registry not installed"

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-lies.XXXXXX")
REG_DIR=""
cleanup() {
  stop_proxy
  [[ -n $REG_DIR ]] && bash "$LAB_DIR/registry.sh" stop "$REG_DIR" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
after_check() { stop_proxy; }
CHECK_SHOW=tail

env_out=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start http 2>"$W/start.err") ||
  { cat "$W/start.err"; skip "the registry did not start"; }
eval "$env_out"
REG_DIR=$LAB_REG_DIR
REG=$LAB_REG_ADDR

export FERRY_REGISTRY_TIMEOUT=3
ferry() { timeout 120 "$FERRY" --insecure-policy "$@"; }
ferry copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/$NEW_IMAGE" "docker://$REG/lab/new:1" ||
  { echo "cannot seed the registry"; echo "0 passed, 1 failed"; exit 1; }
NEW_DIGEST=${DIGEST[$NEW_IMAGE]}
BLOB=$(skopeo inspect --raw --tls-verify=false "docker://$REG/lab/new:1" | jq -r '.layers[0].digest')

# A dir: with the old image, and its snapshot.
DEST=$W/pulled
ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "dir:$DEST" && snapshot "$DEST" >"$W/old.snapshot" ||
  { echo "cannot write the old image"; echo "0 passed, 1 failed"; exit 1; }
restore_old() {
  rm -rf "$DEST"
  ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "dir:$DEST"
}

faults() { proxy_lines "^FAULT $1"; }
# pull SOURCE-REF: ferry copies through the proxy into the dir:; stderr to $W/err.
pull() { ferry copy --quiet --src-tls-verify=false "docker://$PX/$1" "dir:$DEST" 2>"$W/err"; }
# failed_cleanly RC TEXT...: the pull ended with RC 1 saying each TEXT (extended regexps), and
# left the old image and no staging.
failed_cleanly() {
  local rc=$1 t
  shift
  cat "$W/err"
  [[ $rc == 1 ]] || { echo "exit $rc"; return 1; }
  for t in "$@"; do grep -qE -- "$t" "$W/err" || { echo "no '$t' in the message"; return 1; }; done
  unchanged "$W/old.snapshot" "$DEST" || { echo "the old image changed"; return 1; }
  [[ -z $(staging_near "$W") ]] || { echo "staging left: $(staging_near "$W")"; return 1; }
}
succeeded() {
  local rc=$1
  cat "$W/err"
  [[ $rc == 0 ]] && holds_image dir "$DEST" "" "$NEW_IMAGE" && [[ -z $(staging_near "$W") ]]
}

reset_mid_blob_resumed() { # a TCP reset after 100 kB, once: the blob resumes with Range
  restore_old || return 1
  start_proxy "$REG" "GET /blobs/$BLOB reset after=100000 count=1"
  pull lab/new:1
  succeeded $? && [[ $(faults reset) == 1 ]]
}
length_short() { # Content-Length one byte short of the blob, on every answer
  restore_old || return 1
  start_proxy "$REG" "GET /blobs/$BLOB length delta=-1 count=0"
  pull lab/new:1
  failed_cleanly $? "$BLOB" "bytes|digest"
}
length_long_once() { # Content-Length 1000 bytes past the blob, once: the missing end is asked for again
  restore_old || return 1
  start_proxy "$REG" "GET /blobs/$BLOB length delta=1000 count=1"
  pull lab/new:1
  failed_cleanly $? "$BLOB" "announced [0-9]+ bytes, sent [0-9]+ and has nothing after them"
}
length_long_always() { # ... and the answers to the resumes are broken too
  restore_old || return 1
  start_proxy "$REG" "GET /blobs/$BLOB length delta=1000 count=0"
  pull lab/new:1
  failed_cleanly $? "$BLOB" "gave up after" && ! grep -q "No message received" "$W/err"
}
blob_corrupt() { # one byte of the layer changed: its digest no longer matches
  restore_old || return 1
  start_proxy "$REG" "GET /blobs/$BLOB corrupt count=0"
  pull lab/new:1
  failed_cleanly $? "$BLOB" "digest"
}
manifest_corrupt_by_digest() { # the manifest asked for by digest comes back changed
  restore_old || return 1
  start_proxy "$REG" "GET /manifests/ corrupt count=0"
  pull "lab/new@$NEW_DIGEST"
  failed_cleanly $? "digest"
}

check "a TCP reset mid-blob: the blob resumes, the new image is complete" reset_mid_blob_resumed
check "a Content-Length shorter than the blob: fails naming the blob; old image intact" length_short
check "a Content-Length longer than the blob, once: fails saying the registry has no more; old image intact" length_long_once
check "a Content-Length longer than the blob, always: fails naming the blob; old image intact" length_long_always
check "a blob that does not match its digest: fails naming it; old image intact" blob_corrupt
check "a manifest that does not match the digest asked for: fails; old image intact" manifest_corrupt_by_digest
report
