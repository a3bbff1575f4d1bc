#!/usr/bin/env bash
# parallel_writers.sh — 8 copies at once into one OCI layout, under 8 tags, of the same and of
# different images: into a layout that holds an image already (it must survive), and into a
# layout none of them finds (all 8 create it). Every copy must succeed, or fail cleanly with a
# message; index.json must be valid JSON listing every tag whose copy succeeded with the
# image that copy wrote; skopeo must read each; no staging may be left.
#
#   FERRY=... FIXTURES=... bash parallel_writers.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo or jq.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/faults.sh"
require_tools skopeo jq

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-parallel.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 1' INT TERM HUP
CHECK_SHOW=tail

# Tag tN gets IMAGES[N-1]: each image under several tags, and four images in all (one a
# multi-platform index, copied whole).
IMAGES=(tiny labels zstd multiarch tiny labels zstd multiarch)

# eight_writers LAYOUT: starts the 8 copies together and waits for them; each one's exit
# status goes to $W/status.N, its stderr to $W/err.N.
eight_writers() {
  local layout=$1 i pids=()
  for i in 1 2 3 4 5 6 7 8; do
    "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy --quiet --all \
      "oci:$FIXTURES/oci/${IMAGES[i - 1]}" "oci:$layout:t$i" 2>"$W/err.$i" &
    pids+=($!)
  done
  for i in 1 2 3 4 5 6 7 8; do
    wait "${pids[i - 1]}"
    echo $? >"$W/status.$i"
  done
}

# all_there LAYOUT [TAG=IMAGE...]: every copy that succeeded is listed with its image and
# readable; failures said why; the extra TAG=IMAGE pairs (images there before) survived.
all_there() {
  local layout=$1 i succeeded=0 tag name
  shift
  jq -e . "$layout/index.json" >/dev/null || { echo "index.json is not valid JSON"; return 1; }
  for i in 1 2 3 4 5 6 7 8; do
    if [[ $(cat "$W/status.$i") != 0 ]]; then
      echo "copy $i failed: $(cat "$W/err.$i")"
      [[ -s $W/err.$i ]] || { echo "copy $i failed without a message"; return 1; }
      continue
    fi
    succeeded=$((succeeded + 1))
    holds_image oci "$layout" "t$i" "${IMAGES[i - 1]}" || return 1
  done
  for pair in "$@"; do
    tag=${pair%%=*} name=${pair#*=}
    holds_image oci "$layout" "$tag" "$name" || { echo "$tag, there before, is gone"; return 1; }
  done
  local listed
  listed=$(jq '[.manifests[].annotations["org.opencontainers.image.ref.name"]] | length' "$layout/index.json")
  [[ $listed == $((succeeded + $#)) ]] || { echo "index.json lists $listed images, $succeeded copies succeeded"; return 1; }
  blobs_whole "$layout" || return 1
  [[ -z $(staging_near "$layout") && -z $(ls -A "$W/tmp") ]] || { echo "staging left: $(staging_near "$layout")"; return 1; }
  # The copies are expected to succeed here: a clean failure is allowed, none is expected.
  [[ $succeeded == 8 ]] || { echo "only $succeeded of 8 copies succeeded"; return 1; }
}

into_existing_layout() {
  mkdir -p "$W/tmp"
  "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/labels" "oci:$W/existing:base" || return 1
  eight_writers "$W/existing"
  all_there "$W/existing" base=labels
}
into_new_layout() {
  mkdir -p "$W/tmp"
  eight_writers "$W/new/layout"
  all_there "$W/new/layout"
}

# slow_writer LAYOUT TAG: a copy that takes seconds (medium recompressed to zstd), started in
# the background with SIGINT at its default, so that `kill -INT` stops it as a user would.
slow_writer() {
  (exec env --default-signal=INT,TERM "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy --quiet \
    --dest-compress-format zstd --dest-compress-level 12 "oci:$FIXTURES/oci/medium" "oci:$1:$2" 2>"$W/err.$2") &
}
wait_for_dir() { local i; for ((i = 0; i < 100; i++)); do [[ -d $1 ]] && return; sleep 0.05; done; }

creator_fails_after_others_committed() { # the copy that created the layout is stopped last
  local layout=$W/created/layout slow rc
  mkdir -p "$W/tmp"
  slow_writer "$layout" slow
  slow=$!
  wait_for_dir "$layout/blobs"
  eight_writers "$layout"
  kill -INT "$slow"
  wait "$slow"
  rc=$?
  [[ $rc == 130 ]] || { echo "the stopped copy exited $rc"; return 1; }
  all_there "$layout"
}
creator_fails_while_another_writes() { # ... while a second slow copy is still at work there
  local layout=$W/busy/layout first second rc
  mkdir -p "$W/tmp"
  slow_writer "$layout" first
  first=$!
  wait_for_dir "$layout/blobs"
  slow_writer "$layout" second
  second=$!
  sleep 1
  kill -INT "$first"
  wait "$first"
  rc=$?
  [[ $rc == 130 ]] || { echo "the stopped copy exited $rc"; return 1; }
  wait "$second" || { echo "the second copy failed: $(cat "$W/err.second")"; return 1; }
  [[ $(jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"]' "$layout/index.json") == second ]] &&
    oci_readable "$layout" second && [[ -z $(staging_near "$layout") ]]
}

delete_while_a_copy_writes() { # the copy may have found the deleted image's blobs present
  local layout=$W/deleting/layout slow gone
  mkdir -p "$W/tmp"
  "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/labels" "oci:$layout:doomed" &&
    "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci:$layout:later" || return 1
  gone=$layout/blobs/${DIGEST[labels]/://}
  slow_writer "$layout" slow
  slow=$!
  sleep 1
  "$FERRY" delete "oci:$layout:doomed" || return 1
  [[ -f $gone ]] || { echo "the deleted image's manifest went while a copy was at work"; return 1; }
  wait "$slow" || { echo "the copy failed: $(cat "$W/err.slow")"; return 1; }
  oci_readable "$layout" slow || return 1
  # With no copy at work, a delete removes what only its image used.
  "$FERRY" delete "oci:$layout:later" && [[ ! -f $layout/blobs/${DIGEST[$OLD_IMAGE]/://} ]]
}

check "8 writers into a layout with an image: all 8 tags listed and readable, the old image kept" into_existing_layout
check "8 writers creating one layout together: all 8 tags listed and readable" into_new_layout
check "the writer that created a layout fails after 8 others committed: their images stay" creator_fails_after_others_committed
check "the writer that created a layout fails while another writes there: the other succeeds" \
  creator_fails_while_another_writes
check "a delete while a copy writes into the layout keeps the blobs the copy may use" delete_while_a_copy_writes
report
