#!/usr/bin/env bash
# unwritable.sh — destinations ferry may not write: a read-only bind mount (EROFS) and a
# directory it has no permission for (EACCES; ferry runs as an unprivileged user through
# setpriv, since root passes every permission check). Into every local destination kind,
# ferry must exit 1 saying why ("Read-only file system", "Permission denied") and leave the
# old image byte for byte, with no staging.
#
#   FERRY=... FIXTURES=... bash unwritable.sh
#
# Needs root (mount, setpriv); each half skips, saying so, when it cannot run. The last line
# of output is "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/faults.sh"
require_tools skopeo jq

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-unwritable.XXXXXX")
RO=$W/ro
cleanup() {
  mountpoint -q "$RO" && umount "$RO"
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# old_images DIR: the old image in every kind of destination under DIR.
old_images() {
  "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "dir:$1/img" &&
    "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci:$1/layout:app" &&
    "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "oci-archive:$1/img.tar:app"
}

# refused DIR REASON FERRY-COMMAND...: the copy into one of DIR's destinations fails with
# REASON in its message, and DIR is as it was.
refused() {
  local dir=$1 reason=$2 rc
  shift 2
  "$@" 2>"$W/err" >/dev/null
  rc=$?
  cat "$W/err"
  [[ $rc == 1 ]] || { echo "exit $rc"; return 1; }
  grep -qF "$reason" "$W/err" || { echo "no '$reason' in the message"; return 1; }
  grep -qF "$dir" "$W/err" || { echo "the message names no path in $dir"; return 1; }
  unchanged "$W/$(basename "$dir").snapshot" "$dir" || { echo "$dir changed"; return 1; }
}

# ------------------------------------------------------------------- read-only file system

mkdir -p "$RO" "$W/tmp"
if old_images "$RO" && mount --bind "$RO" "$RO" 2>"$W/mount.err" && mount -o remount,bind,ro "$RO" 2>>"$W/mount.err"; then
  snapshot "$RO" >"$W/ro.snapshot"
  ro() { refused "$RO" "Read-only file system" "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy --quiet \
    "oci:$FIXTURES/oci/$NEW_IMAGE" "$1"; }
  check "read-only: dir: over an old image" ro "dir:$RO/img"
  check "read-only: oci: over an old image" ro "oci:$RO/layout:app"
  check "read-only: oci-archive: over an old archive" ro "oci-archive:$RO/img.tar:app"
  check "read-only: docker-archive: a new archive" ro "docker-archive:$RO/new.tar:lab/new:1"
else
  echo "skip - read-only destinations: cannot make a read-only bind mount ($(cat "$W/mount.err"))"
fi

# ------------------------------------------------------------------- permission denied

# Everything the unprivileged user needs is readable; the destinations' directory is root's.
DENIED=$W/denied
mkdir -p "$DENIED" "$W/tmp-nobody"
chmod 755 "$W" "$DENIED"
chmod 1777 "$W/tmp-nobody"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if ! command -v setpriv >/dev/null || ! as_nobody true 2>"$W/setpriv.err"; then
  echo "skip - permission denied: cannot run as an unprivileged user ($(cat "$W/setpriv.err" 2>/dev/null))"
elif ! as_nobody test -r "$FIXTURES/oci/$NEW_IMAGE/index.json" -a -x "$FERRY"; then
  echo "skip - permission denied: the fixtures or ferry are not readable by an unprivileged user"
elif old_images "$DENIED"; then
  snapshot "$DENIED" >"$W/denied.snapshot"
  denied() { refused "$DENIED" "Permission denied" as_nobody env HOME="$W/tmp-nobody" "$FERRY" --insecure-policy \
    --tmpdir "$W/tmp-nobody" copy --quiet "oci:$FIXTURES/oci/$NEW_IMAGE" "$1"; }
  check "permission denied: dir: over an old image" denied "dir:$DENIED/img"
  check "permission denied: oci: over an old image" denied "oci:$DENIED/layout:app"
  check "permission denied: oci-archive: over an old archive" denied "oci-archive:$DENIED/img.tar:app"
  check "permission denied: docker-archive: a new archive" denied "docker-archive:$DENIED/new.tar:lab/new:1"
else
  echo "cannot write the old images"
  FAILED=$((FAILED + 1))
fi
report
