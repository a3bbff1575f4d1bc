#!/usr/bin/env bash
# interrupted_copy.sh — a copy stopped part-way leaves the destination as it was. SIGINT and
# SIGTERM unwind: the staging goes, the exit status is 130 / 143. SIGKILL cannot be caught, so
# the next write to the same place removes what the dead copy left — and never what a live
# copy is still writing (staging is flock()ed by its writer).
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash interrupted_copy.sh
#
# The last line of output is "N passed, N failed"; exits 77 without jq.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
require_tools jq
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-interrupt.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/tmp"

ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }
# A copy that takes several seconds: the medium image recompressed with zstd at a high level.
# Its signals are reset to their defaults (a background job's SIGINT is ignored otherwise), and
# it replaces the shell it runs in, so that `cmd & ... kill $!` signals ferry itself.
slow_copy() { # DEST
  exec env --default-signal=INT,TERM "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy --quiet \
    --dest-compress-format zstd --dest-compress-level 12 "oci:$FIXTURES/oci/medium" "$1"
}
# stop_part_way SIGNAL DEST: starts a slow copy, sends SIGNAL after 1.5 s; prints its exit status.
stop_part_way() {
  slow_copy "$2" >/dev/null 2>"$W/stderr" &
  local pid=$!
  sleep 1.5
  kill -s "$1" "$pid"
  wait "$pid"
  echo $?
}
tiny_layout() { ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$1:tiny"; }

sigint_into_new_dir() {
  local rc
  rc=$(stop_part_way INT "dir:$W/a/new/img")
  cat "$W/stderr"
  [[ $rc == 130 ]] && [[ ! -e $W/a ]] && [[ -z $(ls -A "$W/tmp") ]] || { echo "exit $rc; left: $(ls -A "$W")"; return 1; }
}
sigterm_into_existing_dir() {
  local rc
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$W/b" && cp -r "$W/b" "$W/b.before" || return 1
  rc=$(stop_part_way TERM "dir:$W/b")
  [[ $rc == 143 ]] && diff -r "$W/b" "$W/b.before" && [[ -z $(staging_near "$W") ]] || { echo "exit $rc"; staging_near "$W"; return 1; }
}
sigint_into_layout() {
  local rc
  tiny_layout "$W/c" && cp "$W/c/index.json" "$W/c.index" || return 1
  rc=$(stop_part_way INT "oci:$W/c:medium")
  [[ $rc == 130 ]] && cmp "$W/c/index.json" "$W/c.index" && [[ -z $(staging_near "$W/c") ]] || { echo "exit $rc"; staging_near "$W/c"; return 1; }
}
killed_dir_copy_cleaned_by_next() {
  local rc
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$W/d" && cp -r "$W/d" "$W/d.before" || return 1
  rc=$(stop_part_way KILL "dir:$W/d")
  [[ $rc == 137 ]] && diff -r "$W/d" "$W/d.before" && [[ -n $(staging_near "$W" | grep '/\.d\.ferry-') ]] ||
    { echo "exit $rc; staging: $(staging_near "$W")"; return 1; }
  sleep 2.1  # what a dead writer left is recognised once it has settled
  ferry copy --quiet "oci:$FIXTURES/oci/labels" "dir:$W/d" && [[ -z $(staging_near "$W" | grep '/\.d\.ferry-') ]] &&
    ferry copy --quiet "dir:$W/d" "oci:$W/d-check"
}
killed_layout_copy_cleaned_by_next() {
  local rc
  tiny_layout "$W/e" && cp "$W/e/index.json" "$W/e.index" || return 1
  rc=$(stop_part_way KILL "oci:$W/e:medium")
  [[ $rc == 137 ]] && cmp "$W/e/index.json" "$W/e.index" && [[ -n $(staging_near "$W/e") ]] ||
    { echo "exit $rc; staging: $(staging_near "$W/e")"; return 1; }
  sleep 2.1
  ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$W/e:labels" && [[ -z $(staging_near "$W/e") ]] &&
    [[ $(jq -c '[.manifests[].annotations["org.opencontainers.image.ref.name"]]' "$W/e/index.json") == '["tiny","labels"]' ]]
}
killed_archive_copy_cleaned_by_next() {
  local rc
  mkdir -p "$W/f"
  rc=$(exec env --default-signal=INT,TERM "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy --quiet \
    "oci:$FIXTURES/oci/medium" "docker-archive:$W/f/m.tar:lab/m:1" >/dev/null &
    pid=$!
    # The archive is written as the layers arrive: kill it once the temporary file has grown.
    for _ in $(seq 100); do [[ -n $(find "$W/f" -name '.m.tar.tmp-*' -size +1M) ]] && break; sleep 0.05; done
    kill -KILL "$pid"; wait "$pid"; echo $?)
  [[ $rc == 137 ]] && [[ ! -e $W/f/m.tar ]] && [[ -n $(staging_near "$W/f") ]] || { echo "exit $rc; $(ls -A "$W/f")"; return 1; }
  sleep 2.1
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "docker-archive:$W/f/m.tar:lab/m:1" && [[ -z $(staging_near "$W/f") ]]
}
live_writer_is_left_alone() { # a second copy into the same places while the first is still writing
  tiny_layout "$W/g" || return 1
  slow_copy "dir:$W/g-dir" >/dev/null &
  local a=$!
  slow_copy "oci:$W/g:medium" >/dev/null &
  local b=$!
  sleep 3  # both have staging by now, older than the settle time
  [[ -n $(staging_near "$W" | grep '/\.g-dir\.ferry-') && -n $(staging_near "$W/g") ]] || { echo "no staging to protect"; return 1; }
  ferry copy --quiet "oci:$FIXTURES/oci/labels" "dir:$W/g-dir" &&
    ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$W/g:labels" || return 1
  wait "$a" && wait "$b" || { echo "the first copies failed"; return 1; }
  [[ -z $(staging_near "$W/g") ]] && ferry copy --quiet "oci:$W/g:medium" "dir:$W/g-medium" &&
    ferry copy --quiet "dir:$W/g-dir" "dir:$W/g-dir-check"
}

check "SIGINT during a copy into a new dir: exits 130 and leaves nothing, not even its parents" sigint_into_new_dir
check "SIGTERM during a copy over a dir: image exits 143; the old image stays, no staging" sigterm_into_existing_dir
check "SIGINT during a copy into a layout: exits 130; index.json unchanged, no temporary blobs" sigint_into_layout
check "SIGKILL during a copy over a dir: image: the next copy there removes the dead copy's staging" killed_dir_copy_cleaned_by_next
check "SIGKILL during a copy into a layout: the next copy there removes the dead copy's temporary blobs" killed_layout_copy_cleaned_by_next
check "SIGKILL during a docker-archive write: the next write there removes the dead copy's file" killed_archive_copy_cleaned_by_next
check "a copy into the same places never removes a live copy's staging; both succeed" live_writer_is_left_alone
report
