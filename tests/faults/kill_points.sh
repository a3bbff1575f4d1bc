#!/usr/bin/env bash
# kill_points.sh — a copy into each local destination kind killed (SIGKILL) just before, and
# just after, each of its renames and fsyncs, one run per call, until a run completes unkilled.
# The kill_at_call.so shim (LD_PRELOAD) counts the calls and kills at call N. After every kill:
#   - the destination holds the old image byte for byte, or the new one complete (skopeo
#     copies it out, checking every blob) — never anything in between;
#   - the next ordinary copy to the same place succeeds, and no staging is left beside the
#     destination, inside it, or in --tmpdir.
# Destinations: dir: and oci: over an old image (an oci: layout with a second image that must
# survive) and into a new path, oci-archive: over an old archive, docker-archive: into a new
# file (an existing one is refused by design).
#
#   FERRY=... FIXTURES=... KILL_SHIM=/path/to/kill_at_call.so bash kill_points.sh [CASE...]
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo, jq or the shim.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/faults.sh"
require_tools skopeo jq
[[ -n ${KILL_SHIM:-} && -f $KILL_SHIM ]] || skip "KILL_SHIM does not name the kill_at_call shim"

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-kill-points.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 1' INT TERM HUP

ferry() { "$FERRY" --insecure-policy --tmpdir "$T" "$@"; }

# setup CASE: the destination before the copy — DEST (its path), KIND, TARGET (the reference
# written), REF, PARENT (where staging may appear beside it), T (--tmpdir); PRISTINE keeps a
# copy to restore before every run, OLD its snapshot.
setup() {
  local base=$W/$1
  rm -rf "$base"
  mkdir -p "$base/t"
  T=$base/t
  PARENT=$base/p
  REF=app
  case $1 in
    dir-over-old | dir-new) KIND=dir DEST=$PARENT/img ;;
    oci-over-old | oci-new) KIND=oci DEST=$PARENT/layout ;;
    oci-archive-over-old) KIND=oci-archive DEST=$PARENT/img.tar ;;
    docker-archive-new) KIND=docker-archive DEST=$PARENT/img.tar ;;
  esac
  [[ $1 == dir-new || $1 == oci-new ]] && DEST=$PARENT/new/parents/$(basename "$DEST")  # created
  case $KIND in
    dir | docker-archive) TARGET=$KIND:$DEST ;;
    *) TARGET=$KIND:$DEST:$REF ;;
  esac
  [[ $KIND == docker-archive ]] && TARGET=$TARGET:lab/app:1
  mkdir -p "$PARENT"
  case $1 in
    dir-over-old) ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "dir:$DEST" ;;
    oci-over-old) ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci:$DEST:app" &&
      ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$DEST:other" ;;
    oci-archive-over-old) ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci-archive:$DEST:app" ;;
  esac || return 1
  PRISTINE=$base/pristine
  cp -a "$PARENT" "$PRISTINE"
  OLD=$base/old.snapshot
  snapshot "$DEST" >"$OLD"
}
restore() {
  rm -rf "$PARENT" "$T"
  cp -a "$PRISTINE" "$PARENT"
  mkdir -p "$T"
}

# holds_old: the destination as it was — an OCI layout may have gained blobs no index refers
# to; a new path may have gained parents and a layout without the image.
holds_old() {
  case $1 in
    oci-over-old) layout_keeps "$OLD" "$DEST" ;;
    oci-new) [[ ! -e $DEST/index.json ]] || [[ -z $(jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"]' "$DEST/index.json") ]] ;;
    *) unchanged "$OLD" "$DEST" ;;
  esac
}
holds_new() {
  holds_image "$KIND" "$DEST" "$REF" "$NEW_IMAGE" || return 1
  [[ $1 != oci-over-old ]] || holds_image oci "$DEST" other labels
}
leftovers() { # staging beside or inside the destination, and anything in --tmpdir
  staging_near "$PARENT"
  [[ -d $DEST ]] && staging_near "$DEST"
  ls -A "$T" | sed "s|^|$T/|"
}

# kill_everywhere CASE WHEN: kills the copy at call 1, 2, ... (WHEN: before or after the
# call) until one run completes; prints how many kill points it went through.
kill_everywhere() {
  local case=$1 when=$2 n rc kills=0 point
  setup "$case" || { echo "cannot set up $case"; return 1; }
  for ((n = 1; n <= 100; n++)); do
    restore
    rm -f "$W/calls"
    { # (braces, so that bash's "Killed" notice goes with the redirection)
      LD_PRELOAD=$KILL_SHIM FERRY_KILL_AT=$n FERRY_KILL_WHEN=$when FERRY_KILL_LOG=$W/calls \
        "$FERRY" --insecure-policy --tmpdir "$T" copy --quiet "oci:$FIXTURES/oci/$NEW_IMAGE" "$TARGET"
    } 2>"$W/err"
    rc=$?
    if [[ $rc == 0 ]]; then # fewer than n calls: nothing was killed, the copy is whole
      holds_new "$case" && [[ -z $(leftovers) ]] || { echo "the unkilled copy left: $(leftovers)"; return 1; }
      break
    fi
    point=$(sed -n "${n}p" "$W/calls" | sed "s|$W/||g")
    [[ $rc == 137 ]] || { echo "run $n ($when $point): exit $rc: $(cat "$W/err")"; return 1; }
    kills=$((kills + 1))
    if ! holds_old "$case" && ! holds_new "$case"; then
      echo "killed $when call $n ($point): the destination is neither the old image nor the new one"
      return 1
    fi
    # The next copy: a docker-archive already complete is refused by design, so not repeated.
    age_staging "$PARENT" "$T" "$DEST"
    if [[ $KIND != docker-archive || ! -e $DEST ]]; then
      ferry copy --quiet "oci:$FIXTURES/oci/$NEW_IMAGE" "$TARGET" ||
        { echo "killed $when call $n ($point): the next copy failed"; return 1; }
    fi
    holds_new "$case" || { echo "killed $when call $n ($point): the next copy did not write the image"; return 1; }
    [[ -z $(leftovers) ]] || { echo "killed $when call $n ($point): left after the next copy: $(leftovers)"; return 1; }
  done
  echo "$case $when: $kills kill points" | tee -a "$W/points"
  ((kills > 0 && n <= 100))
}

CHECK_SHOW=tail
CASES=("$@")
[[ ${#CASES[@]} -gt 0 ]] || CASES=(dir-over-old dir-new oci-over-old oci-new oci-archive-over-old docker-archive-new)
for case in "${CASES[@]}"; do
  for when in before after; do
    check "$case: killed $when each rename and fsync: old or new image, never between; the next copy cleans up" \
      kill_everywhere "$case" "$when"
  done
done
cat "$W/points" 2>/dev/null
report
