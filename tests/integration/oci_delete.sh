#!/usr/bin/env bash
# oci_delete.sh — `ferry delete oci:LAYOUT:REF` on real-sized images: the entry goes, the
# blobs only it used go, everything another image or index still needs stays, and a delete
# that cannot be planned whole changes nothing. skopeo reads what remains.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash oci_delete.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo or jq.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
require_tools skopeo jq sha256sum
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-delete.XXXXXX")
trap 'rm -rf "$W"' EXIT

ferry() { "$FERRY" --insecure-policy "$@"; }
sko() { skopeo --insecure-policy "$@"; }

blobs_of() { # LAYOUT: the blob file names, sorted
  (cd "$1/blobs/sha256" && ls | sort)
}
refs_of() { # LAYOUT: the ref names in index.json, in order
  jq -c '[.manifests[].annotations["org.opencontainers.image.ref.name"]]' "$1/index.json"
}
has_blob() { [[ -f $1/blobs/sha256/${2#sha256:} ]]; }

# add_annotated_copy LAYOUT FROM TO: a second image whose manifest differs from FROM's by
# one annotation, so the two share their config and every layer.
add_annotated_copy() {
  local l=$1 from=$2 to=$3 src m d
  src=$(jq -r --arg r "$from" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $r) | .digest' "$l/index.json")
  m=$(jq -c '.annotations = {"lab.copy": "yes"}' "$l/blobs/sha256/${src#sha256:}")
  printf '%s' "$m" >"$W/manifest.tmp"
  d=$(sha256sum "$W/manifest.tmp" | cut -d' ' -f1)
  mv "$W/manifest.tmp" "$l/blobs/sha256/$d"
  jq -c --arg d "sha256:$d" --argjson s "${#m}" --arg r "$to" \
    '.manifests += [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": $d, "size": $s, "annotations": {"org.opencontainers.image.ref.name": $r}}]' \
    "$l/index.json" >"$W/index.tmp" && mv "$W/index.tmp" "$l/index.json"
}

# ----------------------------------------------------------------------------- checks

last_image_of_real_size() { # the medium image has layers of 9-15 MB
  local l=$W/last
  ferry copy --quiet "oci:$FIXTURES/oci/medium" "oci:$l:m" || return 1
  ferry delete "oci:$l:m" || return 1
  [[ $(refs_of "$l") == '[]' ]] && [[ -z $(blobs_of "$l") ]] &&
    [[ $(jq -r .schemaVersion "$l/index.json") == 2 ]]
}

shared_layers_stay() {
  local l=$W/shared before
  ferry copy --quiet "oci:$FIXTURES/oci/medium" "oci:$l:a" && add_annotated_copy "$l" a b || return 1
  before=$(blobs_of "$l")
  local a_manifest
  a_manifest=$(jq -r '.manifests[0].digest' "$l/index.json")
  ferry delete "oci:$l:a" || return 1
  [[ $(refs_of "$l") == '["b"]' ]] && ! has_blob "$l" "$a_manifest" &&
    [[ $(blobs_of "$l" | wc -l) == $(($(wc -l <<<"$before") - 1)) ]] &&
    sko copy --quiet "oci:$l:b" "dir:$W/shared-b" &&
    [[ $(jq -r '.layers | length' "$W/shared-b/manifest.json") == 5 ]]
}

one_shared_layer_stays() { # tiny and labels share one layer
  local l=$W/two layer
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$l:tiny" &&
    ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$l:labels" || return 1
  layer=$(jq -r '.layers[0].digest' "$FIXTURES/oci/tiny/blobs/sha256/$(jq -r '.manifests[0].digest' "$FIXTURES/oci/tiny/index.json" | cut -d: -f2)")
  ferry delete "oci:$l:tiny" || return 1
  [[ $(refs_of "$l") == '["labels"]' ]] && has_blob "$l" "$layer" &&
    [[ $(blobs_of "$l") == $(blobs_of "$FIXTURES/oci/labels") ]] &&
    sko inspect "oci:$l:labels" >/dev/null
}

whole_index_goes() {
  local l=$W/all
  ferry copy --quiet --all "oci:$FIXTURES/oci/multiarch" "oci:$l:m" &&
    ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$l:t" || return 1
  ferry delete "oci:$l:m" || return 1
  [[ $(refs_of "$l") == '["t"]' ]] && [[ $(blobs_of "$l") == $(blobs_of "$FIXTURES/oci/tiny") ]]
}

instance_of_a_deleted_index_stays() {
  local l=$W/inst inst
  ferry copy --quiet --all "oci:$FIXTURES/oci/multiarch" "oci:$l:m" || return 1
  # The amd64 instance alone, under its own name: the same manifest blob as the index's child.
  ferry --override-arch amd64 copy --quiet "oci:$l:m" "oci:$l:amd64" || return 1
  inst=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "amd64") | .digest' "$l/index.json")
  ferry delete "oci:$l:m" || return 1
  [[ $(refs_of "$l") == '["amd64"]' ]] && has_blob "$l" "$inst" &&
    sko copy --quiet "oci:$l:amd64" "dir:$W/inst-dir"
}

unplannable_delete_changes_nothing() {
  local l=$W/broken b_manifest index_before blobs_before out
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$l:a" &&
    ferry copy --quiet "oci:$FIXTURES/oci/labels" "oci:$l:b" || return 1
  # b's manifest is damaged: what b still needs cannot be known, so nothing may go.
  b_manifest=$(jq -r '.manifests[1].digest' "$l/index.json")
  printf '{"layers": [' >"$l/blobs/sha256/${b_manifest#sha256:}"
  index_before=$(cat "$l/index.json")
  blobs_before=$(blobs_of "$l")
  out=$(ferry delete "oci:$l:a" 2>&1) && { echo "delete succeeded"; return 1; }
  echo "$out"
  [[ $out == *"${b_manifest}"* && $out == *'not changed'* ]] &&
    [[ $(cat "$l/index.json") == "$index_before" ]] && [[ $(blobs_of "$l") == "$blobs_before" ]]
}

missing_reference_is_not_found() {
  local l=$W/missing before rc
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$l:a" || return 1
  before=$(cat "$l/index.json")
  ferry delete "oci:$l:nope"
  rc=$?
  [[ $rc == 2 ]] && [[ $(cat "$l/index.json") == "$before" ]]
}

check "delete of the last image, with layers over 4 MiB, empties the layout" last_image_of_real_size
check "two images sharing config and layers: only the deleted manifest goes; skopeo reads the other" shared_layers_stay
check "a layer shared with another image stays" one_shared_layer_stays
check "deleting an --all index removes its instances and their blobs, keeps the other image" whole_index_goes
check "an instance of a deleted index that another entry names stays" instance_of_a_deleted_index_stays
check "a delete that cannot be planned (damaged manifest of another image) changes nothing" unplannable_delete_changes_nothing
check "deleting a missing reference exits 2 and changes nothing" missing_reference_is_not_found
report
