#!/usr/bin/env bash
# image_proxy.sh — `ferry experimental-image-proxy` against Debian's skopeo (1.9.3) as the
# oracle: image_proxy_client.py drives both through the same requests on the same images (the
# OCI fixtures, then a real registry) and compares every reply and every byte their pipes carry,
# including the failures (bad arguments, unknown images, blobs and pipes, corrupted blobs,
# unparseable and over-long packets, Shutdown). The methods later protocol versions added, which
# skopeo 1.9.3 does not know, are checked on ferry alone.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash image_proxy.sh
#
# Exits 77 (skip) without skopeo, python3 or jq. The registry checks are skipped when
# docker-registry cannot start. The last line of output is "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"
require_tools skopeo python3 jq
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-image-proxy.XXXXXX")
cleanup() {
  stop_lab_registries
  rm -rf "$W"
}
trap cleanup EXIT

CLIENT="python3 $HERE/image_proxy_client.py"
ORACLE="skopeo experimental-image-proxy"
SUBJECT="$FERRY experimental-image-proxy"
OCI=$FIXTURES/oci

# compare SCENARIO ARGS...: skopeo and ferry give the same replies and bytes.
compare() { $CLIENT compare --oracle "$ORACLE $EXTRA" --subject "$SUBJECT $EXTRA" "$@"; }
EXTRA=""

REFS=()
for name in tiny medium multiarch docker-v2s2 docker-list labels zstd; do
  [[ -d $OCI/$name ]] && REFS+=("oci:$OCI/$name")
done
BIG=tiny
[[ -d $OCI/medium ]] && BIG=medium

# The first layer of an OCI layout's image (digest, size).
first_layer() {
  local layout=$1 manifest
  manifest=$(jq -r '.manifests[0].digest' "$layout/index.json" | sed 's|:|/|')
  jq -r '.layers[0] | "\(.digest) \(.size)"' "$layout/blobs/$manifest"
}

# A copy of tiny whose first layer has one byte changed: same size, another digest.
corrupted_layout() {
  cp -r "$OCI/tiny" "$W/corrupt"
  local digest size blob
  read -r digest size < <(first_layer "$W/corrupt")
  blob=$W/corrupt/blobs/${digest/://}
  chmod u+w "$blob"
  printf '\xff' | dd of="$blob" bs=1 seek=$((size / 2)) conv=notrunc status=none
  echo "$digest $size"
}

oci_images() { compare images "${REFS[@]}"; }
# A copy of tiny whose config has the members whose place image-spec versions disagree on
# (variant, os.features, config.ArgsEscaped) and HTML in a string: GetConfig and GetFullConfig
# as skopeo writes them.
config_members() {
  cp -r "$OCI/tiny" "$W/members"
  python3 - "$W/members" <<'PY' || return 1
import hashlib, json, os, sys
root = sys.argv[1]
def blob(d): return os.path.join(root, "blobs", *d.split(":"))
def put(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(blob(d), "wb") as f: f.write(data)
    return d, len(data)
index = json.load(open(os.path.join(root, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))
config.update({"variant": "v2", "os.features": ["sse4"], "author": "a <b> & c"})
config.setdefault("config", {})["ArgsEscaped"] = True
manifest["config"]["digest"], manifest["config"]["size"] = put(json.dumps(config).encode())
index["manifests"][0]["digest"], index["manifests"][0]["size"] = put(json.dumps(manifest).encode())
json.dump(index, open(os.path.join(root, "index.json"), "w"))
PY
  compare images "oci:$W/members"
}
oci_interleave() { compare interleave "oci:$OCI/$BIG"; }
oci_errors() {
  local digest
  read -r digest _ < <(first_layer "$OCI/tiny")
  compare errors "oci:$OCI/tiny" "$digest"
}
oci_corrupt() {
  local digest size
  read -r digest size < <(corrupted_layout)
  compare corrupt "oci:$W/corrupt" "$digest" "$size"
}
shutdown() { compare shutdown; }
newer_methods_oci() { $CLIENT newer --subject "$SUBJECT" "oci:$OCI/tiny" "oci:$OCI/tiny:no-such-tag"; }
newer_methods_docker_image() { $CLIENT newer --subject "$SUBJECT" "oci:$OCI/docker-v2s2" "oci:$OCI/docker-v2s2:nope"; }

# Not a socket: both refuse to serve and fail.
not_a_socket() {
  local s f
  skopeo experimental-image-proxy --sockfd 0 </dev/null >/dev/null 2>&1
  s=$?
  $FERRY experimental-image-proxy --sockfd 0 </dev/null >/dev/null 2>"$W/err"
  f=$?
  [[ $s -ne 0 && $f -ne 0 ]] || { echo "exit status: skopeo $s, ferry $f"; cat "$W/err"; return 1; }
  grep -q 'file descriptor 0 is not a socket' "$W/err" || { cat "$W/err"; return 1; }
}
# A stream socket would split and merge messages: refused.
stream_socket() {
  python3 - "$FERRY" <<'PY' 2>"$W/err"
import socket, subprocess, sys
mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
p = subprocess.run([sys.argv[1], "experimental-image-proxy", "--sockfd", str(theirs.fileno())],
                   pass_fds=[theirs.fileno()], stderr=subprocess.PIPE, timeout=20)
sys.stderr.write(p.stderr.decode())
sys.exit(0 if p.returncode != 0 else 1)
PY
  grep -q 'is not a SOCK_SEQPACKET socket' "$W/err" || { cat "$W/err"; return 1; }
}

# Hidden, as in skopeo: left out of the command list, yet it has its help.
hidden_command() {
  if $FERRY --help | grep -q experimental-image-proxy; then echo "listed in ferry --help"; return 1; fi
  $FERRY experimental-image-proxy --help | grep -q -- --sockfd || { echo "no --sockfd in its help"; return 1; }
  $FERRY experimental-image-proxy extra-argument </dev/null >/dev/null 2>&1 && { echo "took an argument"; return 1; }
  return 0
}

check "OCI images: manifests, configs and blobs as skopeo serves them" oci_images
check "config members in skopeo's order" config_members
# Global flags come before the command: the instance of a list for another platform, or none.
other_platform() {
  local arch=$1
  shift
  $CLIENT compare --oracle "skopeo --override-arch $arch experimental-image-proxy" \
    --subject "$FERRY --override-arch $arch experimental-image-proxy" "$@"
}
lists=()
for name in multiarch docker-list; do [[ -d $OCI/$name ]] && lists+=("oci:$OCI/$name"); done
if [[ ${#lists[@]} -gt 0 ]]; then
  check "lists resolved for --override-arch arm64" other_platform arm64 images "${lists[@]}"
  # No s390x instance: GetManifest fails the same way (OpenImage does not choose yet).
  no_instance() { ! other_platform s390x images "${lists[@]}" >"$W/out" && cat "$W/out" &&
    grep -q ", 0 different" "$W/out" && grep -q "^subject: GetManifest" "$W/out"; }
  check "a list without this platform: GetManifest fails as skopeo's" no_instance
fi
check "two pipes open at once, finished in the other order" oci_interleave
if [[ $BIG == medium ]]; then
  check "a pipe the client closed unread: FinishPipe reports it" compare early-close "oci:$OCI/medium"
  check "the client goes away while a pipe is full: exit 0" compare abandon "oci:$OCI/medium"
fi
check "failing requests answered with skopeo's errors" oci_errors
check "a corrupted blob and a wrong size reported by FinishPipe" oci_corrupt
check "Shutdown: no reply, exit 0, nothing more served" shutdown
check "OpenImage of a missing tag fails" compare missing "oci:$OCI/tiny:no-such-tag"
check "newer methods (OpenImageOptional, GetLayerInfo, GetLayerInfoPiped, GetRawBlob)" newer_methods_oci
[[ -d $OCI/docker-v2s2 ]] && check "newer methods on a Docker schema 2 image" newer_methods_docker_image
check "500 random and mutated packets: a well-formed reply to each, no crash" \
  $CLIENT hostile --subject "$SUBJECT" --seed 7 "oci:$OCI/tiny"
check "refuses a descriptor that is not a socket" not_a_socket
check "refuses a stream socket (ferry)" stream_socket
check "hidden command with --sockfd" hidden_command

# ------------------------------------------------------------------ a real registry

if [[ -x /usr/bin/docker-registry ]] && start_lab_registry http http; then
  ADDR=${REG_ADDR[http]}
  EXTRA="--tls-verify=false"
  push() { # NAME: skopeo's own push of the fixture
    local all=""
    case $1 in multiarch | docker-list) all=--all ;; esac
    skopeo --insecure-policy copy --quiet $all --dest-tls-verify=false "oci:$OCI/$1" "docker://$ADDR/proxy/$1:latest"
  }
  DREFS=()
  for name in tiny docker-v2s2 multiarch docker-list zstd; do
    [[ -d $OCI/$name ]] && push "$name" && DREFS+=("docker://$ADDR/proxy/$name:latest")
  done
  registry_images() { compare images "${DREFS[@]}"; }
  registry_interleave() { compare interleave "docker://$ADDR/proxy/tiny:latest"; }
  registry_errors() {
    local digest
    read -r digest _ < <(first_layer "$OCI/tiny")
    compare errors "docker://$ADDR/proxy/tiny:latest" "$digest"
  }
  registry_missing_tag() { compare missing "docker://$ADDR/proxy/tiny:no-such-tag"; }
  registry_newer() {
    $CLIENT newer --subject "$SUBJECT $EXTRA" "docker://$ADDR/proxy/tiny:latest" \
      "docker://$ADDR/proxy/tiny:no-such-tag"
  }
  # The image flags reach every image: a TLS registry that wants a login.
  registry_login() {
    start_lab_registry login htpasswd || { cat "$W/start-login.err"; return 1; }
    local addr=${REG_ADDR[login]} tls="--cert-dir ${REG_CERTS[login]}"
    skopeo --insecure-policy copy --quiet --dest-cert-dir "${REG_CERTS[login]}" --dest-creds "${REG_USER[login]}:${REG_PASS[login]}" \
      "oci:$OCI/tiny" "docker://$addr/proxy/tiny:latest" || return 1
    EXTRA="$tls --creds ${REG_USER[login]}:${REG_PASS[login]}" compare images "docker://$addr/proxy/tiny:latest" &&
      EXTRA="$tls" compare missing "docker://$addr/proxy/tiny:latest"
  }
  check "registry: manifests, configs and blobs as skopeo serves them" registry_images
  check "registry: two pipes open at once" registry_interleave
  check "registry: failing requests answered with skopeo's errors" registry_errors
  check "registry: OpenImage of a missing tag fails as skopeo's" registry_missing_tag
  check "registry: newer methods, OpenImageOptional of a missing tag is 0" registry_newer
  check "registry with TLS and a login: --cert-dir and --creds apply; without them OpenImage fails" registry_login
else
  echo "docker-registry did not start; registry checks skipped"
fi

report
