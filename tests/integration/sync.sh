#!/usr/bin/env bash
# sync.sh — `ferry sync` next to Debian's `skopeo sync` (1.9.3) on the same sources: real
# registries started by the lab's registry.sh (plain HTTP), dir: trees and sync files. Both
# tools mirror into the same destination registry under different prefixes; then the
# destination names, tags and manifest digests must be the same, and so must the
# "Copying image ref" lines. Then what skopeo lacks: skipping what is present, --report,
# --only-failed after a registry that failed mid-run (fault_proxy.py), --shard, and the
# strict sync file.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash sync.sh
#
# Exits 77 without skopeo, jq or docker-registry. The last line is "N passed, N failed".
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
source "$(dirname "${BASH_SOURCE[0]}")/fault_proxy.sh"
require_tools skopeo jq curl python3
[[ -x /usr/bin/docker-registry ]] || skip "docker-registry not installed"
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-sync.XXXXXX")
cleanup() {
  stop_proxy
  stop_lab_registries
  rm -rf "$W"
}
trap cleanup EXIT

start_lab_registry src http || { cat "$W/start-src.err"; skip "no registry could start"; }
start_lab_registry dst http || { cat "$W/start-dst.err"; skip "no second registry could start"; }
SRC=${REG_ADDR[src]} DST=${REG_ADDR[dst]}
NO_TLS=(--src-tls-verify=false --dest-tls-verify=false)
ferry() { "$FERRY" --insecure-policy "$@"; }
sko() { skopeo --insecure-policy "$@"; }

# The source registry: a repository of several tags, a list, version-like tags.
push() { sko copy -q --all --dest-tls-verify=false "oci:$FIXTURES/oci/$1" "docker://$SRC/$2" >/dev/null; }
push tiny src/app:tiny && push medium src/app:medium && push labels src/app:labels &&
  push multiarch src/multi:v1 && push docker-v2s2 src/multi:plain &&
  for t in 1.0.0 1.2.3 1.2.9 1.3.0 2.0.0 v1.2.5 latest 1.2.4-rc1; do push tiny "src/ver:$t"; done &&
  for r in 1 2 3 4 5 6 7 8; do push tiny "src/many$r:latest"; done ||
  { echo "cannot push the source images"; echo "0 passed, 1 failed"; exit 1; }

# tags_with_digests REPO: "tag digest" lines of a destination repository, sorted.
tags_with_digests() {
  local repo=$1 t
  for t in $(curl -sf "http://$DST/v2/$repo/tags/list" | jq -r '.tags[]?' | sort); do
    echo "$t $(sko inspect --raw --tls-verify=false "docker://$DST/$repo:$t" | sha256sum | cut -d' ' -f1)"
  done
}
# copy_lines FILE PREFIX: the "Copying image ref" lines of a log, the destination prefix
# replaced by PREFIX and the time removed, sorted (ferry copies images in parallel).
copy_lines() {
  grep -o 'msg="[^"]*image ref [^"]*" from=.*' "$1" | sed "s#$2#PREFIX#g" | sed 's#ref [0-9]*/#ref N/#' | sort
}
catalog() { curl -sf "http://$DST/v2/_catalog?n=1000" | jq -c '.repositories'; }

# same_as_skopeo NAME SRC-KIND DEST-KIND SOURCE REPOS FLAGS...: both tools sync SOURCE, ferry
# under DST/ferry-NAME and skopeo under DST/sko-NAME; every repository in REPOS (relative to
# the prefix) must hold the same tags and manifest digests, and the logs name the same copies.
same_as_skopeo() {
  local name=$1 sk=$2 dk=$3 source=$4 repos=$5
  shift 5
  ferry sync --src "$sk" --dest "$dk" "${NO_TLS[@]}" "$@" "$source" "$DST/ferry-$name" >"$W/f.out" 2>"$W/f.err" ||
    { echo "ferry failed:"; cat "$W/f.err"; return 1; }
  sko sync --src "$sk" --dest "$dk" "${NO_TLS[@]}" "$@" "$source" "$DST/sko-$name" >"$W/s.out" 2>"$W/s.err" ||
    { echo "skopeo failed:"; cat "$W/s.err"; return 1; }
  local r
  for r in $repos; do
    diff <(tags_with_digests "ferry-$name/$r") <(tags_with_digests "sko-$name/$r") || return 1
    [[ -n $(tags_with_digests "ferry-$name/$r") ]] || { echo "nothing in ferry-$name/$r"; return 1; }
  done
  diff <(copy_lines "$W/f.err" "$DST/ferry-$name") <(copy_lines "$W/s.err" "$DST/sko-$name") || return 1
  grep -F "$(grep -o 'msg="Synced [^"]*"' "$W/s.err")" "$W/f.err" >/dev/null ||
    { echo "summary differs:"; tail -1 "$W/f.err"; tail -1 "$W/s.err"; return 1; }
}

check "a repository: every tag, unscoped names" same_as_skopeo repo docker docker "$SRC/src/app" app
# A scoped name keeps the source's "host:port", which is no repository name: both refuse
# before copying anything.
scoped_with_port() {
  local before
  before=$(catalog)
  ! ferry sync --src docker --dest docker "${NO_TLS[@]}" --scoped "$SRC/src/app" "$DST/m" >/dev/null 2>"$W/f.err" &&
    ! sko sync --src docker --dest docker "${NO_TLS[@]}" --scoped "$SRC/src/app" "$DST/m" >/dev/null 2>"$W/s.err" ||
    return 1
  diff <(grep -o 'level=fatal msg="Cannot obtain a valid image reference for transport [^:]*:[^:]*' "$W/f.err") \
    <(grep -o 'level=fatal msg="Cannot obtain a valid image reference for transport [^:]*:[^:]*' "$W/s.err") || return 1
  [[ $(catalog) == "$before" ]]
}
check "--scoped from a registry with a port: refused as skopeo refuses it, nothing copied" scoped_with_port
check "one tagged image" same_as_skopeo one docker docker "$SRC/src/app:medium" app
check "a list, --all keeps the list's digest" same_as_skopeo all docker docker "$SRC/src/multi" multi --all
check "a list without --all: the instance for this platform" same_as_skopeo sys docker docker "$SRC/src/multi:v1" multi

cat >"$W/sync.yaml" <<YAML
$SRC:
  tls-verify: false
  images:
    src/app: [tiny, "$(sko inspect --raw --tls-verify=false "docker://$SRC/src/app:labels" | sha256sum | sed 's/^/sha256:/;s/ .*//')"]
    src/multi: []
  images-by-tag-regex:
    src/ver: ^1\.2\.[0-9]+$
YAML
check "a sync file: tags, digests, all tags, a tag regex" same_as_skopeo yaml yaml docker "$W/sync.yaml" "app multi ver"

# docker -> dir and dir -> docker: the same directory names and files as skopeo's.
dir_sync() {
  ferry sync --src docker --dest dir "${NO_TLS[@]}" --scoped "$SRC/src/app" "$W/fdir" >/dev/null 2>"$W/f.err" || { cat "$W/f.err"; return 1; }
  sko sync --src docker --dest dir "${NO_TLS[@]}" --scoped "$SRC/src/app" "$W/sdir" >/dev/null 2>&1 || return 1
  diff <(cd "$W/fdir" && find . -type f | sort) <(cd "$W/sdir" && find . -type f | sort) || return 1
  local m
  for m in $(cd "$W/sdir" && find . -name manifest.json); do cmp "$W/fdir/$m" "$W/sdir/$m" || return 1; done
}
check "docker -> dir, --scoped: the same tree, the same manifests" dir_sync
tree() {
  mkdir -p "$W/tree/team/web" "$W/tree/team/db" "$W/tree/solo" &&
    cp -r "$W/sdir/$SRC/src/app:tiny" "$W/tree/team/web/v1" && cp -r "$W/sdir/$SRC/src/app:medium" "$W/tree/team/db/v2" &&
    cp -r "$W/sdir/$SRC/src/app:labels" "$W/tree/solo/img"
}
tree
check "dir -> docker, --scoped: names from the tree" same_as_skopeo fromdir dir docker "$W/tree" "team/web/v1 team/db/v2 solo/img" --scoped
check "dir -> docker, unscoped" same_as_skopeo fromdir2 dir docker "$W/sdir/" app
check "dir -> docker, SOURCE is itself an image" same_as_skopeo fromdir3 dir docker "$W/tree/solo/img" img

refuse_existing_dir() {
  mkdir -p "$W/taken/app:tiny"
  ! ferry sync --src docker --dest dir --src-tls-verify=false "$SRC/src/app:tiny" "$W/taken" 2>"$W/err" &&
    grep -F "Refusing to overwrite destination directory \\\"$W/taken/app:tiny\\\"" "$W/err" >/dev/null
}
check "a dir destination that exists is refused, as skopeo refuses it" refuse_existing_dir
dir_to_dir() {
  ! ferry sync --src dir --dest dir "$W/sdir" "$W/x" 2>"$W/err" &&
    grep -F "sync from 'dir' to 'dir' not implemented, consider using rsync instead" "$W/err" >/dev/null
}
check "dir -> dir is refused with skopeo's message" dir_to_dir

dry_run() {
  local before
  before=$(catalog)
  ferry sync --src docker --dest docker "${NO_TLS[@]}" --dry-run --digestfile "$W/dry.digests" \
    --report "$W/dry.jsonl" "$SRC/src/app" "$DST/dry" 2>"$W/err" >/dev/null || return 1
  ferry sync --src docker --dest dir "${NO_TLS[@]}" --dry-run "$SRC/src/app" "$W/drydir" 2>>"$W/err" >/dev/null || return 1
  [[ $(catalog) == "$before" && ! -e $W/drydir && ! -e $W/dry.digests && ! -e $W/dry.jsonl ]] ||
    { echo "a dry run wrote something"; return 1; }
  [[ $(grep -c 'msg="Would have copied image ref' "$W/err") == 6 ]] &&
    grep 'msg="Would have synced 3 images from 1 sources"' "$W/err" >/dev/null
}
check "--dry-run writes nothing and says what it would copy" dry_run

# What skopeo 1.9.3 has not: --append-suffix (1.11) and --digestfile (1.17), as upstream documents them.
suffix_and_digestfile() {
  ferry sync --src docker --dest docker "${NO_TLS[@]}" --append-suffix=-mirror --digestfile "$W/digests" \
    "$SRC/src/app" "$DST/suffixed" >/dev/null 2>&1 || return 1
  [[ $(curl -sf "http://$DST/v2/suffixed/app/tags/list" | jq -r '.tags | sort | join(" ")') == \
    "labels-mirror medium-mirror tiny-mirror" ]] || return 1
  local d
  d=$(sko inspect --raw --tls-verify=false "docker://$DST/suffixed/app:tiny-mirror" | sha256sum | cut -d' ' -f1)
  grep -Fx "sha256:$d docker://$DST/suffixed/app:tiny-mirror" "$W/digests" >/dev/null &&
    [[ $(wc -l <"$W/digests") == 3 ]]
}
check "--append-suffix and --digestfile" suffix_and_digestfile

semver() {
  cat >"$W/semver.yaml" <<YAML
$SRC:
  tls-verify: false
  images-by-semver:
    src/ver: ">= 1.2.0, < 2.0.0"
YAML
  ferry sync --src yaml --dest docker --dest-tls-verify=false "$W/semver.yaml" "$DST/semver" >/dev/null 2>"$W/err" ||
    { cat "$W/err"; return 1; }
  # v1.2.5 is a version to Masterminds/semver; 1.2.4-rc1 is a prerelease, left out by a plain range.
  [[ $(curl -sf "http://$DST/v2/semver/ver/tags/list" | jq -r '.tags | sort | join(" ")') == "1.2.3 1.2.9 1.3.0 v1.2.5" ]]
}
check "images-by-semver, as upstream skopeo documents it" semver

# Re-running finds everything present: one manifest read per image, nothing copied.
rerun_skips() {
  ferry sync --src docker --dest docker "${NO_TLS[@]}" --report "$W/again.jsonl" "$SRC/src/app" "$DST/ferry-repo" \
    >"$W/out" 2>"$W/err" || { cat "$W/err"; return 1; }
  [[ $(grep -c '^Skipping: image already present at destination$' "$W/out") == 3 ]] || { cat "$W/out"; return 1; }
  [[ $(jq -r .status "$W/again.jsonl" | sort | uniq -c | awk '{print $1, $2}') == "3 skipped" ]] || return 1
  ferry sync --src docker --dest docker "${NO_TLS[@]}" --force --report "$W/forced.jsonl" "$SRC/src/app" \
    "$DST/ferry-repo" >"$W/out" 2>&1 || return 1
  [[ $(jq -r .status "$W/forced.jsonl" | sort -u) == copied ]] && ! grep Skipping "$W/out" >/dev/null
}
check "a re-run skips what is present (and says so); --force copies" rerun_skips

# Images copied at once share layers: each blob is sent once, and mounted into the other repository.
blobs_move_once() {
  cat >"$W/shared.yaml" <<YAML
$SRC:
  tls-verify: false
  images:
    src/app: [tiny, labels]
    src/ver: []
YAML
  local pings
  pings=$(grep -c '"GET /v2/ HTTP' "${REG_LOG[dst]}")
  ferry sync --src yaml --dest docker --dest-tls-verify=false --parallel-images 4 "$W/shared.yaml" "$DST/once" \
    >/dev/null 2>"$W/err" || { cat "$W/err"; return 1; }
  pings=$(($(grep -c '"GET /v2/ HTTP' "${REG_LOG[dst]}") - pings))
  [[ $pings == 1 ]] || { echo "the destination was pinged $pings times for one sync"; return 1; }
  local twice
  twice=$(grep -o '"PUT /v2/once/[^ ]*digest=sha256%3A[0-9a-f]*' "${REG_LOG[dst]}" | sed 's/.*%3A//' | sort | uniq -d)
  [[ -z $twice ]] || { echo "sent more than once: $twice"; return 1; }
  grep '"POST /v2/once/[^ ]*mount=' "${REG_LOG[dst]}" >/dev/null || { echo "nothing mounted"; return 1; }
  [[ $(curl -sf "http://$DST/v2/once/ver/tags/list" | jq '.tags | length') == 8 ]]
}
check "images copied at once send each shared blob once; one ping per registry" blobs_move_once

# A registry with token authentication: the images of a sync share their tokens.
shared_tokens() {
  start_lab_registry tok token || { cat "$W/start-tok.err"; return 1; }
  local tok=${REG_ADDR[tok]} issued
  ferry sync --src docker --dest docker --src-tls-verify=false --dest-cert-dir "${REG_CERTS[tok]}" \
    --dest-creds "${REG_USER[tok]}:${REG_PASS[tok]}" --parallel-images 3 "$SRC/src/ver" "$tok/mirror" >/dev/null 2>"$W/err" ||
    { cat "$W/err"; return 1; }
  # 8 images, each reading the destination (pull) and writing it (pull,push): two scopes, a token each.
  issued=$(grep -c 'issued' "${REG_TOKEN_LOG[tok]}")
  [[ $issued == 2 ]] || { echo "$issued tokens issued for one repository"; return 1; }
  [[ $(skopeo list-tags --cert-dir "${REG_CERTS[tok]}" --creds "${REG_USER[tok]}:${REG_PASS[tok]}" \
    "docker://$tok/mirror/ver" | jq '.Tags | length') == 8 ]]
}
check "images of one sync share their registry tokens" shared_tokens

# A registry that fails mid-run: every manifest PUT for one tag answers 500.
failing_registry() {
  start_proxy "$DST" "PUT /v2/flaky/app/manifests/medium status code=500 count=0"
  ! ferry sync --src docker --dest docker "${NO_TLS[@]}" --keep-going --report "$W/flaky.jsonl" \
    "$SRC/src/app" "$PX/flaky" >"$W/out" 2>"$W/err" || { echo "no failure"; return 1; }
  stop_proxy
  grep -F 'level=error msg="Error copying ref \"docker://'"$SRC"'/src/app:medium\""' "$W/err" >/dev/null &&
    grep -F 'level=fatal msg="Sync failed due to previous reported error(s) for one or more images"' "$W/err" >/dev/null ||
    { cat "$W/err"; return 1; }
  [[ $(jq -r '.status' "$W/flaky.jsonl" | sort | tr '\n' ' ') == "copied copied failed " ]] || return 1
  [[ -z $(curl -sf "http://$DST/v2/flaky/app/tags/list" | jq -r '.tags[]' | grep -x medium) ]] || return 1
  # The re-run copies only the failure.
  ferry sync --src docker --dest docker "${NO_TLS[@]}" --only-failed "$W/flaky.jsonl" --report "$W/rerun.jsonl" \
    "$SRC/src/app" "$DST/flaky" >/dev/null 2>"$W/err" || { cat "$W/err"; return 1; }
  [[ $(jq -r '"\(.status) \(.source)"' "$W/rerun.jsonl") == "copied docker://$SRC/src/app:medium" ]] || return 1
  [[ $(curl -sf "http://$DST/v2/flaky/app/tags/list" | jq -r '.tags | sort | join(" ")') == "labels medium tiny" ]]
}
check "a registry failing mid-run, --keep-going, then --only-failed" failing_registry

stop_at_first_failure() {
  cat >"$W/missing.yaml" <<YAML
$SRC:
  tls-verify: false
  images:
    src/app: [tiny, no-such-tag, medium]
YAML
  ferry sync --src yaml --dest docker --dest-tls-verify=false --parallel-images 1 "$W/missing.yaml" "$DST/stops" \
    >/dev/null 2>"$W/err"
  local rc=$?
  [[ $rc == 2 ]] || { echo "exit $rc"; cat "$W/err"; return 1; }
  grep -F 'msg="Error copying ref \"docker://'"$SRC"'/src/app:no-such-tag\": ' "$W/err" >/dev/null || { cat "$W/err"; return 1; }
  [[ $(curl -sf "http://$DST/v2/stops/app/tags/list" | jq -r '.tags | join(" ")') == tiny ]]
}
check "without --keep-going the first failure ends the sync" stop_at_first_failure

failed_dir_image() {
  ! ferry sync --src yaml --dest dir --keep-going --report "$W/partial.jsonl" "$W/missing.yaml" "$W/partial" \
    >/dev/null 2>"$W/err" || return 1
  [[ -f $W/partial/app:tiny/manifest.json && -f $W/partial/app:medium/manifest.json ]] || { ls -R "$W/partial"; return 1; }
  [[ ! -e $W/partial/app:no-such-tag ]] || { echo "an empty directory was left for the failed image"; return 1; }
  # Once the image exists, --only-failed copies just it; the directories of the others are no obstacle.
  push tiny src/app:no-such-tag || return 1
  ferry sync --src yaml --dest dir --only-failed "$W/partial.jsonl" "$W/missing.yaml" "$W/partial" >/dev/null 2>"$W/err" ||
    { cat "$W/err"; return 1; }
  [[ -f $W/partial/app:no-such-tag/manifest.json ]]
}
check "a failed image leaves no directory behind in a dir: destination; --only-failed fills it in" failed_dir_image

shards() {
  local i
  { printf '%s:\n  tls-verify: false\n  images:\n    src/app: []\n    src/multi: []\n    src/ver: []\n' "$SRC"
    for i in 1 2 3 4 5 6 7 8; do echo "    src/many$i: [latest]"; done; } >"$W/shards.yaml"
  for i in 0 1 2 3; do
    ferry sync --src yaml --dest docker --dest-tls-verify=false --shard "$i/4" --report "$W/shard$i.jsonl" \
      "$W/shards.yaml" "$DST/sharded" >/dev/null 2>"$W/err" || { cat "$W/err"; return 1; }
  done
  ferry sync --src yaml --dest docker --dest-tls-verify=false --dry-run "$W/shards.yaml" "$DST/x" 2>"$W/all.err" >/dev/null
  local want got
  want=$(grep -o 'to="[^"]*"' "$W/all.err" | sed 's/to="//;s/"$//;s#/x/#/sharded/#' | sort)
  got=$(cat "$W"/shard*.jsonl | jq -r .destination | sort)
  [[ -n $want && $want == "$got" ]] || { diff <(echo "$want") <(echo "$got"); return 1; }
  # No image in two shards, a repository's tags in one, and more than one shard did work.
  [[ -z $(echo "$got" | uniq -d) ]] || return 1
  [[ -z $(for i in 0 1 2 3; do jq -r '.destination | sub("[:@][^/]*$"; "")' "$W/shard$i.jsonl" | sort -u; done |
    sort | uniq -d) ]] || { echo "a repository's tags went to several shards"; return 1; }
  [[ $(for i in 0 1 2 3; do [[ -s $W/shard$i.jsonl ]] && echo x; done | wc -l) -ge 2 ]] || return 1
  # auto: task 5 of an array 4-7 is shard 1.
  local auto
  auto=$(SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=4 ferry sync --src yaml --dest docker \
    --dest-tls-verify=false --shard auto --dry-run "$W/shards.yaml" "$DST/sharded" 2>&1 | grep -o 'to="[^"]*"' | sed 's/to="//;s/"$//' | sort)
  [[ $auto == "$(jq -r .destination "$W/shard1.jsonl" | sort)" ]]
}
check "--shard I/N: disjoint slices by repository that cover the list; auto from a Slurm array" shards

two_sources_one_name() {
  push tiny other/ver:latest || return 1
  printf '%s:\n  tls-verify: false\n  images:\n    src/ver: [latest]\n    other/ver: [latest]\n' "$SRC" >"$W/dup.yaml"
  ! ferry sync --src yaml --dest docker --dest-tls-verify=false "$W/dup.yaml" "$DST/dup" >/dev/null 2>"$W/err" &&
    grep -F "both docker://$SRC/src/ver:latest and docker://$SRC/other/ver:latest would be synced to docker://$DST/dup/ver:latest" \
      "$W/err" >/dev/null || { cat "$W/err"; return 1; }
  [[ -z $(curl -sf "http://$DST/v2/dup/ver/tags/list" | jq -r '.tags[]?') ]]
}
check "two sources for one destination name: refused before copying" two_sources_one_name

timeout_is_no_success() {
  start_proxy "$SRC" "GET /v2/src/app/tags/list stall seconds=20"
  printf '%s:\n  tls-verify: false\n  images:\n    src/app: []\n    src/multi: []\n' "$PX" >"$W/late.yaml"
  ferry --command-timeout 2s sync --src yaml --dest docker --dest-tls-verify=false "$W/late.yaml" "$DST/late" \
    >/dev/null 2>"$W/err"
  local rc=$?
  stop_proxy
  [[ $rc != 0 ]] && grep -F 'context deadline exceeded' "$W/err" >/dev/null && ! grep 'msg="Synced' "$W/err" >/dev/null ||
    { echo "exit $rc"; cat "$W/err"; return 1; }
}
check "--command-timeout during a sync file's tag listing ends the sync with a failure" timeout_is_no_success

bad_sync_files() {
  local before
  before=$(catalog)
  printf '%s:\n  images:\n    src/app: [tiny]\n  tls-verfy: false\n' "$SRC" >"$W/typo.yaml"
  ! ferry sync --src yaml --dest docker "$W/typo.yaml" "$DST/bad" 2>"$W/err" >/dev/null &&
    grep -F "$W/typo.yaml:4: unknown key \\\"tls-verfy\\\"" "$W/err" >/dev/null || { cat "$W/err"; return 1; }
  printf '%s:\n  images-by-tag-regex:\n    src/app: "[a-"\n' "$SRC" >"$W/regex.yaml"
  ! ferry sync --src yaml --dest docker "$W/regex.yaml" "$DST/bad" 2>"$W/err" >/dev/null &&
    grep -F "$W/regex.yaml:3: \\\"$SRC.images-by-tag-regex.src/app\\\": invalid regular expression" "$W/err" >/dev/null ||
    { cat "$W/err"; return 1; }
  printf '%s:\n  images-by-semver:\n    src/ver: ">= one"\n' "$SRC" >"$W/semver-bad.yaml"
  ! ferry sync --src yaml --dest docker "$W/semver-bad.yaml" "$DST/bad" 2>"$W/err" >/dev/null &&
    grep -F "$W/semver-bad.yaml:3: \\\"$SRC.images-by-semver.src/ver\\\": invalid semver constraint" "$W/err" >/dev/null ||
    { cat "$W/err"; return 1; }
  printf '%s:\n  images: {src/app: [tiny}\n' "$SRC" >"$W/broken.yaml"
  ! ferry sync --src yaml --dest docker "$W/broken.yaml" "$DST/bad" 2>"$W/err" >/dev/null &&
    grep -F "$W/broken.yaml:2:" "$W/err" >/dev/null || { cat "$W/err"; return 1; }
  [[ $(catalog) == "$before" ]]
}
check "bad sync files: file, line and key named; nothing copied" bad_sync_files

usage_errors() {
  local out
  out=$(ferry sync --src docker "$SRC/src/app" "$DST/x" 2>&1) && return 1
  grep -F 'A destination transport must be specified' <<<"$out" >/dev/null || return 1
  out=$(ferry sync --src ftp --dest docker "$SRC/src/app" "$DST/x" 2>&1) && return 1
  grep -F '\"ftp\" is not a valid source transport' <<<"$out" >/dev/null || return 1
  out=$(ferry sync --src docker --dest docker --shard 4/4 "$SRC/src/app" "$DST/x" 2>&1) && return 1
  grep -F -- '--shard: shard index 4 is not below the count 4' <<<"$out" >/dev/null || return 1
  out=$(ferry sync --src docker --dest docker --src-tls-verify=false "$SRC/src/nothing-here" "$DST/x" 2>&1)
  [[ $? == 2 ]] || { echo "$out"; return 1; }
}
check "usage errors name the flag; a missing repository exits 2" usage_errors

report
