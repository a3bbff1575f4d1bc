# shellcheck shell=bash
# Sourced by the fault scripts: check.sh (FERRY, FIXTURES, check, report, staging_near) and the
# verdicts they share on what a failed or killed copy left at its destination. The sourcing
# script sets W before its first check.
source "$(dirname "${BASH_SOURCE[0]}")/../integration/check.sh"
ensure_fixtures

# The image a fault script writes over an old one, and what identifies it once written.
NEW_IMAGE=zstd # two zstd layers and a config: three blobs, 3.8 MB
OLD_IMAGE=tiny
declare -A DIGEST
while IFS=$'\t' read -r name _ digest _; do DIGEST[$name]=$digest; done <"$FIXTURES/digests.tsv"

# snapshot PATH: what is at PATH, byte for byte — a "sha256  ./file" line per file of a
# directory, the checksum of a file, or "absent".
snapshot() {
  if [[ -d $1 ]]; then
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0r sha256sum)
  elif [[ -e $1 ]]; then
    sha256sum <"$1"
  else
    echo absent
  fi
}

# unchanged SNAPSHOT-FILE PATH: PATH is byte for byte what the snapshot recorded.
unchanged() { diff <(snapshot "$2") "$1" >/dev/null; }

# layout_keeps SNAPSHOT-FILE LAYOUT: an OCI layout still holds every file it held (same bytes,
# index.json included); blobs of an image that never reached index.json may have been added.
layout_keeps() { [[ -z $(comm -23 <(sort "$1") <(snapshot "$2" | sort)) ]]; }

# manifest_digest_of KIND PATH REF: the digest of the manifest the destination holds for REF.
manifest_digest_of() {
  case $1 in
    dir) echo "sha256:$(sha256sum <"$2/manifest.json" | cut -d' ' -f1)" ;;
    oci) jq -r --arg r "$3" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $r) | .digest' "$2/index.json" ;;
    oci-archive) echo "sha256:$(skopeo inspect --raw "oci-archive:$2:$3" | sha256sum | cut -d' ' -f1)" ;;
  esac
}

# reference KIND PATH REF: the transport reference skopeo reads the image by.
reference() {
  case $1 in
    dir | docker-archive) echo "$1:$2" ;;
    oci | oci-archive) echo "$1:$2:$3" ;;
  esac
}

# holds_image KIND PATH REF NAME: the destination holds fixture image NAME, complete: skopeo
# copies it out (checking every blob against its digest) and its manifest is NAME's (a
# docker-archive converts the manifest, so there its config is compared).
holds_image() {
  local kind=$1 path=$2 ref=$3 name=$4 out got want
  out=$(mktemp -d "$W/read.XXXXXX")
  skopeo --insecure-policy copy --quiet "$(reference "$kind" "$path" "$ref")" "dir:$out/d" ||
    { echo "skopeo cannot read $kind:$path"; rm -rf "$out"; return 1; }
  if [[ $kind == docker-archive ]]; then
    want=$(skopeo inspect --raw "oci:$FIXTURES/oci/$name" | jq -r .config.digest)
    got=$(jq -r .config.digest "$out/d/manifest.json")
  else
    want=${DIGEST[$name]}
    got=$(manifest_digest_of "$kind" "$path" "$ref")
  fi
  rm -rf "$out"
  [[ $got == "$want" ]] || { echo "$kind:$path holds $got, not $name ($want)"; return 1; }
}

# age_staging DIR...: makes what killed copies left look settled (see staging.hpp: the next
# writer leaves alone entries changed in the last 2 s), instead of waiting for it.
age_staging() {
  local d
  for d in "$@"; do staging_near "$d" | xargs -r touch -h -d '-1 min'; done
}

# blobs_whole LAYOUT: every blob file of an OCI layout holds the bytes its name promises (a
# failed copy may leave whole blobs nothing refers to, never a partial one under a digest).
blobs_whole() {
  local f
  for f in "$1"/blobs/sha256/*; do
    [[ -e $f ]] || continue
    [[ $(sha256sum <"$f" | cut -d' ' -f1) == "$(basename "$f")" ]] || { echo "$f does not match its name"; return 1; }
  done
}
