#!/usr/bin/env bash
# ostree.sh — ferry's ostree: transport against containers/image's own (the lab's ostreecopy,
# c/image 5.23.1 with its ostree transport compiled in, built from Debian's source into the
# build directory when missing) and the ostree CLI: the layout ferry writes (refs, trees,
# commit metadata) is the one c/image writes, each reads the other's repositories, the fixtures
# round-trip with their diff IDs in every repository mode, layers are reused, a killed copy
# leaves no image ref and a clean fsck, and hostile layers are refused with nothing committed.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=/path/to/lab bash ostree.sh
#
# Exits 77 (skip) when ostree, skopeo or jq is missing or ostreecopy cannot be built. The last
# line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools ostree skopeo jq python3 gzip sha256sum base64
ensure_fixtures

# The reference program, cached beside the build's bin/ directory.
BUILD_DIR=$(cd "$(dirname "$FERRY")/.." && pwd)
PEER=$BUILD_DIR/ostree-peer/bin/ostreecopy
if [[ ! -x $PEER ]]; then
  [[ -f $LAB_DIR/ostree-peer/build.sh ]] || skip "$LAB_DIR/ostree-peer/build.sh not found"
  PEER=$(bash "$LAB_DIR/ostree-peer/build.sh" "$BUILD_DIR/ostree-peer" 2>/dev/null | tail -1)
  [[ -x $PEER ]] || skip "the reference program ostreecopy cannot be built"
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-ostree.XXXXXX")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$W/tmp"
export OSTREE_TMP=$W/peer-tmp TMPDIR=$W/tmp
mkdir -p "$OSTREE_TMP"

ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }
peer() { "$PEER" copy --insecure-policy -q "$@"; }
FX=$FIXTURES/oci
same() { # WHAT WANT GOT
  [[ $2 == "$3" ]] && return 0
  echo "$1 differs:"
  diff <(echo "$2") <(echo "$3") | head -20
  return 1
}
new_repo() { # DIR MODE
  rm -rf "$1"
  ostree --repo="$1" init --mode="$2" >/dev/null
}
ot() { ostree --repo="$1" "${@:2}"; }
meta() { ot "$1" show --print-metadata-key="$3" "$2" | sed -e "s/^'//" -e "s/'$//"; }
enc() { # containers/image's branch name of an image
  python3 -c 'import sys,re; print("".join(c if re.match(r"[A-Za-z0-9.-]", c) else "_%02X" % ord(c) for c in sys.argv[1]))' "$1"
}
blob() { echo "$FX/$1/blobs/sha256/${2#sha256:}"; } # FIXTURE DIGEST
# The single-image manifest of a fixture (for an index: its linux/amd64 instance).
fx_manifest() {
  local m
  m=$(jq -r '.manifests[0].digest' "$FX/$1/index.json")
  if jq -e '.manifests' "$(blob "$1" "$m")" >/dev/null 2>&1; then
    m=$(jq -r '[.manifests[] | select(.platform.architecture == "amd64" and .platform.os == "linux")][0].digest' "$(blob "$1" "$m")")
  fi
  cat "$(blob "$1" "$m")"
}
fx_config() { cat "$(blob "$1" "$(fx_manifest "$1" | jq -r .config.digest)")"; }
fx_diff_ids() { fx_config "$1" | jq -c .rootfs.diff_ids; }
# diff_ids_of_oci LAYOUT: the config's diff IDs, and the layer digests, of an oci: copy ferry made.
oci_layers() {
  local m
  m=$(jq -r '.manifests[0].digest' "$1/index.json")
  jq -c '[.layers[].digest]' "$1/blobs/sha256/${m#sha256:}"
}
oci_diff_ids() {
  local m c
  m=$(jq -r '.manifests[0].digest' "$1/index.json")
  c=$(jq -r .config.digest "$1/blobs/sha256/${m#sha256:}")
  jq -c .rootfs.diff_ids "$1/blobs/sha256/${c#sha256:}"
}

# --- 1. references ----------------------------------------------------------------------------
R=$W/repo
new_repo "$R" bare-user
refused() { # WORD REF: a copy to REF fails, its message names WORD, nothing in $R changed
  local before
  before=$(ot "$R" refs | sort)
  ferry copy --quiet "oci:$FX/tiny:latest" "$2" 2>"$W/err" && { echo "copy to $2 succeeded"; return 1; }
  grep -qF -- "$1" "$W/err" || { echo "the message does not say '$1':"; cat "$W/err"; return 1; }
  [[ $(wc -l <"$W/err") -le 2 ]] || { echo "more than one error:"; cat "$W/err"; return 1; }
  same "refs" "$before" "$(ot "$R" refs | sort)"
}
check "a repository path that does not exist is one clear error" refused "/nonexistent-ostree-repo" "ostree:localhost/tiny@/nonexistent-ostree-repo"
mkdir -p "$W/notrepo"
check "a directory that is no repository is one clear error" refused "not an ostree repository" "ostree:localhost/tiny@$W/notrepo"
check "an invalid image name is refused" refused "UPPER" "ostree:localhost/UPPER@$R"
new_repo "$W/repo:colon" bare-user
check "a repository path with a colon is refused, as c/image refuses it" refused "colon" "ostree:localhost/tiny@$W/repo:colon"

# Names are kept as written (only ":latest" added), so the branch is c/image's.
same_branches() {
  local pr=$W/names-p fr=$W/names-f name
  new_repo "$pr" bare-user
  new_repo "$fr" bare-user
  for name in busybox docker.io/library/busybox:1.0 localhost:5000/ns/app_x:v1.2-rc; do
    peer "oci:$FX/tiny:latest" "ostree:$name@$pr" || { echo "ostreecopy refused $name"; return 1; }
    ferry copy --quiet "oci:$FX/tiny:latest" "ostree:$name@$fr" || return 1
  done
  same "image refs (ostreecopy <, ferry >)" "$(ot "$pr" refs | grep _3A | sort)" "$(ot "$fr" refs | grep _3A | sort)"
}
check "image names give containers/image's branch names (not normalised, :latest added)" same_branches

# --- 2. the layout ferry writes -----------------------------------------------------------------
layout() { # REPO IMAGE FIXTURE: what ferry wrote is containers/image's layout
  local repo=$1 image=$2 fx=$3 br man cfg i n hex want
  br=ociimage/$(enc "$image")
  ot "$repo" refs | grep -qxF "$br" || { echo "no ref $br:"; ot "$repo" refs; return 1; }
  same "the image tree" "$(printf 'd00755 0 0 0 /\n-00644 0 0 %s /manifest.json' "$(ot "$repo" cat "$br" /manifest.json | wc -c)")" \
    "$(ot "$repo" ls -R "$br" | tr -s ' ')" || return 1
  man=$(ot "$repo" cat "$br" /manifest.json)
  same "docker.manifest and /manifest.json" "$man" "$(meta "$repo" "$br" docker.manifest)" || return 1
  same "docker.digest" "sha256:$(printf '%s' "$man" | sha256sum | cut -d' ' -f1)" "$(meta "$repo" "$br" docker.digest)" || return 1
  same "signatures" 0 "$(meta "$repo" "$br" signatures)" || return 1
  same "the manifest type" application/vnd.docker.distribution.manifest.v2+json "$(jq -r .mediaType <<<"$man")" || return 1
  cfg=$(jq -r .config.digest <<<"$man")
  same "/content of the config commit" "$cfg" "sha256:$(ot "$repo" cat "ociimage/${cfg#sha256:}" /content | sha256sum | cut -d' ' -f1)" || return 1
  same "docker.size of the config" "$(jq -r .config.size <<<"$man")" "$(meta "$repo" "ociimage/${cfg#sha256:}" docker.size)" || return 1
  ot "$repo" ls -R "ociimage/${cfg#sha256:}" | grep -qE '^-00644 0 0 +[0-9]+ /content$' || { ot "$repo" ls -R "ociimage/${cfg#sha256:}"; return 1; }
  n=$(jq '.layers | length' <<<"$man")
  for ((i = 0; i < n; i++)); do
    hex=$(jq -r ".layers[$i].digest" <<<"$man")
    hex=${hex#sha256:}
    same "docker.size of layer $i" "$(jq -r ".layers[$i].size" <<<"$man")" "$(meta "$repo" "ociimage/$hex" docker.size)" || return 1
    want=$(fx_diff_ids "$fx" | jq -r ".[$i]")
    same "docker.uncompressed_digest of layer $i" "$want" "$(meta "$repo" "ociimage/$hex" docker.uncompressed_digest)" || return 1
    same "docker.uncompressed_size of layer $i" "$(gzip -dc "$(blob "$fx" "sha256:$hex")" | wc -c)" \
      "$(meta "$repo" "ociimage/$hex" docker.uncompressed_size)" || return 1
    meta "$repo" "ociimage/$hex" tarsplit.output | base64 -d | gzip -dc | head -1 | jq -e 'has("type")' >/dev/null ||
      { echo "tarsplit.output of layer $i is not base64 of gzip'd tar-split"; return 1; }
  done
}
ferry copy --quiet "oci:$FX/tiny:latest" "ostree:localhost/tiny@$R" 2>"$W/tiny.err"
check "ferry writes tiny: refs, ls -R, cat and metadata are containers/image's layout" layout "$R" localhost/tiny:latest tiny

# ferry's repository next to the reference program's for the same images: the same refs, and
# each commit's tree (contents, modes, owners, xattrs: ls -R with checksums) the same.
same_as_peer() { # FIXTURE MODE
  local fx=$1 mode=$2 fr=$W/f-$1-$2 pr=$W/p-$1-$2 ref
  new_repo "$fr" "$mode"
  new_repo "$pr" "$mode"
  peer "oci:$FX/$fx:latest" "ostree:localhost/$fx@$pr" || { echo "ostreecopy could not write $fx"; return 1; }
  ferry copy --quiet "oci:$FX/$fx:latest" "ostree:localhost/$fx@$fr" || return 1
  same "refs (ostreecopy <, ferry >)" "$(ot "$pr" refs | sort)" "$(ot "$fr" refs | sort)" || return 1
  for ref in $(ot "$pr" refs); do
    same "ls -R -C $ref (ostreecopy <, ferry >)" "$(ot "$pr" ls -R -X -C "$ref")" "$(ot "$fr" ls -R -X -C "$ref")" || return 1
    for key in docker.size docker.uncompressed_size docker.uncompressed_digest docker.manifest docker.digest signatures; do
      same "$key of $ref" "$(meta "$pr" "$ref" "$key" 2>&1)" "$(meta "$fr" "$ref" "$key" 2>&1)" || return 1
    done
    [[ $ref == *_3A* ]] && continue
    same "the decoded tarsplit.output of $ref" "$(meta "$pr" "$ref" tarsplit.output | base64 -d 2>/dev/null | gzip -dc 2>/dev/null | jq -c -S . | sha256sum)" \
      "$(meta "$fr" "$ref" tarsplit.output | base64 -d 2>/dev/null | gzip -dc 2>/dev/null | jq -c -S . | sha256sum)" || return 1
  done
  ot "$fr" fsck -q >/dev/null 2>&1 || { echo "ostree fsck fails on ferry's repository"; ot "$fr" fsck; return 1; }
}
for fx in tiny medium; do
  check "ferry writes $fx as ostreecopy does: same refs, trees (ls -R -C), metadata and tar-splits" same_as_peer "$fx" bare-user
done

# --- 3. the reference program reads what ferry wrote ---------------------------------------------
peer_reads() { # FIXTURE REPO: ostreecopy copies ferry's image to dir:, its blobs are the source's
  local fx=$1 repo=$2 out=$W/peer-dir-$1 man want got
  rm -rf "$out"
  peer "ostree:localhost/$fx@$repo" "dir:$out" || { echo "ostreecopy cannot read ferry's $fx"; return 1; }
  man=$(fx_manifest "$fx")
  same "the config" "$(jq -r .config.digest <<<"$man")" "sha256:$(sha256sum <"$out/$(jq -r '.config.digest | ltrimstr("sha256:")' "$out/manifest.json")" | cut -d' ' -f1)" || return 1
  want=$(fx_diff_ids "$fx")
  got=$(for f in $(jq -r '.layers[].digest | ltrimstr("sha256:")' "$out/manifest.json"); do echo "\"sha256:$(sha256sum <"$out/$f" | cut -d' ' -f1)\""; done | jq -s -c .)
  same "the layer tars' digests (the source's diff IDs <, read back >)" "$want" "$got"
}
check "ostreecopy reads ferry's tiny into dir:, config and layer tars equal the source's" peer_reads tiny "$R"
check "ostreecopy reads ferry's medium into dir:, config and layer tars equal the source's" peer_reads medium "$W/f-medium-bare-user"

# --- 4. ferry reads what the reference program wrote ---------------------------------------------
ferry_reads() { # FIXTURE MODE: ostreecopy writes, ferry reads it to oci:, skopeo reads that
  local fx=$1 mode=$2 pr=$W/pr-$1-$2 out=$W/ferry-oci-$1-$2
  new_repo "$pr" "$mode"
  rm -rf "$out"
  peer "oci:$FX/$fx:latest" "ostree:localhost/$fx@$pr" || { echo "ostreecopy could not write $fx"; return 1; }
  ferry copy --quiet "ostree:localhost/$fx@$pr" "oci:$out:latest" || return 1
  same "diff IDs (source <, read back >)" "$(fx_diff_ids "$fx")" "$(oci_diff_ids "$out")" || return 1
  same "layer digests of the oci: copy (the diff IDs: layers are served uncompressed)" "$(fx_diff_ids "$fx")" "$(oci_layers "$out")" || return 1
  skopeo --insecure-policy copy --quiet "oci:$out:latest" "dir:$out.dir" || { echo "skopeo cannot read ferry's oci: copy"; return 1; }
}
check "ostreecopy writes tiny, ferry reads it into oci:, skopeo reads that" ferry_reads tiny bare-user
check "ostreecopy writes medium (whiteouts, hard links), ferry reads it into oci:, skopeo reads that" ferry_reads medium bare-user

# --- 5. every fixture round-trips, in every repository mode ------------------------------------
round_trip() { # FIXTURE MODE: oci -> ostree -> oci with the same diff IDs; ostreecopy reads it too
  local fx=$1 mode=$2 repo=$W/rt-$2 out=$W/rt-$1-$2
  [[ -d $repo ]] || new_repo "$repo" "$mode"
  rm -rf "$out"
  ferry copy --quiet "oci:$FX/$fx:latest" "ostree:localhost/$fx@$repo" || return 1
  ferry copy --quiet "ostree:localhost/$fx@$repo" "oci:$out:latest" || return 1
  same "diff IDs (source <, round trip >)" "$(fx_diff_ids "$fx")" "$(oci_diff_ids "$out")" || return 1
  same "layers of the round trip (its diff IDs)" "$(fx_diff_ids "$fx")" "$(oci_layers "$out")" || return 1
  rm -rf "$out.peer"
  peer "ostree:localhost/$fx@$repo" "dir:$out.peer" || { echo "ostreecopy cannot read it"; return 1; }
}
for mode in bare-user bare archive bare-user-only; do
  for fx in tiny docker-v2s2 labels multiarch docker-list medium; do
    check "$mode: $fx round-trips with its diff IDs; ostreecopy reads it" round_trip "$fx" "$mode"
  done
  check "$mode: ostree fsck is clean" ot "$W/rt-$mode" fsck -q
done

# zstd layers have no Docker schema 2 form: ostreecopy refuses them, and so does ferry.
zstd_refused() {
  local pr=$W/p-zstd fr=$W/f-zstd
  new_repo "$pr" bare-user
  new_repo "$fr" bare-user
  peer "oci:$FX/zstd:latest" "ostree:localhost/zstd@$pr" 2>/dev/null && { echo "ostreecopy stored zstd layers"; return 1; }
  ferry copy --quiet "oci:$FX/zstd:latest" "ostree:localhost/zstd@$fr" 2>"$W/err" && { echo "ferry stored zstd layers"; return 1; }
  grep -q "rejected every manifest type" "$W/err" || { cat "$W/err"; return 1; }
  same "refs (ostreecopy <, ferry >)" "$(ot "$pr" refs)" "$(ot "$fr" refs)" || return 1
  same "ferry's refs" "" "$(ot "$fr" refs)" || return 1
  same "objects in ferry's repository" "" "$(find "$fr/objects" -type f)"
}
check "zstd layers (no Docker schema 2 form) are refused as ostreecopy refuses them, nothing committed" zstd_refused

# --- 6. reuse, tmp dir --------------------------------------------------------------------------
reuse() { # a second image with the same layers leaves their commits as they were
  local before after
  before=$(for r in $(ot "$R" refs | grep -v _3A); do ot "$R" rev-parse "$r"; done | sort)
  sleep 1 # a commit written again would differ by its time
  ferry copy --quiet "oci:$FX/tiny:latest" "ostree:localhost/tiny:again@$R" || return 1
  after=$(for r in $(ot "$R" refs | grep -v _3A); do ot "$R" rev-parse "$r"; done | sort)
  ot "$R" refs | grep -qxF "ociimage/localhost_2Ftiny_3Aagain" || { echo "no image ref"; return 1; }
  same "layer and config commits (a new config commit only)" "$(grep -vxF -f <(echo "$after") <<<"$before")" ""
  same "layer commits" "$(for h in $(fx_manifest tiny | jq -r '.layers[].digest | ltrimstr("sha256:")'); do ot "$R" rev-parse "ociimage/$h"; done)" \
    "$(grep -xF -f <(for h in $(fx_manifest tiny | jq -r '.layers[].digest | ltrimstr("sha256:")'); do ot "$R" rev-parse "ociimage/$h"; done) <<<"$after")"
}
check "layers already committed are reused (their commits unchanged)" reuse
tmpdir_option() {
  local t=$W/ostree-tmp/new
  ferry copy --quiet --dest-ostree-tmp-dir "$t" "oci:$FX/tiny:latest" "ostree:localhost/tiny:tmpdir@$R" || return 1
  [[ -d $t ]] || { echo "--dest-ostree-tmp-dir $t was not used"; return 1; }
  same "what is left in $t" "" "$(ls -A "$t")"
}
check "--dest-ostree-tmp-dir is used and left empty" tmpdir_option
check "ferry's help lists --dest-ostree-tmp-dir" bash -c "'$FERRY' copy --help | grep -q -- '--dest-ostree-tmp-dir'"
# Layers are imported in parallel, but no more at once than the cores ferry may use
# (FERRY_DEST_CPU_BOUND): pinned to one CPU, one at a time; an oci: destination still takes all
# five of medium's at once.
# one_cpu ARGS...: ferry with --debug, pinned to one of the CPUs this script may use.
one_cpu() {
  local cpu
  cpu=$(python3 -c 'import os; print(min(os.sched_getaffinity(0)))')
  taskset -c "$cpu" "$FERRY" --insecure-policy --tmpdir "$W/tmp" --debug "$@"
}
parallel_imports() {
  new_repo "$W/parallel" bare-user
  one_cpu copy --quiet "oci:$FX/medium:latest" "ostree:localhost/medium:p@$W/parallel" 2>"$W/debug" || return 1
  grep 'at a time' "$W/debug"
  grep -q "copying 5 blobs, 1 at a time" "$W/debug" || return 1
  one_cpu copy --quiet "oci:$FX/medium:latest" "oci:$W/parallel-oci:p" 2>"$W/debug" || return 1
  grep -q "copying 5 blobs, 5 at a time" "$W/debug"
}
check "medium's five layers are imported no more at once than the cores ferry may use" parallel_imports

# --- 7. kill -9 mid-copy -------------------------------------------------------------------------
killed() {
  local repo=$W/killed pid i
  new_repo "$repo" bare-user
  rm -rf "$W/ktmp"
  mkdir -p "$W/ktmp"
  "$FERRY" --insecure-policy copy --quiet --dest-ostree-tmp-dir "$W/ktmp" "oci:$FX/medium:latest" "ostree:localhost/medium@$repo" &
  pid=$!
  PIDS+=("$pid")
  # until its third layer is being written
  for ((i = 0; i < 600; i++)); do
    [[ -n $(find "$W/ktmp" -maxdepth 2 -name 'layer-2' 2>/dev/null) ]] && break
    sleep 0.05
  done
  kill -9 "$pid" 2>/dev/null || { echo "the copy ended before it could be killed"; return 1; }
  wait "$pid" 2>/dev/null
  [[ $i -lt 600 ]] || { echo "the copy never reached its third layer"; return 1; }
  same "refs after kill -9" "" "$(ot "$repo" refs)" || return 1
  ot "$repo" fsck || return 1
  # and the next copy completes
  ferry copy --quiet "oci:$FX/medium:latest" "ostree:localhost/medium@$repo" || return 1
  ot "$repo" refs | grep -qxF ociimage/localhost_2Fmedium_3Alatest
}
check "kill -9 mid-copy: no ref at all, ostree fsck clean, the next copy completes" killed

# --- 8. signatures ------------------------------------------------------------------------------
signed() { # ferry signs into ostree: signature-N as c/image keeps them; reading it back needs
  # --remove-signatures, from ferry as from ostreecopy (the layers served are not the signed ones)
  local repo=$W/signed br=ociimage/localhost_2Ftiny_3Alatest
  new_repo "$repo" bare-user
  ferry copy --quiet --sign-by "$KIT_GPG_FPR" --sign-identity localhost/tiny:latest \
    --sign-passphrase-file "$KIT_KEYS/gpg-test-passphrase.txt" "oci:$FX/tiny:latest" "ostree:localhost/tiny@$repo" || return 1
  same "signatures" 1 "$(meta "$repo" "$br" signatures)" || return 1
  ot "$repo" ls "$br" /signature-1 >/dev/null || return 1
  same "the digest the signature names" "$(meta "$repo" "$br" docker.digest)" \
    "$(ot "$repo" cat "$br" /signature-1 | gpg --decrypt 2>/dev/null | jq -r '.critical.image["docker-manifest-digest"]')" || return 1
  rm -rf "$W/signed-p" "$W/signed-f" "$W/signed-r"
  "$PEER" copy --insecure-policy -q "ostree:localhost/tiny@$repo" "dir:$W/signed-p" 2>"$W/perr" && { echo "ostreecopy read it"; return 1; }
  grep -q "Would invalidate signatures" "$W/perr" || { cat "$W/perr"; return 1; }
  ferry copy --quiet "ostree:localhost/tiny@$repo" "dir:$W/signed-f" 2>"$W/err" && { echo "ferry read it"; return 1; }
  grep -q "Would invalidate signatures" "$W/err" || { cat "$W/err"; return 1; }
  ferry copy --quiet --remove-signatures "ostree:localhost/tiny@$repo" "dir:$W/signed-r"
}
if [[ -f $LAB_DIR/signing/kit.sh ]] && command -v gpg >/dev/null; then
  # shellcheck source=/dev/null
  source "$LAB_DIR/signing/kit.sh"
  G=$(mktemp -d /tmp/ferry-og.XXXXXX) # gpg-agent's socket path must stay short
  if kit_gnupghome "$G/g" >/dev/null 2>&1; then
    export GNUPGHOME=$G/g
    check "a signed copy keeps signature-N and its count; reading it back needs --remove-signatures, as with ostreecopy" signed
    kit_gnupghome_stop "$G/g" >/dev/null 2>&1
    unset GNUPGHOME
  fi
  rm -rf "$G"
fi

# --- 9. bad input --------------------------------------------------------------------------------
# hostile_layout DIR KIND: an OCI layout whose one gzip layer holds a hostile entry (or, for
# KIND rich, every kind of entry a layer tree must keep).
hostile_layout() { python3 "$HERE/lib/hostile_layout.py" "$1" "$2" "$W/sentinel"; }
repo_state() { # REPO: refs and objects
  ot "$1" refs | sort
  find "$1/objects" -type f | sort | sha256sum
}
hostile() { # KIND WORD: refused naming the entry, nothing committed, nothing outside
  local kind=$1 word=$2 repo=$W/hostile before leaked
  [[ -d $repo ]] || new_repo "$repo" bare-user
  rm -rf "$W/bad-$kind" "$W"/sentinel-*
  hostile_layout "$W/bad-$kind" "$kind" || return 1
  before=$(repo_state "$repo")
  ferry copy --quiet "oci:$W/bad-$kind:latest" "ostree:localhost/bad-$kind@$repo" 2>"$W/err" &&
    { echo "a layer with a $kind entry was stored"; return 1; }
  leaked=$(ls "$W"/sentinel-* /sentinel-* 2>/dev/null)
  [[ -z $leaked ]] || { echo "written outside the layer: $leaked"; return 1; }
  grep -qF -- "$word" "$W/err" || { echo "the message does not name the entry ($word):"; cat "$W/err"; return 1; }
  same "the repository after the refused copy" "$before" "$(repo_state "$repo")" || return 1
  same "ferry's temporary files left" "" "$(ls -A "$W/tmp")"
}
check "a layer entry '../../..' is refused, named, nothing committed" hostile dotdot "../"
check "an absolute layer entry is refused, named, nothing committed" hostile absolute "sentinel-absolute"
check "a write through a symlink (evil -> /) is refused, named, nothing committed" hostile symlink "evil"
check "a hard link to /etc/passwd is refused, named, nothing committed" hostile hardlink "passwd"
# A layer of every kind of entry: ferry's tree is ostreecopy's (owners, modes, xattrs, links;
# fifo and device removed, whiteouts kept), and the tar comes back byte for byte.
rich() { # MODE
  local mode=$1 pr=$W/p-rich-$1 fr=$W/f-rich-$1 prc frc ref out=$W/rich-out-$1
  [[ -d $W/rich ]] || hostile_layout "$W/rich" rich || return 1
  new_repo "$pr" "$mode"
  new_repo "$fr" "$mode"
  peer "oci:$W/rich:latest" "ostree:localhost/rich@$pr" 2>"$W/perr"
  prc=$?
  ferry copy --quiet "oci:$W/rich:latest" "ostree:localhost/rich@$fr" 2>"$W/err"
  frc=$?
  [[ $prc == 0 ]] || { [[ $frc != 0 ]] && same "refs after both refused" "" "$(ot "$fr" refs)" && echo "both refuse it" && return 0; }
  same "exit code (ostreecopy <, ferry >)" "$prc" "$frc" || { cat "$W/perr" "$W/err"; return 1; }
  same "refs (ostreecopy <, ferry >)" "$(ot "$pr" refs | sort)" "$(ot "$fr" refs | sort)" || return 1
  for ref in $(ot "$pr" refs); do
    same "ls -R -X -C $ref (ostreecopy <, ferry >)" "$(ot "$pr" ls -R -X -C "$ref")" "$(ot "$fr" ls -R -X -C "$ref")" || return 1
  done
  rm -rf "$out"
  ferry copy --quiet "ostree:localhost/rich@$fr" "oci:$out:latest" || return 1
  same "layer digest of the read-back (the diff ID)" "$(jq -c .rootfs.diff_ids "$W/rich/blobs/sha256/$(jq -r '.manifests[0].digest | ltrimstr("sha256:")' "$W/rich/index.json" | xargs -I{} jq -r '.config.digest | ltrimstr("sha256:")' "$W/rich/blobs/sha256/{}")")" "$(oci_layers "$out")"
}
for mode in bare-user bare archive bare-user-only; do
  check "$mode: a layer of owners, modes, xattrs, links, fifo, device, whiteouts is stored as ostreecopy stores it and read back byte for byte" rich "$mode"
done
not_found() {
  local out
  out=$(ferry inspect "ostree:localhost/absent@$R" 2>&1) && { echo "inspect of an absent image succeeded"; return 1; }
  grep -q "no image localhost/absent:latest" <<<"$out" || { echo "$out"; return 1; }
}
check "reading an image that is not there says so" not_found

report
