#!/usr/bin/env bash
# disk_full.sh — copies that run out of space: a 2 MiB tmpfs holds the old images, and the new
# image (3.8 MB) cannot fit. Into every local destination kind (and oci-archive with --tmpdir
# on the full disk too), ferry must exit 1 saying "no space left on device" with the path it
# could not write, leave the old image byte for byte, no staging, and no partial file: the
# space in use afterwards is what the old images used (an OCI layout may keep whole blobs of
# the failed image, which nothing refers to, as it does after any failed copy).
#
#   FERRY=... FIXTURES=... bash disk_full.sh
#
# Needs root to mount the tmpfs; exits 77 (skip), saying so, when mount is not permitted.
# The last line of output is "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/faults.sh"
require_tools skopeo jq

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-disk-full.XXXXXX")
FULL=$W/full
mkdir -p "$FULL" "$W/tmp"
cleanup() {
  mountpoint -q "$FULL" && umount "$FULL"
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mount -t tmpfs -o size=2m ferry-disk-full "$FULL" 2>"$W/mount.err" ||
  skip "cannot mount a tmpfs ($(cat "$W/mount.err")): disk full needs root"

ferry() { "$FERRY" --insecure-policy "$@"; }
used() { df --output=used "$FULL" | tail -1; }

# The old images, on the small file system.
ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "dir:$FULL/img" &&
  ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci:$FULL/layout:app" &&
  ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$FULL/layout:other" &&
  ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci-archive:$FULL/img.tar:app" ||
  { echo "cannot write the old images"; echo "0 passed, 1 failed"; exit 1; }
snapshot "$FULL" >"$W/before"
USED=$(used)

# full TMPDIR TARGET: the copy of the new image fails for want of space, says so with a path
# on the full file system, and leaves everything as it was.
full() {
  local tmp=$1 target=$2 rc
  ferry --tmpdir "$tmp" copy --quiet "oci:$FIXTURES/oci/$NEW_IMAGE" "$target" 2>"$W/err"
  rc=$?
  cat "$W/err"
  [[ $rc == 1 ]] || { echo "exit $rc"; return 1; }
  grep -qi "no space left on device" "$W/err" || { echo "no 'no space left on device' in the message"; return 1; }
  grep -qF "$FULL/" "$W/err" || { echo "the message names no path on the full file system"; return 1; }
  [[ -z $(staging_near "$FULL") && -z $(staging_near "$FULL/layout") && -z $(ls -A "$W/tmp") ]] ||
    { echo "staging left: $(staging_near "$FULL") $(staging_near "$FULL/layout") $(ls -A "$W/tmp")"; return 1; }
  if [[ $target == oci:* ]]; then
    layout_keeps "$W/before" "$FULL" && blobs_whole "$FULL/layout" || { echo "the old images changed"; return 1; }
    # Whole blobs of the failed image may stay; the next check starts without them.
    rm -rf "$FULL/layout" && ferry copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci:$FULL/layout:app" &&
      ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$FULL/layout:other"
  else
    unchanged "$W/before" "$FULL" || { echo "the old images changed"; return 1; }
    [[ $(used) == "$USED" ]] || { echo "$(used) KiB in use, $USED before"; return 1; }
  fi
}

check "dir: over an old image" full "$W/tmp" "dir:$FULL/img"
check "dir: into a new directory" full "$W/tmp" "dir:$FULL/new"
check "oci: over an old image, beside another" full "$W/tmp" "oci:$FULL/layout:app"
check "oci-archive: over an old archive" full "$W/tmp" "oci-archive:$FULL/img.tar:app"
check "oci-archive: with --tmpdir on the full disk" full "$FULL" "oci-archive:$FULL/img.tar:app"
check "docker-archive: a new archive" full "$W/tmp" "docker-archive:$FULL/new.tar:lab/new:1"
report
