#!/usr/bin/env bash
# interop_local.sh — ferry's dir:, oci: and oci-archive: transports against skopeo's, on the
# lab fixtures: what ferry writes must equal what skopeo writes, keep every digest, and each
# tool must read what the other wrote.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash interop_local.sh
#
# FIXTURES is made with make-fixtures.sh when it has no digests.tsv yet (LAB_DIR names the
# lab scripts; default: ../shared/lab beside the project). Exits 77 (skip) without skopeo
# or jq. The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

for tool in skopeo jq; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not found; skipping"
    echo "0 passed, 0 failed"
    exit 77
  fi
done
if [[ ! -f $FIXTURES/digests.tsv ]]; then
  bash "$LAB_DIR/make-fixtures.sh" -o "$FIXTURES" --no-large >/dev/null 2>&1 ||
    { echo "cannot make fixtures in $FIXTURES"; echo "0 passed, 1 failed"; exit 1; }
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-interop.XXXXXX")
trap 'rm -rf "$W"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"


# ferry's temporary files go to $W/tmp, so that the test can see it cleans up.
mkdir -p "$W/tmp"
ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }
sko() { skopeo --insecure-policy "$@"; }

# The manifest digest and media type of each fixture, from digests.tsv.
declare -A DIGEST MEDIA
NAMES=()
while IFS=$'\t' read -r name media digest _; do
  [[ -d $FIXTURES/oci/$name ]] || continue
  NAMES+=("$name")
  DIGEST[$name]=$digest
  MEDIA[$name]=$media
done <"$FIXTURES/digests.tsv"
is_list() { [[ ${MEDIA[$1]} == *index* || ${MEDIA[$1]} == *list* ]]; }

# ------------------------------------------------------------------ assertions

# ref_digest LAYOUT REF: the digest index.json gives REF ("" = the unnamed entry).
ref_digest() {
  jq -r --arg r "$2" '.manifests[]
    | select((.annotations["org.opencontainers.image.ref.name"] // "") == $r) | .digest' "$1/index.json"
}
digest_is() { # LAYOUT REF WANT
  local got
  got=$(ref_digest "$1" "$2")
  [[ $got == "$3" ]] || { echo "index.json of $1 gives \"$2\" the digest '$got', want $3"; return 1; }
}
entries_are() { # LAYOUT N
  local n
  n=$(jq '.manifests | length' "$1/index.json")
  [[ $n == "$2" ]] || { echo "$1/index.json has $n entries, want $2"; return 1; }
}
same_blobs() { # every blob of layout $1 is in layout $2, byte for byte
  local f
  for f in "$1"/blobs/sha256/*; do cmp "$f" "$2/blobs/sha256/${f##*/}" || return 1; done
}
untar() { mkdir -p "$2" && tar -xf "$1" -C "$2"; }

# ------------------------------------------------------------------ tests

to_dir_like_skopeo() { # SRC NAME FLAGS...
  local src=$1 n=$2
  shift 2
  ferry copy --quiet "$@" "$src" "dir:$W/f-$n" && sko copy --quiet "$@" "$src" "dir:$W/s-$n" &&
    diff -r "$W/f-$n" "$W/s-$n"
}
# An OCI layout holds OCI types only: a Docker-typed fixture goes in converted, byte for byte
# as skopeo converts it (its layout sk-ref-X is the reference), and then keeps that digest.
oci_keeps_digest() { # X: into the shared layout under its name, then out again unnamed
  ferry copy --quiet --all "oci:$FIXTURES/oci/$1" "oci:$W/layout:$1" &&
    digest_is "$W/layout" "$1" "${OCI_DIGEST[$1]}" && same_blobs "$W/sk-ref-$1" "$W/layout" &&
    ferry copy --quiet --all "oci:$W/layout:$1" "oci:$W/again-$1" &&
    digest_is "$W/again-$1" "" "${OCI_DIGEST[$1]}"
}
dir_to_oci_keeps_digest() { # X FLAGS...
  local x=$1
  shift
  ferry copy --quiet "$@" "dir:$W/s-dir-$x" "oci:$W/fromdir:$x" && digest_is "$W/fromdir" "$x" "${OCI_DIGEST[$x]}"
}
dir_to_dir() { # X FLAGS...
  local x=$1
  shift
  ferry copy --quiet "$@" "dir:$W/s-dir-$x" "dir:$W/dd-$x" && diff -r "$W/s-dir-$x" "$W/dd-$x"
}
# skopeo 1.9.3 finds a *named* entry only when it has an OCI media type, so it reads the
# single unnamed entry of again-X, which works for every fixture.
skopeo_reads_ferry_oci() { # X FLAGS...
  local x=$1 raw
  shift
  raw=$(sko inspect --raw "oci:$W/again-$x" | sha256sum | cut -d' ' -f1)
  [[ sha256:$raw == "${OCI_DIGEST[$x]}" ]] || { echo "skopeo reads manifest sha256:$raw"; return 1; }
  sko copy --quiet "$@" "oci:$W/again-$x" "dir:$W/sr-$x" && diff -r "$W/sr-$x" "$W/s-ocidir-$x"
}
# skopeo 1.9.3 converts docker manifests to OCI when it writes oci:, so compare ferry's
# reading of skopeo's layout with skopeo's own reading of it.
ferry_reads_skopeo_oci() { # X FLAGS...
  local x=$1
  shift
  sko copy --quiet "$@" "oci:$FIXTURES/oci/$x" "oci:$W/sk-layout:$x" &&
    ferry copy --quiet "$@" "oci:$W/sk-layout:$x" "dir:$W/fr-$x" &&
    sko copy --quiet "$@" "oci:$W/sk-layout:$x" "dir:$W/sr2-$x" && diff -r "$W/fr-$x" "$W/sr2-$x"
}
skopeo_reads_ferry_archive() { # X FLAGS...
  local x=$1
  shift
  ferry copy --quiet --all "oci:$FIXTURES/oci/$x" "oci-archive:$W/f-$x.tar" &&
    sko copy --quiet "$@" "oci-archive:$W/f-$x.tar" "dir:$W/sa-$x" && diff -r "$W/sa-$x" "$W/s-ocidir-$x" &&
    untar "$W/f-$x.tar" "$W/untar-$x" && digest_is "$W/untar-$x" "" "${OCI_DIGEST[$x]}" &&
    [[ $(tar -tf "$W/f-$x.tar" | head -3 | tr '\n' ' ') == "oci-layout index.json blobs/ " ]]
}
ferry_reads_skopeo_archive() { # X FLAGS...
  local x=$1
  shift
  sko copy --quiet "$@" "oci:$FIXTURES/oci/$x" "oci-archive:$W/s-$x.tar:$x" &&
    ferry copy --quiet "$@" "oci-archive:$W/s-$x.tar:$x" "dir:$W/fa-$x" &&
    sko copy --quiet "$@" "oci-archive:$W/s-$x.tar:$x" "dir:$W/sa2-$x" && diff -r "$W/fa-$x" "$W/sa2-$x"
}
archive_to_archive() { # X
  ferry copy --quiet --all "oci-archive:$W/f-$1.tar" "oci-archive:$W/ff-$1.tar:$1" &&
    untar "$W/ff-$1.tar" "$W/untar2-$1" && digest_is "$W/untar2-$1" "$1" "${OCI_DIGEST[$1]}"
}
# skopeo 1.9.3 has no LayersData; everything else must match.
same_inspect() {
  ferry inspect "$1" >"$W/fi.json" && sko inspect "$1" >"$W/si.json" &&
    diff <(jq -S 'del(.LayersData)' "$W/fi.json") <(jq -S . "$W/si.json")
}
same_raw() { ferry inspect --raw "$1" >"$W/fr.raw" && sko inspect --raw "$1" >"$W/sr.raw" && cmp "$W/fr.raw" "$W/sr.raw"; }

# Each fixture as skopeo writes it into an OCI layout (sk-ref-X), its digest there, and
# skopeo's dir: copy of that (s-ocidir-X): the references for what ferry writes to oci:.
declare -A OCI_DIGEST
for x in "${NAMES[@]}"; do
  all=()
  is_list "$x" && all=(--all)
  sko copy --quiet "${all[@]}" "oci:$FIXTURES/oci/$x" "oci:$W/sk-ref-$x" &&
    sko copy --quiet "${all[@]}" "oci:$W/sk-ref-$x" "dir:$W/s-ocidir-$x" ||
    { echo "skopeo cannot copy the $x fixture"; echo "0 passed, 1 failed"; exit 1; }
  OCI_DIGEST[$x]=$(ref_digest "$W/sk-ref-$x" "")
done

for x in "${NAMES[@]}"; do
  src=oci:$FIXTURES/oci/$x
  all=()
  is_list "$x" && all=(--all)
  check "$x: oci -> dir${all[*]:+ ${all[*]}} equals skopeo's" to_dir_like_skopeo "$src" "dir-$x" "${all[@]}"
  if is_list "$x"; then
    check "$x: oci -> dir (one instance) equals skopeo's" to_dir_like_skopeo "$src" "one-$x"
  fi
  check "$x: oci -> oci -> oci keeps the digest and every blob" oci_keeps_digest "$x"
  check "$x: dir -> oci keeps the digest" dir_to_oci_keeps_digest "$x" "${all[@]}"
  check "$x: dir -> dir copies the directory exactly" dir_to_dir "$x" "${all[@]}"
  check "$x: skopeo reads ferry's oci layout" skopeo_reads_ferry_oci "$x" "${all[@]}"
  check "$x: ferry reads skopeo's oci layout as skopeo does" ferry_reads_skopeo_oci "$x" "${all[@]}"
  check "$x: skopeo reads ferry's oci-archive" skopeo_reads_ferry_archive "$x" "${all[@]}"
  check "$x: ferry reads skopeo's oci-archive as skopeo does" ferry_reads_skopeo_archive "$x" "${all[@]}"
  check "$x: oci-archive -> oci-archive keeps the digest" archive_to_archive "$x"
  check "$x: ferry inspect equals skopeo inspect" same_inspect "$src"
  check "$x: ferry inspect --raw equals skopeo's" same_raw "$src"
  check "$x: skopeo inspect of ferry's copy equals ferry's" same_inspect "oci:$W/again-$x"
done

# ------------------------------------------------------------------ layouts as a whole

replace_named_entry() {
  ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$W/layout:tiny" &&
    digest_is "$W/layout" tiny "${DIGEST[labels]}" && digest_is "$W/layout" labels "${DIGEST[labels]}" &&
    entries_are "$W/layout" "${#NAMES[@]}"
}
index_like_skopeo() { # named and unnamed entries, the same image twice
  local t
  for t in ferry sko; do
    $t copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$W/cmp-$t:a" &&
      $t copy --quiet "oci:$FIXTURES/oci/labels" "oci:$W/cmp-$t:b" &&
      $t copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$W/cmp-$t" &&
      $t copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$W/cmp-$t:c" || return 1
  done
  diff -r "$W/cmp-ferry" "$W/cmp-sko"
}
dir_replaced_whole() {
  ferry copy --quiet "oci:$FIXTURES/oci/labels" "dir:$W/f-dir-tiny" && diff -r "$W/f-dir-tiny" "$W/s-dir-labels"
}
dir_refuses_other_dirs() {
  mkdir -p "$W/precious" && echo data >"$W/precious/file"
  ! ferry copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$W/precious" && [[ $(cat "$W/precious/file") == data ]]
}
delete_gc() {
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$W/del:a" &&
    ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$W/del:b" && ferry delete "oci:$W/del:a" &&
    [[ $(jq -c '[.manifests[].annotations[]]' "$W/del/index.json") == '["b"]' ]] &&
    [[ ! -e $W/del/blobs/sha256/${DIGEST[tiny]#sha256:} ]] &&
    ferry copy --quiet "oci:$W/del:b" "dir:$W/del-b" && diff -r "$W/del-b" "$W/s-dir-labels"
}
shared_blob_dir() {
  ferry copy --quiet --dest-shared-blob-dir "$W/shared" "oci:$FIXTURES/oci/tiny" "oci:$W/sh:a" &&
    [[ -z $(find "$W/sh" -path '*/blobs/*' -type f) ]] &&
    sko copy --quiet --src-shared-blob-dir "$W/shared" "oci:$W/sh:a" "dir:$W/sh-dir" &&
    diff -r "$W/sh-dir" "$W/s-dir-tiny" &&
    ferry copy --quiet --src-shared-blob-dir "$W/shared" "oci:$W/sh:a" "dir:$W/sh-dir2" &&
    diff -r "$W/sh-dir2" "$W/s-dir-tiny"
}
signatures_in_dir() { # signature-N and <hex>.signature-N travel dir -> dir as with skopeo
  local inst
  # Any bytes with the high bit set in the first one pass for simple-signing blobs (OpenPGP packets).
  cp -r "$W/s-dir-multiarch" "$W/signed" && printf '\xa3sig-a' >"$W/signed/signature-1" &&
    printf '\xa3sig-b' >"$W/signed/signature-2"
  inst=$(jq -r '.manifests[0].digest' "$W/signed/manifest.json")
  printf '\xa3sig-i' >"$W/signed/${inst#sha256:}.signature-1"
  ferry copy --quiet --all "dir:$W/signed" "dir:$W/signed-f" && sko copy --quiet --all "dir:$W/signed" "dir:$W/signed-s" &&
    diff -r "$W/signed-f" "$W/signed-s" && diff -r "$W/signed" "$W/signed-f"
}
no_leftovers() {
  [[ -z $(ls -A "$W/tmp") ]] || { ls -A "$W/tmp"; return 1; }
  ! find "$W" \( -name '.tmp-*' -o -name '.*.ferry-*' -o -name '.*.tmp-*' \) | grep .
}

# Options the dir: and oci: plugins declare, acted on through what their destinations accept.
layer_types() { # LAYOUT REF: the layer media types of REF's manifest
  local m
  m=$(jq -r --arg r "$2" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $r) | .digest' "$1/index.json")
  jq -r '[.layers[].mediaType] | unique | join(",")' "$1/blobs/sha256/${m#sha256:}"
}
gunzipped_layers() { # DIR: the sha256 of each layer of a dir: image, gunzipped
  local l
  for l in $(jq -r '.layers[].digest' "$1/manifest.json"); do gzip -dc "$1/${l#sha256:}" | sha256sum | cut -d' ' -f1; done
}
dir_decompress_compress_like_skopeo() {
  to_dir_like_skopeo "oci:$FIXTURES/oci/medium" decompressed --dest-decompress &&
    [[ $(jq -r '[.layers[].mediaType] | unique | join(",")' "$W/f-decompressed/manifest.json") == *.tar ]] || return 1
  # gzip output differs between compressors: compare what the layers hold.
  ferry copy --quiet --dest-compress "dir:$W/s-decompressed" "dir:$W/f-recompressed" &&
    sko copy --quiet --dest-compress "dir:$W/s-decompressed" "dir:$W/s-recompressed" &&
    [[ $(jq -r '[.layers[].mediaType] | unique | join(",")' "$W/f-recompressed/manifest.json") == *tar+gzip ]] &&
    [[ $(gunzipped_layers "$W/f-recompressed") == "$(gunzipped_layers "$W/s-recompressed")" ]] &&
    [[ $(gunzipped_layers "$W/f-recompressed") == "$(jq -r '.layers[].digest' "$W/s-decompressed/manifest.json" | cut -d: -f2)" ]]
}
oci_accept_uncompressed_like_skopeo() {
  local t
  for t in ferry sko; do
    $t copy --quiet "dir:$W/s-decompressed" "oci:$W/unc-$t:gz" &&
      $t copy --quiet --dest-oci-accept-uncompressed-layers "dir:$W/s-decompressed" "oci:$W/unc-$t:plain" || return 1
  done
  [[ $(layer_types "$W/unc-ferry" gz) == "$(layer_types "$W/unc-sko" gz)" ]] &&
    [[ $(layer_types "$W/unc-ferry" gz) == *tar+gzip ]] &&
    [[ $(layer_types "$W/unc-ferry" plain) == "$(layer_types "$W/unc-sko" plain)" ]] &&
    [[ $(layer_types "$W/unc-ferry" plain) == application/vnd.oci.image.layer.v1.tar ]]
}
check "--dest-decompress and --dest-compress (dir: options) write what skopeo writes" dir_decompress_compress_like_skopeo
check "--dest-oci-accept-uncompressed-layers (an oci: option) keeps layers as skopeo does" oci_accept_uncompressed_like_skopeo

check "one layout holds every fixture under its own name" entries_are "$W/layout" "${#NAMES[@]}"
check "a copy under an existing name replaces that entry only" replace_named_entry
check "index.json and oci-layout are byte-identical to skopeo's" index_like_skopeo
check "a dir: destination is replaced whole by the next copy" dir_replaced_whole
check "a dir: destination that is not an image directory is refused and kept" dir_refuses_other_dirs
check "delete removes the entry and the blobs only it used" delete_gc
check "--dest-shared-blob-dir stores blobs there; both tools read them back" shared_blob_dir
check "signatures of a dir: image and of its instances are copied as skopeo does" signatures_in_dir
check "no temporary files or directories are left behind" no_leftovers

report
