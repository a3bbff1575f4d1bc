#!/usr/bin/env bash
# exit_codes.sh — one rule for every transport: exit 2 when the place that holds images was
# reached and does not hold the named image; exit 1 when that place itself is missing, when
# the image is damaged (a blob or an instance missing below it), or for any other failure.
# A table over dir:, oci:, oci-archive:, docker-archive:, docker:// (a real registry) and
# docker-daemon: (a private dockerd, when one can run), for inspect and copy.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash exit_codes.sh
#
# The last line of output is "N passed, N failed"; exits 77 without jq or skopeo.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
require_tools jq skopeo
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-exit.XXXXXX")
DK=/tmp/fex.$$ # short: unix socket paths are limited
REG_STOP=
cleanup() {
  [[ -n $REG_STOP ]] && bash "$LAB_DIR/registry.sh" stop "$REG_STOP" >/dev/null 2>&1
  if declare -F dockerd_stop >/dev/null; then dockerd_stop "$DK" >/dev/null 2>&1; fi
  rm -rf "$W" "$DK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

ferry() { "$FERRY" --insecure-policy "$@"; }

# exits_with WANT COMMAND...: COMMAND exits WANT (its stderr is shown when it does not).
exits_with() {
  local want=$1 rc
  shift
  "$@" >/dev/null 2>"$W/stderr"
  rc=$?
  [[ $rc == "$want" ]] || { echo "exit $rc, want $want: $*"; cat "$W/stderr"; return 1; }
}
# both WANT REF: inspect REF and copy REF to a fresh dir: both exit WANT; the copy writes nothing.
both() {
  local want=$1 ref=$2 out=$W/out-$RANDOM
  exits_with "$want" ferry inspect "$ref" && exits_with "$want" ferry copy --quiet "$ref" "dir:$out" &&
    [[ ! -e $out ]]
}

# --------------------------------------------------------------------------- local stores

skopeo --insecure-policy copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$W/dir" &&
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci:$W/layout:tiny" &&
  ferry copy --quiet --all "oci:$FIXTURES/oci/multiarch" "oci:$W/layout:multi" &&
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "oci-archive:$W/oci.tar:tiny" &&
  ferry copy --quiet "oci:$FIXTURES/oci/tiny" "docker-archive:$W/docker.tar:lab/tiny:1" ||
  { echo "cannot make the stores"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$W/empty-layout" && echo '{"schemaVersion":2,"manifests":[]}' >"$W/empty-layout/index.json"
# Damaged copies: the layer of tiny removed.
layer=$(jq -r '.layers[0].digest' "$W/dir/manifest.json")
cp -r "$W/dir" "$W/dir-damaged" && rm "$W/dir-damaged/${layer#sha256:}"
cp -r "$W/layout" "$W/layout-damaged" && rm "$W/layout-damaged/blobs/sha256/${layer#sha256:}"
# An --all index whose amd64 instance manifest is gone.
inst=$(ferry inspect --raw "oci:$W/layout:multi" | jq -r '.manifests[0].digest')
cp -r "$W/layout" "$W/layout-noinst" && rm "$W/layout-noinst/blobs/sha256/${inst#sha256:}"

check "dir: a missing directory exits 1" both 1 "dir:$W/nope"
check "dir: a missing blob exits 1" exits_with 1 ferry copy --quiet "dir:$W/dir-damaged" "dir:$W/d1"
check "oci: a missing layout exits 1" both 1 "oci:$W/nope:tiny"
check "oci: a missing reference exits 2" both 2 "oci:$W/layout:nope"
check "oci: a layout with no images exits 2" both 2 "oci:$W/empty-layout"
check "oci: @N past the last entry exits 2" both 2 "oci:$W/layout:@7"
check "oci: a missing blob exits 1" exits_with 1 ferry copy --quiet "oci:$W/layout-damaged:tiny" "dir:$W/o1"
check "oci: a missing instance manifest of a list exits 1" \
  exits_with 1 ferry --override-arch amd64 copy --quiet "oci:$W/layout-noinst:multi" "dir:$W/o2"
check "oci: a platform the list lacks exits 1" \
  exits_with 1 ferry --override-arch s390x copy --quiet "oci:$W/layout:multi" "dir:$W/o3"
# skopeo's system test: a list without the platform is no missing image (exit 1), with these words.
platform_missing() {
  exits_with 1 ferry --override-arch s390x inspect "oci:$FIXTURES/oci/$1" || return 1
  grep -qF "Error parsing manifest for image: choosing image instance: no image found in $2 for architecture \\\"s390x\\\", variant \\\"\\\", OS \\\"linux\\\"" "$W/stderr" ||
    { cat "$W/stderr"; return 1; }
  exits_with 1 ferry --override-arch s390x copy "oci:$FIXTURES/oci/$1" "dir:$W/p-$1" || return 1
  grep -qF "choosing an image from manifest list oci:$FIXTURES/oci/$1: no image found in $2 for architecture" "$W/stderr" ||
    { cat "$W/stderr"; return 1; }
}
check "a Docker list without the platform: exit 1, 'parsing manifest for image: ... manifest list ...'" \
  platform_missing docker-list "manifest list"
check "an OCI index without the platform: exit 1, '... image index ...'" platform_missing multiarch "image index"
check "oci-archive: a missing file exits 1" both 1 "oci-archive:$W/nope.tar:tiny"
check "oci-archive: a missing reference exits 2" both 2 "oci-archive:$W/oci.tar:nope"
check "docker-archive: a missing file exits 1" both 1 "docker-archive:$W/nope.tar"
check "docker-archive: a missing tag exits 2" both 2 "docker-archive:$W/docker.tar:lab/none:1"
check "docker-archive: @N past the last image exits 2" both 2 "docker-archive:$W/docker.tar:@3"
check "delete oci: of a missing reference exits 2" exits_with 2 ferry delete "oci:$W/layout:nope"
check "delete oci: in a missing layout exits 1" exits_with 1 ferry delete "oci:$W/nope:x"

# --------------------------------------------------------------------------- a registry

if [[ -x /usr/bin/docker-registry ]] && env=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start http 2>"$W/reg.err"); then
  eval "$env"
  REG_STOP=$LAB_REG_DIR R=$LAB_REG_ADDR
  ferry copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/tiny" "docker://$R/lab/tiny:1" ||
    { echo "cannot push to the registry"; echo "0 passed, 1 failed"; exit 1; }
  zero=sha256:$(printf %064d 0)
  both_plain_http() { # WANT REF: as `both`, over plain HTTP
    local out=$W/out-$RANDOM
    exits_with "$1" ferry inspect --tls-verify=false "$2" &&
      exits_with "$1" ferry copy --quiet --src-tls-verify=false "$2" "dir:$out" && [[ ! -e $out ]]
  }
  check "docker: an unknown tag exits 2" both_plain_http 2 "docker://$R/lab/tiny:nope"
  check "docker: an unknown digest exits 2" both_plain_http 2 "docker://$R/lab/tiny@$zero"
  check "docker: an unknown repository exits 2" both_plain_http 2 "docker://$R/lab/none:1"
  list_tags_of_a_tag_refused() { # as skopeo (whose message leaves the reference out): list-tags names a repository
    skopeo list-tags --tls-verify=false "docker://$R/lab/tiny:1" >/dev/null 2>"$W/e"
    [[ $? == 1 ]] && grep -q "No tag or digest allowed in reference" "$W/e" || { cat "$W/e"; return 1; }
    ferry list-tags --tls-verify=false "docker://$R/lab/tiny:1" >/dev/null 2>"$W/e"
    [[ $? == 1 ]] && grep -q "No tag or digest allowed in reference $R/lab/tiny:1" "$W/e" || { cat "$W/e"; return 1; }
  }
  check "docker: list-tags of a tagged reference is refused as skopeo refuses it" list_tags_of_a_tag_refused
  check "docker: delete of an unknown tag exits 2" exits_with 2 ferry delete --tls-verify=false "docker://$R/lab/tiny:nope"
  check "docker: an unreachable registry exits 1" exits_with 1 ferry inspect --tls-verify=false "docker://127.0.0.1:9/lab/tiny:1"
else
  echo "skip - no registry could start: $(cat "$W/reg.err" 2>/dev/null)"
fi

# --------------------------------------------------------------------------- a daemon

if command -v dockerd >/dev/null && [[ -f $LAB_DIR/peers.sh ]]; then
  # shellcheck source=/dev/null
  . "$LAB_DIR/peers.sh"
  if dockerd_start "$DK" vfs >/dev/null 2>&1; then
    check "docker-daemon: a missing image exits 2" \
      exits_with 2 ferry inspect --daemon-host "unix://$DK/docker.sock" docker-daemon:lab/none:1
    check "docker-daemon: an unreachable daemon exits 1" \
      exits_with 1 ferry inspect --daemon-host "unix://$W/none.sock" docker-daemon:lab/none:1
  else
    echo "skip - dockerd cannot start here"
  fi
fi
report
