#!/usr/bin/env bash
# docker_daemon.sh — ferry's docker-daemon: transport against a private dockerd (and podman's
# Docker API service when it runs here), with skopeo as the oracle: ferry -> daemon keeps every
# diff_id and the image ID, daemon -> ferry equals skopeo's reading, $DOCKER_HOST is honoured,
# image IDs read, refused loads and unreachable daemons fail clearly, loads are streamed (nothing
# under --tmpdir) and a load cut off by a failed or killed copy tags nothing.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash docker_daemon.sh
#
# Exits 77 (skip) when skopeo, jq, dockerd or the lab's peers.sh is missing or dockerd cannot
# start. The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools skopeo jq python3 dockerd docker
[[ -f $LAB_DIR/peers.sh ]] || skip "$LAB_DIR/peers.sh not found"
ensure_fixtures
# shellcheck source=/dev/null
. "$LAB_DIR/peers.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-dd.XXXXXX")
DK=/tmp/fdd.$$ PS=/tmp/fdp.$$ # short: unix socket paths are limited
cleanup() {
  dockerd_stop "$DK" >/dev/null 2>&1
  podman_service_stop "$PS" >/dev/null 2>&1
  rm -rf "$DK" "$PS" "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
dockerd_start "$DK" vfs >/dev/null 2>&1 || skip "dockerd cannot start here"
DOCKER_SOCK=unix://$DK/docker.sock
unset DOCKER_HOST # every call below names its daemon

mkdir -p "$W/tmp"
ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }
sko() { skopeo --insecure-policy "$@"; }
dk() { docker -H "$DOCKER_SOCK" "$@"; }

NAMES=()
while IFS=$'\t' read -r name _; do [[ -d $FIXTURES/oci/$name ]] && NAMES+=("$name"); done <"$FIXTURES/digests.tsv"

# The config digest and diff_ids of the image ferry copies out of an OCI fixture (a list is
# resolved to this platform's instance, as the copy does).
fixture_config() { # X
  ferry inspect --raw --config "oci:$FIXTURES/oci/$1" >"$W/cfg-$1.json" &&
    echo "sha256:$(sha256sum <"$W/cfg-$1.json" | cut -d' ' -f1)"
}
same_dir_image() { # DIR_FERRY DIR_SKOPEO: equal but for the layer media types
  diff -r -x manifest.json "$1" "$2" &&
    diff <(jq -S 'del(.layers[].mediaType)' "$1/manifest.json") <(jq -S 'del(.layers[].mediaType)' "$2/manifest.json")
}

to_daemon() { # X HOST: ferry -> daemon keeps the diff_ids; the image ID is the config digest
  local x=$1 host=$2 cfg
  cfg=$(fixture_config "$x") || return 1
  ferry copy --quiet "oci:$FIXTURES/oci/$x" "docker-daemon:localhost/ferry-$x:v1" --dest-daemon-host "$host" &&
    [[ $(docker -H "$host" image inspect -f '{{json .RootFS.Layers}}' "localhost/ferry-$x:v1" | jq -c .) == "$(jq -c .rootfs.diff_ids "$W/cfg-$x.json")" ]] &&
    [[ $(docker -H "$host" image inspect -f '{{.Id}}' "localhost/ferry-$x:v1") == "$cfg" ]]
}
from_daemon() { # X HOST: daemon -> ferry equals daemon -> skopeo
  ferry copy --quiet "docker-daemon:localhost/ferry-$1:v1" "dir:$W/f-$1-${2##*/}" --src-daemon-host "$2" &&
    sko copy --quiet "docker-daemon:localhost/ferry-$1:v1" "dir:$W/s-$1-${2##*/}" --src-daemon-host "$2" &&
    same_dir_image "$W/f-$1-${2##*/}" "$W/s-$1-${2##*/}"
}
like_skopeo_to_daemon() { # X: skopeo's load of the same fixture gives the same image
  sko copy --quiet "oci:$FIXTURES/oci/$1" "docker-daemon:localhost/skopeo-$1:v1" --dest-daemon-host "$DOCKER_SOCK" 2>"$W/e" ||
    { grep -q 'zstd compression is not supported' "$W/e" && return 0; cat "$W/e"; return 1; }
  [[ $(dk image inspect -f '{{.Id}} {{json .RootFS.Layers}}' "localhost/skopeo-$1:v1") == "$(dk image inspect -f '{{.Id}} {{json .RootFS.Layers}}' "localhost/ferry-$1:v1")" ]]
}
for x in "${NAMES[@]}"; do
  check "$x: ferry -> dockerd keeps diff_ids and image ID" to_daemon "$x" "$DOCKER_SOCK"
  check "$x: dockerd -> ferry equals dockerd -> skopeo" from_daemon "$x" "$DOCKER_SOCK"
  check "$x: skopeo -> dockerd gives the same image" like_skopeo_to_daemon "$x"
done

docker_host_honoured() {
  DOCKER_HOST=$DOCKER_SOCK "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy --quiet "docker-daemon:localhost/ferry-tiny:v1" "dir:$W/env" &&
    diff -r "$W/env" "$W/f-tiny-docker.sock" &&
    DOCKER_HOST=$DOCKER_SOCK "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy --quiet "oci:$FIXTURES/oci/labels" docker-daemon:localhost/env:1 &&
    dk image inspect localhost/env:1 >/dev/null
}
by_image_id() {
  local id
  id=$(dk image inspect -f '{{.Id}}' localhost/ferry-labels:v1) &&
    ferry copy --quiet "docker-daemon:$id" "dir:$W/byid" --src-daemon-host "$DOCKER_SOCK" &&
    diff -r "$W/byid" "$W/f-labels-docker.sock" &&
    ! ferry copy --quiet "oci:$FIXTURES/oci/tiny" "docker-daemon:$id" --dest-daemon-host "$DOCKER_SOCK" 2>"$W/e" &&
    grep -q 'must be a name:tag' "$W/e"
}
docker_save_reads_as_archive() { # the same image through docker save and docker-archive:
  dk save -o "$W/saved.tar" localhost/ferry-medium:v1 && ferry copy --quiet "docker-archive:$W/saved.tar" "dir:$W/saved" &&
    diff -r "$W/saved" "$W/f-medium-docker.sock"
}
missing_image() {
  ferry inspect "docker-daemon:localhost/nonexistent:v1" --daemon-host "$DOCKER_SOCK" 2>"$W/e"
  [[ $? == 2 ]] && grep -q 'nonexistent' "$W/e"
}
refused_load() { # a layer that is no tar: docker says so in a 200 response
  mkdir -p "$W/bad" && (cd "$W/bad" && python3 - <<'PY'
import hashlib, json
layer = b"this is not a tar archive\n" * 100
ld = hashlib.sha256(layer).hexdigest()
open(ld, "wb").write(layer)
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers", "diff_ids": ["sha256:" + ld]}}).encode()
cd = hashlib.sha256(cfg).hexdigest()
open(cd, "wb").write(cfg)
json.dump({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(cfg), "digest": "sha256:" + cd},
           "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar", "size": len(layer), "digest": "sha256:" + ld}]},
          open("manifest.json", "w"))
open("version", "w").write("Directory Transport Version: 1.1\n")
PY
  ) && ! ferry copy --quiet "dir:$W/bad" docker-daemon:localhost/bad:1 --dest-daemon-host "$DOCKER_SOCK" 2>"$W/e" &&
    grep -q 'failed to load the image.*invalid tar header' "$W/e" && ! dk image inspect localhost/bad:1 >/dev/null 2>&1
}
unreachable() {
  ! ferry copy --quiet "oci:$FIXTURES/oci/tiny" docker-daemon:localhost/x:1 --dest-daemon-host "unix://$W/none.sock" 2>"$W/e" &&
    grep -q 'Cannot connect to the Docker daemon' "$W/e" &&
    ! ferry inspect docker-daemon:localhost/x:1 --daemon-host "ftp://x" 2>"$W/e" && grep -q 'unsupported scheme' "$W/e"
}
bad_references() {
  ! ferry inspect "docker-daemon:$(printf %064d 0)" 2>"$W/e" && grep -q 'image ID must start with' "$W/e" &&
    ! ferry inspect "docker-daemon:a:b@sha256:$(printf %064d 0)" 2>"$W/e" && grep -q 'both a tag and digest' "$W/e"
}
daemon_image_to_oci() { # the daemon's Docker-typed image becomes OCI in oci:
  ferry copy --quiet "docker-daemon:localhost/ferry-medium:v1" "oci:$W/from-daemon:medium" --src-daemon-host "$DOCKER_SOCK" &&
    oci_readable "$W/from-daemon" medium
}
check "\$DOCKER_HOST is honoured (skopeo ignores it)" docker_host_honoured
check "a daemon image copied to oci: has OCI types that skopeo and oci-image-tool read" daemon_image_to_oci
check "an image is read by its ID; an ID is refused as destination" by_image_id
check "docker save of ferry's load reads back the same" docker_save_reads_as_archive
check "a missing image is 'not found' (exit 2)" missing_image
check "a load the daemon refuses (HTTP 200 + errorDetail) fails clearly" refused_load
check "an unreachable daemon and a bad address fail clearly" unreachable
check "bad references are refused" bad_references

if command -v podman >/dev/null && podman_service_start "$PS" >/dev/null 2>&1; then
  for x in tiny labels; do
    check "podman: $x: ferry -> podman keeps diff_ids and image ID" to_daemon "$x" "unix://$PS/api.sock"
    check "podman: $x: podman -> ferry equals podman -> skopeo" from_daemon "$x" "unix://$PS/api.sock"
  done
else
  echo "skip - podman system service cannot run here"
fi

# Streaming: the load request's body is the tar as it is written. A source whose layers are
# plain tars of known size goes straight through, so nothing appears under --tmpdir (the tar
# used to be built there whole first); a copy that fails or is killed half-way cuts the body
# off, and the daemon, reading a truncated tar, tags nothing.
ferry copy --quiet "oci:$FIXTURES/oci/medium" "docker-archive:$W/medium.tar:localhost/medium:1"
image_of() { dk image inspect -f '{{.Id}} {{json .RootFS.Layers}}' "$1"; }
streamed_without_scratch() {
  local seen=$W/seen watcher rc
  mkdir -p "$W/stream-tmp" && : >"$seen"
  while :; do ls -A "$W/stream-tmp" >>"$seen"; sleep 0.01; done &
  watcher=$!
  "$FERRY" --insecure-policy --tmpdir "$W/stream-tmp" copy --quiet "docker-archive:$W/medium.tar" \
    docker-daemon:localhost/streamed:1 --dest-daemon-host "$DOCKER_SOCK"
  rc=$?
  kill "$watcher" && wait "$watcher" 2>/dev/null
  [[ $rc == 0 ]] || return 1
  [[ ! -s $seen ]] || { echo "created under --tmpdir: $(sort -u "$seen" | tr '\n' ' ')"; return 1; }
  [[ $(image_of localhost/streamed:1) == "$(image_of localhost/ferry-medium:v1)" ]]
}
streamed_round_trip() { # daemon -> dir equals the archive it was loaded from -> dir
  ferry copy --quiet docker-daemon:localhost/streamed:1 "dir:$W/rt-daemon" --src-daemon-host "$DOCKER_SOCK" &&
    ferry copy --quiet "docker-archive:$W/medium.tar" "dir:$W/rt-archive" &&
    diff -r "$W/rt-daemon" "$W/rt-archive"
}
image_count() { dk images -aq | wc -l; }
failed_mid_stream() { # layer 2 of 5 does not match its digest: found after its bytes went out
  local before layer
  before=$(image_count)
  ferry copy --quiet "docker-archive:$W/medium.tar" "dir:$W/corrupt" &&
    layer=$(jq -r '.layers[1].digest' "$W/corrupt/manifest.json") &&
    printf X | dd of="$W/corrupt/${layer#sha256:}" bs=1 seek=1000000 conv=notrunc status=none || return 1
  ! ferry copy --quiet "dir:$W/corrupt" docker-daemon:localhost/corrupt:1 --dest-daemon-host "$DOCKER_SOCK" 2>"$W/e" &&
    grep -q 'digest' "$W/e" &&
    ! dk image inspect localhost/corrupt:1 >/dev/null 2>&1 && [[ $(image_count) == "$before" ]]
}
killed_mid_stream() { # SIGKILL once 20 MB of the archive were read (and sent on)
  local before pid took=0
  before=$(image_count)
  mkdir -p "$W/kill-tmp"
  "$FERRY" --insecure-policy --tmpdir "$W/kill-tmp" copy --quiet "docker-archive:$W/medium.tar" \
    docker-daemon:localhost/killed:1 --dest-daemon-host "$DOCKER_SOCK" &
  pid=$!
  for _ in $(seq 1000); do
    took=$(awk '$1 == "rchar:" {print $2}' "/proc/$pid/io" 2>/dev/null) || break
    ((took > 20000000)) && break
    sleep 0.01
  done
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  ((took > 20000000)) || { echo "the copy ended before it could be killed"; return 1; }
  sleep 1 # the daemon notices the closed connection
  ! dk image inspect localhost/killed:1 >/dev/null 2>&1 && [[ $(image_count) == "$before" ]] &&
    [[ -z $(ls -A "$W/kill-tmp") ]]
}
check "a load is streamed: no file under --tmpdir, same image as from oci:" streamed_without_scratch
check "a streamed load reads back as the archive it came from" streamed_round_trip
check "a copy failing mid-stream (bad layer digest) leaves no tag and no image" failed_mid_stream
check "a copy killed mid-stream leaves no tag, no image and no scratch file" killed_mid_stream

no_leftovers() { [[ -z $(ls -A "$W/tmp") ]] || { ls -A "$W/tmp"; return 1; }; }
check "no temporary files are left behind" no_leftovers

report
