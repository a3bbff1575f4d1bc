#!/usr/bin/env bash
# bad_input.sh — ferry copy with broken references and damaged local images (dir:, oci:,
# oci-archive:). Each must fail with a non-zero exit and one error line that names the
# problem, and leave the destination exactly as it was.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash bad_input.sh
#
# FIXTURES is made with make-fixtures.sh when it has no digests.tsv yet (LAB_DIR names the
# lab scripts; default: ../shared/lab beside the project). Exits 77 (skip) without jq.
# The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

if ! command -v jq >/dev/null; then
  echo "jq not found; skipping"
  echo "0 passed, 0 failed"
  exit 77
fi
if [[ ! -f $FIXTURES/digests.tsv ]]; then
  bash "$LAB_DIR/make-fixtures.sh" -o "$FIXTURES" --no-large >/dev/null 2>&1 ||
    { echo "cannot make fixtures in $FIXTURES"; echo "0 passed, 1 failed"; exit 1; }
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bad-input.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/tmp"
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"


ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }

# fails WANT_RC PATTERN SRC DST: the copy fails with exit code WANT_RC ("any" = non-zero),
# prints nothing on stdout and exactly one line on stderr, and that line matches PATTERN
# (an extended regex, case-insensitive).
fails() {
  local want=$1 pattern=$2 rc lines
  shift 2
  ferry copy --quiet "$@" >"$W/out" 2>"$W/err"
  rc=$?
  echo "ferry copy $*: exit $rc, stderr: $(cat "$W/err")"
  if [[ $want == any ]]; then ((rc != 0)) || return 1; else ((rc == want)) || return 1; fi
  [[ ! -s $W/out ]] || { echo "stdout was not empty"; return 1; }
  lines=$(wc -l <"$W/err")
  ((lines == 1)) || { echo "stderr has $lines lines, want 1"; return 1; }
  grep -Eiq -- "$pattern" "$W/err" || { echo "stderr does not match /$pattern/"; return 1; }
}

# A destination of each kind that already holds an image, and its fingerprint: every file
# with its content hash. A failed copy must leave the fingerprint as it was, except that
# an oci: layout may keep new, unreferenced blobs (never temporary files).
ferry copy --quiet --all "oci:$FIXTURES/oci/multiarch" "oci:$W/dest:keep" >/dev/null 2>&1
ferry copy --quiet "oci:$FIXTURES/oci/labels" "dir:$W/dest-dir" >/dev/null 2>&1
ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci-archive:$W/dest.tar:keep" >/dev/null 2>&1
fingerprint() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
fingerprint "$W/dest" >"$W/dest.before"
fingerprint "$W/dest-dir" >"$W/dest-dir.before"
sha256sum "$W/dest.tar" >"$W/dest.tar.before"

dest_unchanged() {
  cmp <(grep -v ' ./blobs/' "$W/dest.before") <(fingerprint "$W/dest" | grep -v ' ./blobs/') || return 1
  # blobs that were there are untouched; new ones may only be whole, correctly named blobs
  local sum file
  while read -r sum file; do
    [[ $(sha256sum "$W/dest/$file" | cut -d' ' -f1) == "$sum" ]] || { echo "$file changed"; return 1; }
  done < <(grep ' ./blobs/' "$W/dest.before")
  while read -r sum file; do
    [[ $file == ./blobs/sha256/$sum ]] || { echo "$file is not a whole blob under its digest"; return 1; }
  done < <(fingerprint "$W/dest" | grep ' ./blobs/')
  [[ $(jq -c '[.manifests[].annotations[]]' "$W/dest/index.json") == '["keep"]' ]] || return 1
  cmp "$W/dest-dir.before" <(fingerprint "$W/dest-dir") || { echo "dir: destination changed"; return 1; }
  sha256sum -c --quiet "$W/dest.tar.before" || { echo "oci-archive destination changed"; return 1; }
  [[ -z $(ls -A "$W/tmp") ]] || { echo "left in --tmpdir: $(ls -A "$W/tmp")"; return 1; }
  ! compgen -G "$W/.dest*" # no staging directory or temporary file beside a destination
}

# fails_everywhere WANT_RC PATTERN SRC: SRC fails into each kind of destination, and none changes.
fails_everywhere() {
  local want=$1 pattern=$2 src=$3
  fails "$want" "$pattern" "$src" "oci:$W/dest:new" && fails "$want" "$pattern" "$src" "dir:$W/dest-dir" &&
    fails "$want" "$pattern" "$src" "oci-archive:$W/dest.tar:new" &&
    fails "$want" "$pattern" "$src" "oci:$W/new-layout:new" && [[ ! -e $W/new-layout ]] && dest_unchanged
}

# A copy of the tiny fixture to damage; prints its path.
damaged_copy() {
  local d=$W/damaged-$1
  rm -rf "$d" && cp -r "$FIXTURES/oci/tiny" "$d" && chmod -R u+w "$d"
  echo "$d"
}
TINY_MANIFEST=$(jq -r '.manifests[0].digest' "$FIXTURES/oci/tiny/index.json")
TINY_LAYER=$(jq -r '.layers[0].digest' "$FIXTURES/oci/tiny/blobs/sha256/${TINY_MANIFEST#sha256:}")
blob_of() { echo "$1/blobs/sha256/${2#sha256:}"; }

# ------------------------------------------------------------------ references

for ref in "oci:" "oci:$W/x:bad ref" "oci:$W/x:-bad" "oci:$W/x:a//b" "oci:$W/x:@abc" "oci:$W/x:@-1" \
  "oci:$W/x:tag:@1" "oci-archive:$W/x.tar:@1" "oci-archive:" "dir:"; do
  check "malformed reference \"$ref\" is refused" fails any 'invalid|reference|path' "$ref" "dir:$W/never"
done
check "an @index destination is refused" fails any '@0' "oci:$FIXTURES/oci/tiny" "oci:$W/never:@0"
check "nothing was created for malformed references" test ! -e "$W/never"

# ------------------------------------------------------------------ missing things

check "a missing layout names its path" fails any "$W/no-such-layout" "oci:$W/no-such-layout" "dir:$W/never"
check "a missing oci-archive names its path" fails any "$W/no-such.tar" "oci-archive:$W/no-such.tar" "dir:$W/never"
check "a missing dir: source names its path" fails any "$W/no-such-dir" "dir:$W/no-such-dir" "dir:$W/never"
# The error line quotes the message as skopeo does, so inner quotes may be escaped.
check "a missing tag exits 2 and names the tag" \
  fails 2 'no descriptor found for reference \\?"nope\\?"' "oci:$FIXTURES/oci/tiny:nope" "dir:$W/never"
check "a missing tag in an oci-archive exits 2 and names the tag" \
  fails 2 'no descriptor found for reference \\?"nope\\?"' "oci-archive:$W/dest.tar:nope" "dir:$W/never"
check "an index past the end exits 2" fails 2 '@5' "oci:$FIXTURES/oci/tiny:@5" "dir:$W/never"
ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$W/two:a" >/dev/null 2>&1
ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$W/two:b" >/dev/null 2>&1
check "an unnamed reference to a layout of several images asks for a name" \
  fails any 'index.json.*(choose|reference)' "oci:$W/two" "dir:$W/never"

MISSING=$(damaged_copy missing-blob)
rm "$(blob_of "$MISSING" "$TINY_LAYER")"
check "a missing blob is named; no destination changes" fails_everywhere any "${TINY_LAYER#sha256:}" "oci:$MISSING"

# ------------------------------------------------------------------ damaged layouts

BAD_INDEX=$(damaged_copy index)
head -c 40 "$FIXTURES/oci/tiny/index.json" >"$BAD_INDEX/index.json"
check "a corrupt index.json is named" fails any "$BAD_INDEX/index.json" "oci:$BAD_INDEX" "dir:$W/never"
keeps_corrupt_index() {
  local before
  before=$(sha256sum "$BAD_INDEX/index.json")
  fails any "$BAD_INDEX/index.json" "oci:$FIXTURES/oci/labels" "oci:$BAD_INDEX:new" &&
    [[ $(sha256sum "$BAD_INDEX/index.json") == "$before" ]]
}
check "writing into a layout with a corrupt index.json fails and keeps it" keeps_corrupt_index
NOT_INDEX=$(damaged_copy not-index)
echo '{"schemaVersion":2,"manifests":{}}' >"$NOT_INDEX/index.json"
check "an index.json without a manifests array is named" fails any 'index.json.*manifests' "oci:$NOT_INDEX" "dir:$W/never"

BAD_MANIFEST=$(damaged_copy manifest)
sed -i 's/"schemaVersion":2/"schemaVersion":3/' "$(blob_of "$BAD_MANIFEST" "$TINY_MANIFEST")"
check "a manifest that does not match its digest is named; no destination changes" \
  fails_everywhere any "manifest.*${TINY_MANIFEST#sha256:}" "oci:$BAD_MANIFEST"

FLIPPED=$(damaged_copy flipped)
layer=$(blob_of "$FLIPPED" "$TINY_LAYER")
byte=$(od -An -tu1 -j200 -N1 "$layer" | tr -d ' ')
# shellcheck disable=SC2059  # the format is the octal escape of the flipped byte
printf "$(printf '\\%03o' $((byte ^ 1)))" | dd of="$layer" bs=1 seek=200 conv=notrunc 2>/dev/null
check "the damaged layer really differs" bash -c "! cmp -s '$layer' '$(blob_of "$FIXTURES/oci/tiny" "$TINY_LAYER")'"
check "a layer whose bytes do not match its digest is named; no destination changes" \
  fails_everywhere any "${TINY_LAYER#sha256:}.*(match|digest)|digest.*${TINY_LAYER#sha256:}" "oci:$FLIPPED"

TRUNCATED=$(damaged_copy truncated)
truncate -s 100 "$(blob_of "$TRUNCATED" "$TINY_LAYER")"
check "a truncated layer is named; no destination changes" \
  fails_everywhere any "${TINY_LAYER#sha256:}" "oci:$TRUNCATED"

DIR_SRC=$W/damaged-dir
ferry copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$DIR_SRC" >/dev/null 2>&1
truncate -s 100 "$DIR_SRC/${TINY_LAYER#sha256:}"
check "a truncated layer in a dir: source is named; no destination changes" \
  fails_everywhere any "${TINY_LAYER#sha256:}" "dir:$DIR_SRC"

# ------------------------------------------------------------------ unsupported content

SIGNED=$W/signed
ferry copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$SIGNED" >/dev/null 2>&1
echo not-really-a-signature >"$SIGNED/signature-1"
signed_to_oci() {
  fails any 'signature' "dir:$SIGNED" "oci:$W/dest:new" &&
    fails any 'signature' "dir:$SIGNED" "oci-archive:$W/dest.tar:new" && dest_unchanged
}
check "signatures cannot go to oci: or oci-archive:; the error says so" signed_to_oci

# ------------------------------------------------------------------ hostile archives

NOT_TAR=$W/not-a.tar
head -c 3000 /dev/urandom >"$NOT_TAR"
check "a file that is not a tar is named" fails any "$NOT_TAR" "oci-archive:$NOT_TAR" "dir:$W/never"

# evil_tar NAME TAR-ARGS...: a tar made from $W/evil, with GNU tar keeping what it is told.
mkdir -p "$W/evil/sub"
echo pwned >"$W/evil/sub/file"
ln -s ../../.. "$W/evil/sub/up"
ln -s /etc "$W/evil/abs"
evil_tar() { local n=$1; shift; (cd "$W/evil/sub" && tar -cPf "$W/$n.tar" "$@"); }
evil_tar abs-path "$W/evil/sub/file"
evil_tar dot-dot ../sub/file
evil_tar link-up up
(cd "$W/evil" && tar -cf "$W/link-abs.tar" abs)
for t in abs-path dot-dot link-up link-abs; do
  check "a hostile oci-archive ($t) is refused naming the entry" \
    fails any 'refusing to extract' "oci-archive:$W/$t.tar" "dir:$W/never"
done
check "nothing was written outside the extraction directory" bash -c "! ls '$W' | grep -q '^file$'"

# ------------------------------------------------------------------ all destinations as they were

check "no destination changed and nothing is left in --tmpdir" dest_unchanged

report
