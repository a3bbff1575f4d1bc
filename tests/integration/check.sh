# Sourced by the integration scripts: what a script needs before it starts
# (tools, fixture images), one test per `check`, and the summary line
# ctest's readers look for. The sourcing script sets W (its work directory)
# before its first check and may define `after_check` (run after every check).
# It also settles what every script is given: FERRY (required), LAB_DIR (the
# lab's scripts, ../shared/lab beside the checkout by default) and FIXTURES.
: "${FERRY:?set FERRY to the ferry binary}"
LAB_DIR=${LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../../shared/lab}
FIXTURES=${FIXTURES:-$PWD/fixtures}
PASSED=0
FAILED=0

# skip REASON: this machine cannot run the script (ctest's skip code, 77).
skip() {
  echo "$1; skipping"
  echo "0 passed, 0 failed"
  exit 77
}

# require_tools TOOL...: skips unless every tool is on PATH.
require_tools() {
  local tool
  for tool in "$@"; do command -v "$tool" >/dev/null || skip "$tool not found"; done
}

# ensure_fixtures: the lab's images in $FIXTURES, made with $LAB_DIR/make-fixtures.sh
# unless they are there.
ensure_fixtures() {
  [[ -f $FIXTURES/digests.tsv ]] && return 0
  bash "$LAB_DIR/make-fixtures.sh" -o "$FIXTURES" --no-large >/dev/null 2>&1 ||
    { echo "cannot make fixtures in $FIXTURES"; echo "0 passed, 1 failed"; exit 1; }
}

# check NAME FUNCTION ARGS...: one test; its output is shown only when it fails
# (the first lines, or the last with CHECK_SHOW=tail).
check() {
  local name=$1
  shift
  if "$@" >"$W/log" 2>&1; then
    PASSED=$((PASSED + 1))
    echo "ok   - $name"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL - $name"
    sed 's/^/       /' "$W/log" | "${CHECK_SHOW:-head}" -20
  fi
  if declare -F after_check >/dev/null; then after_check; fi
}

# msg CMD...: the msg= text of the fatal line CMD prints, and its exit code after a tab.
msg() {
  local rc
  "$@" >/dev/null 2>"$W/err" </dev/null
  rc=$?
  printf '%s\t%s\n' "$(sed -n 's/.*level=fatal msg="\(.*\)"$/\1/p' "$W/err")" "$rc"
}
# same_msg ARGS...: skopeo and ferry as skopeo ($ALIAS, a skopeo symlink to it) print the same fatal text and exit the same way.
same_msg() {
  local want got
  want=$(msg skopeo "$@")
  got=$(msg "$ALIAS" "$@")
  [[ -n ${want%%$'\t'*} && $want == "$got" ]] || { echo "skopeo: $want"; echo "ferry:  $got"; return 1; }
}

# report: prints "N passed, N failed" and succeeds only when nothing failed.
report() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

# staging_near DIR: the staging entries ferry makes in DIR and three levels below it —
# temporary files and directories of copies that are running or were killed (see
# libs/file-io/include/ferry/file_io/staging.hpp).
staging_near() {
  find "$1" -maxdepth 3 \( -name '.*.ferry-*' -o -name '.*.old-*' -o -name '.tmp-*' -o -name '.*.tmp-*' \
    -o -name 'oci-archive-*' -o -name 'docker-archive-*' -o -name 'docker-daemon-*' \) 2>/dev/null
}

# oci_readable LAYOUT REF: what ferry wrote under REF is an OCI image other tools read:
# OCI types in index.json, skopeo copies it out, and oci-image-tool (when installed)
# validates it (it does not know zstd layers, so those skip that step).
oci_readable() {
  local layout=$1 ref=$2 type
  type=$(jq -r --arg r "$ref" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $r) | .mediaType' "$layout/index.json")
  [[ $type == application/vnd.oci.image.manifest.v1+json || $type == application/vnd.oci.image.index.v1+json ]] ||
    { echo "index.json gives $ref the type '$type'"; return 1; }
  local out
  out=$(mktemp -d "${TMPDIR:-/tmp}/ferry-oci-readable.XXXXXX")
  skopeo --insecure-policy copy --quiet --all "oci:$layout:$ref" "dir:$out/d" || { rm -rf "$out"; return 1; }
  rm -rf "$out"
  command -v oci-image-tool >/dev/null || return 0
  find "$layout/blobs" -type f -size -64k -exec grep -ls 'tar+zstd' {} + | grep . >/dev/null && return 0
  oci-image-tool validate --type image --ref "name=$ref" "$layout" >/dev/null
}

# start_lab_registry NAME MODE: starts a registry with the lab's registry.sh under $W
# and sets REG_ADDR[NAME], REG_CERTS[NAME], REG_USER[NAME], REG_PASS[NAME] and
# REG_LOG[NAME] (its access log; REG_TOKEN_LOG[NAME]: its token server's); its state
# directory is added to REG_STOPS, which stop_lab_registries stops (call it on exit).
declare -A REG_ADDR REG_CERTS REG_USER REG_PASS REG_LOG REG_TOKEN_LOG
REG_STOPS=()
start_lab_registry() {
  local name=$1 mode=$2 env v
  env=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start "$mode" 2>"$W/start-$name.err") || return 1
  mapfile -t v < <(
    eval "$env"
    printf '%s\n' "$LAB_REG_ADDR" "${LAB_REG_CERT_DIR:-}" "${LAB_REG_USER:-}" "${LAB_REG_PASS:-}" "$LAB_REG_DIR" \
      "$LAB_REG_LOG" "${LAB_REG_TOKEN_LOG:-}"
  )
  REG_ADDR[$name]=${v[0]} REG_CERTS[$name]=${v[1]} REG_USER[$name]=${v[2]} REG_PASS[$name]=${v[3]}
  REG_LOG[$name]=${v[5]} REG_TOKEN_LOG[$name]=${v[6]}
  REG_STOPS+=("${v[4]}")
}
stop_lab_registries() {
  local s
  for s in "${REG_STOPS[@]}"; do bash "$LAB_DIR/registry.sh" stop "$s" >/dev/null 2>&1; done
  REG_STOPS=()
}
