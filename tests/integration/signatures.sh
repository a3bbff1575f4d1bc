#!/usr/bin/env bash
# signatures.sh — signing and verifying with local files, both ways with Debian's skopeo:
# GPG simple signatures ferry makes (copy --sign-by, standalone-sign) verify in skopeo
# (standalone-verify and a signedBy policy), skopeo's verify in ferry; sigstore signatures
# ferry makes verify with the signing kit's independent Python code and with openssl; keys
# ferry generates decrypt there. Refusals come before anything is written, and no
# passphrase ever reaches the output.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash signatures.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo, gpg or the kit.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
require_tools skopeo jq gpg gpgconf openssl
[[ -f $LAB_DIR/signing/kit.sh ]] || skip "no signing kit in $LAB_DIR/signing"
/usr/bin/python3 -c 'import nacl, cryptography' 2>/dev/null || skip "python3-nacl and python3-cryptography are needed"
ensure_fixtures
source "$LAB_DIR/signing/kit.sh"

# gpg-agent's socket path must stay short.
W=$(mktemp -d /tmp/ferry-sig.XXXXXX)
kit_gnupghome "$W/g" >/dev/null || { echo "cannot make a GNUPGHOME"; echo "0 passed, 1 failed"; exit 1; }
export GNUPGHOME=$W/g
trap 'kit_gnupghome_stop "$W/g"; rm -rf "$W"' EXIT

TINY=oci:$FIXTURES/oci/tiny:latest
TINY_DIGEST=sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8
ID=registry.example/ns/app:1.0
GPG_PASS=$KIT_KEYS/gpg-test-passphrase.txt
SIG_KEY=$KIT_KEYS/sigstore-test.private
SIG_PASS=$KIT_KEYS/sigstore-test-passphrase.txt
ALL_OUTPUT=$W/all-output

# Every ferry run's output is kept, to look for secrets in it at the end.
ferry() { "$FERRY" "$@" 2>&1 | tee -a "$ALL_OUTPUT"; return "${PIPESTATUS[0]}"; }
ferry_insecure() { ferry --insecure-policy "$@"; }
sign_gpg() { ferry_insecure copy -q --sign-by "$KIT_GPG_FPR" --sign-passphrase-file "$GPG_PASS" "$@"; }
sign_sigstore() { ferry_insecure copy -q --sign-by-sigstore-private-key "$SIG_KEY" --sign-passphrase-file "$SIG_PASS" "$@"; }
fails_with() { # TEXT COMMAND...: the command fails and says TEXT
  local text=$1 out
  shift
  if out=$("$@" 2>&1); then echo "succeeded: $*"; return 1; fi
  grep -F -- "$text" <<<"$out" >/dev/null || { echo "expected '$text', got: $out"; return 1; }
}

gpg_signature_verifies_in_skopeo() {
  sign_gpg --sign-identity "$ID" "$TINY" "dir:$W/g1" || return 1
  [[ -f $W/g1/signature-1 && ! -e $W/g1/signature-2 ]] || { ls "$W/g1"; return 1; }
  skopeo standalone-verify "$W/g1/manifest.json" "$ID" "$KIT_GPG_FPR" "$W/g1/signature-1" | grep -F "Signature verified, digest $TINY_DIGEST" >/dev/null || return 1
  kit_policy signedBy-keyPath "$W/policy-keypath.json"
  skopeo --policy "$W/policy-keypath.json" copy -q "dir:$W/g1" "dir:$W/g1-by-skopeo" || return 1
  cmp "$W/g1/signature-1" "$W/g1-by-skopeo/signature-1"
}

gpg_signature_is_binary_and_signed_message() {
  local first
  first=$(head -c1 "$W/g1/signature-1" | od -An -tx1 | tr -d ' ')
  [[ $first == a3 || $first == 90 ]] || { echo "first byte $first"; return 1; }
  gpg --batch --decrypt "$W/g1/signature-1" 2>/dev/null | jq -e --arg d "$TINY_DIGEST" --arg id "$ID" \
    '.critical.type == "atomic container signature" and .critical.image["docker-manifest-digest"] == $d and
     .critical.identity["docker-reference"] == $id and (.optional.timestamp | type) == "number"' >/dev/null
}

standalone_sign_verifies_in_skopeo() {
  ferry standalone-sign --passphrase-file "$GPG_PASS" "$W/g1/manifest.json" "$ID" "$KIT_GPG_FPR" -o "$W/sa.sig" || return 1
  skopeo standalone-verify "$W/g1/manifest.json" "$ID" "$KIT_GPG_FPR" "$W/sa.sig" | grep -F "Signature verified" >/dev/null
}

# standalone-verify: the kit's skopeo-made signature, and each way it must be refused, with
# the text skopeo prints for it.
standalone_verify_matches_skopeo() {
  local v=$KIT_VECTORS/simple-standalone case ref fpr ours theirs
  while IFS='|' read -r case ref fpr; do
    ours=$("$FERRY" standalone-verify "$v/manifest.json" "$ref" "$fpr" "$v/tag.sig" 2>&1 | sed 's/.*msg="//; s/"$//')
    theirs=$(skopeo standalone-verify "$v/manifest.json" "$ref" "$fpr" "$v/tag.sig" 2>&1 | sed 's/.*msg="//; s/"$//')
    [[ $ours == "$theirs" ]] || { echo "$case: ferry '$ours', skopeo '$theirs'"; return 1; }
  done <<EOF
good|$ID|$KIT_GPG_FPR
other tag|registry.example/ns/app:2.0|$KIT_GPG_FPR
other key|$ID|$KIT_GPG_OTHER_FPR
lower-case fingerprint|$ID|${KIT_GPG_FPR,,}
EOF
  printf '{"x":1}' >"$W/other-manifest.json"
  ours=$("$FERRY" standalone-verify "$W/other-manifest.json" "$ID" "$KIT_GPG_FPR" "$v/tag.sig" 2>&1)
  grep -F 'Signature for docker digest \"'"$TINY_DIGEST"'\" does not match' <<<"$ours" >/dev/null || { echo "$ours"; return 1; }
}

public_key_file_trusts_only_its_keys() {
  local v=$KIT_VECTORS/simple-standalone
  ferry standalone-verify --public-key-file "$KIT_KEYS/gpg-test-public.asc" "$v/manifest.json" "$ID" any "$v/tag.sig" | grep -F "Signature verified" >/dev/null || return 1
  fails_with "Invalid GPG signature" "$FERRY" standalone-verify --public-key-file "$KIT_KEYS/gpg-other-public.asc" "$v/manifest.json" "$ID" any "$v/tag.sig"
}

signing_appends_to_copied_signatures() {
  sign_gpg --sign-identity "$ID" "dir:$W/g1" "dir:$W/g2" || return 1
  cmp "$W/g1/signature-1" "$W/g2/signature-1" && [[ -f $W/g2/signature-2 ]] || { ls "$W/g2"; return 1; }
  skopeo standalone-verify "$W/g2/manifest.json" "$ID" "$KIT_GPG_FPR" "$W/g2/signature-2" >/dev/null
}

every_instance_and_the_list_are_signed() {
  sign_gpg --all --sign-identity "$ID" "oci:$FIXTURES/oci/multiarch:latest" "dir:$W/m1" || return 1
  local n=0 f hex
  for f in "$W"/m1/*.manifest.json; do
    hex=$(basename "$f" .manifest.json)
    skopeo standalone-verify "$f" "$ID" "$KIT_GPG_FPR" "$W/m1/$hex.signature-1" >/dev/null || return 1
    n=$((n + 1))
  done
  [[ $n -ge 2 ]] || { echo "$n instances"; return 1; }
  skopeo standalone-verify "$W/m1/manifest.json" "$ID" "$KIT_GPG_FPR" "$W/m1/signature-1" >/dev/null
}

bad_passphrase_writes_nothing() {
  printf 'wrong\n' >"$W/wrong-pass"
  fails_with "creating signature: Bad passphrase" ferry_insecure copy -q --sign-by "$KIT_GPG_FPR" --sign-passphrase-file "$W/wrong-pass" --sign-identity "$ID" "$TINY" "dir:$W/bad1" || return 1
  [[ ! -e $W/bad1 ]] || { echo "dir:$W/bad1 was left behind"; ls -la "$W/bad1"; return 1; }
}

signing_refusals_come_first() {
  fails_with "Cannot determine canonical Docker reference for destination dir:$W/noid" sign_gpg "$TINY" "dir:$W/noid" || return 1
  [[ ! -e $W/noid ]] || { echo "dir: written before the refusal"; return 1; }
  fails_with "Could not parse --sign-identity: repository name must be canonical" sign_gpg --sign-identity busybox:latest "$TINY" "dir:$W/x" || return 1
  fails_with "Sign identity must be a fully specified reference docker.io/library/busybox" sign_gpg --sign-identity docker.io/library/busybox "$TINY" "dir:$W/x" || return 1
  fails_with "Only one of --sign-by and sign-by-sigstore-private-key can be used with sign-passphrase-file" \
    ferry_insecure copy --sign-by "$KIT_GPG_FPR" --sign-by-sigstore-private-key "$SIG_KEY" --sign-passphrase-file "$SIG_PASS" "$TINY" "dir:$W/x" || return 1
  # oci: layouts keep no signatures: refused before a blob is written.
  mkdir -p "$W/o1"
  cp -r "$FIXTURES/oci/tiny/." "$W/o1/"
  local before
  before=$(cd "$W/o1" && find . -type f | sort | xargs sha256sum)
  fails_with "does not support signatures" sign_gpg --sign-identity "$ID" "$TINY" "oci:$W/o1:signed" || return 1
  [[ $(cd "$W/o1" && find . -type f | sort | xargs sha256sum) == "$before" ]] || { echo "oci layout changed"; return 1; }
  [[ ! -e $W/x ]]
}

signed_images_keep_their_bytes() {
  ferry_insecure copy -q --dest-compress-format zstd -f v2s2 "dir:$W/g1" "dir:$W/g3" || return 1
  cmp "$W/g1/manifest.json" "$W/g3/manifest.json" && cmp "$W/g1/signature-1" "$W/g3/signature-1"
}

sigstore_signature_verifies_with_the_kit_and_openssl() {
  sign_sigstore --sign-identity "$ID" "$TINY" "dir:$W/s1" || return 1
  kit_sigstore_tool verify --pub "$KIT_KEYS/sigstore-test.pub" --sig "$W/s1/signature-1" \
    --manifest "$W/s1/manifest.json" --identity "$ID" | grep -F "Signature verified" >/dev/null || return 1
  # The blob: "\0sigstore-json\n" and the JSON; check the signature with openssl alone.
  tail -c +16 "$W/s1/signature-1" >"$W/s1.json"
  jq -r .payload "$W/s1.json" | base64 -d >"$W/s1.payload"
  jq -r '.annotations["dev.cosignproject.cosign/signature"]' "$W/s1.json" | base64 -d >"$W/s1.der"
  openssl dgst -sha256 -verify "$KIT_KEYS/sigstore-test.pub" -signature "$W/s1.der" "$W/s1.payload" | grep -F "Verified OK" >/dev/null || return 1
  jq -e --arg d "$TINY_DIGEST" '.critical.type == "cosign container image signature" and .critical.image["docker-manifest-digest"] == $d' "$W/s1.payload" >/dev/null
}

sigstore_key_errors_are_skopeos() {
  printf 'wrong\n' >"$W/wrong-pass"
  fails_with "decrypt: encrypted: decryption failed" ferry_insecure copy --sign-by-sigstore-private-key "$SIG_KEY" --sign-passphrase-file "$W/wrong-pass" --sign-identity "$ID" "$TINY" "dir:$W/s2" || return 1
  fails_with "invalid pem block" ferry_insecure copy --sign-by-sigstore-private-key /etc/hostname --sign-passphrase-file "$SIG_PASS" --sign-identity "$ID" "$TINY" "dir:$W/s2" || return 1
  fails_with "Cannot prompt for a passphrase for key $SIG_KEY, standard input is not a TTY" ferry_insecure copy --sign-by-sigstore-private-key "$SIG_KEY" --sign-identity "$ID" "$TINY" "dir:$W/s2" </dev/null || return 1
  [[ ! -e $W/s2 ]]
}

generated_keys_work_with_the_kit() {
  printf 'generated-pass\n' >"$W/gen-pass"
  ferry generate-sigstore-key --output-prefix "$W/gen" --passphrase-file "$W/gen-pass" | grep -F "Key written to \"$W/gen.private\" and \"$W/gen.pub\"" >/dev/null || return 1
  [[ $(stat -c %a "$W/gen.private") == 600 ]] || return 1
  kit_sigstore_tool decrypt --key "$W/gen.private" --passphrase-file "$W/gen-pass" | openssl pkey -pubout >"$W/gen.derived.pub" || return 1
  diff "$W/gen.derived.pub" "$W/gen.pub" || return 1
  ferry_insecure copy -q --sign-by-sigstore-private-key "$W/gen.private" --sign-passphrase-file "$W/gen-pass" --sign-identity "$ID" "$TINY" "dir:$W/s3" || return 1
  kit_sigstore_tool verify --pub "$W/gen.pub" --sig "$W/s3/signature-1" --manifest "$W/s3/manifest.json" --identity "$ID" >/dev/null || return 1
  fails_with "Refusing to overwrite existing $W/gen.private" "$FERRY" generate-sigstore-key --output-prefix "$W/gen" --passphrase-file "$W/gen-pass"
}

untrusted_dump_equals_skopeos() {
  local sig
  for sig in "$KIT_VECTORS/simple-standalone/tag.sig" "$KIT_VECTORS/simple-standalone/digest.sig" "$W/g1/signature-1"; do
    diff <("$FERRY" untrusted-signature-dump-without-verification "$sig" 2>&1) \
      <(skopeo untrusted-signature-dump-without-verification "$sig" 2>&1) || return 1
  done
  "$FERRY" --help | grep -F untrusted-signature-dump >/dev/null && { echo "a hidden command is listed"; return 1; }
  return 0
}

inspect_signatures_says_who_and_what() {
  ferry inspect --signatures "dir:$W/g2" >"$W/sigs.json" || return 1
  jq -e --arg f "$KIT_GPG_FPR" --arg id "$ID" 'length == 2 and all(.[]; .Type == "simple signing" and .Signer == $f
    and .DockerReference == $id and .MatchesManifest and .VerifiedByUserKeyring)' "$W/sigs.json" >/dev/null || { cat "$W/sigs.json"; return 1; }
  ferry inspect --signatures "dir:$W/s1" | jq -e '.[0].Type == "sigstore" and .[0].MatchesManifest' >/dev/null || return 1
  # A signature of another manifest is shown as not matching.
  cp -r "$W/g1" "$W/g4"
  cp "$KIT_VECTORS/simple-other-digest/signature-1" "$W/g4/signature-1"
  ferry inspect --signatures "dir:$W/g4" | jq -e '.[0].MatchesManifest == false' >/dev/null
}

# containers-storage keeps signatures as containers/image does (big data "signatures" and
# "signature-<hex>", sizes in the metadata): each tool reads what the other stored.
containers_storage_keeps_signatures() {
  local store="containers-storage:[vfs@$W/store+$W/run]"
  sign_gpg "$TINY" "${store}$ID" || return 1
  kit_policy signedBy-wrong-key "$W/policy-wrong.json"
  fails_with "Source image rejected" skopeo --policy "$W/policy-wrong.json" copy -q "${store}$ID" "dir:$W/c1" || return 1
  # With the right key skopeo gets past the policy, and stops where it always does for a
  # signed image in storage: its layers are kept unpacked.
  fails_with "Would invalidate signatures" skopeo --policy "$W/policy-keypath.json" copy -q "${store}$ID" "dir:$W/c1" || return 1
  rm -rf "$W/c1"  # skopeo leaves the directory it started
  fails_with "Would invalidate signatures" ferry_insecure copy -q "${store}$ID" "dir:$W/c1" || return 1
  [[ ! -e $W/c1 ]] || { echo "dir:$W/c1 written"; return 1; }
  ferry inspect --signatures "${store}$ID" | jq -e 'length == 1 and .[0].MatchesManifest' >/dev/null || return 1
  # The same image (one ID, so one record) stored again by skopeo with two signatures.
  skopeo --insecure-policy copy -q "dir:$W/g2" "${store}registry.example/ns/by-skopeo:1" || return 1
  ferry inspect --signatures "${store}registry.example/ns/by-skopeo:1" |
    jq -e --arg f "$KIT_GPG_FPR" 'length == 2 and all(.[]; .Signer == $f and .MatchesManifest)' >/dev/null
}

# --dest-signatures-as-referrers: signatures in an oci: layout as OCI 1.1 referrers.
oci_referrers_keep_signatures() {
  local l=$W/r1
  ferry_insecure copy -q --dest-signatures-as-referrers "dir:$W/g1" "oci:$l:gpg" || return 1
  ferry_insecure copy -q --dest-signatures-as-referrers "dir:$W/s1" "oci:$l:other" || return 1  # same manifest: its signatures replaced
  ferry_insecure copy -q --dest-signatures-as-referrers "dir:$W/g2" "oci:$l:gpg" || return 1
  jq -e '[.manifests[] | select(.artifactType)] | length == 2 and all(.[]; .artifactType == "application/vnd.ferry.signature.simple-signing.v1")' "$l/index.json" >/dev/null || { jq . "$l/index.json"; return 1; }
  local ref
  ref=$(jq -r '.manifests[] | select(.artifactType) | .digest' "$l/index.json" | head -1)
  jq -e --arg d "$TINY_DIGEST" '.subject.digest == $d and .config.mediaType == "application/vnd.oci.empty.v1+json"' "$l/blobs/sha256/${ref#sha256:}" >/dev/null || return 1
  # Read back byte for byte, by ferry; skopeo still reads the image itself.
  ferry_insecure copy -q "oci:$l:gpg" "dir:$W/r1-out" || return 1
  cmp "$W/r1-out/signature-1" "$W/g2/signature-1" && cmp "$W/r1-out/signature-2" "$W/g2/signature-2" || return 1
  skopeo --insecure-policy copy -q "oci:$l:gpg" "dir:$W/r1-skopeo" || return 1
  # sigstore: cosign's OCI 1.1 form.
  ferry_insecure copy -q --dest-signatures-as-referrers "dir:$W/s1" "oci:$W/r2" || return 1
  ref=$(jq -r '.manifests[] | select(.artifactType) | .digest' "$W/r2/index.json")
  jq -e '.artifactType == "application/vnd.dev.cosign.artifact.sig.v1+json" and .layers[0].mediaType == "application/vnd.dev.cosign.simplesigning.v1+json"
         and (.layers[0].annotations["dev.cosignproject.cosign/signature"] | length > 0)' "$W/r2/blobs/sha256/${ref#sha256:}" >/dev/null || return 1
  # oci:PATH without a reference still finds the one image.
  ferry_insecure copy -q "oci:$W/r2" "dir:$W/r2-out" && cmp "$W/r2-out/signature-1" "$W/s1/signature-1" || return 1
  # Deleting the image deletes its signatures and their blobs.
  ferry delete "oci:$W/r2" || return 1
  jq -e '.manifests | length == 0' "$W/r2/index.json" >/dev/null || { jq . "$W/r2/index.json"; return 1; }
  [[ -z $(ls "$W/r2/blobs/sha256") ]] || { ls "$W/r2/blobs/sha256"; return 1; }
}

# Every row of the kit's policy matrix through `ferry copy`: skopeo 1.9.3's answer, or
# 1.13.3's where Debian's build has sigstore disabled. Where skopeo prints gpgme's struct
# after "Invalid GPG signature: ", ferry names the reason and the key instead.
policy_matrix_matches_skopeo() {
  local vec pol flags c4 c5 want got rows=0 differ=0
  while IFS=$'\t' read -r vec pol flags c4 c5; do
    [[ $vec == \#* ]] && continue
    want=$c4
    [[ $c4 == *"sigstore disabled"* ]] && want=$c5
    if [[ $flags == - ]]; then got=$(kit_copy_result "$FERRY" "$vec" "$pol"); else got=$(kit_copy_result "$FERRY" "$vec" "$pol" $flags); fi
    rows=$((rows + 1))
    [[ $got == "$want" ]] && continue
    [[ $want == *"Invalid GPG signature: gpgme"* && $got == "${want%%gpgme*}"* ]] && continue
    differ=$((differ + 1))
    printf '%s %s %s\n  skopeo: %s\n  ferry:  %s\n' "$vec" "$pol" "$flags" "$want" "$got"
  done <"$KIT_VECTORS/expected.tsv"
  echo "$rows rows, $differ differ"
  [[ $rows -ge 40 && $differ == 0 ]]
}

no_secret_in_any_output() {
  local secret
  for secret in "$(head -n1 "$GPG_PASS")" "$(head -n1 "$SIG_PASS")" generated-pass; do
    if grep -F -- "$secret" "$ALL_OUTPUT" "$W/log" >/dev/null; then echo "a passphrase was printed"; return 1; fi
  done
  [[ -s $ALL_OUTPUT ]]
}

check "copy --sign-by: skopeo verifies it (standalone and signedBy policy)" gpg_signature_verifies_in_skopeo
check "the signature is a binary signed message of skopeo's payload" gpg_signature_is_binary_and_signed_message
check "standalone-sign: skopeo verifies it" standalone_sign_verifies_in_skopeo
check "standalone-verify: same answers as skopeo" standalone_verify_matches_skopeo
check "standalone-verify --public-key-file trusts only that file's keys" public_key_file_trusts_only_its_keys
check "signing a signed image appends (signature-2)" signing_appends_to_copied_signatures
check "--all: every instance and the list are signed" every_instance_and_the_list_are_signed
check "a wrong passphrase fails and leaves no destination" bad_passphrase_writes_nothing
check "signing refusals come before anything is written" signing_refusals_come_first
check "a signed image keeps its bytes under --dest-compress-format and -f" signed_images_keep_their_bytes
check "sigstore signature: the kit's Python and openssl verify it" sigstore_signature_verifies_with_the_kit_and_openssl
check "sigstore key errors read as skopeo's" sigstore_key_errors_are_skopeos
check "generate-sigstore-key: the kit decrypts it; signatures verify" generated_keys_work_with_the_kit
check "untrusted-signature-dump-without-verification: skopeo's output, hidden" untrusted_dump_equals_skopeos
check "inspect --signatures: signer, name and whether the digest matches" inspect_signatures_says_who_and_what
check "policy.json: every row of the kit's matrix as skopeo decides it" policy_matrix_matches_skopeo
check "oci: with --dest-signatures-as-referrers keeps signatures as OCI 1.1 referrers" oci_referrers_keep_signatures
if [[ $(id -u) == 0 ]]; then
  check "containers-storage keeps signatures where skopeo reads them, and the reverse" containers_storage_keeps_signatures
else
  echo "skip - containers-storage (needs root for a private store)"
fi
check "no passphrase in any output" no_secret_in_any_output
report
