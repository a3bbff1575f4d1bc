#!/usr/bin/env bash
# registry_routes.sh — where ferry's docker:// requests go and how they travel, against real
# registries (the lab's registry.sh: two plain-http ones and one htpasswd one) with skopeo and
# podman as the oracles:
#   - bearer tokens the registry stops accepting mid-copy, renewed once per refusal,
#   - the system trust store (a CA added with update-ca-certificates, removed at the end),
#   - blob redirects (credentials dropped when the redirect leaves the registry's host),
#   - HTTP_PROXY, HTTPS_PROXY (CONNECT) and NO_PROXY,
#   - list-tags following Link pagination,
#   - uploads that cannot be one PUT: a blob over 64 MiB, and a blob whose digest is known only
#     at its end (recompression), both sent with PATCH,
#   - delete on a registry that has deletion disabled,
#   - registries.conf: location rewriting, mirrors with fallback, mirror-by-digest-only, blocked,
#   - auth files written by `podman login` used by ferry, and `ferry login`'s used by skopeo and
#     podman; no password printed anywhere.
# fault_proxy.py plays the redirecting storage backend, the forward proxy and the paginating
# registry in front of the real one.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash registry_routes.sh
#
# Exits 77 (skip) without skopeo, jq, python3 or docker-registry, or when the registries cannot
# start. The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=${LAB_DIR:-$HERE/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}

source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools skopeo jq python3 curl
[[ -x /usr/bin/docker-registry ]] || skip "docker-registry not installed"
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-routes.XXXXXX")
STOPS=()
SYSTEM_CA=/usr/local/share/ca-certificates/ferry-test-$$.crt
cleanup() {
  local s
  if [[ -e $SYSTEM_CA ]]; then rm -f "$SYSTEM_CA"; update-ca-certificates --fresh >/dev/null 2>&1; fi
  stop_proxy
  for s in "${STOPS[@]}"; do bash "$LAB_DIR/registry.sh" stop "$s" >/dev/null 2>&1; done
  rm -rf "$W"
}
trap cleanup EXIT
source "$(dirname "${BASH_SOURCE[0]}")/fault_proxy.sh"

CHECK_SHOW=tail
after_check() {
  stop_proxy
  cat "$W/log" >>"$W/all-output"
}

# Everything ferry prints is kept, so the end can check no password ever appeared.
ferry() { timeout 300 "$FERRY" --insecure-policy "$@" 2> >(tee -a "$W/all-output" >&2); }
sko() { skopeo --insecure-policy "$@"; }

# start_registry NAME MODE: sets ADDR[NAME], LOG[NAME], CERTS[NAME], and USER, PASS when it has users.
declare -A ADDR LOG CERTS
USER="" PASS=""
start_registry() {
  local env
  env=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start "$2" 2>"$W/start-$1.err") ||
    { cat "$W/start-$1.err"; skip "the $2 registry did not start"; }
  # In a subshell: registry.sh reads LAB_REG_* variables as settings for the next start.
  mapfile -t v < <(eval "$env"; printf '%s\n' "$LAB_REG_ADDR" "$LAB_REG_LOG" "${LAB_REG_CERT_DIR:-}" \
    "${LAB_REG_USER:-}" "${LAB_REG_PASS:-}" "$LAB_REG_DIR")
  ADDR[$1]=${v[0]} LOG[$1]=${v[1]} CERTS[$1]=${v[2]}
  [[ -n ${v[3]} ]] && USER=${v[3]} PASS=${v[4]}
  STOPS+=("${v[5]}")
}
start_registry a http
start_registry b http
start_registry h htpasswd
H_USER=$USER H_PASS=$PASS
start_registry t token
T_USER=$USER T_PASS=$PASS
USER=$H_USER PASS=$H_PASS  # USER and PASS: the htpasswd registry's
# distribution reads REGISTRY_* variables over its configuration file.
REGISTRY_STORAGE_DELETE_ENABLED=false start_registry nodelete http

# No auth file of the machine's user may answer for these registries (set after the registries
# start: they read REGISTRY_* variables as their own configuration).
export HOME=$W/home XDG_RUNTIME_DIR=$W/run REGISTRY_AUTH_FILE=$W/none.json
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
unset HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy

log_lines() { grep -c "$2" "${LOG[$1]}" || true; }
# log_lines_settled REGISTRY PATTERN WANT: log_lines, once it reaches WANT or 5 s have passed —
# the registry writes a request's line after it answered, so a busy machine can read it early.
log_lines_settled() {
  local i n
  for ((i = 0; i < 50; i++)); do
    n=$(log_lines "$1" "$2")
    ((n >= $3)) && break
    sleep 0.1
  done
  # A line more than wanted may come later still: give it a moment before the count is final.
  sleep 0.3
  log_lines "$1" "$2"
}

declare -A DIGEST
while IFS=$'\t' read -r name _ digest _; do DIGEST[$name]=$digest; done <"$FIXTURES/digests.tsv"

# The images the checks read, and skopeo's own pulls of them for comparison.
seed() {
  sko copy -q --dest-cert-dir "${CERTS[h]}" --dest-creds "$USER:$PASS" "oci:$FIXTURES/oci/medium" \
    "docker://${ADDR[h]}/base/medium:latest" &&
    sko copy -q --src-cert-dir "${CERTS[h]}" --src-creds "$USER:$PASS" "docker://${ADDR[h]}/base/medium:latest" \
      "dir:$W/want-medium" &&
    for t in v1 v2 v3 v4 v5; do
      sko copy -q --dest-tls-verify=false "oci:$FIXTURES/oci/tiny" "docker://${ADDR[a]}/lab/tiny:$t" || return 1
    done &&
    sko copy -q --dest-tls-verify=false "oci:$FIXTURES/oci/tiny" "docker://${ADDR[b]}/lab/mirrored:1" &&
    sko copy -q --dest-tls-verify=false "oci:$FIXTURES/oci/medium" "docker://${ADDR[a]}/lab/primary-only:1" &&
    sko copy -q --dest-cert-dir "${CERTS[t]}" --dest-creds "$T_USER:$T_PASS" "oci:$FIXTURES/oci/medium" \
      "docker://${ADDR[t]}/base/medium:latest" &&
    sko copy -q --dest-tls-verify=false "oci:$FIXTURES/oci/tiny" "docker://${ADDR[nodelete]}/lab/tiny:1"
}
seed >"$W/seed.log" 2>&1 || { cat "$W/seed.log"; echo "cannot seed the registries"; echo "0 passed, 1 failed"; exit 1; }

# ---------------------------------------------------------------- bearer tokens
token_log_lines() { grep -c '"GET /token' "${LOG[t]%/*}/token-server.log" || true; }
refused_token_renewed() {
  start_proxy "${ADDR[t]}" --upstream-tls 'GET /blobs/sha256: unauth count=2'
  local before
  before=$(token_log_lines)
  ferry copy -q --src-tls-verify=false --src-creds "$T_USER:$T_PASS" "docker://$PX/base/medium:latest" "dir:$W/t1" &&
    diff -r "$W/t1" "$W/want-medium" || return 1
  # One token to start with, one more after each refusal.
  [[ $(proxy_lines 'FAULT unauth') == 2 && $(($(token_log_lines) - before)) == 3 ]]
}
endlessly_refused_token_fails() {
  start_proxy "${ADDR[t]}" --upstream-tls 'GET /manifests/ unauth count=0'
  local out rc
  out=$(ferry inspect --tls-verify=false --creds "$T_USER:$T_PASS" "docker://$PX/base/medium:latest" 2>&1)
  rc=$?
  echo "$out"
  [[ $rc == 1 && $(proxy_lines 'FAULT unauth') == 2 ]] && grep -q 'authentication required' <<<"$out"
}
check "a bearer token refused mid-copy is renewed and the copy completes" refused_token_renewed
check "a registry that keeps refusing fresh tokens fails after one renewal" endlessly_refused_token_fails

# ---------------------------------------------------------------- system trust store
system_ca_trusted() {
  command -v update-ca-certificates >/dev/null || { echo "update-ca-certificates not installed"; return 1; }
  local out
  out=$(ferry inspect --raw --creds "$T_USER:$T_PASS" "docker://${ADDR[t]}/base/medium:latest" 2>&1)
  [[ $? == 1 ]] && grep -q 'certificate verify failed' <<<"$out" || { echo "trusted before: $out"; return 1; }
  cp "${CERTS[t]}/ca.crt" "$SYSTEM_CA" && update-ca-certificates >/dev/null 2>&1 || return 1
  ferry inspect --raw --creds "$T_USER:$T_PASS" "docker://${ADDR[t]}/base/medium:latest" | sha256sum | grep -q "${DIGEST[medium]#sha256:}" &&
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt ferry inspect --raw --creds "$T_USER:$T_PASS" \
      "docker://${ADDR[t]}/base/medium:latest" | sha256sum | grep -q "${DIGEST[medium]#sha256:}"
  local rc=$?
  rm -f "$SYSTEM_CA"
  update-ca-certificates --fresh >/dev/null 2>&1
  return $rc
}
check "a CA in the system trust store is trusted without --cert-dir (hashed directory and SSL_CERT_FILE)" system_ca_trusted

# ---------------------------------------------------------------- redirects
redirect_leaving_host_drops_credentials() {
  start_proxy "${ADDR[h]}" --upstream-tls --upstream-auth "$USER:$PASS" 'GET /blobs/sha256: redirect count=0'
  ferry copy -q --src-tls-verify=false --src-creds "$USER:$PASS" "docker://$PX/base/medium:latest" "dir:$W/r1" &&
    diff -r "$W/r1" "$W/want-medium" || return 1
  cat "$W/proxy.log"
  # Every blob (config and layers) went through the redirect, none with the credentials.
  [[ $(proxy_lines 'REDIRECTED auth=no') -ge 2 && $(proxy_lines 'REDIRECTED auth=yes') == 0 &&
    $(proxy_lines 'REDIRECTED') == $(proxy_lines 'FAULT redirect') ]]
}
redirect_within_host_keeps_credentials() {
  start_proxy "${ADDR[h]}" --upstream-tls 'GET /blobs/sha256: redirect host=127.0.0.1 count=0'
  ferry copy -q --src-tls-verify=false --src-creds "$USER:$PASS" "docker://$PX/base/medium:latest" "dir:$W/r2" &&
    diff -r "$W/r2" "$W/want-medium" || return 1
  cat "$W/proxy.log"
  [[ $(proxy_lines 'REDIRECTED auth=yes') -ge 2 && $(proxy_lines 'REDIRECTED auth=no') == 0 ]]
}
check "a blob redirect to another host is followed without the registry's credentials" redirect_leaving_host_drops_credentials
check "a blob redirect within the registry's host keeps the credentials" redirect_within_host_keeps_credentials

# ---------------------------------------------------------------- proxies
# registry.ferry.test does not resolve: only a proxy can reach it (loopback names bypass proxies).
http_proxy_carries_plain_http() {
  start_proxy "${ADDR[a]}"
  HTTP_PROXY=http://$PX ferry copy -q --src-tls-verify=false docker://registry.ferry.test/lab/tiny:v1 "dir:$W/p1" &&
    sko copy -q --src-tls-verify=false "docker://${ADDR[a]}/lab/tiny:v1" "dir:$W/p1-want" && diff -r "$W/p1" "$W/p1-want" ||
    return 1
  cat "$W/proxy.log"
  [[ $(proxy_lines 'PROXIED GET http://registry.ferry.test[:0-9]*/v2/lab/tiny/manifests/v1') == 1 ]]
}
https_proxy_tunnels_with_connect() {
  start_proxy "${ADDR[h]}"
  HTTPS_PROXY=$PX ferry copy -q --src-tls-verify=false --src-creds "$USER:$PASS" \
    docker://registry.ferry.test/base/medium:latest "dir:$W/p2" && diff -r "$W/p2" "$W/want-medium" || return 1
  cat "$W/proxy.log"
  [[ $(proxy_lines 'CONNECT registry.ferry.test:443') -ge 1 && $(proxy_lines PROXIED) == 0 ]]
}
no_proxy_bypasses_the_proxy() {
  start_proxy "${ADDR[a]}"
  local out
  out=$(HTTP_PROXY=http://$PX HTTPS_PROXY=http://$PX NO_PROXY=example.org,.ferry.test \
    ferry inspect --tls-verify=false docker://registry.ferry.test/lab/tiny:v1 2>&1)
  local rc=$?
  echo "$out"
  [[ $rc == 1 && ! -s $W/proxy.log ]] && grep -q 'registry.ferry.test' <<<"$out"
}
check "HTTP_PROXY carries plain-http registry traffic" http_proxy_carries_plain_http
check "HTTPS_PROXY tunnels TLS with CONNECT" https_proxy_tunnels_with_connect
check "NO_PROXY sends matching hosts around the proxy" no_proxy_bypasses_the_proxy

# ---------------------------------------------------------------- pagination
list_tags_follows_link_pages() {
  start_proxy "${ADDR[a]}" 'GET /tags/list paginate n=2 count=0'
  ferry list-tags --tls-verify=false "docker://$PX/lab/tiny" >"$W/tags-ferry.json" &&
    sko list-tags --tls-verify=false "docker://$PX/lab/tiny" >"$W/tags-skopeo.json" || return 1
  cat "$W/tags-ferry.json" "$W/proxy.log"
  diff "$W/tags-ferry.json" "$W/tags-skopeo.json" &&
    [[ $(jq -r '.Tags | join(",")' "$W/tags-ferry.json") == v1,v2,v3,v4,v5 ]] &&
    [[ $(proxy_lines 'paginate GET /v2/lab/tiny/tags/list') == 6 ]]  # 3 pages for each tool
}
check "list-tags follows Link pagination and prints what skopeo prints" list_tags_follows_link_pages

# ---------------------------------------------------------------- uploads
big_blob_uploads_with_patch() {
  local layer
  layer=$(python3 "$HERE/make_big_image.py" "$W/big" 66) || return 1
  ferry copy -q --dest-tls-verify=false "oci:$W/big:latest" "docker://${ADDR[a]}/lab/big:1" || return 1
  # One PATCH for the big layer; the small config goes in one PUT.
  [[ $(log_lines_settled a '"PATCH /v2/lab/big/blobs/uploads/' 1) == 1 ]] || { echo "no PATCH upload"; return 1; }
  # The registry serves the very bytes (asked directly), under the manifest ferry was given.
  [[ sha256:$(curl -sf "http://${ADDR[a]}/v2/lab/big/blobs/$layer" | sha256sum | cut -d' ' -f1) == "$layer" ]] &&
    cmp <(sko inspect --raw --tls-verify=false "docker://${ADDR[a]}/lab/big:1") \
      "$W/big/blobs/sha256/$(jq -r '.manifests[0].digest' "$W/big/index.json" | cut -d: -f2)"
}
recompressed_blob_uploads_with_patch() {
  ferry copy -q --dest-tls-verify=false --dest-compress-format zstd "oci:$FIXTURES/oci/medium" \
    "docker://${ADDR[a]}/lab/medium-zstd:1" || return 1
  local layers
  layers=$(sko inspect --raw --tls-verify=false "docker://${ADDR[a]}/lab/medium-zstd:1" | jq '.layers | length')
  [[ $(log_lines_settled a '"PATCH /v2/lab/medium-zstd/blobs/uploads/' "$layers") == "$layers" ]] ||
    { echo "want $layers PATCH uploads"; return 1; }
  # skopeo verifies every digest of what ferry wrote.
  sko copy -q --src-tls-verify=false "docker://${ADDR[a]}/lab/medium-zstd:1" "oci:$W/medium-zstd:1" &&
    sko inspect --raw --tls-verify=false "docker://${ADDR[a]}/lab/medium-zstd:1" | jq -r '.layers[].mediaType' |
    grep -qx 'application/vnd.oci.image.layer.v1.tar+zstd'
}
check "a blob over 64 MiB is uploaded with PATCH and reads back intact" big_blob_uploads_with_patch
check "recompressed layers (digest known at the end) are uploaded with PATCH" recompressed_blob_uploads_with_patch

# ---------------------------------------------------------------- registries.conf
# primary.ferry.test/lab lives at registry a, mirrored at registry b; b/blocked is blocked.
write_conf() { # DIGEST_ONLY(true|false)
  cat >"$W/registries.conf" <<EOF
[[registry]]
prefix = "primary.ferry.test/lab"
location = "${ADDR[a]}/lab"
insecure = true
[[registry.mirror]]
location = "${ADDR[b]}/lab"
insecure = true
pull-from-mirror = "$([[ $1 == true ]] && echo digest-only || echo all)"

[[registry]]
location = "${ADDR[b]}/blocked"
blocked = true
EOF
}
rconf() { ferry --registries-conf "$W/registries.conf" "$@"; }
mirror_serves_pulls() {
  write_conf false
  local before
  before=$(log_lines b '"GET /v2/lab/mirrored/manifests/1')
  rconf copy -q docker://primary.ferry.test/lab/mirrored:1 "dir:$W/m1" || return 1
  [[ $(log_lines_settled b '"GET /v2/lab/mirrored/manifests/1' $((before + 1))) -gt $before ]] &&
    [[ sha256:$(sha256sum <"$W/m1/manifest.json" | cut -d' ' -f1) == "${DIGEST[tiny]}" ]]
}
primary_serves_what_the_mirror_lacks() {
  write_conf false
  rconf copy -q docker://primary.ferry.test/lab/primary-only:1 "dir:$W/m2" &&
    [[ sha256:$(sha256sum <"$W/m2/manifest.json" | cut -d' ' -f1) == "${DIGEST[medium]}" ]] &&
    [[ $(log_lines_settled b '"GET /v2/lab/primary-only/manifests/1' 1) -ge 1 ]]  # the mirror was asked first
}
digest_only_mirror_skips_tags() {
  write_conf true
  local out rc
  out=$(rconf inspect --raw docker://primary.ferry.test/lab/mirrored:1 2>&1)
  rc=$?
  echo "$out"
  [[ $rc == 2 ]] || { echo "by tag: exit $rc, want 2 (the primary lacks it)"; return 1; }
  rconf inspect --raw "docker://primary.ferry.test/lab/mirrored@${DIGEST[tiny]}" >"$W/m3.json" &&
    [[ sha256:$(sha256sum <"$W/m3.json" | cut -d' ' -f1) == "${DIGEST[tiny]}" ]]
}
pushes_go_to_the_primary() {
  write_conf false
  rconf copy -q "oci:$FIXTURES/oci/tiny" docker://primary.ferry.test/lab/pushed:1 &&
    sko inspect --raw --tls-verify=false "docker://${ADDR[a]}/lab/pushed:1" >/dev/null &&
    [[ $(log_lines b '/v2/lab/pushed/') == 0 ]]
}
blocked_registry_refused() {
  write_conf false
  local out rc
  out=$(rconf copy -q "oci:$FIXTURES/oci/tiny" "docker://${ADDR[b]}/blocked/x:1" 2>&1)
  rc=$?
  echo "$out"
  [[ $rc == 1 ]] && grep -q "registry ${ADDR[b]}/blocked is blocked in $W/registries.conf" <<<"$out" &&
    [[ $(log_lines b '/v2/blocked/') == 0 ]] || return 1
  out=$(rconf inspect "docker://${ADDR[b]}/blocked/x:1" 2>&1)
  [[ $? == 1 ]] && grep -q 'is blocked' <<<"$out"
}
check "registries.conf: a mirror serves pulls of the rewritten location" mirror_serves_pulls
check "registries.conf: the primary serves what the mirror lacks" primary_serves_what_the_mirror_lacks
check "registries.conf: a digest-only mirror is not asked for tags" digest_only_mirror_skips_tags
check "registries.conf: pushes go to the primary, never the mirror" pushes_go_to_the_primary
check "registries.conf: a blocked registry is refused before any request" blocked_registry_refused

delete_disabled_explained() {
  local out rc
  out=$(ferry delete --tls-verify=false "docker://${ADDR[nodelete]}/lab/tiny:1" 2>&1)
  rc=$?
  echo "$out"
  [[ $rc == 1 ]] && grep -q 'does not allow deleting images (HTTP 405' <<<"$out" &&
    sko inspect --raw --tls-verify=false "docker://${ADDR[nodelete]}/lab/tiny:1" >/dev/null
}
check "delete on a registry with deletion disabled says so and keeps the image" delete_disabled_explained

# ---------------------------------------------------------------- auth files of other tools
podman_login_file_used_by_ferry() {
  command -v podman >/dev/null || { echo "podman not installed"; return 1; }
  printf '%s\n' "$PASS" | timeout 60 podman login --cert-dir "${CERTS[h]}" --authfile "$W/podman-auth.json" \
    -u "$USER" --password-stdin "${ADDR[h]}" || return 1
  ferry copy -q --dest-cert-dir "${CERTS[h]}" --authfile "$W/podman-auth.json" "oci:$FIXTURES/oci/tiny" \
    "docker://${ADDR[h]}/lab/via-podman:1" &&
    REGISTRY_AUTH_FILE=$W/podman-auth.json ferry inspect --cert-dir "${CERTS[h]}" \
      "docker://${ADDR[h]}/lab/via-podman:1" | jq -e --arg d "${DIGEST[tiny]}" '.Digest == $d' || return 1
  # Without the file the registry refuses, and ferry says so.
  local out
  out=$(ferry inspect --cert-dir "${CERTS[h]}" "docker://${ADDR[h]}/lab/via-podman:1" 2>&1)
  [[ $? == 1 ]] && grep -qi 'authentication required\|unauthorized' <<<"$out"
}
ferry_login_file_used_by_skopeo_and_podman() {
  printf '%s\n' "$PASS" | ferry login --cert-dir "${CERTS[h]}" --authfile "$W/ferry-auth.json" -u "$USER" \
    --password-stdin "${ADDR[h]}" || return 1
  [[ $(stat -c %a "$W/ferry-auth.json") == 600 ]] &&
    sko inspect --cert-dir "${CERTS[h]}" --authfile "$W/ferry-auth.json" "docker://${ADDR[h]}/base/medium:latest" |
    jq -e --arg d "${DIGEST[medium]}" '.Digest == $d' &&
    [[ $(podman login --get-login --authfile "$W/ferry-auth.json" "${ADDR[h]}") == "$USER" ]]
}
wrong_password_login_refused() {
  local out
  out=$(printf 'not-%s\n' "$PASS" | ferry login --cert-dir "${CERTS[h]}" --authfile "$W/bad-auth.json" -u "$USER" \
    --password-stdin "${ADDR[h]}" 2>&1)
  [[ $? == 1 && ! -e $W/bad-auth.json ]] && grep -q 'invalid username/password' <<<"$out"
}
check "an auth file written by podman login serves ferry" podman_login_file_used_by_ferry
check "an auth file written by ferry login serves skopeo and podman" ferry_login_file_used_by_skopeo_and_podman
check "ferry login with a wrong password writes nothing" wrong_password_login_refused

no_password_printed() {
  ! grep -F -e "$PASS" -e "$T_PASS" "$W/all-output"
}
check "no password appears in anything ferry printed" no_password_printed

report
