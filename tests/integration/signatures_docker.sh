#!/usr/bin/env bash
# signatures_docker.sh — signatures of docker:// images where skopeo 1.9.3 keeps them, with
# Debian's skopeo as the oracle and a real docker-registry: the registries.d lookaside
# (file:// read and write, http:// read, the refusal to write http://), per-instance
# signatures of an index, sigstore attachments in the registry (use-sigstore-attachments),
# registries.d errors naming their files, delete removing lookaside files, and signatures as
# OCI 1.1 referrers (--dest-signatures-as-referrers, the referrers tag schema). The signed
# images are the signing kit's vectors ($LAB_DIR/signing).
#
#   FERRY=/path/to/ferry LAB_DIR=../shared/lab bash signatures_docker.sh
#
# Exits 77 (skip) without skopeo, curl, python3, docker-registry or the kit. The last line of
# output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools skopeo curl python3 jq
[[ -x /usr/bin/docker-registry ]] || skip "docker-registry not installed"
KIT=$LAB_DIR/signing
[[ -f $KIT/kit.sh ]] || skip "the signing kit is not in $KIT"
source "$KIT/kit.sh"
V=$KIT_VECTORS

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-sigdocker.XXXXXX")
SERVERS=()
cleanup() {
  local pid
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null; done
  [[ -d $W/g ]] && kit_gnupghome_stop "$W/g"
  stop_lab_registries
  rm -rf "$W"
}
trap cleanup EXIT

start_lab_registry reg http || { cat "$W/start-reg.err"; skip "no registry could start"; }
REG=${REG_ADDR[reg]}

TINY=9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8
INDEX=6401784ec8e2de6f1910485082040c6a22b98670169d085e9991f08afbd3b890
AMD64=43aca76db8be6363165ff60a09b072b4022a3bc97fc35a0f0454879ae7a5ec5e
ARM64=53e28da2ef672b6c8cf890b7c11d64597ee083bb7323734f502a3b5ac1ef8a20

ferry() { "$FERRY" --insecure-policy "$@"; }
sko() { skopeo --insecure-policy "$@"; }

# regd NAME YAML: a registries.d directory $W/NAME holding one file with YAML.
regd() {
  mkdir -p "$W/$1"
  printf '%s\n' "$2" >"$W/$1/signatures.yaml"
}
# free_port: a TCP port nothing listens on, in the lab's range when one is set.
free_port() {
  python3 - "${LAB_PORT_MIN:-0}" "${LAB_PORT_MAX:-0}" <<'PY'
import socket, sys
lo, hi = int(sys.argv[1]), int(sys.argv[2])
for port in (range(hi, lo - 1, -1) if lo else [0]):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(s.getsockname()[1]); break
    except OSError:
        pass
    finally:
        s.close()
PY
}
# wait_port PORT: until something listens there (5 s at most).
wait_port() {
  local i
  for i in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# ------------------------------------------------------------------ lookaside, simple signatures

L1=$W/la1
mkdir -p "$L1"
regd regd1 "default-docker:
  lookaside: file://$L1
  lookaside-staging: file://$L1"

skopeo_push_ferry_pull() {
  sko --registries.d "$W/regd1" copy -q --dest-tls-verify=false "dir:$V/simple-signed" "docker://$REG/ns/app:1.0" || return 1
  cmp "$L1/ns/app@sha256=$TINY/signature-1" "$V/simple-signed/signature-1" || return 1
  ferry --registries.d "$W/regd1" copy -q --src-tls-verify=false "docker://$REG/ns/app:1.0" "dir:$W/p1" || return 1
  cmp "$W/p1/signature-1" "$V/simple-signed/signature-1" && [[ ! -e $W/p1/signature-2 ]]
}

pull_by_digest() {
  ferry --registries.d "$W/regd1" copy -q --src-tls-verify=false "docker://$REG/ns/app@sha256:$TINY" "dir:$W/p2" &&
    cmp "$W/p2/signature-1" "$V/simple-signed/signature-1"
}

pull_without_lookaside_config_has_no_signature() {
  mkdir -p "$W/regd-empty" "$W/home-empty"
  HOME=$W/home-empty ferry --registries.d "$W/regd-empty" copy -q --src-tls-verify=false \
    "docker://$REG/ns/app:1.0" "dir:$W/p3" && [[ -f $W/p3/manifest.json && ! -e $W/p3/signature-1 ]]
}

default_directory_in_home() {
  # No --registries.d: $HOME/.config/containers/registries.d is the directory.
  mkdir -p "$W/home/.config/containers"
  cp -r "$W/regd1" "$W/home/.config/containers/registries.d"
  HOME=$W/home ferry copy -q --src-tls-verify=false "docker://$REG/ns/app:1.0" "dir:$W/p4" &&
    cmp "$W/p4/signature-1" "$V/simple-signed/signature-1"
}

L2=$W/la2
regd regd2 "docker:
  $REG/ns:
    lookaside-staging: file://$L2/staging
    lookaside: file://$L2/read-only-mirror
  $REG/ns/fapp:
    lookaside: file://$L2"

ferry_push_skopeo_pull() {
  ferry --registries.d "$W/regd2" copy -q --dest-tls-verify=false "dir:$V/simple-signed" "docker://$REG/ns/fapp:1.0" || return 1
  local f=$L2/ns/fapp@sha256=$TINY/signature-1
  cmp "$f" "$V/simple-signed/signature-1" || return 1
  [[ $(stat -c %a "$f") == 644 && $(stat -c %a "$(dirname "$f")") == 755 && $(stat -c %a "$L2/ns") == 755 ]] ||
    { stat -c '%a %n' "$f" "$(dirname "$f")" "$L2/ns"; return 1; }
  # The repository's own section wins over the namespace's staging URL: nothing there.
  [[ ! -e $W/la2/staging ]] || { echo "the namespace's staging lookaside was written"; return 1; }
  sko --registries.d "$W/regd2" copy -q --src-tls-verify=false "docker://$REG/ns/fapp:1.0" "dir:$W/s1" &&
    cmp "$W/s1/signature-1" "$V/simple-signed/signature-1"
}

staging_beats_lookaside() {
  ferry --registries.d "$W/regd2" copy -q --dest-tls-verify=false "dir:$V/simple-signed" "docker://$REG/ns/other:1.0" &&
    cmp "$L2/staging/ns/other@sha256=$TINY/signature-1" "$V/simple-signed/signature-1" &&
    [[ ! -e $L2/read-only-mirror ]]
}

rewrite_deletes_stale_signatures() {
  local d=$L2/ns/fapp@sha256=$TINY
  echo stale >"$d/signature-2"
  echo stale >"$d/signature-3"
  echo kept >"$d/signature-5"  # after the first missing one: not looked at
  ferry --registries.d "$W/regd2" copy -q --dest-tls-verify=false "dir:$V/simple-signed" "docker://$REG/ns/fapp:1.0" || return 1
  cmp "$d/signature-1" "$V/simple-signed/signature-1" && [[ ! -e $d/signature-2 && ! -e $d/signature-3 && -e $d/signature-5 ]] &&
    ! ls -a "$d" | grep -F .tmp
}

zero_signatures_write_and_delete_nothing() {
  local d=$L2/ns/fapp@sha256=$TINY
  echo extra >"$d/signature-2"
  ferry --registries.d "$W/regd2" copy -q --remove-signatures --dest-tls-verify=false "dir:$V/simple-signed" \
    "docker://$REG/ns/fapp:1.0" || return 1
  cmp "$d/signature-1" "$V/simple-signed/signature-1" && [[ $(cat "$d/signature-2") == extra ]]
}

L3=$W/la3
regd regd3 "default-docker:
  lookaside: file://$L3"

index_per_instance_signatures() {
  # skopeo pushes the signed index; ferry reads every signature back.
  sko --registries.d "$W/regd3" copy -q --all --dest-tls-verify=false "dir:$V/simple-signed-multiarch" \
    "docker://$REG/ns/multi:1.0" || return 1
  ferry --registries.d "$W/regd3" copy -q --all --src-tls-verify=false "docker://$REG/ns/multi:1.0" "dir:$W/m1" || return 1
  local f
  for f in signature-1 $AMD64.signature-1 $ARM64.signature-1; do cmp "$W/m1/$f" "$V/simple-signed-multiarch/$f" || return 1; done
  # ferry pushes it; its lookaside tree is skopeo's, file for file.
  ferry --registries.d "$W/regd3" copy -q --all --dest-tls-verify=false "dir:$V/simple-signed-multiarch" \
    "docker://$REG/ns/fmulti:1.0" || return 1
  diff <(cd "$L3/ns" && find . -path './multi@*' -type f | sed 's|^./multi|.|' | sort) \
    <(cd "$L3/ns" && find . -path './fmulti@*' -type f | sed 's|^./fmulti|.|' | sort) || return 1
  for f in $INDEX $AMD64 $ARM64; do cmp "$L3/ns/multi@sha256=$f/signature-1" "$L3/ns/fmulti@sha256=$f/signature-1" || return 1; done
  [[ $(find "$L3/ns" -name 'signature-*' | wc -l) == 6 ]] || return 1
  sko --registries.d "$W/regd3" copy -q --all --src-tls-verify=false "docker://$REG/ns/fmulti:1.0" "dir:$W/m2" || return 1
  for f in signature-1 $AMD64.signature-1 $ARM64.signature-1; do cmp "$W/m2/$f" "$V/simple-signed-multiarch/$f" || return 1; done
}

one_instance_of_an_index() {
  # Without --all the chosen instance is the image: its own signature, not the index's.
  ferry --registries.d "$W/regd3" --override-arch arm64 copy -q --src-tls-verify=false "docker://$REG/ns/multi:1.0" \
    "dir:$W/m3" && cmp "$W/m3/signature-1" "$V/simple-signed-multiarch/$ARM64.signature-1"
}

delete_removes_lookaside_files() {
  ferry --registries.d "$W/regd3" copy -q --dest-tls-verify=false "dir:$V/simple-signed" "docker://$REG/ns/del:1.0" || return 1
  local d=$L3/ns/del@sha256=$TINY
  [[ -f $d/signature-1 ]] || return 1
  echo second >"$d/signature-2"
  ferry --registries.d "$W/regd3" delete --tls-verify=false "docker://$REG/ns/del:1.0" || return 1
  [[ ! -e $d/signature-1 && ! -e $d/signature-2 ]] || { ls -la "$d"; return 1; }
  ! curl -fsS -o /dev/null "http://$REG/v2/ns/del/manifests/sha256:$TINY"
}

policy_reads_lookaside_signatures() {
  # The policy sees what the lookaside holds: accepted with it, refused without it.
  "$FERRY" --policy "$W/policy.json" --registries.d "$W/regd1" copy -q --src-tls-verify=false \
    "docker://$REG/ns/app:1.0" "dir:$W/pol1" || return 1
  mkdir -p "$W/regd-none"
  ! "$FERRY" --policy "$W/policy.json" --registries.d "$W/regd-none" copy -q --src-tls-verify=false \
    "docker://$REG/ns/app:1.0" "dir:$W/pol2" 2>"$W/e" &&
    grep -F "A signature was required, but no signature exists" "$W/e"
}

signing_into_the_lookaside() {
  # ferry signs the image it pushes; the identity is the destination; skopeo verifies what it reads.
  kit_gnupghome "$W/g" >/dev/null || return 1
  GNUPGHOME=$W/g ferry --registries.d "$W/regd3" copy -q --dest-tls-verify=false --sign-by "$KIT_GPG_FPR" \
    --sign-passphrase-file "$KIT_KEYS/gpg-test-passphrase.txt" "dir:$V/simple-signed" "docker://$REG/ns/signed:1.0" || return 1
  sko --registries.d "$W/regd3" copy -q --src-tls-verify=false "docker://$REG/ns/signed:1.0" "dir:$W/sg" || return 1
  # Appended after the source's own signature, as skopeo does.
  cmp "$W/sg/signature-1" "$V/simple-signed/signature-1" || return 1
  GNUPGHOME=$W/g skopeo standalone-verify "$W/sg/manifest.json" "$REG/ns/signed:1.0" "$KIT_GPG_FPR" "$W/sg/signature-2"
}

sync_signs_every_image() {
  GNUPGHOME=$W/g "$FERRY" --insecure-policy --registries.d "$W/regd3" sync --src docker --dest docker \
    --src-tls-verify=false --dest-tls-verify=false --sign-by "$KIT_GPG_FPR" \
    --sign-passphrase-file "$KIT_KEYS/gpg-test-passphrase.txt" "$REG/ns/signed" "$REG/mirror" >/dev/null || return 1
  sko --registries.d "$W/regd3" copy -q --src-tls-verify=false "docker://$REG/mirror/signed:1.0" "dir:$W/sync-signed" || return 1
  local last
  last=$(ls "$W/sync-signed" | grep '^signature-' | sort -t- -k2 -n | tail -1)
  GNUPGHOME=$W/g skopeo standalone-verify "$W/sync-signed/manifest.json" "$REG/mirror/signed:1.0" "$KIT_GPG_FPR" \
    "$W/sync-signed/$last"
}

# ------------------------------------------------------------------ http lookaside

HTTP_PORT=$(free_port)
mkdir -p "$W/web/sigs"
cp -r "$V/simple-lookaside/tree/ns" "$W/web/sigs/"
(cd "$W/web" && exec python3 -m http.server --bind 127.0.0.1 "$HTTP_PORT" >"$W/web.log" 2>&1) &
SERVERS+=($!)
wait_port "$HTTP_PORT" || echo "the http lookaside server did not start"
ERR_PORT=$(free_port)
python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(500); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
' "$ERR_PORT" &
SERVERS+=($!)
wait_port "$ERR_PORT" || echo "the failing http server did not start"
regd regd-http "docker:
  $REG/ns/app:
    lookaside: http://127.0.0.1:$HTTP_PORT/sigs"
regd regd-500 "docker:
  $REG/ns/app:
    lookaside: http://127.0.0.1:$ERR_PORT/sigs"

http_lookaside_read() {
  ferry --registries.d "$W/regd-http" copy -q --src-tls-verify=false "docker://$REG/ns/app:1.0" "dir:$W/h1" || return 1
  cmp "$W/h1/signature-1" "$V/simple-lookaside/tree/ns/app@sha256=$TINY/signature-1" && [[ ! -e $W/h1/signature-2 ]] &&
    grep -F "GET /sigs/ns/app@sha256=$TINY/signature-2 HTTP/1.1\" 404" "$W/web.log"
}

http_lookaside_other_status() {
  ! ferry --registries.d "$W/regd-500" copy -q --src-tls-verify=false "docker://$REG/ns/app:1.0" "dir:$W/h2" 2>"$W/e" &&
    grep -F "reading signature from http://127.0.0.1:$ERR_PORT/sigs/ns/app@sha256=$TINY/signature-1: status 500 (Internal Server Error)" "$W/e"
}

http_lookaside_write_refused() {
  ! ferry --registries.d "$W/regd-http" copy -q --dest-tls-verify=false "dir:$V/simple-signed" "docker://$REG/ns/app:1.0" 2>"$W/e" &&
    grep -F "Writing directly to a http lookaside http://127.0.0.1:$HTTP_PORT/sigs/ns/app@sha256=$TINY/signature-1 is not supported. Configure a lookaside-staging: location" "$W/e"
}

oversized_signature_refused() {
  local d=$W/la-big/ns/app@sha256=$TINY
  mkdir -p "$d"
  head -c $((4 * 1024 * 1024 + 1)) /dev/zero >"$d/signature-1"
  regd regd-big "default-docker:
  lookaside: file://$W/la-big"
  ! ferry --registries.d "$W/regd-big" copy -q --src-tls-verify=false "docker://$REG/ns/app:1.0" "dir:$W/big" 2>"$W/e" &&
    grep -F "signature-1" "$W/e" && grep -i "larger than" "$W/e"
}

# ------------------------------------------------------------------ sigstore attachments

L4=$W/la4
regd regd-att "default-docker:
  lookaside: file://$L4
  lookaside-staging: file://$L4
  use-sigstore-attachments: true"
regd regd-noatt "default-docker:
  lookaside: file://$L4
  lookaside-staging: file://$L4"
ATT_TAG=sha256-$TINY.sig

attachment_manifest() {  # REPO
  curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/$1/manifests/$ATT_TAG"
}

skopeo_attachment_ferry_reads() {
  sko --registries.d "$W/regd-att" copy -q --dest-tls-verify=false "dir:$V/sigstore-signed" "docker://$REG/ns/att:1.0" || return 1
  attachment_manifest ns/att >"$W/skopeo-attachment.json" || return 1
  ferry --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/att:1.0" "dir:$W/a1" || return 1
  cmp "$W/a1/signature-1" "$V/sigstore-signed/signature-1" && [[ ! -e $W/a1/signature-2 ]]
}

kit_attachment_ferry_reads() {
  sko copy -q --dest-tls-verify=false "dir:$V/unsigned" "docker://$REG/ns/katt:1.0" || return 1
  kit_push_attachment "$REG" ns/katt || return 1
  ferry --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/katt:1.0" "dir:$W/a2" || return 1
  sko --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/katt:1.0" "dir:$W/a2s" || return 1
  cmp "$W/a2/signature-1" "$W/a2s/signature-1" && [[ ! -e $W/a2/signature-2 ]] &&
    grep -aF "$(jq -r '.layers[0].annotations["dev.cosignproject.cosign/signature"]' "$V/sigstore-attachment/manifest.json")" "$W/a2/signature-1"
}

attachments_not_read_when_disabled() {
  ferry --registries.d "$W/regd-noatt" copy -q --src-tls-verify=false "docker://$REG/ns/att:1.0" "dir:$W/a3" &&
    [[ -f $W/a3/manifest.json && ! -e $W/a3/signature-1 ]]
}

ferry_attachment_skopeo_reads() {
  ferry --registries.d "$W/regd-att" copy -q --dest-tls-verify=false "dir:$V/sigstore-signed" "docker://$REG/ns/fatt:1.0" || return 1
  # The same signature skopeo attached to ns/att: the same manifest, byte for byte.
  cmp <(attachment_manifest ns/fatt) "$W/skopeo-attachment.json" || return 1
  [[ ! -e $L4/ns/fatt@sha256=$TINY ]] || { echo "a sigstore signature went to the lookaside"; return 1; }
  sko --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/fatt:1.0" "dir:$W/a4" &&
    cmp "$W/a4/signature-1" "$V/sigstore-signed/signature-1"
}

attachment_pushed_twice_keeps_one_layer() {
  ferry --registries.d "$W/regd-att" copy -q --dest-tls-verify=false "dir:$V/sigstore-signed" "docker://$REG/ns/fatt:1.0" &&
    [[ $(attachment_manifest ns/fatt | jq '.layers | length') == 1 ]]
}

second_attachment_signature_appended() {
  # Another valid signature (of another manifest, which nothing checks here) adds a layer and a diff_id.
  mkdir -p "$W/two"
  cp "$V/sigstore-signed/"* "$W/two/"
  cp "$V/sigstore-other-digest/signature-1" "$W/two/signature-2"
  ferry --registries.d "$W/regd-att" copy -q --dest-tls-verify=false "dir:$W/two" "docker://$REG/ns/fatt:1.0" || return 1
  local m
  m=$(attachment_manifest ns/fatt) || return 1
  [[ $(jq '.layers | length' <<<"$m") == 2 ]] || return 1
  curl -fsS "http://$REG/v2/ns/fatt/blobs/$(jq -r .config.digest <<<"$m")" | jq -e '.rootfs.diff_ids | length == 2' >/dev/null || return 1
  sko --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/fatt:1.0" "dir:$W/a5" &&
    cmp "$W/a5/signature-1" "$V/sigstore-signed/signature-1" && cmp "$W/a5/signature-2" "$V/sigstore-other-digest/signature-1"
}

mixed_signatures_split() {
  # The simple signature goes to the lookaside, the sigstore one to the attachment; reading
  # gives the lookaside's first, as skopeo does.
  ferry --registries.d "$W/regd-att" copy -q --dest-tls-verify=false "dir:$V/mixed-signed" "docker://$REG/ns/mixed:1.0" || return 1
  cmp "$L4/ns/mixed@sha256=$TINY/signature-1" "$V/mixed-signed/signature-1" && [[ ! -e $L4/ns/mixed@sha256=$TINY/signature-2 ]] || return 1
  [[ $(attachment_manifest ns/mixed | jq '.layers | length') == 1 ]] || return 1
  ferry --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/mixed:1.0" "dir:$W/x1" &&
    cmp "$W/x1/signature-1" "$V/mixed-signed/signature-1" && cmp "$W/x1/signature-2" "$V/mixed-signed/signature-2" || return 1
  sko --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/mixed:1.0" "dir:$W/x2" &&
    cmp "$W/x2/signature-1" "$V/mixed-signed/signature-1" && cmp "$W/x2/signature-2" "$V/mixed-signed/signature-2"
}

sigstore_signing_into_the_attachment() {
  ferry --registries.d "$W/regd-att" copy -q --dest-tls-verify=false --sign-by-sigstore-private-key "$KIT_KEYS/sigstore-test.private" \
    --sign-passphrase-file "$KIT_KEYS/sigstore-test-passphrase.txt" "dir:$V/unsigned" "docker://$REG/ns/ssigned:1.0" || return 1
  [[ $(attachment_manifest ns/ssigned | jq '.layers | length') == 1 ]] || return 1
  sko --registries.d "$W/regd-att" copy -q --src-tls-verify=false "docker://$REG/ns/ssigned:1.0" "dir:$W/ss" &&
    $KIT_SIGSTORE_TOOL verify --pub "$KIT_KEYS/sigstore-test.pub" --sig "$W/ss/signature-1" \
      --manifest "$W/ss/manifest.json" --identity "$REG/ns/ssigned:1.0"
}

disabled_attachments_refuse_sigstore() {
  ! ferry --registries.d "$W/regd-noatt" copy -q --dest-tls-verify=false "dir:$V/sigstore-signed" "docker://$REG/ns/noatt:1.0" 2>"$W/e" &&
    grep -F "writing sigstore attachments is disabled by configuration" "$W/e" &&
    ! attachment_manifest ns/noatt >/dev/null 2>&1
}

# ------------------------------------------------------------------ signatures as OCI 1.1 referrers

LR=$W/laref
mkdir -p "$LR"
regd regd-ref "default-docker:
  lookaside: file://$LR
  lookaside-staging: file://$LR"
REF_TAG=sha256-$TINY
SIMPLE_TYPE=application/vnd.ferry.signature.simple-signing.v1
COSIGN_TYPE=application/vnd.dev.cosign.artifact.sig.v1+json

# referrers_index REPO: the referrers tag's OCI index.
referrers_index() {
  curl -fsS -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$REG/v2/$1/manifests/$REF_TAG"
}
# referrer_types REPO: the artifactType of each listed referrer, one a line; fails unless
# every referrer manifest's subject is the image.
referrer_types() {
  local idx d
  idx=$(referrers_index "$1") || return 1
  jq -e '.mediaType == "application/vnd.oci.image.index.v1+json"' <<<"$idx" >/dev/null || return 1
  for d in $(jq -r '.manifests[].digest' <<<"$idx"); do
    curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/$1/manifests/$d" |
      jq -e --arg s "sha256:$TINY" '.subject.digest == $s and .config.mediaType == "application/vnd.oci.empty.v1+json"' \
        >/dev/null || return 1
  done
  jq -r '.manifests[].artifactType' <<<"$idx"
}
ref_push() {  # VECTOR REPO [ARGS...]
  local v=$1 repo=$2
  shift 2
  ferry --registries.d "$W/regd-ref" copy -q --dest-tls-verify=false "$@" "dir:$V/$v" "docker://$REG/$repo:1.0"
}

simple_signature_as_referrer() {
  ref_push simple-signed ns/refs --dest-signatures-as-referrers || return 1
  [[ $(referrer_types ns/refs) == "$SIMPLE_TYPE" ]] || return 1
  [[ -z $(ls -A "$LR") ]] || { echo "the lookaside was written"; return 1; }
  # Read back only when asked: without the option no referrer is looked for.
  ferry --registries.d "$W/regd-ref" copy -q --src-tls-verify=false "docker://$REG/ns/refs:1.0" "dir:$W/rf0" &&
    [[ ! -e $W/rf0/signature-1 ]] || { echo "referrers read without the option"; return 1; }
  ferry --registries.d "$W/regd-ref" copy -q --src-tls-verify=false --src-signatures-as-referrers "docker://$REG/ns/refs:1.0" "dir:$W/rf1" &&
    cmp "$W/rf1/signature-1" "$V/simple-signed/signature-1" && [[ ! -e $W/rf1/signature-2 ]]
}

sigstore_signature_as_referrer() {
  ref_push sigstore-signed ns/refc --dest-signatures-as-referrers || return 1
  [[ $(referrer_types ns/refc) == "$COSIGN_TYPE" ]] || return 1
  ! curl -fsS -o /dev/null "http://$REG/v2/ns/refc/manifests/sha256-$TINY.sig" || { echo "an attachment was written"; return 1; }
  ferry --registries.d "$W/regd-ref" copy -q --src-tls-verify=false --src-signatures-as-referrers "docker://$REG/ns/refc:1.0" "dir:$W/rf2" &&
    cmp "$W/rf2/signature-1" "$V/sigstore-signed/signature-1" && [[ ! -e $W/rf2/signature-2 ]]
}

skopeo_pulls_an_image_with_referrers() {
  sko --registries.d "$W/regd-ref" copy -q --src-tls-verify=false "docker://$REG/ns/refs:1.0" "dir:$W/rf3" &&
    cmp "$W/rf3/manifest.json" "$V/simple-signed/manifest.json"
}

no_referrers_without_the_option() {
  ref_push simple-signed ns/refnone || return 1
  ! referrers_index ns/refnone >/dev/null 2>&1 && [[ -e $LR/ns/refnone@sha256=$TINY/signature-1 ]]
}

resigning_replaces_referrers() {
  ref_push simple-signed ns/refs --dest-signatures-as-referrers || return 1
  [[ $(referrer_types ns/refs) == "$SIMPLE_TYPE" ]] || { referrer_types ns/refs; return 1; }
  ref_push sigstore-signed ns/refs --dest-signatures-as-referrers || return 1
  [[ $(referrer_types ns/refs) == "$COSIGN_TYPE" ]] || { referrer_types ns/refs; return 1; }
  # A copy with no signatures leaves them.
  ref_push simple-signed ns/refs --remove-signatures --dest-signatures-as-referrers || return 1
  [[ $(referrer_types ns/refs) == "$COSIGN_TYPE" ]] || return 1
  ferry --registries.d "$W/regd-ref" copy -q --src-tls-verify=false --src-signatures-as-referrers "docker://$REG/ns/refs:1.0" "dir:$W/rf4" &&
    cmp "$W/rf4/signature-1" "$V/sigstore-signed/signature-1" && [[ ! -e $W/rf4/signature-2 ]]
}

# ------------------------------------------------------------------ registries.d errors

duplicate_namespace_names_both_files() {
  mkdir -p "$W/dup"
  printf 'docker:\n  %s:\n    lookaside: file:///a\n' "$REG" >"$W/dup/a.yaml"
  printf 'docker:\n  %s:\n    lookaside: file:///b\n' "$REG" >"$W/dup/b.yaml"
  ! ferry --registries.d "$W/dup" copy -q --src-tls-verify=false "docker://$REG/ns/app:1.0" "dir:$W/d1" 2>"$W/e" &&
    sed 's/\\"/"/g' "$W/e" |
    grep -F "Error parsing signature storage configuration: \"docker\" namespace \"$REG\" defined both in \"$W/dup/b.yaml\" and \"$W/dup/a.yaml\"" &&
    [[ ! -e $W/d1 ]]
}

bad_yaml_names_the_file() {
  mkdir -p "$W/bad"
  printf 'default-docker:\n  lookaside: file:///a\n docker: [\n' >"$W/bad/broken.yaml"
  printf 'not yaml at all: [\n' >"$W/bad/ignored.yml"
  ! ferry --registries.d "$W/bad" copy -q --dest-tls-verify=false "dir:$V/simple-signed" "docker://$REG/ns/bad:1.0" 2>"$W/e" &&
    grep -F "parsing $W/bad/broken.yaml: line " "$W/e" &&
    ! curl -fsS -o /dev/null "http://$REG/v2/ns/bad/manifests/1.0"
}

check "skopeo pushes a signed image to a file lookaside, ferry pulls signature-1 byte-identical" skopeo_push_ferry_pull
check "a pull by digest reads that digest's signatures" pull_by_digest
check "an empty registries.d: the built-in lookaside, no signature" pull_without_lookaside_config_has_no_signature
check "without --registries.d, \$HOME/.config/containers/registries.d is read" default_directory_in_home
check "ferry pushes to the repository's lookaside (0644/0755), skopeo reads it back" ferry_push_skopeo_pull
check "lookaside-staging is where writes go" staging_beats_lookaside
check "a push rewrites signature-1 and deletes signature-2.. up to the first missing one" rewrite_deletes_stale_signatures
check "a copy with no signatures writes and deletes nothing" zero_signatures_write_and_delete_nothing
check "an index: per-instance and index signatures both ways, the same tree as skopeo's" index_per_instance_signatures
check "one instance of a signed index gets its own signature" one_instance_of_an_index
check "delete removes the lookaside signature files after the manifest" delete_removes_lookaside_files
kit_policy signedBy-keyPath "$W/policy.json"
check "a signedBy policy sees the lookaside's signatures of a docker:// source" policy_reads_lookaside_signatures
check "copy --sign-by into docker:// appends a signature to the lookaside that skopeo verifies" signing_into_the_lookaside
check "sync --sign-by signs each image it mirrors, under its new name" sync_signs_every_image
check "an http lookaside is read until a 404" http_lookaside_read
check "an http lookaside answering 500 is an error naming the URL and status" http_lookaside_other_status
check "writing to an http lookaside is refused as skopeo words it" http_lookaside_write_refused
check "a signature over 4 MiB is refused" oversized_signature_refused
check "skopeo writes a sigstore attachment, ferry reads it byte-identical" skopeo_attachment_ferry_reads
check "the kit's attachment uploaded as is: ferry reads what skopeo reads" kit_attachment_ferry_reads
check "attachments are not read unless use-sigstore-attachments says so" attachments_not_read_when_disabled
check "ferry writes skopeo's exact attachment manifest bytes; skopeo reads it back" ferry_attachment_skopeo_reads
check "pushing the same sigstore signature again keeps one layer" attachment_pushed_twice_keeps_one_layer
check "another sigstore signature adds a layer and a diff_id" second_attachment_signature_appended
check "simple signatures to the lookaside, sigstore ones to the attachment; read back in order" mixed_signatures_split
check "copy --sign-by-sigstore-private-key into docker:// attaches a signature skopeo reads and the kit verifies" sigstore_signing_into_the_attachment
check "sigstore signatures with attachments disabled: the configuration error" disabled_attachments_refuse_sigstore
check "a namespace defined in two files is an error naming both" duplicate_namespace_names_both_files
check "bad YAML is an error naming the file, before anything is pushed" bad_yaml_names_the_file
check "--dest-signatures-as-referrers: a GPG signature becomes a referrer in the tag schema, read back byte-identical" simple_signature_as_referrer
check "--dest-signatures-as-referrers: a sigstore signature becomes a cosign referrer, read back byte-identical" sigstore_signature_as_referrer
check "skopeo pulls an image whose signatures are referrers" skopeo_pulls_an_image_with_referrers
check "without the opt-in nothing is written as a referrer" no_referrers_without_the_option
check "signing again replaces the referrers; a copy without signatures leaves them" resigning_replaces_referrers
report
