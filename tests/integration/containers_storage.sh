#!/usr/bin/env bash
# containers_storage.sh — ferry's containers-storage: transport against podman's own store, with
# skopeo 1.9.3 and podman as oracles, on private vfs and overlay stores (the lab's cstore_*):
# what ferry writes podman and skopeo read (records byte-compatible with skopeo's but for
# timestamps), what skopeo writes ferry reads, every fixture round-trips with its diff IDs,
# references, names, delete, layer reuse, hostile layers kept inside the store (as skopeo
# keeps them) or refused, and a damaged layers.json refused with the store left as it was.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=/path/to/lab bash containers_storage.sh
#
# Exits 77 (skip) when skopeo, podman, jq or the lab's peers.sh is missing. The last line of
# output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools skopeo podman jq python3 gzip zstd tar sha256sum
[[ -f $LAB_DIR/peers.sh ]] || skip "$LAB_DIR/peers.sh not found"
ensure_fixtures
# shellcheck source=/dev/null
. "$LAB_DIR/peers.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-cs.XXXXXX")
STORES=()
cleanup() {
  local s
  for s in "${STORES[@]}"; do cstore_destroy "$s" >/dev/null 2>&1; done
  stop_lab_registries
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$W/tmp"
unset CONTAINERS_STORAGE_CONF STORAGE_DRIVER

ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }
sko() { skopeo --insecure-policy "$@"; }
FX=$FIXTURES/oci

# new_store NAME DRIVER: a private store $W/NAME (destroyed on exit); every call below names
# its store, so CONTAINERS_STORAGE_CONF is left unset unless a check sets it.
new_store() {
  STORES+=("$W/$1")
  cstore_init "$W/$1" "$2" >/dev/null 2>&1
  unset CONTAINERS_STORAGE_CONF
}
ref() { cstore_ref "$W/$1"; }            # "containers-storage:[driver@ROOT+RUN]"
pod() { cstore_podman "$W/$1" "${@:2}"; } # podman on that store
root() { echo "$W/$1/root"; }
drv() { cat "$W/$1/driver" 2>/dev/null || echo vfs; }
layers_json() { echo "$(root "$1")/$(drv "$1")-layers/layers.json"; }
images_json() { echo "$(root "$1")/$(drv "$1")-images/images.json"; }
layer_count() { local f; f=$(layers_json "$1"); [[ -f $f ]] && jq length "$f" || echo 0; }
image_count() { local f; f=$(images_json "$1"); [[ -f $f ]] && jq length "$f" || echo 0; }
layer_files() { # STORE LAYER-ID: the layer's file tree
  if [[ $(drv "$1") == overlay ]]; then echo "$(root "$1")/overlay/$2/diff"; else echo "$(root "$1")/vfs/dir/$2"; fi
}

# decompress FILE: a gzip, zstd or plain tar to stdout.
decompress() {
  case $(head -c4 "$1" | od -An -tx1 | tr -d ' \n') in
  1f8b*) gzip -dc "$1" ;;
  28b52ffd) zstd -dcq "$1" ;;
  *) cat "$1" ;;
  esac
}
# oci_manifest LAYOUT [REF]: the path of the manifest blob REF (default latest, else the only
# one); a list is resolved to its linux/amd64 image.
oci_manifest() {
  local d f
  d=$(jq -r --arg r "${2:-latest}" '[.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $r)] + [.manifests[]] | .[0].digest' "$1/index.json")
  f=$1/blobs/${d%%:*}/${d#*:}
  if jq -e '.manifests' "$f" >/dev/null 2>&1; then
    d=$(jq -r '[.manifests[] | select(.platform.os == "linux" and .platform.architecture == "amd64")][0].digest' "$f")
    f=$1/blobs/${d%%:*}/${d#*:}
  fi
  echo "$f"
}
blob() { echo "$1/blobs/${2%%:*}/${2#*:}"; } # LAYOUT DIGEST
# oci_view LAYOUT [REF]: "config-digest" then the config's diff_ids, then the sha256 of every
# decompressed layer — what must survive a round trip.
oci_view() {
  local m c l
  m=$(oci_manifest "$1" "${2:-latest}")
  c=$(jq -r .config.digest "$m")
  echo "config $c"
  jq -r '.rootfs.diff_ids[]' "$(blob "$1" "$c")" | sed 's/^/diff_id /'
  for l in $(jq -r '.layers[].digest' "$m"); do
    echo "layer sha256:$(decompress "$(blob "$1" "$l")" | sha256sum | cut -d' ' -f1)"
  done
}
# dir_view DIR: the same for a dir: image.
dir_view() {
  local m=$1/manifest.json c l
  c=$(jq -r .config.digest "$m")
  echo "config $c"
  jq -r '.rootfs.diff_ids[]' "$1/${c#*:}" | sed 's/^/diff_id /'
  for l in $(jq -r '.layers[].digest' "$m"); do
    echo "layer sha256:$(decompress "$1/${l#*:}" | sha256sum | cut -d' ' -f1)"
  done
}
# The config digest (= image ID in a store) and diff_ids of fixture X (its amd64 image for lists).
fixture_config() { jq -r .config.digest "$(oci_manifest "$FX/$1")"; }
fixture_diff_ids() { jq -c .rootfs.diff_ids "$(blob "$FX/$1" "$(fixture_config "$1")")"; }
# oci_view of fixture X, but with its layers' diff IDs twice (config and decompressed): the
# round trip must give this.
expect_view() {
  local c
  c=$(fixture_config "$1")
  echo "config $c"
  jq -r '.rootfs.diff_ids[]' "$(blob "$FX/$1" "$c")" | sed 's/^/diff_id /'
  jq -r '.rootfs.diff_ids[]' "$(blob "$FX/$1" "$c")" | sed 's/^/layer /'
}
same() { # WHAT EXPECTED GOT
  [[ $2 == "$3" ]] && return 0
  echo "$1 differs:"
  diff <(echo "$2") <(echo "$3") | head -20
  return 1
}
# records STORE: layers.json and images.json without "created" (and the store's own path).
records() {
  jq -S 'map(del(.created))' "$(layers_json "$1")" &&
    jq -S 'map(del(.created))' "$(images_json "$1")"
}

new_store vfs vfs
new_store ovl overlay
# Overlay needs a kernel that mounts it; skopeo's own write is the probe.
OVERLAY=1
sko copy --quiet "oci:$FX/tiny:latest" "$(ref ovl)localhost/probe:latest" >"$W/probe" 2>&1 || {
  OVERLAY=0
  echo "note: overlay stores cannot be written here (skopeo: $(tail -1 "$W/probe")); overlay checks skipped"
}
if [[ $OVERLAY == 1 ]]; then
  sko delete "$(ref ovl)localhost/probe:latest" >/dev/null 2>&1
  cstore_destroy "$W/ovl" >/dev/null 2>&1
  new_store ovl overlay
  DRIVERS=(vfs ovl)
else
  DRIVERS=(vfs)
fi

# --- 1. ferry writes; podman and skopeo read ----------------------------------------------
ferry_writes() { # STORE X
  local s=$1 x=$2 r id
  r=$(ref "$s")
  id=$(fixture_config "$x")
  ferry copy --quiet "oci:$FX/$x:latest" "${r}localhost/$x:latest" || return 1
  same "podman images" "localhost/$x:latest ${id#sha256:}" \
    "$(pod "$s" images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sed 's/ sha256:/ /' | grep "^localhost/$x:")" || return 1
  same "podman image inspect RootFS.Layers" "$(fixture_diff_ids "$x")" \
    "$(pod "$s" image inspect --format '{{json .RootFS.Layers}}' "localhost/$x:latest" | jq -c .)" || return 1
  rm -rf "$W/save-$s-$x" "$W/save-$s-$x.tar" && mkdir "$W/save-$s-$x"
  pod "$s" save --quiet --format oci-archive -o "$W/save-$s-$x.tar" "localhost/$x:latest" &&
    tar -xf "$W/save-$s-$x.tar" -C "$W/save-$s-$x" || return 1
  same "podman save's layers" "$(expect_view "$x" | grep -v '^config')" \
    "$(oci_view "$W/save-$s-$x" | grep -v '^config')" || return 1
  same "skopeo inspect vs ferry inspect" \
    "$(ferry inspect "${r}localhost/$x:latest" | jq -c '{Digest, Layers}')" \
    "$(sko inspect "${r}localhost/$x:latest" | jq -c '{Digest, Layers}')" || return 1
  rm -rf "$W/sk-out-$s-$x"
  sko copy --quiet "${r}localhost/$x:latest" "oci:$W/sk-out-$s-$x:latest" || return 1
  same "skopeo's copy out" "$(expect_view "$x")" "$(oci_view "$W/sk-out-$s-$x")"
}
for s in "${DRIVERS[@]}"; do
  check "$(drv "$s"): ferry writes tiny; podman images/inspect/save and skopeo inspect/copy read it" ferry_writes "$s" tiny
done

# --- 2. the records ferry writes equal skopeo's -------------------------------------------
same_records() { # DRIVER
  new_store "rec-sk-$1" "$1" && new_store "rec-fe-$1" "$1"
  sko copy --quiet "oci:$FX/tiny:latest" "$(ref "rec-sk-$1")localhost/tiny:latest" &&
    ferry copy --quiet "oci:$FX/tiny:latest" "$(ref "rec-fe-$1")localhost/tiny:latest" || return 1
  same "layers.json + images.json (skopeo first)" "$(records "rec-sk-$1")" "$(records "rec-fe-$1")" || return 1
  # The big-data files themselves, byte for byte.
  local id
  id=$(fixture_config tiny)
  diff -r "$(root "rec-sk-$1")/$1-images/${id#sha256:}" "$(root "rec-fe-$1")/$1-images/${id#sha256:}"
}
check "vfs: ferry's layers.json/images.json for tiny equal skopeo's but for created" same_records vfs
[[ $OVERLAY == 1 ]] && check "overlay: ferry's layers.json/images.json for tiny equal skopeo's but for created" same_records overlay

# --- 3. ferry reads what skopeo wrote -----------------------------------------------------
ferry_reads() { # STORE X
  local s=$1 x=$2 r n
  r=$(ref "$s")
  n="localhost/sk-$x:latest"
  sko copy --quiet "oci:$FX/$x:latest" "$r$n" || return 1
  local view='{Name, Digest, Created, Architecture, Os, Env, Labels, Layers}'
  same "ferry inspect vs skopeo inspect" "$(sko inspect "$r$n" | jq -cS "$view")" \
    "$(ferry inspect "$r$n" | jq -cS "$view")" || return 1
  ferry inspect --raw "$r$n" >"$W/raw-$s-$x" || return 1
  cmp "$W/raw-$s-$x" "$(oci_manifest "$FX/$x")" || { echo "inspect --raw is not the stored manifest"; return 1; }
  rm -rf "$W/fe-out-$s-$x" "$W/sk-rd-$s-$x" "$W/fe-dir-$s-$x"
  ferry copy --quiet "$r$n" "oci:$W/fe-out-$s-$x:latest" &&
    sko copy --quiet "$r$n" "oci:$W/sk-rd-$s-$x:latest" || return 1
  same "ferry's copy out vs skopeo's" "$(oci_view "$W/sk-rd-$s-$x")" "$(oci_view "$W/fe-out-$s-$x")" || return 1
  same "ferry's copy out vs the fixture" "$(expect_view "$x")" "$(oci_view "$W/fe-out-$s-$x")" || return 1
  sko inspect "oci:$W/fe-out-$s-$x:latest" >/dev/null || return 1
  ferry copy --quiet "$r$n" "dir:$W/fe-dir-$s-$x" || return 1
  same "ferry's dir: copy vs the fixture" "$(expect_view "$x")" "$(dir_view "$W/fe-dir-$s-$x")"
}
for s in "${DRIVERS[@]}"; do
  check "$(drv "$s"): skopeo writes tiny; ferry inspect/--raw/copy to oci: and dir: read it" ferry_reads "$s" tiny
done
[[ $OVERLAY == 1 ]] && check "overlay: skopeo writes medium (whiteouts); ferry reads it like skopeo" ferry_reads ovl medium
# The whole JSON but LayersData (newer skopeo's field, which 1.9.3 lacks), for an image skopeo
# wrote and one ferry wrote.
inspect_like_skopeo() { # STORE
  local n
  for n in localhost/sk-tiny:latest localhost/tiny:latest; do
    same "ferry inspect $n (>) vs skopeo's (<)" "$(sko inspect "$(ref "$1")$n" | jq -S .)" \
      "$(ferry inspect "$(ref "$1")$n" | jq -S 'del(.LayersData)')" || return 1
  done
}
for s in "${DRIVERS[@]}"; do
  check "$(drv "$s"): ferry inspect's JSON equals skopeo 1.9.3's (but for LayersData)" inspect_like_skopeo "$s"
done

# A store podman or skopeo has used keeps ROOT/overlay bind-mounted on itself (containers/storage
# makes it a private mount), so it is on another mount than ROOT/tmp: new layers must still land.
overlay_after_podman() {
  new_store used overlay
  sko copy --quiet "oci:$FX/tiny:latest" "$(ref used)localhost/tiny:latest" || return 1
  findmnt -n "$(root used)/overlay" >/dev/null || echo "(ROOT/overlay is not a mount point here)"
  ferry copy --quiet "oci:$FX/docker-v2s2:latest" "$(ref used)localhost/v2s2:latest" || return 1
  same "podman image inspect RootFS.Layers" "$(fixture_diff_ids docker-v2s2)" \
    "$(pod used image inspect --format '{{json .RootFS.Layers}}' localhost/v2s2:latest | jq -c .)"
}
[[ $OVERLAY == 1 ]] && check "overlay: ferry adds a new layer to a store skopeo has used (ROOT/overlay mounted)" overlay_after_podman

# --- 4. every fixture round-trips oci -> containers-storage -> oci ------------------------
# The fixtures come through a registry (docker://, as a pull does) when Debian's docker-registry
# is there, else straight from their layouts.
REG=""
start_registry() {
  command -v docker-registry >/dev/null || return 1
  start_lab_registry fixtures http || return 1
  REG=${REG_ADDR[fixtures]}
  local x
  for x in tiny medium docker-v2s2 zstd labels multiarch docker-list; do
    [[ -d $FX/$x ]] || continue
    # (skopeo 1.9.3 does not read the Docker-typed fixtures from a layout; ferry pushes them as they are)
    ferry copy -q --all --dest-tls-verify=false "oci:$FX/$x:latest" "docker://$REG/lab/$x:latest" || return 1
  done
}
start_registry || { REG=""; echo "note: no registry here; the round trips start from the fixtures' layouts"; }
source_of() { # X: where a round trip reads fixture X
  if [[ -n $REG ]]; then echo "docker://$REG/lab/$1:latest"; else echo "oci:$FX/$1:latest"; fi
}
round_trip() { # STORE X
  local s=$1 x=$2 r
  r=$(ref "$s")
  rm -rf "$W/rt-$s-$x"
  ferry copy --quiet --src-tls-verify=false "$(source_of "$x")" "${r}localhost/rt-$x:latest" &&
    ferry copy --quiet "${r}localhost/rt-$x:latest" "oci:$W/rt-$s-$x:latest" || return 1
  same "round trip of $x" "$(expect_view "$x")" "$(oci_view "$W/rt-$s-$x")" || return 1
  oci_readable "$W/rt-$s-$x" latest
}
# A store only ferry writes (and podman reads), so the round trips do not depend on the check above.
if [[ $OVERLAY == 1 ]]; then new_store rt overlay && RT_STORE=rt; else RT_STORE=vfs; fi
for x in tiny medium docker-v2s2 zstd labels multiarch docker-list; do
  [[ -d $FX/$x ]] || continue
  check "$(drv "$RT_STORE"): $x round-trips $([[ -n $REG ]] && echo docker:// || echo oci:) -> containers-storage -> oci with its diff IDs" \
    round_trip "$RT_STORE" "$x"
done
[[ $RT_STORE != vfs ]] && check "vfs: medium round-trips oci -> containers-storage -> oci with its diff IDs" round_trip vfs medium

# medium (five layers, whiteouts) as skopeo stored it (store ovl, check 3) and as ferry stored it
# (the round-trip store): the same layer records (uidset, sizes, compressed digests, parents), the
# same image record but for names, and the same overlay layer directories (diff, link, lower
# naming the same parents through l/).
overlay_layout() { # STORE TOP-LAYER: per layer of the chain, its entries and its lower, as IDs
  local s=$1 id=$2 r
  r=$(root "$s")
  while [[ -n $id && $id != null ]]; do
    echo "$id: $(ls "$r/overlay/$id" | tr '\n' ' ')"
    [[ -L $r/overlay/l/$(cat "$r/overlay/$id/link") ]] || echo "$id: l/$(cat "$r/overlay/$id/link") missing"
    [[ $(readlink "$r/overlay/l/$(cat "$r/overlay/$id/link")") == "../$id/diff" ]] || echo "$id: l/ link does not point at ../$id/diff"
    if [[ -f $r/overlay/$id/lower ]]; then
      echo "$id lower: $(tr ':' '\n' <"$r/overlay/$id/lower" | while read -r l; do readlink "$r/overlay/$l"; done | tr '\n' ' ')"
    fi
    id=$(jq -r --arg id "$id" '.[] | select(.id == $id) | .parent // empty' "$(layers_json "$s")")
  done
}
medium_like_skopeo() {
  local id top
  id=$(fixture_config medium | cut -d: -f2)
  top=$(jq -r --arg id "$id" '.[] | select(.id == $id) | .layer' "$(images_json ovl)")
  [[ -n $top ]] || { echo "skopeo's medium is not in the ovl store"; return 1; }
  local chain='[.[] | select(.id as $l | $ids | index($l))] | map(del(.created)) | sort_by(.id)'
  local ids l=$top
  ids=$(while [[ -n $l ]]; do
    echo "$l"
    l=$(jq -r --arg id "$l" '.[] | select(.id == $id) | .parent // empty' "$(layers_json ovl)")
  done | jq -R . | jq -sc .)
  [[ $(jq length <<<"$ids") == 5 ]] || { echo "medium's chain in the ovl store: $ids"; return 1; }
  same "medium's layer records (skopeo <, ferry >)" "$(jq -S --argjson ids "$ids" "$chain" "$(layers_json ovl)")" \
    "$(jq -S --argjson ids "$ids" "$chain" "$(layers_json "$RT_STORE")")" || return 1
  local img='.[] | select(.id == $id) | del(.created, .names, ."names-history")'
  same "medium's image record (skopeo <, ferry >)" "$(jq -S --arg id "$id" "$img" "$(images_json ovl)")" \
    "$(jq -S --arg id "$id" "$img" "$(images_json "$RT_STORE")")" || return 1
  same "medium's overlay layer directories (skopeo <, ferry >)" "$(overlay_layout ovl "$top")" "$(overlay_layout "$RT_STORE" "$top")"
}
[[ $OVERLAY == 1 ]] && check "overlay: medium's layer records, image record and layer dirs equal skopeo's" medium_like_skopeo

whiteouts_applied() { # STORE: medium's last layer deletes usr/bin/b2sum
  local s=$1 top
  top=$(jq -r --arg id "$(fixture_config medium | cut -d: -f2)" '.[] | select(.id == $id) | .layer' "$(images_json "$s")")
  [[ -n $top ]] || { echo "no medium image in $(images_json "$s")"; return 1; }
  local files
  files=$(layer_files "$s" "$top")
  if [[ $(drv "$s") == vfs ]]; then
    [[ -x $files/usr/bin/bash ]] || { echo "$files has no usr/bin/bash (a lower layer's file)"; return 1; }
    [[ ! -e $files/usr/bin/b2sum && ! -L $files/usr/bin/b2sum ]] || { echo "whited-out usr/bin/b2sum is in $files"; return 1; }
    [[ -z $(find "$files" -name '.wh.*' | head -1) ]] || { echo "whiteout files left in $files"; return 1; }
  else
    [[ -c $files/usr/bin/b2sum ]] || { echo "overlay whiteout usr/bin/b2sum is not a device in $files"; return 1; }
  fi
}
check "vfs: medium's whiteouts are applied (usr/bin/b2sum gone from the top layer's tree)" whiteouts_applied vfs
[[ $OVERLAY == 1 ]] && check "overlay: medium's whiteouts are overlay whiteouts (0/0 devices)" whiteouts_applied "$RT_STORE"

list_stores_amd64() { # X: a list copied without --all stores its amd64 image
  local s=$RT_STORE x=$1 want got
  want=$(fixture_config "$x" | cut -d: -f2)
  ferry --override-arch amd64 --override-os linux copy --quiet "oci:$FX/$x:latest" "$(ref "$s")localhost/list-$x:latest" || return 1
  got=$(pod "$s" images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sed 's/ sha256:/ /' | grep "^localhost/list-$x:")
  same "the image of the list" "localhost/list-$x:latest $want" "$got" || return 1
  [[ $(pod "$s" image inspect --format '{{.Architecture}}' "localhost/list-$x:latest") == amd64 ]]
}
for x in multiarch docker-list; do
  [[ -d $FX/$x ]] && check "$(drv "$RT_STORE"): $x copied without --all stores its amd64 image" list_stores_amd64 "$x"
done
# --all: only recorded (skopeo 1.9.3 and ferry side by side), not judged.
new_store all vfs
for tool in ferry sko; do
  out=$($tool copy --quiet --all "oci:$FX/multiarch:latest" "$(ref all)localhost/all-$tool:latest" 2>&1)
  echo "note: $tool copy --all multiarch -> containers-storage: exit $? ($(echo "$out" | tail -1 | sed 's/^.*msg="//; s/"$//' | cut -c1-200)); images now $(image_count all)"
done

# --- 5. references ------------------------------------------------------------------------
references() {
  local r id md
  r=$(ref vfs)
  id=$(fixture_config tiny | cut -d: -f2)
  md=$(jq -r '.manifests[0].digest' "$FX/tiny/index.json")
  ferry copy --quiet "oci:$FX/tiny:latest" "${r}tinyshort" || return 1
  pod vfs images --format '{{.Repository}}:{{.Tag}}' | grep -x 'docker.io/library/tinyshort:latest' >/dev/null ||
    { echo "short name not stored as docker.io/library/tinyshort:latest:"; pod vfs images; return 1; }
  jq -e --arg id "$id" '.[] | select(.id == $id) | .names | index("docker.io/library/tinyshort:latest")' "$(images_json vfs)" >/dev/null ||
    { echo "images.json does not name docker.io/library/tinyshort:latest"; return 1; }
  local want got form
  want=$(sko inspect "${r}tinyshort" | jq -c '{Digest, Layers}')
  for form in "tinyshort" "docker.io/library/tinyshort:latest" "@$id" "localhost/tiny@$md" "${id:0:12}"; do
    got=$(ferry inspect "$r$form" | jq -c '{Digest, Layers}') || { echo "ferry inspect $r$form failed"; return 1; }
    same "inspect $form" "$want" "$got" || return 1
  done
  for form in "@$id" "localhost/tiny@$md"; do
    got=$(sko inspect "$r$form" | jq -c '{Digest, Layers}') || { echo "(skopeo inspect $r$form failed)"; return 1; }
    same "skopeo inspect $form" "$want" "$got" || return 1
  done
}
check "references: short name, @ID, name@digest and ID prefix resolve like skopeo" references

nonexistent() {
  local rc
  ferry inspect "$(ref vfs)nonexistent" >"$W/out" 2>"$W/err"
  rc=$?
  [[ $rc == 2 ]] || { echo "exit $rc, want 2"; cat "$W/err"; return 1; }
  grep -q 'does not resolve to an image ID' "$W/err" || { cat "$W/err"; return 1; }
}
check "inspect of a nonexistent image exits 2 with 'does not resolve to an image ID'" nonexistent

conf_honoured() {
  local want
  want=$(ferry inspect "$(ref vfs)localhost/tiny:latest" | jq -c '{Digest, Layers}') || return 1
  [[ $(CONTAINERS_STORAGE_CONF=$W/vfs/storage.conf ferry inspect containers-storage:localhost/tiny:latest | jq -c '{Digest, Layers}') == "$want" ]] ||
    { echo "inspect via CONTAINERS_STORAGE_CONF differs"; return 1; }
  CONTAINERS_STORAGE_CONF=$W/vfs/storage.conf ferry copy --quiet "oci:$FX/labels:latest" containers-storage:localhost/via-conf:latest || return 1
  pod vfs images --format '{{.Repository}}:{{.Tag}}' | grep -x localhost/via-conf:latest >/dev/null
}
check "CONTAINERS_STORAGE_CONF names the store when the reference has no [...]" conf_honoured

# --- 6. names -----------------------------------------------------------------------------
names_of() { # STORE IMAGE-ID
  jq -c --arg id "$2" '[.[] | select(.id == $id) | .names] | .[0] // [] | sort' "$(images_json "$1")"
}
names() {
  local s=names r id_t id_l n0
  new_store $s vfs
  r=$(ref $s)
  id_t=$(fixture_config tiny | cut -d: -f2)
  id_l=$(fixture_config labels | cut -d: -f2)
  ferry copy --quiet "oci:$FX/tiny:latest" "${r}localhost/a:1" &&
    ferry copy --quiet "oci:$FX/tiny:latest" "${r}localhost/b:1" || return 1
  [[ $(image_count $s) == 1 ]] || { echo "$(image_count $s) images after two names of one image"; return 1; }
  same "names" '["localhost/a:1","localhost/b:1"]' "$(names_of $s "$id_t")" || return 1
  ferry copy --quiet "oci:$FX/labels:latest" "${r}localhost/b:1" || return 1
  same "tiny's names after b:1 moved" '["localhost/a:1"]' "$(names_of $s "$id_t")" &&
    same "labels' names" '["localhost/b:1"]' "$(names_of $s "$id_l")" || return 1
  [[ $(pod $s image inspect --format '{{.ID}}' localhost/b:1) == "$id_l" ]]
}
check "names: a second name joins the image; an existing name moves to the new image" names

# --- 7. delete ----------------------------------------------------------------------------
deletes() {
  local s=del r id_t id_m base
  new_store $s vfs
  r=$(ref $s)
  id_t=$(fixture_config tiny | cut -d: -f2)
  ferry copy --quiet "oci:$FX/tiny:latest" "${r}localhost/t:1" &&
    ferry copy --quiet "oci:$FX/tiny:latest" "${r}localhost/t:2" || return 1
  # An image on top of medium's first layers, to share them: medium itself, and a
  # hand-made image with medium's first layer only.
  ferry copy --quiet "oci:$FX/medium:latest" "${r}localhost/m:1" || return 1
  ferry copy --quiet "oci:$W/base:latest" "${r}localhost/base:1" || return 1
  local layers0
  layers0=$(layer_count $s)
  ferry delete "${r}localhost/t:1" || return 1
  same "tiny's names after deleting t:1" '["localhost/t:2"]' "$(names_of $s "$id_t")" || return 1
  [[ $(layer_count $s) == "$layers0" ]] || { echo "a layer went with a name"; return 1; }
  ferry delete "${r}localhost/t:2" || return 1
  [[ $(names_of $s "$id_t") == '[]' ]] || { echo "tiny is still in images.json"; return 1; }
  [[ ! -e $(root $s)/vfs-images/$id_t ]] || { echo "tiny's big-data dir is left"; return 1; }
  [[ $(layer_count $s) == $((layers0 - 1)) ]] || { echo "layers $layers0 -> $(layer_count $s), want one fewer"; return 1; }
  ! pod $s images --format '{{.Repository}}' | grep localhost/t >/dev/null || { echo "podman still lists tiny"; return 1; }
  # medium goes; the base image's layer (medium's first) stays, with its files.
  id_m=$(fixture_config medium | cut -d: -f2)
  base=$(jq -r --arg id "$id_m" '.[] | select(.id == $id) | .layer' "$(images_json $s)")
  ferry delete "${r}localhost/m:1" || return 1
  [[ $(layer_count $s) == $((layers0 - 5)) ]] || { echo "layers $layers0 -> $(layer_count $s) after medium, want $((layers0 - 5))"; return 1; }
  base=$(jq -r '.[0].layer' "$(images_json $s)")
  [[ -d $(layer_files $s "$base")/usr/bin ]] || { echo "the shared base layer's files are gone"; return 1; }
  [[ $(pod $s images --format '{{.Repository}}:{{.Tag}}') == localhost/base:1 ]] || { echo "podman lists:"; pod $s images; return 1; }
  pod $s image inspect localhost/base:1 >/dev/null || return 1
  local rc
  ferry delete "${r}localhost/nonexistent:1" 2>"$W/err"
  rc=$?
  [[ $rc == 2 ]] || { echo "delete of a nonexistent image: exit $rc, want 2"; cat "$W/err"; return 1; }
}
# base: medium's first layer alone, as an OCI layout of its own.
make_base() {
  local m c
  m=$(oci_manifest "$FX/medium")
  mkdir -p "$W/base/blobs/sha256"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$W/base/oci-layout"
  c=$(jq -c --argjson d "$(jq -c '.rootfs.diff_ids[:1]' "$(blob "$FX/medium" "$(jq -r .config.digest "$m")")")" \
    '.rootfs.diff_ids = $d | .history = []' "$(blob "$FX/medium" "$(jq -r .config.digest "$m")")")
  printf '%s' "$c" >"$W/base/config"
  local cd l
  cd=sha256:$(sha256sum <"$W/base/config" | cut -d' ' -f1)
  mv "$W/base/config" "$(blob "$W/base" "$cd")"
  l=$(jq -r '.layers[0].digest' "$m")
  cp "$(blob "$FX/medium" "$l")" "$(blob "$W/base" "$l")"
  jq -c --arg cd "$cd" --argjson cs "${#c}" '.config.digest = $cd | .config.size = $cs | .layers = .layers[:1]' "$m" >"$W/base/m"
  local md
  md=sha256:$(sha256sum <"$W/base/m" | cut -d' ' -f1)
  jq -n --arg d "$md" --argjson s "$(stat -c %s "$W/base/m")" \
    '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": "latest"}}]}' >"$W/base/index.json"
  mv "$W/base/m" "$(blob "$W/base" "$md")"
}
make_base
check "delete: one of two names, then the last (big-data and unshared layers go, a shared base stays); nonexistent exits 2" deletes

# --- 8. reuse -----------------------------------------------------------------------------
reuse() {
  local s=$RT_STORE r n0
  r=$(ref "$s")
  ferry copy --quiet "oci:$FX/medium:latest" "${r}localhost/reuse:1" || return 1
  n0=$(layer_count "$s")
  ferry copy --quiet "oci:$FX/medium:latest" "${r}localhost/reuse:2" || return 1
  [[ $(layer_count "$s") == "$n0" ]] || { echo "medium again: layers $n0 -> $(layer_count "$s")"; return 1; }
  ferry copy --quiet "oci:$W/base:latest" "${r}localhost/reuse-base:1" || return 1
  [[ $(layer_count "$s") == "$n0" ]] || { echo "medium's base layer alone: layers $n0 -> $(layer_count "$s")"; return 1; }
  [[ -z $(ls -A "$(root "$s")/tmp" 2>/dev/null) ]] || { echo "left in $(root "$s")/tmp:"; ls -A "$(root "$s")/tmp"; return 1; }
}
check "$(drv "$RT_STORE"): copying images whose layers the store has adds no layers" reuse

# containers/storage takes ferry's records as its own: skopeo reuses ferry's layer, podman rmi
# removes the image, its layer and the layer's files.
podman_takes_over() { # DRIVER
  local s="takeover-$1" top
  new_store "$s" "$1"
  ferry copy --quiet "oci:$FX/tiny:latest" "$(ref "$s")localhost/t:1" || return 1
  sko copy --quiet "oci:$FX/tiny:latest" "$(ref "$s")localhost/t:2" || return 1
  [[ $(layer_count "$s") == 1 && $(image_count "$s") == 1 ]] || { echo "skopeo onto ferry's tiny: $(layer_count "$s") layers, $(image_count "$s") images"; return 1; }
  top=$(jq -r '.[0].layer' "$(images_json "$s")")
  pod "$s" rmi localhost/t:1 localhost/t:2 >/dev/null || return 1
  [[ $(layer_count "$s") == 0 && $(image_count "$s") == 0 ]] || { echo "after podman rmi: $(layer_count "$s") layers, $(image_count "$s") images"; return 1; }
  [[ ! -e $(layer_files "$s" "$top") ]] || { echo "podman rmi left $(layer_files "$s" "$top")"; return 1; }
}
for s in "${DRIVERS[@]}"; do
  check "$(drv "$s"): skopeo reuses ferry's layer and podman rmi removes ferry's image with its layer" podman_takes_over "$(drv "$s")"
done
# skopeo 1.9.3's delete of one of two names: only recorded (ferry keeps the other name, as
# podman rmi does).
new_store skdel vfs
sko copy --quiet "oci:$FX/tiny:latest" "$(ref skdel)localhost/t:1" && sko copy --quiet "oci:$FX/tiny:latest" "$(ref skdel)localhost/t:2" &&
  sko delete "$(ref skdel)localhost/t:1" &&
  echo "note: skopeo delete of one of two names leaves $(image_count skdel) images, names $(jq -c '[.[].names[]]' "$(images_json skdel)")"

# --- 9. bad input -------------------------------------------------------------------------
# hostile_layout DIR KIND: an OCI layout whose one gzip layer holds a hostile entry.
hostile_layout() { python3 "$HERE/lib/hostile_layout.py" "$1" "$2" "$W/sentinel"; }
store_state() { # STORE: what a refused copy must leave unchanged
  cat "$(layers_json "$1")" "$(images_json "$1")" 2>/dev/null | sha256sum
  ls "$(root "$1")/$(drv "$1")" 2>/dev/null
  [[ $(drv "$1") == overlay ]] && ls "$(root "$1")/overlay/l" 2>/dev/null
  ls -A "$(root "$1")/tmp" 2>/dev/null
}
# where_sentinel STORE KIND: where in the store the hostile entry's file landed (root stripped).
where_sentinel() { find "$(root "$1")" -name "sentinel-$2" 2>/dev/null | sed "s|^$(root "$1")/||"; }
# hostile STORE KIND ENTRY-WORD: nothing is ever written outside the store. containers/storage
# unpacks as in a chroot at the layer's root ("../" and "/" stop at it, links resolve inside it),
# so skopeo stores some of these; ferry may do the same (then exactly as skopeo: the same layer,
# the file at the same place inside it) or refuse, naming the entry, with the store as it was
# and no staging left. What skopeo refuses ferry must refuse.
hostile() {
  local s=$1 kind=$2 word=$3 before rc sk_rc leaked sk="hsk-$1-$2"
  rm -rf "$W/bad-$kind" "$W"/sentinel-*
  hostile_layout "$W/bad-$kind" "$kind" || return 1
  new_store "$sk" "$(drv "$s")"
  sko copy --quiet "oci:$W/bad-$kind:latest" "$(ref "$sk")localhost/bad-$kind:latest" >/dev/null 2>&1
  sk_rc=$?
  before=$(store_state "$s")
  ferry copy --quiet "oci:$W/bad-$kind:latest" "$(ref "$s")localhost/bad-$kind:latest" 2>"$W/err"
  rc=$?
  leaked=$(ls "$W"/sentinel-* /sentinel-* 2>/dev/null)
  [[ -z $leaked ]] || { echo "written outside the store: $leaked"; return 1; }
  [[ -z $(ls -A "$(root "$s")/tmp" 2>/dev/null) ]] || { echo "staging left in $(root "$s")/tmp:"; ls -A "$(root "$s")/tmp"; return 1; }
  if [[ $rc != 0 ]]; then
    grep -qF -- "$word" "$W/err" || { echo "the message does not name the entry ($word):"; cat "$W/err"; return 1; }
    same "the store after the refused copy" "$before" "$(store_state "$s")"
    return
  fi
  [[ $sk_rc == 0 ]] || { echo "ferry stored a layer with a $kind entry that skopeo refuses"; return 1; }
  same "where the $kind entry landed (skopeo <, ferry >)" "$(where_sentinel "$sk" "$kind")" "$(where_sentinel "$s" "$kind")" || return 1
  same "the image's layers (skopeo <, ferry >)" \
    "$(pod "$sk" image inspect --format '{{json .RootFS.Layers}}' "localhost/bad-$kind:latest")" \
    "$(pod "$s" image inspect --format '{{json .RootFS.Layers}}' "localhost/bad-$kind:latest")"
}
for s in "${DRIVERS[@]}"; do
  check "$(drv "$s"): a layer entry '../../..' stays in the layer (as skopeo's) or is refused; nothing outside" hostile "$s" dotdot "../"
  check "$(drv "$s"): an absolute layer entry stays in the layer (as skopeo's) or is refused; nothing outside" hostile "$s" absolute "sentinel-absolute"
  check "$(drv "$s"): a write through a symlink (evil -> /) stays in the layer (as skopeo's) or is refused" hostile "$s" symlink "evil"
  check "$(drv "$s"): a hard link to /etc/passwd is refused, named, store unchanged, nothing outside" hostile "$s" hardlink "passwd"
done

corrupt_layers_json() {
  local s=corrupt f rc
  new_store $s vfs
  ferry copy --quiet "oci:$FX/tiny:latest" "$(ref $s)localhost/tiny:latest" || return 1
  f=$(layers_json $s)
  printf '{' >"$f"
  ferry inspect "$(ref $s)localhost/tiny:latest" >/dev/null 2>"$W/err"
  rc=$?
  [[ $rc != 0 ]] || { echo "inspect read a store whose layers.json is '{'"; return 1; }
  grep -qF "layers.json" "$W/err" || { echo "inspect's message does not name layers.json:"; cat "$W/err"; return 1; }
  ferry copy --quiet "oci:$FX/labels:latest" "$(ref $s)localhost/labels:latest" 2>"$W/err"
  rc=$?
  [[ $rc != 0 ]] || { echo "copy wrote into a store whose layers.json is '{'"; return 1; }
  grep -qF "layers.json" "$W/err" || { echo "copy's message does not name layers.json:"; cat "$W/err"; return 1; }
  ferry copy --quiet "$(ref $s)localhost/tiny:latest" "oci:$W/corrupt-out:latest" 2>/dev/null &&
    { echo "copy out of a store whose layers.json is '{' succeeded"; return 1; }
  [[ $(cat "$f") == '{' ]] || { echo "layers.json was changed to: $(head -c 200 "$f")"; return 1; }
}
check "a corrupt layers.json ('{') is refused by inspect and copy, named, and left unchanged" corrupt_layers_json

# --- podman runs what ferry wrote ---------------------------------------------------------
# medium (tiny has no shell): bash from a lower layer runs, and the file the top layer whites
# out is gone inside the container.
RUN=(vfs run --rm --net=none localhost/rt-medium:latest /usr/bin/bash -c 'echo hi; [[ ! -e /usr/bin/b2sum ]] && echo gone')
podman_run() { same "the container's output" $'hi\ngone' "$(pod "${RUN[@]}")"; }
if pod "${RUN[@]}" >"$W/run-probe" 2>&1 || ! grep -qiE 'runc|crun|OCI runtime|rlimit|permission denied' "$W/run-probe"; then
  check "podman run on the image ferry wrote (vfs, medium) runs bash; whited-out file absent" podman_run
else
  echo "note: podman cannot run containers here ($(grep -m1 -iE 'runc|crun|OCI' "$W/run-probe" | cut -c1-160)); run check skipped"
fi

# --- refusals and lookups that must not lose an image -----------------------------------------
# An ID prefix deletes the image it names, whatever names it has; NAME@DIGEST of another
# repository names nothing; an image a container uses is not deleted; a destination NAME@DIGEST
# whose digest the manifest does not have is refused.
lookups_that_keep() {
  local s=keep r id rc
  new_store $s vfs
  r=$(ref $s)
  id=$(fixture_config tiny | cut -d: -f2)
  ferry copy --quiet "oci:$FX/tiny:latest" "${r}localhost/a:1" &&
    ferry copy --quiet "oci:$FX/tiny:latest" "${r}localhost/a:2" || return 1
  local digest
  digest=$(jq -r '.manifests[0].digest' "$FX/tiny/index.json")
  ferry delete "${r}localhost/zzz@$digest" 2>"$W/err"
  rc=$?
  [[ $rc == 2 ]] || { echo "delete of another repository's digest: exit $rc, want 2"; return 1; }
  same "names after that" '["localhost/a:1","localhost/a:2"]' "$(names_of $s "$id")" || return 1
  ferry copy --quiet "oci:$FX/tiny:latest" "${r}localhost/d@sha256:$(printf 1%.0s {1..64})" 2>"$W/err" &&
    { echo "a destination digest the manifest lacks was accepted"; return 1; }
  grep -q "would not match destination reference" "$W/err" || { cat "$W/err"; return 1; }
  same "names after the refused copy" '["localhost/a:1","localhost/a:2"]' "$(names_of $s "$id")" || return 1
  pod $s create --name c1 localhost/a:1 >/dev/null 2>"$W/err" || { echo "podman create failed: $(cat "$W/err")"; return 1; }
  ferry delete "${r}@$id" 2>"$W/err" && { echo "an image in use by a container was deleted"; return 1; }
  grep -q "in use by container" "$W/err" || { cat "$W/err"; return 1; }
  pod $s rm c1 >/dev/null || return 1
  ferry delete "${r}${id:0:12}" || return 1
  [[ $(image_count $s) == 0 ]] || { echo "the ID prefix left the image: $(names_of $s "$id")"; return 1; }
}
check "lookups: ID prefix deletes the image; other repository's digest, in-use image and wrong destination digest refused" lookups_that_keep

# An image that repeats a layer blob (old images repeat the empty layer) is stored, twice on
# top of itself, as skopeo stores it.
repeated_layer() {
  local drv=$1 s=rep-$1
  new_store $s "$drv"
  python3 - "$FX/tiny" "$W/repeat-$drv" <<'PY' || return 1
import hashlib, json, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
def blob(d): return os.path.join(dst, "blobs", *d.split(":"))
def put(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    open(blob(d), "wb").write(data)
    return d, len(data)
index = json.load(open(os.path.join(dst, "index.json")))
m = json.load(open(blob(index["manifests"][0]["digest"])))
c = json.load(open(blob(m["config"]["digest"])))
m["layers"] = m["layers"] * 2
c["rootfs"]["diff_ids"] = c["rootfs"]["diff_ids"] * 2
c.pop("history", None)
m["config"]["digest"], m["config"]["size"] = put(json.dumps(c).encode())
index["manifests"][0]["digest"], index["manifests"][0]["size"] = put(json.dumps(m).encode())
json.dump(index, open(os.path.join(dst, "index.json"), "w"))
PY
  ferry copy --quiet "oci:$W/repeat-$drv:latest" "$(ref $s)localhost/rep:1" || return 1
  [[ $(layer_count $s) == 2 ]] || { echo "layers: $(layer_count $s), want 2"; return 1; }
  pod $s image inspect localhost/rep:1 >/dev/null || return 1
  rm -rf "$W/rep-out"
  sko copy -q "$(ref $s)localhost/rep:1" "oci:$W/rep-out:x" || return 1
}
for drv in vfs overlay; do
  check "$drv: an image that repeats a layer blob is stored (two layers, one blob)" repeated_layer "$drv"
done

# --- fuse-overlayfs ---------------------------------------------------------------------------
# A store whose overlay mounts go through fuse-overlayfs (mount_program) holds the same files:
# podman lists what ferry wrote there and, where FUSE works, mounts it and finds its files.
fuse_overlay() {
  command -v fuse-overlayfs >/dev/null || { echo "fuse-overlayfs not installed"; return 1; }
  local s=fuse
  STORES+=("$W/$s")
  cstore_init "$W/$s" fuse-overlayfs >/dev/null 2>&1
  unset CONTAINERS_STORAGE_CONF
  ferry copy -q "oci:$FX/medium:latest" "$(ref $s)localhost/m:1" || return 1
  pod $s image inspect localhost/m:1 >/dev/null || return 1
  local mnt
  if mnt=$(pod $s image mount localhost/m:1 2>"$W/mount.err"); then
    [[ -x $mnt/usr/bin/bash && ! -e $mnt/usr/bin/b2sum ]] || { echo "the mounted image lacks bash or keeps b2sum"; pod $s image unmount localhost/m:1; return 1; }
    pod $s image unmount localhost/m:1 >/dev/null
  else
    echo "note: podman cannot mount here ($(head -c 160 "$W/mount.err")); listed and inspected only" >&2
  fi
}
check "fuse-overlayfs store: podman lists, inspects and mounts the image ferry wrote (whiteouts applied)" fuse_overlay

# --- podman build and buildah ---------------------------------------------------------------
# podman build (FROM scratch, COPY: no container runs) writes an image ferry reads as skopeo
# does; buildah makes a working container from the image ferry wrote.
podman_built() {
  new_store built vfs
  mkdir -p "$W/ctx"
  printf 'built by podman\n' >"$W/ctx/hello.txt"
  printf 'FROM scratch\nCOPY hello.txt /hello.txt\n' >"$W/ctx/Containerfile"
  # podman qualifies the short name with localhost/; skopeo and ferry would say docker.io/.
  pod built build -q -t lab/built:1 "$W/ctx" >/dev/null || return 1
  ferry copy -q "$(ref built)localhost/lab/built:1" "oci:$W/built-ferry:x" || return 1
  sko copy -q "$(ref built)localhost/lab/built:1" "oci:$W/built-skopeo:x" || return 1
  same "the image as ferry and skopeo read it" "$(oci_view "$W/built-skopeo" x)" "$(oci_view "$W/built-ferry" x)"
}
check "podman build's image (vfs) is read by ferry as by skopeo: same config, same layers" podman_built
buildah_from() {
  command -v buildah >/dev/null || { echo "buildah not installed"; return 1; }
  new_store bfrom overlay
  ferry copy -q "oci:$FX/tiny" "$(ref bfrom)lab/tiny:1" || return 1
  local c
  c=$(CONTAINERS_STORAGE_CONF="$W/bfrom/storage.conf" buildah from --pull-never docker.io/lab/tiny:1) || return 1
  CONTAINERS_STORAGE_CONF="$W/bfrom/storage.conf" buildah rm "$c" >/dev/null
}
check "buildah from makes a working container of the image ferry wrote (overlay)" buildah_from

report
