#!/usr/bin/env bash
# hostile_json.sh — JSON built to hurt: nested far too deep, far too big, or of the wrong
# types, in an OCI layout's index.json, an image config, a docker archive's manifest.json
# and a registry's answers (served by hostile_registry.py on 127.0.0.1). Each must make
# ferry exit 1 with one line naming the document and the limit or field, in bounded memory
# (/usr/bin/time's maximum resident set size); a large but real index.json is still read.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash hostile_json.sh
#
# Exits 77 (skip) without python3 or /usr/bin/time. The last line is "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
require_tools python3 jq
[[ -x /usr/bin/time ]] || skip "/usr/bin/time not found"
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-hostile-json.XXXXXX")
SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
mkdir -p "$W/tmp"

MAX_RSS_KB=$((200 * 1024))
# A ferry built with AddressSanitizer (scripts/sanitizers.sh) carries redzones and a
# quarantine of freed blocks: it gets twice the budget, still far below a blow-up.
if grep -qa __asan_init "$FERRY"; then MAX_RSS_KB=$((2 * MAX_RSS_KB)); fi

ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }

# refused PATTERN CMD...: CMD exits 1, prints nothing on stdout and one line on stderr that
# matches PATTERN (extended regex) and holds no library text, using less than MAX_RSS_KB.
refused() {
  local pattern=$1 rc rss
  shift
  /usr/bin/time -v -o "$W/time" "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@" >"$W/out" 2>"$W/err"
  rc=$?
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time")
  echo "exit $rc, max RSS ${rss} KB, stdout $(wc -c <"$W/out") bytes"
  head -c 600 "$W/err"
  echo
  [[ $rc -eq 1 ]] || { echo "want exit 1"; return 1; }
  [[ ! -s $W/out ]] || { echo "want nothing on stdout"; return 1; }
  [[ $(wc -l <"$W/err") -eq 1 ]] || { echo "want one line on stderr"; return 1; }
  # The message as written, without the \" escapes of the log line.
  sed 's/\\"/"/g' "$W/err" | grep -Eq -- "$pattern" || { echo "want /$pattern/"; return 1; }
  ! grep -q "json.exception" "$W/err" || { echo "nlohmann's text reached the user"; return 1; }
  [[ $rss -lt $MAX_RSS_KB ]] || { echo "want less than $MAX_RSS_KB KB"; return 1; }
}

# --- OCI layouts ------------------------------------------------------------------------

# A copy of the tiny layout whose index.json carries an extra member nested 100 000 deep.
cp -r "$FIXTURES/oci/tiny" "$W/deep-index"
python3 - "$W/deep-index/index.json" <<'EOF'
import sys
path = sys.argv[1]
text = open(path).read().rstrip()
assert text.endswith("}")
depth = 100000
open(path, "w").write(text[:-1] + ',"x":' + "[" * depth + "]" * depth + "}")
EOF
DEEP='/deep-index/index.json is nested more than 256 levels deep, the limit for an OCI layout.s index.json'
check "inspect of a layout whose index.json nests 100000 deep is refused" \
  refused "$DEEP" inspect "oci:$W/deep-index:latest"
check "copy from that layout is refused" refused "$DEEP" copy --quiet "oci:$W/deep-index:latest" "dir:$W/out1"
check "copy into that layout is refused" refused "$DEEP" copy --quiet "oci:$FIXTURES/oci/tiny:latest" "oci:$W/deep-index:new"

# make_config_image DIR CONFIG_FILE: the tiny image in a layout at DIR with CONFIG_FILE as its
# config (the manifest and index.json rewritten to name it).
make_config_image() {
  cp -r "$FIXTURES/oci/tiny" "$1"
  python3 - "$1" "$2" <<'EOF'
import hashlib, json, os, sys
root, config_file = sys.argv[1], sys.argv[2]
def put(data):
    d = hashlib.sha256(data).hexdigest()
    open(os.path.join(root, "blobs", "sha256", d), "wb").write(data)
    return "sha256:" + d
index = json.load(open(os.path.join(root, "index.json")))
desc = index["manifests"][0]
manifest = json.load(open(os.path.join(root, "blobs", "sha256", desc["digest"].split(":")[1])))
config = open(config_file, "rb").read()
manifest["config"]["digest"] = put(config)
manifest["config"]["size"] = len(config)
m = json.dumps(manifest).encode()
desc["digest"], desc["size"] = put(m), len(m)
open(os.path.join(root, "index.json"), "w").write(json.dumps(index))
EOF
}

# write_config OUT EDIT_PY: the tiny image's config with the python statements EDIT_PY
# applied to `c` (the config as a dict); EDIT_PY may set `text` to write instead.
write_config() {
  local out=$1 edit=$2
  python3 - "$FIXTURES/oci/tiny" "$out" "$edit" <<'EOF'
import json, os, sys
root, out, edit = sys.argv[1:4]
index = json.load(open(os.path.join(root, "index.json")))
manifest = json.load(open(os.path.join(root, "blobs", "sha256", index["manifests"][0]["digest"].split(":")[1])))
c = json.load(open(os.path.join(root, "blobs", "sha256", manifest["config"]["digest"].split(":")[1])))
c.setdefault("config", {})
text = None
exec(edit)
open(out, "w").write(text if text is not None else json.dumps(c))
EOF
}

write_config "$W/labels-200k.json" '
c["config"]["Labels"] = "@@"
text = json.dumps(c).replace("\"@@\"", "{\"a\":" * 200000 + "\"x\"" + "}" * 200000)'
make_config_image "$W/labels-200k" "$W/labels-200k.json"
CONFIG_DEEP='the image config is nested more than 256 levels deep, the limit for image configs'
check "inspect of an image whose config Labels nest 200000 deep is refused" \
  refused "$CONFIG_DEEP" inspect "oci:$W/labels-200k:latest"
check "inspect --config of that image is refused" refused "$CONFIG_DEEP" inspect --config "oci:$W/labels-200k:latest"
check "inspect --format of that image is refused" \
  refused "$CONFIG_DEEP" inspect --format '{{.Labels}}' "oci:$W/labels-200k:latest"

write_config "$W/labels-40k.json" '
c["config"]["Labels"] = "@@"
text = json.dumps(c).replace("\"@@\"", "{\"a\":" * 40000 + "\"x\"" + "}" * 40000)'
make_config_image "$W/labels-40k" "$W/labels-40k.json"
check "inspect of an 80 KB config with Labels 40000 deep stays small" \
  refused "$CONFIG_DEEP" inspect "oci:$W/labels-40k:latest"

# Labels nested only as deep as the limit allows still are not a map of strings.
write_config "$W/labels-nested.json" 'c["config"]["Labels"] = {"a": {"b": "c"}}'
make_config_image "$W/labels-nested" "$W/labels-nested.json"
check "inspect refuses Labels that are not a map of strings, naming the field" \
  refused 'the image config: "config.Labels.a" is an object, not a string' inspect "oci:$W/labels-nested:latest"
check "inspect --config refuses them too" \
  refused '"config.Labels.a" is an object, not a string' inspect --config "oci:$W/labels-nested:latest"

write_config "$W/env-number.json" 'c["config"]["Env"] = ["A=1", 2]'
make_config_image "$W/env-number" "$W/env-number.json"
check "inspect refuses an Env that is not a list of strings" \
  refused '"config.Env\[1\]" is a number, not a string' inspect "oci:$W/env-number:latest"

write_config "$W/created-number.json" 'c["created"] = 5'
make_config_image "$W/created-number" "$W/created-number.json"
check "inspect refuses a created that is not a string" \
  refused '"created" is a number, not a string' inspect "oci:$W/created-number:latest"

write_config "$W/arch-list.json" 'c["architecture"] = ["amd64"]'
make_config_image "$W/arch-list" "$W/arch-list.json"
check "inspect --format refuses an architecture that is not a string" \
  refused '"architecture" is an array, not a string' inspect --format '{{.Architecture}}' "oci:$W/arch-list:latest"

# A layout of 20 000 images: index.json is over 4 MiB and must be read, and written back.
cp -r "$FIXTURES/oci/tiny" "$W/big-index"
python3 - "$W/big-index/index.json" <<'EOF'
import json, sys
path = sys.argv[1]
index = json.load(open(path))
entry = index["manifests"][0]
for i in range(1, 20000):
    e = json.loads(json.dumps(entry))
    e["annotations"]["org.opencontainers.image.ref.name"] = "image-%05d" % i
    e["annotations"]["org.example.padding"] = "p" * 100
    index["manifests"].append(e)
open(path, "w").write(json.dumps(index))
EOF
big_index_is_read() {
  local size rss
  size=$(stat -c %s "$W/big-index/index.json")
  echo "index.json: $size bytes"
  [[ $size -gt $((4 << 20)) ]] || return 1
  /usr/bin/time -v -o "$W/time" "$FERRY" --insecure-policy inspect "oci:$W/big-index:image-19999" >"$W/out" || return 1
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time")
  echo "inspect: max RSS $rss KB"
  jq -e '.Layers | length > 0' "$W/out" >/dev/null || return 1
  /usr/bin/time -v -o "$W/time" "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/tiny:latest" "oci:$W/big-index:added" || return 1
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/time")
  echo "copy into it: max RSS $rss KB"
  [[ $(jq '.manifests | length' "$W/big-index/index.json") -eq 20001 ]] && [[ $rss -lt $MAX_RSS_KB ]]
}
check "a layout of 20000 images (index.json over 4 MiB) is read and written" big_index_is_read

# --- docker archives ---------------------------------------------------------------------

# make_archive TAR MANIFEST_JSON_PY: a tar holding manifest.json with the bytes the python
# expression gives.
make_archive() {
  python3 - "$1" "$2" <<'EOF'
import io, sys, tarfile
out, expr = sys.argv[1], sys.argv[2]
data = eval(expr)
with tarfile.open(out, "w") as t:
    info = tarfile.TarInfo("manifest.json")
    info.size = len(data)
    t.addfile(info, io.BytesIO(data))
EOF
}
make_archive "$W/big-manifest.tar" 'b"[" + b"{},"*(16*1024*1024//3) + b"{}]"'
check "a docker archive with a 16 MiB manifest.json is refused" \
  refused "manifest.json in .*big-manifest.tar is larger than 4 MiB, the limit for a docker archive.s manifest.json" \
  inspect "docker-archive:$W/big-manifest.tar"
make_archive "$W/deep-manifest.tar" 'b"[" * 100000 + b"]" * 100000'
check "a docker archive whose manifest.json nests 100000 deep is refused" \
  refused "manifest.json in .*deep-manifest.tar is nested more than 256 levels deep" \
  inspect "docker-archive:$W/deep-manifest.tar"
make_archive "$W/bad-utf8.tar" 'b"[{\"Config\":\"c.json\",\"RepoTags\":[\"a\xff:latest\"],\"Layers\":[]}]"'
check "invalid UTF-8 in a docker archive's tags is named as such" \
  refused "manifest.json in .*bad-utf8.tar is not valid JSON: .*UTF-8" list-tags "docker-archive:$W/bad-utf8.tar"

# --- a registry ---------------------------------------------------------------------------

python3 "$HERE/hostile_registry.py" --port-file "$W/ports" --lifetime 300 &
SERVER_PID=$!
for ((i = 0; i < 100; i++)); do [[ -s $W/ports ]] && break; sleep 0.05; done
read -r OPEN AUTH <"$W/ports"
R=127.0.0.1:$OPEN
A=127.0.0.1:$AUTH

# not_found PATTERN CMD...: exit 2 with one line matching PATTERN and no library text.
not_found() {
  local pattern=$1 rc
  shift
  "$FERRY" --insecure-policy "$@" >"$W/out" 2>"$W/err"
  rc=$?
  cat "$W/err"
  [[ $rc -eq 2 && $(wc -l <"$W/err") -eq 1 ]] && grep -Eq -- "$pattern" "$W/err" && ! grep -q "json.exception" "$W/err"
}
check "an error answer with \"message\": null reads as its code" \
  not_found 'manifest unknown' inspect --tls-verify=false "docker://$R/nullmsg:latest"
check "an error answer with a numeric code reads as its status" \
  not_found 'not found \(HTTP 404' inspect --tls-verify=false "docker://$R/numcode:latest"
check "a token reply with a numeric token is refused naming the member" \
  refused 'unable to retrieve auth token for .*: the token reply from http://127.0.0.1:[0-9]+: "token" is a number, not a string' \
  inspect --tls-verify=false "docker://$A/five:latest"
check "a token reply over 1 MiB is refused naming the limit" \
  refused 'the token reply from http://127.0.0.1:[0-9]+ is larger than 1 MiB, the limit for token replies' \
  inspect --tls-verify=false "docker://$A/big:latest"
timed_list_tags() {
  local start=$SECONDS
  refused 'the tag list of .* is larger than 4 MiB, the limit for tag list pages' \
    list-tags --tls-verify=false "docker://$R/brackets" || return 1
  echo "took $((SECONDS - start)) s"
  [[ $((SECONDS - start)) -lt 10 ]]
}
check "a 64 MiB tag list of [ is refused at once" timed_list_tags
check "a tag list nested 1 MiB deep is refused" \
  refused 'the tag list of .* is nested more than 256 levels deep, the limit for tag list pages' \
  list-tags --tls-verify=false "docker://$R/deeptags"

report
