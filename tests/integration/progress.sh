#!/usr/bin/env bash
# progress.sh — what `ferry copy` shows while it works. Piped, skopeo's lines byte for
# byte (skopeo is the oracle), plus a periodic line for a long blob; on a terminal (a
# pseudo-terminal from `script`), bars redrawn in place that end in the rows skopeo's
# last frame has; --progress json, one event per line a tool can follow.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash progress.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo, script or jq.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"
require_tools skopeo script jq python3
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-progress.XXXXXX")
trap 'rm -rf "$W"' EXIT
SRC="oci:$FIXTURES/oci/medium:latest"

ferry() { "$FERRY" --insecure-policy "$@"; }
sko() { skopeo --insecure-policy "$@"; }
# on_terminal OUT COMMAND...: runs COMMAND on a 100-column pseudo-terminal, its output in OUT.
on_terminal() {
  local out=$1
  shift
  script -qec "stty cols 100 rows 40; $(printf '%q ' "$@")" /dev/null >"$out"
}
# screen FILE: what the terminal shows at the end, replaying each redraw (ESC[nA ESC[J
# takes back the last n lines); carriage returns and trailing blanks gone.
screen() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read().replace("\r", "")
lines = []
for i, part in enumerate(re.split(r"\x1b\[(\d+)A\x1b\[J", text)):
    if i % 2:
        del lines[len(lines) - int(part):]
    else:
        lines.extend(part.split("\n")[:-1] if part.endswith("\n") else part.split("\n"))
print("\n".join(l.rstrip() for l in lines if l.strip()))
PY
}

# Layers start in parallel, in an order neither tool fixes: the same lines, and the
# same order for all but the "Copying blob" lines.
piped_same_as_skopeo() {
  ferry copy --progress-interval 1h "$SRC" "oci:$W/piped-f:m" >"$W/ferry.out" &&
    sko copy "$SRC" "oci:$W/piped-s:m" >"$W/skopeo.out" &&
    diff <(sort "$W/skopeo.out") <(sort "$W/ferry.out") &&
    diff <(grep -v '^Copying blob ' "$W/skopeo.out") <(grep -v '^Copying blob ' "$W/ferry.out")
}
check "piped: skopeo's lines exactly" piped_same_as_skopeo

long_blob_lines() {
  ferry copy --progress lines --progress-interval 100ms --dest-compress-format zstd \
    "$SRC" "oci:$W/periodic:m" >"$W/periodic.out" &&
    grep -E '^Copying blob sha256:[0-9a-f]{64}: [0-9.]+(b|KiB|MiB) / [0-9.]+MiB \([0-9.]+(b|KiB|MiB|GiB)/s\)$' "$W/periodic.out"
}
check "lines: a blob still copying gets a line with its bytes and rate" long_blob_lines

bars_frames() {
  on_terminal "$W/bars.out" "$FERRY" --insecure-policy copy --dest-compress-format zstd "$SRC" "oci:$W/bars:m" &&
    grep -qaE 'Copying blob [0-9a-f]{12} \[[=>-]+\] [0-9.]+(b|KiB|MiB) / [0-9.]+MiB ' "$W/bars.out" &&
    grep -qa $'\e\[[0-9]*A\e\[J' "$W/bars.out"
}
check "terminal: a bar per blob with its counts, redrawn in place" bars_frames

bars_end_as_skopeo() {
  on_terminal "$W/sko-bars.out" skopeo --insecure-policy copy --dest-compress-format zstd "$SRC" "oci:$W/sko-bars:m" &&
    screen "$W/bars.out" >"$W/ferry.screen" && screen "$W/sko-bars.out" >"$W/skopeo.screen" &&
    diff <(sort "$W/skopeo.screen") <(sort "$W/ferry.screen") &&
    diff <(grep -v '^Copying blob ' "$W/skopeo.screen") <(grep -v '^Copying blob ' "$W/ferry.screen")
}
check "terminal: the screen ends as skopeo's (each blob done, the config apart, the steps)" bars_end_as_skopeo

bars_skipped() {
  ferry copy -q "$SRC" "oci:$W/again:one" &&
    on_terminal "$W/again.out" "$FERRY" --insecure-policy copy "$SRC" "oci:$W/again:two" &&
    screen "$W/again.out" >"$W/again.screen" &&
    grep -qE '^Copying blob [0-9a-f]{12} skipped: already exists$' "$W/again.screen"
}
check "terminal: a blob the destination has is 'skipped: already exists'" bars_skipped

json_events() {
  ferry copy --progress json "$SRC" "oci:$W/json:m" >"$W/events.out" &&
    python3 - "$W/events.out" "$W/json" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
index = json.load(open(sys.argv[2] + "/index.json"))
started = {e["digest"] for e in events if e["event"] == "blob-started"}
ended = {e["digest"] for e in events if e["event"] in ("blob-done", "blob-skipped")}
manifest = json.load(open(sys.argv[2] + "/blobs/sha256/" + index["manifests"][0]["digest"][7:]))
blobs = {l["digest"] for l in manifest["layers"]} | {manifest["config"]["digest"]}
assert started == blobs == ended, (started, blobs, ended)
assert events[-1]["event"] == "image-done", events[-1]
assert events[-1]["digest"] == index["manifests"][0]["digest"], events[-1]
assert any(e["event"] == "step" and e["message"] == "Writing manifest to image destination" for e in events)
PY
}
check "json: every blob started and ended, then image-done with the manifest digest" json_events

json_error() {
  ! ferry copy --progress json "oci:$W/absent:x" "oci:$W/never:m" >"$W/err.out" 2>"$W/err.stderr" &&
    tail -1 "$W/err.out" | jq -e '.event == "error" and (.message | length > 0)' &&
    grep -q 'level=fatal' "$W/err.stderr" && [[ ! -e $W/never ]]
}
check "json: a failed copy ends in an error event, exit 1, and nothing written" json_error

bad_mode() {
  ! ferry copy --progress sparkles "$SRC" "oci:$W/bad:m" 2>"$W/bad.err" &&
    grep -qF 'invalid argument \"sparkles\" for \"--progress\" flag' "$W/bad.err" && [[ ! -e $W/bad ]]
}
check "an unknown --progress is refused, naming the flag" bad_mode

quiet_wins() {
  ferry copy -q --progress bars "$SRC" "oci:$W/quiet:m" >"$W/quiet.out" && [[ ! -s $W/quiet.out ]]
}
check "-q prints nothing whatever --progress says" quiet_wins

report
