#!/usr/bin/env bash
# registry_interop.sh — ferry's docker:// transport against Debian's docker-registry (distribution
# 2.8, started by the lab's registry.sh in http, https, htpasswd and token modes), with skopeo as
# the oracle: what ferry pushes skopeo reads with the same digests, what skopeo pushes ferry pulls
# byte for byte as skopeo does, registry -> registry copies, inspect, list-tags, delete, and the
# errors users meet (wrong password, read-only user, unknown manifest, untrusted certificate),
# none of which may print the password.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash registry_interop.sh
#
# Exits 77 (skip) without skopeo, jq or docker-registry, or when no registry starts. The last
# line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools skopeo jq curl openssl
[[ -x /usr/bin/docker-registry ]] || skip "docker-registry not installed"
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-registry.XXXXXX")
cleanup() {
  stop_lab_registries
  rm -rf "$W"
}
trap cleanup EXIT

after_check() {
  cat "$W/log" >>"$W/all-output"
}

# Everything ferry prints is kept, so the end can check no password ever appeared.
ferry() { "$FERRY" --insecure-policy "$@" 2>&1 | tee -a "$W/all-output"; return "${PIPESTATUS[0]}"; }
sko() { skopeo --insecure-policy "$@"; }

# start_registry MODE: one registry of MODE, named MODE; its settings are ADDR[MODE],
# LOG[MODE], CERTS[MODE], USER[MODE] and PASS[MODE] (check.sh's start_lab_registry keeps them).
declare -n ADDR=REG_ADDR LOG=REG_LOG CERTS=REG_CERTS USER=REG_USER PASS=REG_PASS
start_registry() { start_lab_registry "$1" "$1"; }
# flags MODE PREFIX: the TLS and credential flags for a registry of MODE ("src-", "dest-" or "").
flags() {
  local mode=$1 p=$2
  if [[ $mode == http ]]; then echo "--${p}tls-verify=false"; else echo "--${p}cert-dir ${CERTS[$mode]}"; fi
  [[ -n ${USER[$mode]:-} ]] && echo "--${p}creds ${USER[$mode]}:${PASS[$mode]}"
  return 0
}

MODES=()
for mode in http token https htpasswd; do
  if start_registry "$mode"; then MODES+=("$mode"); else cat "$W/start-$mode.err"; fi
done
[[ ${#MODES[@]} -gt 0 ]] || skip "no registry could start"

declare -A DIGEST MEDIA
NAMES=()
while IFS=$'\t' read -r name media digest _; do
  [[ -d $FIXTURES/oci/$name ]] || continue
  NAMES+=("$name")
  DIGEST[$name]=$digest
  MEDIA[$name]=$media
done <"$FIXTURES/digests.tsv"
is_list() { [[ ${MEDIA[$1]} == *index* || ${MEDIA[$1]} == *list* ]]; }
all_flag() { is_list "$1" && echo --all; return 0; }

# ------------------------------------------------------------------ assertions

raw_digest_is() { # MODE REF WANT
  local got
  # shellcheck disable=SC2046
  got=sha256:$(sko inspect --raw $(flags "$1" "") "docker://$2" | sha256sum | cut -d' ' -f1)
  [[ $got == "$3" ]] || { echo "skopeo reads $2 with digest $got, want $3"; return 1; }
}
skopeo_dir() { # X: skopeo's own dir: copy of the fixture, the reference for every pull
  [[ -d $W/s-dir-$1 ]] || sko copy --quiet $(all_flag "$1") "oci:$FIXTURES/oci/$1" "dir:$W/s-dir-$1"
}
ferry_push_skopeo_reads() { # MODE X
  local m=$1 x=$2 ref=${ADDR[$1]}/ferry/$2:latest
  # shellcheck disable=SC2046
  ferry copy --quiet $(all_flag "$x") $(flags "$m" dest-) "oci:$FIXTURES/oci/$x" "docker://$ref" &&
    raw_digest_is "$m" "$ref" "${DIGEST[$x]}" && skopeo_dir "$x" &&
    sko copy --quiet $(all_flag "$x") $(flags "$m" src-) "docker://$ref" "dir:$W/sp-$m-$x" &&
    diff -r "$W/sp-$m-$x" "$W/s-dir-$x"
}
skopeo_push_ferry_pulls() { # MODE X
  local m=$1 x=$2 ref=${ADDR[$1]}/skopeo/$2:latest
  # shellcheck disable=SC2046
  sko copy --quiet $(all_flag "$x") $(flags "$m" dest-) "oci:$FIXTURES/oci/$x" "docker://$ref" &&
    ferry copy --quiet $(all_flag "$x") $(flags "$m" src-) "docker://$ref" "dir:$W/fp-$m-$x" &&
    sko copy --quiet $(all_flag "$x") $(flags "$m" src-) "docker://$ref" "dir:$W/spp-$m-$x" &&
    diff -r "$W/fp-$m-$x" "$W/spp-$m-$x"
}
same_inspect() { # MODE REF
  # shellcheck disable=SC2046
  ferry inspect $(flags "$1" "") "docker://$2" >"$W/fi.json" && sko inspect $(flags "$1" "") "docker://$2" >"$W/si.json" &&
    diff <(jq -S 'del(.LayersData)' "$W/fi.json") <(jq -S 'del(.LayersData)' "$W/si.json")
}
same_raw() { # MODE REF
  # shellcheck disable=SC2046
  ferry inspect --raw $(flags "$1" "") "docker://$2" >"$W/fr.raw" && sko inspect --raw $(flags "$1" "") "docker://$2" >"$W/sr.raw" &&
    cmp "$W/fr.raw" "$W/sr.raw"
}

# ------------------------------------------------------------------ per mode

for m in "${MODES[@]}"; do
  names=("${NAMES[@]}")
  [[ $m == https || $m == htpasswd ]] && names=(tiny multiarch)  # the cheap ones: TLS and auth only
  for x in "${names[@]}"; do
    check "$m: ferry pushes $x, skopeo reads it with the same digest" ferry_push_skopeo_reads "$m" "$x"
    check "$m: skopeo pushes $x, ferry pulls it as skopeo does" skopeo_push_ferry_pulls "$m" "$x"
  done
  check "$m: ferry inspect equals skopeo inspect" same_inspect "$m" "${ADDR[$m]}/ferry/tiny:latest"
  check "$m: ferry inspect --raw of a list equals skopeo's" same_raw "$m" "${ADDR[$m]}/ferry/multiarch:latest"
done

# A Docker-typed image from a registry is converted to OCI types on its way into oci:.
docker_image_to_oci() { # MODE X
  # shellcheck disable=SC2046
  ferry copy --quiet $(all_flag "$2") $(flags "$1" src-) "docker://${ADDR[$1]}/skopeo/$2:latest" "oci:$W/to-oci-$2:$2" &&
    oci_readable "$W/to-oci-$2" "$2"
}
check "${MODES[0]}: a Docker v2s2 image from the registry becomes OCI in oci:" docker_image_to_oci "${MODES[0]}" docker-v2s2
check "${MODES[0]}: a Docker list from the registry (--all) becomes an OCI index in oci:" docker_image_to_oci "${MODES[0]}" docker-list

# ------------------------------------------------------------------ registry commands and copies

has() { [[ " ${MODES[*]} " == *" $1 "* ]]; }
if has token; then
  T=${ADDR[token]}
  log_lines() { grep -c "$1" "${LOG[token]}" || true; }
  within_registry_mounts() {
    local before after
    before=$(log_lines 'mount=')
    # shellcheck disable=SC2046
    ferry copy --quiet $(flags token src-) $(flags token dest-) "docker://$T/ferry/medium:latest" "docker://$T/other/medium:latest" &&
      raw_digest_is token "$T/other/medium:latest" "${DIGEST[medium]}" || return 1
    after=$(log_lines 'mount=')
    [[ $((after - before)) -ge 5 ]] || { echo "the registry saw $((after - before)) mounts, want one per layer"; return 1; }
  }
  repush_uploads_nothing() {
    # shellcheck disable=SC2046
    ferry --debug copy --quiet $(flags token dest-) "oci:$FIXTURES/oci/medium" "docker://$T/ferry/medium:latest" >"$W/repush" 2>&1 ||
      { cat "$W/repush"; return 1; }
    ! grep -E 'blobs/uploads|PATCH' "$W/repush"
  }
  same_tags() {
    # shellcheck disable=SC2046
    ferry copy --quiet $(flags token src-) $(flags token dest-) "docker://$T/ferry/tiny:latest" "docker://$T/ferry/tiny:v2" &&
      ferry list-tags $(flags token "") "docker://$T/ferry/tiny" >"$W/ft" && sko list-tags $(flags token "") "docker://$T/ferry/tiny" >"$W/st" &&
      diff "$W/ft" "$W/st" && jq -e '.Tags | length == 2' "$W/ft" >/dev/null
  }
  delete_removes() {
    # shellcheck disable=SC2046
    ferry delete $(flags token "") "docker://$T/other/medium:latest" || return 1
    ferry inspect $(flags token "") "docker://$T/other/medium:latest"
    [[ $? == 2 ]]
  }
  wrong_password() {
    local out
    out=$(ferry inspect --cert-dir "${CERTS[token]}" --creds "${USER[token]}:Wr0ngPassw0rd" "docker://$T/ferry/tiny:latest")
    [[ $? == 1 ]] && echo "$out" | grep -q 'invalid username/password' && ! echo "$out" | grep -q Wr0ngPassw0rd
  }
  readonly_push() {
    local out
    out=$(ferry copy --quiet --dest-cert-dir "${CERTS[token]}" --dest-creds reader:reader-pass "oci:$FIXTURES/oci/labels" "docker://$T/ro/labels:latest")
    [[ $? == 1 ]] && echo "$out" | grep -q 'requested access to the resource is denied' && ! echo "$out" | grep -q reader-pass
  }
  unknown_manifest() {
    local out
    # shellcheck disable=SC2046
    out=$(ferry inspect $(flags token "") "docker://$T/ferry/tiny:nope")
    [[ $? == 2 ]] && echo "$out" | grep -q "reading manifest nope in $T/ferry/tiny: manifest unknown"
  }
  untrusted_certificate() {
    local out
    out=$(ferry inspect --creds "${USER[token]}:${PASS[token]}" "docker://$T/ferry/tiny:latest")
    [[ $? == 1 ]] && echo "$out" | grep -q 'certificate verify failed' && echo "$out" | grep -q -- '--cert-dir'
  }
  no_credentials() {
    local out
    out=$(ferry inspect --cert-dir "${CERTS[token]}" "docker://$T/ferry/tiny:latest")
    [[ $? == 1 ]] && echo "$out" | grep -qE 'authentication required|denied'
  }
  check "token: registry -> registry across repositories mounts every layer" within_registry_mounts
  check "token: pushing an image the registry has uploads no blob" repush_uploads_nothing
  check "token: list-tags equals skopeo's" same_tags
  check "token: delete removes the image (then exit 2)" delete_removes
  check "token: a wrong password is a clear error" wrong_password
  check "token: a read-only user cannot push" readonly_push
  check "token: an unknown manifest exits 2 and says so" unknown_manifest
  check "token: a self-signed certificate without --cert-dir is refused, naming --cert-dir" untrusted_certificate
  check "token: no credentials is a clear error" no_credentials
fi
if has token && has http; then
  across() { # FROM TO
    # shellcheck disable=SC2046
    ferry copy --quiet --all $(flags "$1" src-) $(flags "$2" dest-) "docker://${ADDR[$1]}/ferry/multiarch:latest" \
      "docker://${ADDR[$2]}/from-$1/multiarch:latest" &&
      raw_digest_is "$2" "${ADDR[$2]}/from-$1/multiarch:latest" "${DIGEST[multiarch]}"
  }
  check "http -> token registry keeps the list's digest" across http token
  check "token -> http registry keeps the list's digest" across token http
fi
if has htpasswd; then
  basic_wrong_password() {
    local out
    out=$(ferry inspect --cert-dir "${CERTS[htpasswd]}" --creds "${USER[htpasswd]}:Wr0ngPassw0rd" "docker://${ADDR[htpasswd]}/ferry/tiny:latest")
    [[ $? == 1 ]] && echo "$out" | grep -q 'authentication required' && ! echo "$out" | grep -q Wr0ngPassw0rd
  }
  check "htpasswd: a wrong password is a clear error" basic_wrong_password
fi

never_printed_passwords() {
  local m
  for m in "${MODES[@]}"; do
    [[ -z ${PASS[$m]:-} ]] && continue
    ! grep -F -- "${PASS[$m]}" "$W/all-output" || { echo "the $m password was printed"; return 1; }
  done
  ! grep -F -e Wr0ngPassw0rd -e reader-pass "$W/all-output"
}
check "no password appears in anything ferry printed" never_printed_passwords

report
