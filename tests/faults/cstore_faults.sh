#!/usr/bin/env bash
# cstore_faults.sh — copies into a containers-storage store (overlay and vfs) that are killed
# (SIGKILL) before and after each of their renames and fsyncs, interrupted (SIGINT), or race
# `podman pull` into the same store. After each:
#   - the store is consistent: every record names files that exist, every image's layers are
#     recorded, podman lists and inspects every image;
#   - the image that was there is intact (its layers rebuild to their diff IDs);
#   - the new image is complete (skopeo copies it out, checking every blob) or absent;
#   - the next copy succeeds and leaves no staging behind.
#
#   FERRY=... FIXTURES=... LAB_DIR=... KILL_SHIM=.../kill_at_call.so bash cstore_faults.sh
#
# The last line of output is "N passed, N failed"; exits 77 without podman, skopeo or jq.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/faults.sh"
require_tools skopeo podman jq python3
[[ -n ${KILL_SHIM:-} && -f $KILL_SHIM ]] || skip "KILL_SHIM does not name the kill_at_call shim"
source "$LAB_DIR/peers.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-cstore-faults.XXXXXX")
STORES=()
declare -A LOOPS
cleanup() {
  local s pid
  # Each kill loop is a process group of its own (set -m): end it with whatever it runs.
  for pid in "${LOOPS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  wait
  for s in "${STORES[@]}"; do cstore_destroy "$s" >/dev/null 2>&1; done
  # The kill loops' stores, made in subshells.
  _peers_umount_under "$W" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

OLD_IMAGE=tiny
NEW_IMAGE=zstd

# new_store DRIVER: a store with the old image as lab/old:1; sets S and REF (its reference prefix).
new_store() {
  S=$W/store-$1-$RANDOM
  STORES+=("$S")
  cstore_init "$S" "$1" >/dev/null
  REF=$(cstore_ref "$S")
  "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/$OLD_IMAGE" "${REF}lab/old:1"
}

# consistent: every record of the store names files that exist, and podman agrees.
consistent() {
  python3 - "$S/root" <<'PY' || return 1
import json, os, sys
root = sys.argv[1]
driver = "overlay" if os.path.isdir(os.path.join(root, "overlay-layers")) else "vfs"
def load(p):
    try:
        return json.load(open(p))
    except FileNotFoundError:
        return []
layers = {l["id"]: l for l in load(f"{root}/{driver}-layers/layers.json")}
images = load(f"{root}/{driver}-images/images.json")
bad = []
for lid, l in layers.items():
    home = f"{root}/overlay/{lid}/diff" if driver == "overlay" else f"{root}/vfs/dir/{lid}"
    if not os.path.isdir(home): bad.append(f"layer {lid}: no {home}")
    if not os.path.isfile(f"{root}/{driver}-layers/{lid}.tar-split.gz"): bad.append(f"layer {lid}: no tar-split")
    if l.get("parent") and l["parent"] not in layers: bad.append(f"layer {lid}: parent missing")
for img in images:
    if img.get("layer") and img["layer"] not in layers: bad.append(f"image {img['id']}: top layer missing")
    for key in img.get("big-data-names", []):
        import base64
        name = key if all(c in "0123456789abcdefghijklmnopqrstuvwxyz." for c in key) else "=" + base64.b64encode(key.encode()).decode()
        if not os.path.isfile(f"{root}/{driver}-images/{img['id']}/{name}"): bad.append(f"image {img['id']}: no big data {key}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
  cstore_podman "$S" images --format '{{.ID}}' >/dev/null || return 1
  local id
  for id in $(cstore_podman "$S" images -q); do cstore_podman "$S" image inspect "$id" >/dev/null || return 1; done
}

# intact NAME FIXTURE: the image rebuilds (skopeo copies it out) with the fixture's diff IDs.
intact() {
  rm -rf "$W/out"
  skopeo copy -q "${REF}$1" "oci:$W/out:x" >/dev/null 2>&1 || return 1
  diff <(jq -c .rootfs.diff_ids "$(config_of "$W/out")") <(jq -c .rootfs.diff_ids "$(config_of "$FIXTURES/oci/$2")")
}
config_of() {
  local m
  m=$(jq -r '.manifests[0].digest' "$1/index.json" | cut -d: -f2)
  echo "$1/blobs/sha256/$(jq -r .config.digest "$1/blobs/sha256/$m" | cut -d: -f2)"
}
absent() { ! skopeo inspect "${REF}$1" >/dev/null 2>&1; }
# What copies stage: layer trees beside the layers, tar-splits beside layers.json.
staging_dirs() { echo "$S/root/overlay" "$S/root/vfs" "$S/root/overlay-layers" "$S/root/vfs-layers"; }
staging_left() {
  local d
  for d in $(staging_dirs); do ls -A "$d" 2>/dev/null | grep '^\.ferry-' | sed "s|^|$d/|"; done
}

# kill_everywhere DRIVER WHEN: the copy of the new image killed at call 1, 2, ... until one
# run completes; after each kill the store is consistent, the old image intact, the new one
# whole or absent, and the next copy succeeds and cleans up.
kill_everywhere() {
  local driver=$1 when=$2 n rc kills=0 point
  for ((n = 1; n <= 200; n++)); do
    new_store "$driver" || { echo "cannot make the store"; return 1; }
    rm -f "$W/calls"
    {
      LD_PRELOAD=$KILL_SHIM FERRY_KILL_AT=$n FERRY_KILL_WHEN=$when FERRY_KILL_LOG=$W/calls \
        "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/$NEW_IMAGE" "${REF}lab/new:1"
    } 2>"$W/err"
    rc=$?
    point=$(sed -n "${n}p" "$W/calls" 2>/dev/null | sed "s|$W/||g")
    if [[ $rc == 0 ]]; then
      consistent && intact lab/new:1 "$NEW_IMAGE" && [[ -z $(staging_left) ]] ||
        { echo "the unkilled copy left an inconsistent store"; return 1; }
      cstore_destroy "$S"
      break
    fi
    [[ $rc == 137 ]] || { echo "run $n ($when $point): exit $rc: $(cat "$W/err")"; return 1; }
    kills=$((kills + 1))
    consistent || { echo "killed $when call $n ($point): the store is inconsistent"; return 1; }
    intact lab/old:1 "$OLD_IMAGE" || { echo "killed $when call $n ($point): the old image was damaged"; return 1; }
    absent lab/new:1 || intact lab/new:1 "$NEW_IMAGE" ||
      { echo "killed $when call $n ($point): the new image is there but not whole"; return 1; }
    local d
    for d in $(staging_dirs); do
      [[ -d $d ]] && find "$d" -maxdepth 1 -name '.ferry-*' -exec touch -h -d '-1 min' {} +
    done
    "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/$NEW_IMAGE" "${REF}lab/new:1" ||
      { echo "killed $when call $n ($point): the next copy failed"; return 1; }
    consistent && intact lab/new:1 "$NEW_IMAGE" ||
      { echo "killed $when call $n ($point): the next copy did not write the image"; return 1; }
    [[ -z $(staging_left) ]] || { echo "killed $when call $n ($point): left: $(staging_left)"; return 1; }
    cstore_destroy "$S"
  done
  echo "$driver $when: $kills kill points" | tee -a "$W/points"
  ((kills > 0 && n <= 200))
}

# interrupted DRIVER: SIGINT while the layers stream in leaves the records as they were.
interrupted() {
  new_store "$1" || return 1
  local before pid
  before=$(cat "$S/root/$1-layers/layers.json" "$S/root/$1-images/images.json" | sha256sum)
  # (a background job ignores SIGINT unless its signals are reset)
  env --default-signal=INT "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/medium" "${REF}lab/medium:1" 2>"$W/err" &
  pid=$!
  # Signalled once it stages its first layer: mid-stream, whatever the machine's speed.
  local i
  for ((i = 0; i < 500; i++)); do
    [[ -n $(staging_left) ]] && break
    sleep 0.01
  done
  kill -INT "$pid"
  wait "$pid"
  local rc=$?
  if [[ $rc == 0 ]]; then echo "the copy finished before the signal; nothing was tested"; return 1; fi
  [[ $rc == 130 ]] || { echo "exit $rc: $(cat "$W/err")"; return 1; }
  [[ $before == $(cat "$S/root/$1-layers/layers.json" "$S/root/$1-images/images.json" | sha256sum) ]] ||
    { echo "the records changed"; return 1; }
  [[ -z $(staging_left) ]] || { echo "left: $(staging_left)"; return 1; }
  consistent && intact lab/old:1 "$OLD_IMAGE"
}

# with_podman DRIVER: five rounds of `podman pull` and `ferry copy` at the same moment into the
# same store, of the same image under two names and of another image; nothing is lost.
with_podman() {
  new_store "$1" || return 1
  local round
  for round in 1 2 3 4 5; do
    cstore_podman "$S" pull -q "oci:$FIXTURES/oci/medium:latest" >/dev/null 2>"$W/podman.err" &
    local p=$!
    "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/medium" "${REF}lab/by-ferry:$round" 2>"$W/err" &
    local f=$!
    "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/labels" "${REF}lab/labels:$round" 2>>"$W/err" &
    local g=$!
    wait "$p" || { echo "round $round: podman pull failed: $(cat "$W/podman.err")"; return 1; }
    wait "$f" && wait "$g" || { echo "round $round: ferry failed: $(cat "$W/err")"; return 1; }
    consistent || { echo "round $round: the store is inconsistent"; return 1; }
    intact "lab/by-ferry:$round" medium && intact "lab/labels:$round" labels || { echo "round $round: an image is not whole"; return 1; }
    # podman's own image, and the store still free: nobody holds a lock.
    timeout 20 env CONTAINERS_STORAGE_CONF="$S/storage.conf" podman image inspect \
      "$(jq -r .config.digest "$FIXTURES/oci/medium/blobs/sha256/$(jq -r '.manifests[0].digest' "$FIXTURES/oci/medium/index.json" | cut -d: -f2)" | cut -d: -f2)" >/dev/null ||
      { echo "round $round: podman cannot inspect the pulled image"; return 1; }
    [[ $(cstore_podman "$S" images --format '{{.Repository}}:{{.Tag}}' | grep -c 'lab/by-ferry') == "$round" ]] ||
      { echo "round $round: names were lost: $(cstore_podman "$S" images)"; return 1; }
  done
}

# The kill loops run at once, each in its own directory and stores: a loop spends its time
# waiting on fsync and on podman's and skopeo's start-up, not on a core.
TOP=$W
set -m  # each loop in a process group of its own, which cleanup can end whole
for driver in ${CSTORE_DRIVERS:-overlay vfs}; do
  for when in ${CSTORE_KILL_WHEN:-before after}; do
    mkdir -p "$TOP/loop-$driver-$when"
    (W=$TOP/loop-$driver-$when kill_everywhere "$driver" "$when") >"$TOP/loop-$driver-$when.log" 2>&1 &
    LOOPS[$driver-$when]=$!
  done
done
set +m
# loop_result DRIVER WHEN: how that kill loop ended (its output shows when it failed).
loop_result() {
  cat "$TOP/loop-$1-$2.log"
  wait "${LOOPS[$1-$2]}"
}

CHECK_SHOW=tail
for driver in ${CSTORE_DRIVERS:-overlay vfs}; do
  for when in ${CSTORE_KILL_WHEN:-before after}; do
    check "$driver: killed $when each rename and fsync: old image intact, new one whole or absent; the next copy cleans up" \
      loop_result "$driver" "$when"
  done
done
# The timing-sensitive checks once the loops are done.
for driver in ${CSTORE_DRIVERS:-overlay vfs}; do
  check "$driver: SIGINT while layers stream in: records unchanged, no staging" interrupted "$driver"
  check "$driver: podman pull and ferry copy at once, 5 rounds: every image whole, no name lost, no lock held" \
    with_podman "$driver"
done
cat "$TOP"/loop-*/points 2>/dev/null
report
