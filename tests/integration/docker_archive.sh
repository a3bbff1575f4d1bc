#!/usr/bin/env bash
# docker_archive.sh — ferry's docker-archive: transport against skopeo's and docker's, on the
# lab fixtures: ferry writes what skopeo writes (byte for byte), each tool reads what the
# other wrote, compressed and multi-image archives read, hostile archives are refused, and,
# when a private dockerd can run here, `docker load` takes ferry's archives and ferry reads
# `docker save` output as skopeo does.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash docker_archive.sh
#
# Exits 77 (skip) without skopeo or jq. The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

for tool in skopeo jq python3; do
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

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-da.XXXXXX")
DK=/tmp/fda.$$ # dockerd needs a short path
cleanup() {
  if [[ -d $DK ]]; then dockerd_stop "$DK" >/dev/null 2>&1; rm -rf "$DK"; fi
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"


mkdir -p "$W/tmp"
ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }
sko() { skopeo --insecure-policy "$@"; }

# Single-image fixtures (lists cannot go into a docker archive whole).
NAMES=()
while IFS=$'\t' read -r name media _; do
  [[ -d $FIXTURES/oci/$name && $media != *index* && $media != *list* ]] && NAMES+=("$name")
done <"$FIXTURES/digests.tsv"

# ------------------------------------------------------------------ helpers

config_digest_of_oci() { # LAYOUT: the config digest of its only image
  local m
  m=$(jq -r '.manifests[0].digest' "$1/index.json")
  jq -r '.config.digest' "$1/blobs/sha256/${m#sha256:}"
}
diff_ids_of_oci() { # LAYOUT
  local c
  c=$(config_digest_of_oci "$1")
  jq -c '.rootfs.diff_ids' "$1/blobs/sha256/${c#sha256:}"
}
# dir: copies of one image made by ferry and skopeo hold the same files; manifests differ
# only in the layer media type (ferry says what the layers are: uncompressed tars).
same_dir_image() { # DIR_FERRY DIR_SKOPEO
  diff -r -x manifest.json "$1" "$2" || return 1
  diff <(jq -S 'del(.layers[].mediaType)' "$1/manifest.json") <(jq -S 'del(.layers[].mediaType)' "$2/manifest.json") ||
    return 1
  [[ $(jq -r '[.layers[].mediaType] | unique | join(",")' "$1/manifest.json") == application/vnd.docker.image.rootfs.diff.tar ]] ||
    { echo "ferry's layer media types: $(jq -c '[.layers[].mediaType]' "$1/manifest.json")"; return 1; }
}
# ferry's and skopeo's oci: copies of one archive carry the same layers: both gzip the
# archive's uncompressed tars (as OCI destinations want), so the layers decompress to the
# diff_ids. (skopeo also rewrites the config as an OCI config when it converts, so only
# ferry's is compared with the archive's.)
same_oci_image() { # LAYOUT_FERRY LAYOUT_SKOPEO CONFIG_DIGEST
  local m l layout plain
  [[ $(config_digest_of_oci "$1") == "$3" ]] || { echo "ferry's config is $(config_digest_of_oci "$1"), want $3"; return 1; }
  for layout in "$1" "$2"; do
    m=$(jq -r '.manifests[0].digest' "$layout/index.json")
    [[ $(jq -r '[.layers[].mediaType] | unique | join(",")' "$layout/blobs/sha256/${m#sha256:}") == *gzip ]] ||
      { echo "$layout: layers are not gzip"; return 1; }
    plain=$(for l in $(jq -r '.layers[].digest' "$layout/blobs/sha256/${m#sha256:}"); do
      gzip -dc "$layout/blobs/sha256/${l#sha256:}" | sha256sum | sed 's/^/sha256:/; s/ .*//'
    done | jq -Rsc 'split("\n") | map(select(length > 0))')
    [[ $plain == "$(diff_ids_of_oci "$1")" ]] || { echo "$layout: gunzipped layers are not the diff_ids"; return 1; }
  done
}

# ------------------------------------------------------------------ writing

write_like_skopeo() { # X: byte-identical archives
  ferry copy --quiet "oci:$FIXTURES/oci/$1" "docker-archive:$W/f-$1.tar:lab/$1:latest" || return 1
  if ! sko copy --quiet "oci:$FIXTURES/oci/$1" "docker-archive:$W/s-$1.tar:lab/$1:latest" 2>"$W/e"; then
    # skopeo 1.9.3 cannot write zstd images as docker archives; ferry decompresses them.
    grep -q 'zstd compression is not supported' "$W/e" && return 0
    cat "$W/e"; return 1
  fi
  cmp "$W/f-$1.tar" "$W/s-$1.tar"
}
skopeo_reads_ferry() { # X: skopeo's dir: copy has the fixture's config and its diff_ids as layers
  local c
  c=$(config_digest_of_oci "$FIXTURES/oci/$1")
  sko copy --quiet "docker-archive:$W/f-$1.tar" "dir:$W/sr-$1" &&
    [[ $(jq -r .config.digest "$W/sr-$1/manifest.json") == "$c" ]] &&
    [[ sha256:$(sha256sum <"$W/sr-$1/${c#sha256:}" | cut -d' ' -f1) == "$c" ]] &&
    [[ $(jq -c '[.layers[].digest]' "$W/sr-$1/manifest.json") == "$(diff_ids_of_oci "$FIXTURES/oci/$1")" ]] &&
    [[ $(sko inspect "docker-archive:$W/f-$1.tar:lab/$1:latest" | jq -r .Digest) == sha256:* ]]
}
additional_tags() {
  ferry copy --quiet --additional-tag a/b:1 --additional-tag c:2 "oci:$FIXTURES/oci/tiny" "docker-archive:$W/at-f.tar:x/y:z" &&
    sko copy --quiet --additional-tag a/b:1 --additional-tag c:2 "oci:$FIXTURES/oci/tiny" "docker-archive:$W/at-s.tar:x/y:z" &&
    cmp "$W/at-f.tar" "$W/at-s.tar" &&
    [[ $(tar -xOf "$W/at-f.tar" manifest.json | jq -c '.[0].RepoTags') == '["docker.io/x/y:z","docker.io/a/b:1","docker.io/library/c:2"]' ]]
}
untagged_like_skopeo() {
  ferry copy --quiet "oci:$FIXTURES/oci/labels" "docker-archive:$W/nt-f.tar" &&
    sko copy --quiet "oci:$FIXTURES/oci/labels" "docker-archive:$W/nt-s.tar" && cmp "$W/nt-f.tar" "$W/nt-s.tar"
}
existing_archive_kept() { # refused as skopeo refuses it, the images in it kept; an empty file is filled
  local t
  cp "$W/f-tiny.tar" "$W/over.tar" || return 1
  for t in ferry sko; do
    $t copy --quiet "oci:$FIXTURES/oci/labels" "docker-archive:$W/over.tar:lab/labels:latest" 2>"$W/e" && return 1
    grep -q "doesn't support modifying existing images" "$W/e" && cmp "$W/over.tar" "$W/f-tiny.tar" || return 1
  done
  : >"$W/empty.tar" && ferry copy --quiet "oci:$FIXTURES/oci/labels" "docker-archive:$W/empty.tar:lab/labels:latest" &&
    [[ $(tar -xOf "$W/empty.tar" manifest.json | jq -r '.[0].RepoTags[0]') == docker.io/lab/labels:latest ]]
}
failed_write_leaves_nothing() {
  # A source whose layer is corrupt: the copy fails after the archive was begun.
  sko copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$W/broken" || return 1
  local l
  l=$(jq -r '.layers[0].digest' "$W/broken/manifest.json")
  printf 'garbage' >"$W/broken/${l#sha256:}"
  mkdir -p "$W/fw" && cp "$W/f-labels.tar" "$W/fw/keep.tar"
  ! ferry copy --quiet "dir:$W/broken" "docker-archive:$W/fw/new.tar:a/b:c" &&
    ! ferry copy --quiet "dir:$W/broken" "docker-archive:$W/fw/keep.tar:a/b:c" &&
    [[ $(ls -A "$W/fw") == keep.tar ]] && cmp "$W/fw/keep.tar" "$W/f-labels.tar"
}
refuses_bad_destinations() {
  ! ferry copy --quiet "oci:$FIXTURES/oci/tiny" "docker-archive:$W/d.tar:@0" 2>"$W/e1" &&
    grep -q 'must not contain a manifest index' "$W/e1" &&
    ! ferry copy --quiet "oci:$FIXTURES/oci/tiny" "docker-archive:$W/d.tar:a@sha256:$(printf %064d 0)" 2>"$W/e2" &&
    grep -q 'does not include a tag' "$W/e2" &&
    ! ferry copy --quiet --additional-tag nottagged "oci:$FIXTURES/oci/tiny" "docker-archive:$W/d.tar" 2>"$W/e3" &&
    grep -q 'must be a tagged reference' "$W/e3" && [[ ! -e $W/d.tar ]]
}

for x in "${NAMES[@]}"; do
  check "$x: ferry writes the docker-archive skopeo writes, byte for byte" write_like_skopeo "$x"
  check "$x: skopeo reads ferry's docker-archive (config and diff_ids kept)" skopeo_reads_ferry "$x"
done
check "--additional-tag: RepoTags as skopeo writes them" additional_tags
check "an untagged archive equals skopeo's" untagged_like_skopeo
check "an existing archive is refused as skopeo refuses it and kept; an empty file is written" existing_archive_kept
check "a failed write leaves no archive, keeps an old one, and no temporary file" failed_write_leaves_nothing
check "an @index, a digest and an untagged --additional-tag are refused for writing" refuses_bad_destinations

# ------------------------------------------------------------------ reading

reads_like_skopeo() { # ARCHIVE NAME [REF]: dir: and oci: copies agree with skopeo's
  local a=$1 n=$2 ref=${3:-}
  ferry copy --quiet "docker-archive:$a$ref" "dir:$W/rf-$n" && sko copy --quiet "docker-archive:$a$ref" "dir:$W/rs-$n" &&
    same_dir_image "$W/rf-$n" "$W/rs-$n" &&
    ferry copy --quiet "docker-archive:$a$ref" "oci:$W/rfo-$n" && sko copy --quiet "docker-archive:$a$ref" "oci:$W/rso-$n" &&
    same_oci_image "$W/rfo-$n" "$W/rso-$n" "$(jq -r .config.digest "$W/rs-$n/manifest.json")"
}
for a in "$FIXTURES"/archives/*.tar; do
  n=$(basename "$a" .tar)
  check "$n: ferry reads skopeo's archive as skopeo does" reads_like_skopeo "$a" "skopeo-$n"
  check "$n: by its tag too" reads_like_skopeo "$a" "skopeo-tag-$n" ":lab/$n:latest"
done

compressed_reads_same() { # FORMAT
  local ext=$1 c
  case $ext in gz) c="gzip -c" ;; xz) c="xz -T0 -c" ;; zst) c="zstd -q -c" ;; esac
  $c "$W/f-tiny.tar" >"$W/tiny.tar.$ext" && $c "$W/f-labels.tar" >"$W/labels.tar.$ext" &&
    ferry copy --quiet "docker-archive:$W/tiny.tar.$ext" "dir:$W/c-$ext" && ferry copy --quiet "docker-archive:$W/f-tiny.tar" "dir:$W/c-plain" &&
    diff -r "$W/c-$ext" "$W/c-plain" &&
    [[ $(ferry inspect "docker-archive:$W/labels.tar.$ext" | jq -r .Digest) == $(ferry inspect "docker-archive:$W/f-labels.tar" | jq -r .Digest) ]] &&
    [[ -z $(ls -A "$W/tmp") ]]
}
for ext in gz xz zst; do check "a $ext-compressed archive reads as the plain one" compressed_reads_same "$ext"; done
check "an archive read from a pipe reads as the plain one" bash -c "cat '$W/f-tiny.tar' | $(printf %q "$FERRY") --insecure-policy --tmpdir '$W/tmp' copy --quiet docker-archive:/dev/stdin dir:$W/c-pipe && diff -r '$W/c-pipe' '$W/c-plain'"

# Two images (tiny tagged twice, labels untagged) in one archive, assembled by hand.
make_multi() {
  mkdir -p "$W/multi" && tar -xf "$W/f-tiny.tar" -C "$W/multi" && tar -xf "$W/nt-f.tar" -C "$W/multi" &&
    jq -s '[.[0][0] + {RepoTags: ["docker.io/lab/tiny:latest", "lab/tiny:v2"]}, .[1][0] + {RepoTags: null}]' \
      <(tar -xOf "$W/f-tiny.tar" manifest.json) <(tar -xOf "$W/nt-f.tar" manifest.json) >"$W/multi/manifest.json" &&
    tar -cf "$W/multi.tar" -C "$W/multi" .
}
multi_select() {
  ! ferry inspect "docker-archive:$W/multi.tar" 2>"$W/e" && grep -q 'expected 1 item, got 2' "$W/e" &&
    [[ $(ferry inspect --raw "docker-archive:$W/multi.tar:@1" | jq -r .config.digest) == "$(config_digest_of_oci "$FIXTURES/oci/labels")" ]] &&
    [[ $(ferry inspect --raw "docker-archive:$W/multi.tar:lab/tiny:v2" | jq -r .config.digest) == "$(config_digest_of_oci "$FIXTURES/oci/tiny")" ]] &&
    reads_like_skopeo "$W/multi.tar" multi-0 ":@0" && reads_like_skopeo "$W/multi.tar" multi-1 ":@1" &&
    { ferry inspect "docker-archive:$W/multi.tar:lab/none:x"; [[ $? == 2 ]]; } &&
    ! ferry inspect "docker-archive:$W/multi.tar:@2"
}
list_tags_like_skopeo() {
  local a
  for a in "$W/multi.tar" "$W/at-f.tar" "$W/nt-f.tar" "$FIXTURES/archives/tiny.tar"; do
    diff <(ferry list-tags "docker-archive:$a") <(sko list-tags "docker-archive:$a") || return 1
  done
}
check "a two-image archive can be made" make_multi
check "images of a two-image archive are chosen by tag or @index" multi_select
check "list-tags prints what skopeo prints" list_tags_like_skopeo

# ------------------------------------------------------------------ hostile archives

hostile() { # NAME PYTHON-SNIPPET (t is a tarfile open for writing)
  python3 - "$W/h-$1.tar" "$2" <<'PY'
import io, sys, tarfile
path, body = sys.argv[1], sys.argv[2]
def add(t, name, data=b"x", kind=tarfile.REGTYPE, link=""):
    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link; i.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as t:
    exec(body)
PY
}
refused() { # NAME WANT-IN-ERROR
  mkdir -p "$W/hout" && ! ferry copy --quiet "docker-archive:$W/h-$1.tar" "dir:$W/hout/$1" 2>"$W/e" &&
    grep -q "$2" "$W/e" && grep -q "h-$1.tar" "$W/e" && [[ ! -e $W/hout/$1 && ! -e $W/escaped ]] &&
    [[ -z $(ls -A "$W/tmp") ]] || { cat "$W/e"; return 1; }
}
M='[{"Config":"c.json","RepoTags":["a/b:c"],"Layers":["l.tar"]}]'
hostile dotdot "add(t, '../escaped'); add(t, 'manifest.json', b'$M')"
hostile abs "add(t, '$W/escaped'); add(t, 'manifest.json', b'$M')"
hostile link "add(t, 'manifest.json', kind=tarfile.SYMTYPE, link='../../../etc/passwd')"
hostile abslink "add(t, 'l.tar', kind=tarfile.SYMTYPE, link='/etc/passwd'); add(t, 'manifest.json', b'$M')"
hostile dev "add(t, 'dev', kind=tarfile.CHRTYPE); add(t, 'manifest.json', b'$M')"
check "an entry named ../x is refused" refused dotdot 'has a .*\.\..* component'
check "an absolute entry name is refused" refused abs 'the path is absolute'
check "a symlink out of the archive is refused" refused link 'points outside the archive'
check "a symlink to an absolute path is refused" refused abslink 'points to an absolute path'
check "a device entry is refused" refused dev 'do not belong in an image archive'
truncated() {
  head -c 12000 "$W/f-tiny.tar" >"$W/h-trunc.tar" && refused trunc 'truncated'
}
check "a truncated archive is refused" truncated
huge_manifest() {
  python3 -c "import sys; sys.stdout.write('[' + ' ' * (4 * 1024 * 1024) + ']')" >"$W/manifest.json" &&
    tar -cf "$W/h-huge.tar" -C "$W" manifest.json &&
    refused huge "larger than 4 MiB, the limit for a docker archive's manifest.json"
}
check "a manifest.json over 4 MiB is refused" huge_manifest
missing_archive() { ferry inspect "docker-archive:$W/nonexistent.tar" 2>"$W/e"; [[ $? == 1 ]] && grep -q 'does not exist' "$W/e"; }
check "a missing archive file exits 1, naming it (a missing store, not a missing image)" missing_archive

# ------------------------------------------------------------------ docker

docker_load_and_save() {
  local x id tags
  for x in "${NAMES[@]}"; do
    docker load -q -i "$W/f-$x.tar" >/dev/null || return 1
    [[ $(docker image inspect -f '{{json .RootFS.Layers}}' "lab/$x:latest" | jq -c .) == "$(diff_ids_of_oci "$FIXTURES/oci/$x")" ]] ||
      { echo "$x: docker's layers differ"; return 1; }
    [[ $(docker image inspect -f '{{.Id}}' "lab/$x:latest") == "$(config_digest_of_oci "$FIXTURES/oci/$x")" ]] ||
      { echo "$x: docker's image ID is $(docker image inspect -f '{{.Id}}' "lab/$x:latest")"; return 1; }
  done
  docker load -q -i "$W/at-f.tar" >/dev/null && tags=$(docker image inspect -f '{{json .RepoTags}}' x/y:z) &&
    jq -e 'index("a/b:1") and index("c:2") and index("x/y:z")' <<<"$tags" >/dev/null || { echo "tags: $tags"; return 1; }
  # docker save's own layout (<id>/layer.tar, repositories), one image and several.
  step() { echo "step: $*"; }  # the last one shown is where a failure happened
  step save tiny && docker save -o "$W/ds-tiny.tar" lab/tiny:latest && reads_like_skopeo "$W/ds-tiny.tar" ds-tiny &&
    step save two && docker save -o "$W/ds-two.tar" lab/tiny:latest lab/medium:latest &&
    reads_like_skopeo "$W/ds-two.tar" ds-two ":lab/medium:latest" &&
    # labels shares tiny's layer, so docker saves it as a symlink to tiny's (which skopeo
    # 1.9.3 cannot read: "Size mismatch"); ferry must read it as from its own archive.
    step save link && docker save -o "$W/ds-link.tar" lab/tiny:latest lab/labels:latest &&
    # grep reads the whole listing: with -q it may stop early, and tar's SIGPIPE fails the pipe.
    { tar -tvf "$W/ds-link.tar" | grep '^l.*layer.tar -> ' >/dev/null || { tar -tvf "$W/ds-link.tar"; false; }; } &&
    step read link && ferry copy --quiet "docker-archive:$W/ds-link.tar:lab/labels:latest" "dir:$W/ds-link" &&
    ferry copy --quiet "docker-archive:$W/f-labels.tar" "dir:$W/ds-link-own" && diff -r "$W/ds-link" "$W/ds-link-own" &&
    step list-tags && diff <(ferry list-tags "docker-archive:$W/ds-two.tar") <(sko list-tags "docker-archive:$W/ds-two.tar") &&
    step save by id && id=$(docker image inspect -f '{{.Id}}' lab/medium:latest) && docker save -o "$W/ds-id.tar" "$id" &&
    reads_like_skopeo "$W/ds-id.tar" ds-id && [[ $(ferry list-tags "docker-archive:$W/ds-id.tar" | jq -c .Tags) == '["@0"]' ]]
}
if command -v dockerd >/dev/null && command -v docker >/dev/null && [[ -f $LAB_DIR/peers.sh ]]; then
  # shellcheck source=/dev/null
  . "$LAB_DIR/peers.sh"
  if dockerd_start "$DK" vfs >/dev/null 2>&1; then
    CHECK_SHOW=tail check "docker loads ferry's archives (diff_ids, IDs, tags); ferry reads docker save as skopeo does" docker_load_and_save
  else
    echo "skip - dockerd cannot start here; docker load/save not tested"
  fi
else
  echo "skip - no dockerd; docker load/save not tested"
fi

no_leftovers() {
  [[ -z $(ls -A "$W/tmp") ]] || { ls -A "$W/tmp"; return 1; }
  ! find "$W" -name '.*.tmp-*' | grep .
}
check "no temporary files are left behind" no_leftovers

report
