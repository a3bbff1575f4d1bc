#!/usr/bin/env bash
# policy_compat.sh — ferry next to Debian's skopeo 1.9.3 on policy.json: the same
# "Error loading trust policy: …" for every malformed policy below (strict keys,
# duplicates, wrong JSON types, nulls, bad identities and scopes of each transport
# kind), and the same decision and message for the requirements that need no
# signature (reject, scopes and precedence) on the signing kit's dir: vectors.
# Signature requirements are checked against the kit's skopeo results by
# ferry-policy-unit-tests.
#
#   FERRY=/path/to/ferry bash policy_compat.sh
#
# Exits 77 (skip) without skopeo or the signing kit. The last line is "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
require_tools skopeo
KIT=$LAB_DIR/signing
[[ -d $KIT/vectors/unsigned ]] || skip "no signing kit in $KIT"
KIT=$(cd "$KIT" && pwd)
V=$KIT/vectors

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-policy.XXXXXX")
trap 'rm -rf "$W"' EXIT

# msg FILE: the msg= text of the fatal log line in FILE.
msg() { sed -n 's/.*level=fatal msg="\(.*\)"$/\1/p' "$1"; }

# same_result POLICY_TEXT SOURCE: both tools copy SOURCE under the policy with the
# same exit status and the same message.
same_result() {
  printf '%s' "$1" >"$W/policy.json"
  rm -rf "$W/out-ferry" "$W/out-skopeo"
  "$FERRY" --policy "$W/policy.json" copy -q "$2" "dir:$W/out-ferry" 2>"$W/ferry.err"
  local rf=$?
  skopeo --policy "$W/policy.json" copy -q "$2" "dir:$W/out-skopeo" 2>"$W/skopeo.err"
  local rs=$?
  echo "policy: $1"
  echo "ferry ($rf):  $(msg "$W/ferry.err")"
  echo "skopeo ($rs): $(msg "$W/skopeo.err")"
  [[ $rf == "$rs" && $(msg "$W/ferry.err") == "$(msg "$W/skopeo.err")" ]]
}

R='[{"type":"reject"}]'
A='[{"type":"insecureAcceptAnything"}]'
SB='"type":"signedBy","keyType":"GPGKeys"'
ID64=$(printf 'a%.0s' {1..64})

# Malformed policies: skopeo's message, word for word.
while IFS= read -r policy; do
  [[ -z $policy || $policy == '#'* ]] && continue
  check "refused like skopeo: $policy" same_result "$policy" "dir:$V/unsigned"
done <<EOF_POLICIES
{}
{"default":[]}
{"default":null}
{"default":{}}
{"default":[1]}
{"default":[{"type":1}]}
{"default":[{}]}
{"default":[{"Type":"reject"}]}
{"default":[{"type":"accept"}]}
{"default":[{"type":"insecureAcceptAnything","x":1}]}
{"default":$R,"foo":1}
{"foo":1,"default":[]}
{"default":[],"foo":1}
{"default":$R,"default":$R}
{"default":[{"type":"reject","type":"reject"}]}
[]
"x"
{"default":$R} {}
{"default":$R} x
{"default":$R,"transports":[]}
{"default":$R,"transports":null}
{"default":$R,"transports":{"docker":null}}
{"default":$R,"transports":{"docker":{"":null}}}
{"default":$R,"transports":{"docker":{},"docker":{}}}
{"default":[{$SB}]}
{"default":[{"type":"signedBy","keyPath":"/k"}]}
{"default":[{"type":"signedBy","keyType":"bogus","keyPath":"/k"}]}
{"default":[{"type":"signedBy","keyType":null,"keyPath":"/k"}]}
{"default":[{"type":"signedBy","keyType":1,"keyPath":"/k"}]}
{"default":[{$SB,"keyPath":"/k","keyData":""}]}
{"default":[{$SB,"keyPath":"/k","keyPaths":["/k"]}]}
{"default":[{$SB,"keyPath":""}]}
{"default":[{$SB,"keyPaths":null}]}
{"default":[{$SB,"keyData":null}]}
{"default":[{$SB,"keyData":"not base64!"}]}
{"default":[{$SB,"keyData":[256]}]}
{"default":[{$SB,"keyData":["a"]}]}
{"default":[{$SB,"keyPath":1}]}
{"default":[{$SB,"keyPaths":"/k"}]}
{"default":[{$SB,"keyPaths":[1]}]}
{"default":[{$SB,"keyPath":"/k","extra":true}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":null}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":"x"}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"nope"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"matchExact","x":1}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"exactReference"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"exactReference","dockerReference":"127.0.0.1:5000/lab/tiny"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"exactReference","dockerReference":"a:b:c"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"exactRepository","dockerRepository":"Upper/Case"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"exactRepository","dockerRepository":""}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"exactRepository","dockerRepository":"$ID64"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"example.com/Repo","signedPrefix":"x.com"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"x.com","signedPrefix":"x.com/r:tag"}}]}
{"default":[{$SB,"keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"x.com"}}]}
{"default":[{"type":"sigstoreSigned"}]}
{"default":[{"type":"sigstoreSigned","keyPath":"/k","keyData":""}]}
{"default":[{"type":"sigstoreSigned","keyPaths":["/k"]}]}
{"default":[{"type":"signedBaseLayer"}]}
{"default":$R,"transports":{"oci":{"relative/path":$R}}}
{"default":$R,"transports":{"oci":{"/srv/a/../b":$R}}}
{"default":$R,"transports":{"oci-archive":{"/srv//x.tar":$R}}}
{"default":$R,"transports":{"dir":{"/srv/lab/":$R}}}
{"default":$R,"transports":{"dir":{"/":$R}}}
{"default":$R,"transports":{"docker-archive":{"/srv/x":$R}}}
{"default":$R,"transports":{"docker-daemon":{"sha256:$ID64":$R}}}
{"default":$R,"transports":{"containers-storage":{"[overlay@/var/lib/s]busybox@nothex":$R}}}
{"default":$R,"transports":{"containers-storage":{"[overlay@relative]":$R}}}
{"default":$R,"transports":{"containers-storage":{"docker.io/library/busybox":$R}}}
EOF_POLICIES

# Policies both accept, with the decisions that need no signature.
check "reject" same_result "{\"default\":$R}" "dir:$V/simple-signed"
check "accept anything" same_result "{\"default\":$A}" "dir:$V/simple-signed"
check "AND: accept then reject" same_result "{\"default\":[{\"type\":\"insecureAcceptAnything\"},{\"type\":\"reject\"}]}" "dir:$V/unsigned"
check "dir scope of a parent" same_result "{\"default\":$R,\"transports\":{\"dir\":{\"$V\":$A}}}" "dir:$V/unsigned"
check "dir scope of the image" same_result "{\"default\":$R,\"transports\":{\"dir\":{\"$V/unsigned\":$A}}}" "dir:$V/unsigned"
check "dir scope of a sibling" same_result "{\"default\":$R,\"transports\":{\"dir\":{\"$V/unsigne\":$A}}}" "dir:$V/unsigned"
check "dir's own default" same_result "{\"default\":$R,\"transports\":{\"dir\":{\"\":$A}}}" "dir:$V/unsigned"
check "the transport's default beats the global one" same_result "{\"default\":$A,\"transports\":{\"dir\":{\"\":$R}}}" "dir:$V/unsigned"
check "an empty transport falls to the default" same_result "{\"default\":$A,\"transports\":{\"dir\":{}}}" "dir:$V/unsigned"
check "the most specific dir scope wins" same_result "{\"default\":$A,\"transports\":{\"dir\":{\"$V/unsigned\":$R,\"$V\":$A}}}" "dir:$V/unsigned"
check "unknown transports never match" same_result "{\"default\":$R,\"transports\":{\"madeup\":{\"anything\":$A}}}" "dir:$V/unsigned"
check "other transports' scopes do not apply" same_result "{\"default\":$R,\"transports\":{\"oci\":{\"$V/unsigned\":$A},\"docker\":{\"\":$A}}}" "dir:$V/unsigned"
check "signedBaseLayer" same_result "{\"default\":[{\"type\":\"signedBaseLayer\",\"baseLayerIdentity\":{\"type\":\"matchRepository\"}}]}" "dir:$V/unsigned"
check "a missing policy file" bash -c "
  \"$FERRY\" --policy /nonexistent.json copy -q dir:$V/unsigned dir:$W/x 2>&1 | grep -F 'Error loading trust policy: open /nonexistent.json: no such file or directory'"

report
