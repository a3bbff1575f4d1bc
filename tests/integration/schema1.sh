#!/usr/bin/env bash
# Docker schema 1 images: ferry reads them, copies them unchanged where the
# destination takes schema 1, and converts them (building the config from the
# v1 history and the layers' diff_ids) where it does not — as skopeo does.
set -uo pipefail
: "${FERRY:?set FERRY to the ferry binary}" "${FIXTURES:?set FIXTURES to the fixtures directory}"
command -v skopeo >/dev/null && command -v jq >/dev/null || { echo "skopeo or jq missing"; exit 77; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
ferry() { "$FERRY" --insecure-policy "$@"; }

passthrough() { # X: dir -> dir keeps the signed manifest byte for byte, with every blob it names
  ferry copy -q "dir:$W/$1-s1" "dir:$W/$1-pass" && cmp "$W/$1-s1/manifest.json" "$W/$1-pass/manifest.json" &&
    skopeo copy -q "dir:$W/$1-pass" "oci:$W/$1-pass-read:x"
}
inspects_like_skopeo() { # X
  diff <(skopeo inspect "dir:$W/$1-s1" | jq -S '{Digest, Layers, Architecture, Os, Env, Labels}') \
       <(ferry inspect "dir:$W/$1-s1" | jq -S '{Digest, Layers, Architecture, Os, Env, Labels}')
}
converts_like_skopeo() { # X FORMAT-DEST
  ferry copy -q "dir:$W/$1-s1" "oci:$W/$1-ferry:x" && skopeo copy -q "dir:$W/$1-s1" "oci:$W/$1-skopeo:x" || return 1
  # The config view (history, diff_ids, runtime config) is the same; skopeo's
  # bytes differ only because it also rewrites the config into OCI's field order.
  diff <(skopeo inspect --config "oci:$W/$1-ferry:x") <(skopeo inspect --config "oci:$W/$1-skopeo:x") || return 1
  local m
  m=$(jq -r '.manifests[0].digest' "$W/$1-ferry/index.json")
  [[ $(jq -r .mediaType "$W/$1-ferry/blobs/sha256/${m#sha256:}") == application/vnd.oci.image.manifest.v1+json ]]
}
converts_to_v2s2() { # X: with --format v2s2 the manifest is schema 2 and skopeo reads it
  ferry copy -q --format v2s2 "dir:$W/$1-s1" "dir:$W/$1-v2s2" || return 1
  [[ $(jq -r .schemaVersion "$W/$1-v2s2/manifest.json") == 2 ]] &&
    skopeo inspect "dir:$W/$1-v2s2" >/dev/null
}
preserve_refuses() { # X
  ! ferry copy -q --preserve-digests "dir:$W/$1-s1" "oci:$W/$1-pd:x" 2>"$W/err" && grep -q "preserve digests" "$W/err"
}

for x in tiny labels medium; do
  skopeo copy -q --format v2s1 "oci:$FIXTURES/oci/$x" "dir:$W/$x-s1" || { echo "skopeo cannot make schema 1 of $x"; exit 1; }
  check "$x: schema 1 copied to dir: unchanged" passthrough "$x"
  check "$x: inspect of schema 1 as skopeo" inspects_like_skopeo "$x"
  check "$x: converted to OCI as skopeo converts it" converts_like_skopeo "$x"
  check "$x: converted to v2s2 with --format" converts_to_v2s2 "$x"
  check "$x: --preserve-digests refuses the conversion" preserve_refuses "$x"
done
report
