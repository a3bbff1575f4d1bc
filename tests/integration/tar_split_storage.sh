#!/usr/bin/env bash
# tar_split_storage.sh — libs/tar-split against containers-storage itself: skopeo
# stores layer tars made by GNU tar (pax and gnu formats, long names, links, empty
# files) in a vfs store; the Assembler rebuilds each layer from skopeo's
# <id>.tar-split.gz and the unpacked directory, byte for byte; the Recorder's
# tar-split, put in place of skopeo's, lets skopeo read the same layer back out.
#
#   TAR_SPLIT_TOOL=build/bin/tar_split_tool FERRY=build/bin/ferry bash tar_split_storage.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo or jq.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"
: "${TAR_SPLIT_TOOL:?set TAR_SPLIT_TOOL to the tar_split_tool binary}"
require_tools skopeo jq tar sha256sum gzip

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-tar-split.XXXXXX")
trap 'rm -rf "$W"' EXIT
STORE="vfs@$W/root+$W/run"
# The machine's storage.conf (another driver, another root) must not apply.
printf '[storage]\ndriver = "vfs"\n' >"$W/storage.conf"
export CONTAINERS_STORAGE_CONF=$W/storage.conf
skopeo() { command skopeo --insecure-policy "$@"; }

# make_tar FORMAT OUT: a layer with what tar-split has to get right.
make_tar() {
  local src=$W/src-$1
  mkdir -p "$src/etc" "$src/usr/share/$(printf 'd%.0s' {1..60})"
  echo hello >"$src/etc/hello.txt"
  : >"$src/etc/empty"
  ln -s hello.txt "$src/etc/link"
  ln "$src/etc/hello.txt" "$src/etc/hard"
  head -c 300000 /dev/urandom >"$src/usr/big.bin"
  echo long >"$src/usr/share/$(printf 'd%.0s' {1..60})/$(printf 'f%.0s' {1..70}).txt"
  tar --format="$1" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$src" -cf "$2" .
}

# make_layout DIR TAR...: an OCI layout "t" of uncompressed layers.
make_layout() {
  local dir=$1 t d layers="" diffs="" sep=""
  shift
  mkdir -p "$dir/blobs/sha256"
  for t in "$@"; do
    d=$(sha256sum "$t" | cut -d' ' -f1)
    cp "$t" "$dir/blobs/sha256/$d"
    layers+="$sep{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$d\",\"size\":$(stat -c %s "$t")}"
    diffs+="$sep\"sha256:$d\""
    sep=,
  done
  printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$diffs" >"$W/config"
  local c cs m ms
  c=$(sha256sum "$W/config" | cut -d' ' -f1); cs=$(stat -c %s "$W/config")
  cp "$W/config" "$dir/blobs/sha256/$c"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$c" "$cs" "$layers" >"$W/manifest"
  m=$(sha256sum "$W/manifest" | cut -d' ' -f1); ms=$(stat -c %s "$W/manifest")
  cp "$W/manifest" "$dir/blobs/sha256/$m"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"t"}}]}' \
    "$m" "$ms" >"$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
}

# layer_id DIFF: the store's layer whose uncompressed digest is DIFF.
layer_id() { jq -r --arg d "sha256:$1" '.[] | select(.["diff-digest"] == $d) | .id' "$W/root/vfs-layers/layers.json"; }

stored() {
  skopeo copy --quiet "oci:$W/layout:t" "containers-storage:[$STORE]localhost/t:1"
}

# assembled TAR: our Assembler on skopeo's tar-split gives back TAR exactly.
assembled() {
  local diff id
  diff=$(sha256sum "$1" | cut -d' ' -f1)
  id=$(layer_id "$diff")
  [[ -n $id ]] || { echo "no layer with diff $diff in layers.json"; return 1; }
  "$TAR_SPLIT_TOOL" assemble "$W/root/vfs-layers/$id.tar-split.gz" "$W/root/vfs/dir/$id" >"$W/out.tar" || return 1
  local got
  got=$(sha256sum "$W/out.tar" | cut -d' ' -f1)
  [[ $got == "$diff" ]] || { echo "assembled sha256:$got, want sha256:$diff"; cmp "$W/out.tar" "$1" | head -3; return 1; }
}

# same_lines TAR: our Recorder writes the very lines containers-storage wrote.
same_lines() {
  local id
  id=$(layer_id "$(sha256sum "$1" | cut -d' ' -f1)")
  "$TAR_SPLIT_TOOL" record "$W/mine.gz" <"$1" || return 1
  diff <(gzip -dc "$W/root/vfs-layers/$id.tar-split.gz") <(gzip -dc "$W/mine.gz") | head -5
  cmp -s <(gzip -dc "$W/root/vfs-layers/$id.tar-split.gz") <(gzip -dc "$W/mine.gz")
}

# read_back_with_ours TAR...: every layer's tar-split replaced by the Recorder's,
# skopeo copies the image out of the store; its layers are the original tars.
read_back_with_ours() {
  local t diff id
  for t in "$@"; do
    diff=$(sha256sum "$t" | cut -d' ' -f1)
    id=$(layer_id "$diff")
    "$TAR_SPLIT_TOOL" record "$W/root/vfs-layers/$id.tar-split.gz" <"$t" || return 1
  done
  rm -rf "$W/back"
  skopeo copy --quiet "containers-storage:[$STORE]localhost/t:1" "oci:$W/back:t" || return 1
  local m blob want
  m=$(jq -r '.manifests[0].digest' "$W/back/index.json" | cut -d: -f2)
  for t in "$@"; do
    want=$(sha256sum "$t" | cut -d' ' -f1)
    found=0
    for blob in $(jq -r '.layers[].digest' "$W/back/blobs/sha256/$m" | cut -d: -f2); do
      if [[ $(gzip -dcf <"$W/back/blobs/sha256/$blob" | sha256sum | cut -d' ' -f1) == "$want" ]]; then found=1; fi
    done
    [[ $found == 1 ]] || { echo "no layer of the copy is sha256:$want"; return 1; }
  done
}

# changed_file_refused: a file changed after unpacking fails the Assembler's check.
changed_file_refused() {
  local id
  id=$(layer_id "$(sha256sum "$W/pax.tar" | cut -d' ' -f1)")
  head -c 300000 /dev/zero >"$W/root/vfs/dir/$id/usr/big.bin"
  ! "$TAR_SPLIT_TOOL" assemble "$W/root/vfs-layers/$id.tar-split.gz" "$W/root/vfs/dir/$id" >/dev/null 2>"$W/err" &&
    grep -q 'file integrity checksum failed for ./usr/big.bin' "$W/err"
}

make_tar pax "$W/pax.tar"
make_tar gnu "$W/gnu.tar"
make_layout "$W/layout" "$W/pax.tar" "$W/gnu.tar"
check "skopeo stores the layers in a vfs store" stored
check "pax layer assembled from skopeo's tar-split" assembled "$W/pax.tar"
check "gnu layer assembled from skopeo's tar-split" assembled "$W/gnu.tar"
check "recorder writes containers-storage's lines (pax)" same_lines "$W/pax.tar"
check "recorder writes containers-storage's lines (gnu)" same_lines "$W/gnu.tar"
check "skopeo reads the layers back through our tar-split" read_back_with_ours "$W/pax.tar" "$W/gnu.tar"
check "a changed file fails the integrity check" changed_file_refused
report
