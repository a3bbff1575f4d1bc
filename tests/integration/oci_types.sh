#!/usr/bin/env bash
# oci_types.sh — an OCI layout holds OCI manifests only, as the containers tools' layout
# destination: Docker-typed images (a Docker manifest or list in a layout, a docker-archive)
# are converted on their way into oci: and oci-archive:, skopeo then finds and reads them,
# and oci-image-tool validates them. --preserve-digests refuses such a copy before any blob
# moves. (docker:// and docker-daemon: sources are checked in their own scripts.)
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash oci_types.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo or jq.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
require_tools skopeo jq
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-oci-types.XXXXXX")
trap 'rm -rf "$W"' EXIT
ferry() { "$FERRY" --insecure-policy "$@"; }

docker_manifest_converted() {
  ferry copy --quiet "oci:$FIXTURES/oci/docker-v2s2" "oci:$W/l:v2s2" && oci_readable "$W/l" v2s2
}
docker_list_converted() {
  ferry copy --quiet --all "oci:$FIXTURES/oci/docker-list" "oci:$W/l:list" && oci_readable "$W/l" list &&
    [[ $(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "list") | .digest' "$W/l/index.json" |
      cut -d: -f2 | xargs -I{} jq -r '[.manifests[].mediaType] | unique | .[]' "$W/l/blobs/sha256/{}") == application/vnd.oci.image.manifest.v1+json ]]
}
docker_archive_converted() {
  ferry copy --quiet "docker-archive:$FIXTURES/archives/tiny.tar" "oci:$W/arch:archive" && oci_readable "$W/arch" archive
}
oci_archive_converted() {
  ferry copy --quiet "oci:$FIXTURES/oci/docker-v2s2" "oci-archive:$W/a.tar:v2s2" &&
    skopeo --insecure-policy inspect "oci-archive:$W/a.tar:v2s2" >/dev/null &&
    mkdir -p "$W/a" && tar -xf "$W/a.tar" -C "$W/a" && oci_readable "$W/a" v2s2
}
zstd_from_docker() {
  ferry copy --quiet --dest-compress-format zstd "oci:$FIXTURES/oci/docker-v2s2" "oci:$W/z:zstd" &&
    oci_readable "$W/z" zstd &&
    skopeo --insecure-policy inspect --raw "oci:$W/z:zstd" | jq -e '[.layers[].mediaType] == ["application/vnd.oci.image.layer.v1.tar+zstd"]' >/dev/null
}
preserve_digests_refused_early() {
  local out
  out=$(ferry copy --preserve-digests "oci:$FIXTURES/oci/docker-v2s2" "oci:$W/p:x" 2>&1) && return 1
  echo "$out"
  [[ $out == *'preserve digests'* && $out == *'vnd.docker.distribution.manifest.v2+json'* ]] &&
    [[ $out != *'Copying blob'* ]] && [[ ! -e $W/p ]] || return 1
  out=$(ferry copy --all --preserve-digests "oci:$FIXTURES/oci/docker-list" "oci:$W/p:x" 2>&1) && return 1
  echo "$out"
  [[ $out == *'preserve digests'* && $out != *'Copying blob'* ]] && [[ ! -e $W/p ]]
}
oci_images_untouched() { # an OCI image still goes in byte for byte
  local want
  want=$(jq -r '.manifests[0].digest' "$FIXTURES/oci/medium/index.json")
  ferry copy --quiet --preserve-digests "oci:$FIXTURES/oci/medium" "oci:$W/m:m" &&
    [[ $(jq -r '.manifests[0].digest' "$W/m/index.json") == "$want" ]] && oci_readable "$W/m" m
}

check "a Docker v2s2 manifest in a layout becomes an OCI manifest in oci:" docker_manifest_converted
check "a Docker manifest list (--all) becomes an OCI index of OCI manifests" docker_list_converted
check "a docker-archive image becomes an OCI image in oci:" docker_archive_converted
check "oci-archive: gets OCI types too" oci_archive_converted
check "--dest-compress-format zstd from a Docker source to oci: converts and succeeds" zstd_from_docker
check "--preserve-digests with a needed conversion fails before any blob moves" preserve_digests_refused_early
check "an OCI image keeps its digest" oci_images_untouched
report
