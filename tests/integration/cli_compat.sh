#!/usr/bin/env bash
# cli_compat.sh — ferry next to Debian's skopeo 1.9.3 on what needs no registry: inspect
# --format/--raw/--config, manifest-digest, copy's report lines and --digestfile, and the
# errors for bad image names, missing tags and wrong argument counts.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures bash cli_compat.sh
#
# FIXTURES is made with make-fixtures.sh (tests/integration/make_fixtures.sh). Exits 77
# (skip) without skopeo or jq, or without fixtures. Checks marked as known ferry bugs
# print XFAIL (or XPASS once fixed) and do not count. The last line of output is
# "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
FIXTURES=${FIXTURES:-$PWD/fixtures}

for tool in skopeo jq; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not found; skipping"
    echo "0 passed, 0 failed"
    exit 77
  fi
done
if [[ ! -f $FIXTURES/digests.tsv ]]; then
  echo "no fixtures in $FIXTURES; skipping"
  echo "0 passed, 0 failed"
  exit 77
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-compat.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/tmp"
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"

# Both tools read /etc/containers/policy.json (Debian's accepts anything).
ferry() { "$FERRY" --tmpdir "$W/tmp" "$@"; }
sko() { skopeo "$@"; }
# msg FILE: the msg= text of the fatal log line in FILE.
msg() { sed -n 's/.*level=fatal msg="\(.*\)"$/\1/p' "$1"; }

# both NAME ARGS...: runs ferry and skopeo with ARGS; stdout, stderr and exit code in
# $W/NAME.{ferry,skopeo}.{out,err,rc}. DEST in ARGS becomes a per-tool path.
both() {
  local name=$1 t
  shift
  for t in ferry sko; do
    local tool=$t
    [[ $t == sko ]] && tool=skopeo
    local args=("${@//DEST/$W/$name.$tool.dest}")
    "$t" "${args[@]}" >"$W/$name.$tool.out" 2>"$W/$name.$tool.err" </dev/null
    echo $? >"$W/$name.$tool.rc"
    echo "$tool ${args[*]} -> exit $(cat "$W/$name.$tool.rc"); stderr: $(head -c 400 "$W/$name.$tool.err")"
  done
}
same_out() { # NAME: equal stdout and exit codes
  [[ $(cat "$W/$1.ferry.rc") == $(cat "$W/$1.skopeo.rc") ]] || { echo "exit codes differ"; return 1; }
  cmp "$W/$1.ferry.out" "$W/$1.skopeo.out" || { diff "$W/$1.ferry.out" "$W/$1.skopeo.out" | head; return 1; }
}
same_msg() { # NAME: equal msg= texts, and both non-empty
  local f s
  f=$(msg "$W/$1.ferry.err")
  s=$(msg "$W/$1.skopeo.err")
  echo "ferry:  $f"
  echo "skopeo: $s"
  [[ -n $f && $f == "$s" ]]
}

declare -A MEDIA
NAMES=()
while IFS=$'\t' read -r name media _; do
  [[ -d $FIXTURES/oci/$name ]] || continue
  NAMES+=("$name")
  MEDIA[$name]=$media
done <"$FIXTURES/digests.tsv"
is_list() { [[ ${MEDIA[$1]} == *index* || ${MEDIA[$1]} == *list* ]]; }
((${#NAMES[@]} > 0)) || { echo "no oci fixtures"; echo "0 passed, 1 failed"; exit 1; }

# ------------------------------------------------------------------ inspect

TEMPLATES=(
  '{{.Name}}'
  '{{.Digest}}'
  '{{.Created}}'
  '{{.Labels}}'
  '{{index .Labels "x"}}'
  '{{index .Labels "maintainer"}}'
  '{{.Env}}'
  '{{range .Layers}}{{.}} {{end}}'
  '{{.Architecture}}/{{.Os}}'
  '{{.DockerVersion}}|{{.RepoTags}}'
)
# text/template as Go runs it, on the image with labels: output and exit status equal skopeo's.
GO_TEMPLATES=(
  '{{.Nope}}'
  'x{{.Labels.nope}}y'
  '{{.Created.Year}}-{{.Created.Month}}-{{.Created.Day}} {{.Created.Unix}}'
  '{{.Created.Format "2006-01-02T15:04:05Z07:00"}} {{.Created.Weekday}}'
  '{{printf "%-8s|%5d|%q|%v" .Os (len .Layers) .Architecture .RepoTags}}'
  '{{print .Os 1 2 "x"}} {{println .Os}}'
  '{{if eq .Os "linux" "windows"}}yes{{else if ne .Os "x"}}no{{end}}'
  '{{if and .Labels (not .RepoTags)}}a{{end}}{{or .DockerVersion "none"}}'
  '{{with .Labels}}{{len .}}{{else}}none{{end}}'
  '{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}'
  '{{range $i, $l := .Layers}}{{$i}}:{{slice $l 0 12}} {{end}}'
  '{{$n := len .Layers}}{{if gt $n 0}}{{$n}} layers{{end}} {{.Os}}'
  '{{.Labels | len | printf "%03d"}}'
  '{{lt 1 2}} {{le 2 2}} {{ge 1 2}}'
  '{{- .Os -}} {{/* a comment */}} !'
  '{{eq .Os 1}}'
  '{{index .RepoTags 3}}'
  '{{.Os'
)
go_template_like_skopeo() { # TEMPLATE
  both gofmt inspect --format "$1" "oci:$FIXTURES/oci/labels" && same_out gofmt
}
for t in "${GO_TEMPLATES[@]}"; do
  check "labels: inspect --format '$t' (text/template)" go_template_like_skopeo "$t"
done

format_like_skopeo() { # FIXTURE TEMPLATE
  both fmt inspect --format "$2" "oci:$FIXTURES/oci/$1" && same_out fmt
}
inspect_like_skopeo() { # FIXTURE FLAGS...
  local x=$1
  shift
  both insp inspect "$@" "oci:$FIXTURES/oci/$x" && same_out insp || return 1
  [[ $(cat "$W/insp.ferry.rc") == 0 && -s $W/insp.ferry.out ]]
}
# The default JSON without LayersData (newer skopeo's field), byte for byte: Go sorts the
# keys of Labels.
inspect_json_like_skopeo() { # FIXTURE
  both insj inspect "oci:$FIXTURES/oci/$1" || return 1
  cmp <(jq 'del(.LayersData)' "$W/insj.ferry.out") <(jq . "$W/insj.skopeo.out") ||
    { diff <(jq 'del(.LayersData)' "$W/insj.ferry.out") <(jq . "$W/insj.skopeo.out") | head; return 1; }
}

for x in "${NAMES[@]}"; do
  for t in "${TEMPLATES[@]}"; do
    check "$x: inspect --format '$t'" format_like_skopeo "$x" "$t"
  done
  check "$x: inspect --raw" inspect_like_skopeo "$x" --raw
  check "$x: inspect --config" inspect_like_skopeo "$x" --config
  check "$x: inspect --config --raw" inspect_like_skopeo "$x" --config --raw
  if [[ $x == labels ]]; then
    check "$x: inspect --format '{{len .Layers}}'" format_like_skopeo "$x" '{{len .Layers}}'
    check "$x: inspect --format '{{.Tag}}'" format_like_skopeo "$x" '{{.Tag}}'
    check "$x: inspect JSON (without LayersData)" inspect_json_like_skopeo "$x"
  else
    check "$x: inspect JSON (without LayersData)" inspect_json_like_skopeo "$x"
  fi
done

# ------------------------------------------------------------------ manifest-digest

# Every manifest of every fixture: the one index.json names, and a list's instances.
manifest_blobs() { # FIXTURE
  local layout=$FIXTURES/oci/$1 d
  for d in $(jq -r '.manifests[].digest' "$layout/index.json"); do
    echo "$layout/blobs/${d/://}"
    jq -r '.manifests[]?.digest // empty' "$layout/blobs/${d/://}" | sed "s|^\(.*\):|$layout/blobs/\1/|"
  done
}
manifest_digest_like_skopeo() { # FILE
  both md manifest-digest "$1" && same_out md || return 1
  [[ $(cat "$W/md.ferry.out") == "sha256:$(basename "$1")" ]] || { echo "not the blob's name"; return 1; }
}
for x in "${NAMES[@]}"; do
  for f in $(manifest_blobs "$x"); do
    check "$x: manifest-digest ${f##*/}" manifest_digest_like_skopeo "$f"
  done
done

# ------------------------------------------------------------------ copy

# copy_like_skopeo NAME ARGS...: the same report lines on stdout, the same --digestfile
# content (sha256:<hex>, no newline at the end) and mode, the same files for dir:.
copy_like_skopeo() {
  local name=$1
  shift
  both "$name" copy --digestfile DEST.digest "$@" || return 1
  [[ $(cat "$W/$name.ferry.rc") == 0 && $(cat "$W/$name.skopeo.rc") == 0 ]] || return 1
  same_out "$name" || return 1
  cmp "$W/$name.ferry.dest.digest" "$W/$name.skopeo.dest.digest" || return 1
  grep -Eq '^sha256:[0-9a-f]{64}$' "$W/$name.ferry.dest.digest" || return 1
  [[ $(tail -c1 "$W/$name.ferry.dest.digest" | od -An -c | tr -d ' ') != '\n' ]] || { echo "newline at the end"; return 1; }
  [[ $(stat -c %a "$W/$name.ferry.dest.digest") == $(stat -c %a "$W/$name.skopeo.dest.digest") ]] || return 1
  if [[ -d $W/$name.skopeo.dest && -f $W/$name.skopeo.dest/version ]]; then
    diff -r "$W/$name.ferry.dest" "$W/$name.skopeo.dest" || return 1
  fi
}
digest_is_source() { # NAME FIXTURE: the digest file names the fixture's own manifest
  [[ $(cat "$W/$1.ferry.dest.digest") == $(jq -r '.manifests[0].digest' "$FIXTURES/oci/$2/index.json") ]]
}
copy_one() { copy_like_skopeo c1 "oci:$FIXTURES/oci/tiny" dir:DEST && digest_is_source c1 tiny; }
copy_one_to_oci() { copy_like_skopeo c2 "oci:$FIXTURES/oci/labels" oci:DEST:v1 && digest_is_source c2 labels; }
copy_instance() { copy_like_skopeo c3 "oci:$FIXTURES/oci/multiarch" dir:DEST; }
copy_all() { copy_like_skopeo c4 --all "oci:$FIXTURES/oci/multiarch" oci:DEST:all && digest_is_source c4 multiarch; }
copy_all_docker_list() { copy_like_skopeo c5 --all "oci:$FIXTURES/oci/docker-list" dir:DEST && digest_is_source c5 docker-list; }
copy_converted() { copy_like_skopeo c6 --format v2s2 "oci:$FIXTURES/oci/labels" dir:DEST; }
copy_quiet() {
  both c7 copy --quiet "oci:$FIXTURES/oci/tiny" dir:DEST && same_out c7 || return 1
  [[ ! -s $W/c7.ferry.out ]]
}
copy_all_lines() { # the list report, line by line, as skopeo 1.9.3 prints it
  local want
  want=$(printf '%s\n' "Getting image list signatures" "Copying 2 of 2 images in list")
  [[ $(head -2 "$W/c4.ferry.out") == "$want" ]] || return 1
  [[ $(tail -2 "$W/c4.ferry.out") == "$(printf '%s\n' "Writing manifest list to image destination" "Storing list signatures")" ]] || return 1
  grep -Eq '^Copying image sha256:[0-9a-f]{64} \(2/2\)$' "$W/c4.ferry.out"
}

check "copy oci -> dir: report and --digestfile equal skopeo's" copy_one
check "copy oci -> oci: report and --digestfile equal skopeo's" copy_one_to_oci
check "copy of a list's instance: report and --digestfile equal skopeo's" copy_instance
check "copy --all multiarch: report and --digestfile equal skopeo's" copy_all
check "copy --all report has the list lines" copy_all_lines
check "copy --all docker-list -> dir: report and --digestfile equal skopeo's" copy_all_docker_list
check "copy --format v2s2: report and --digestfile equal skopeo's" copy_converted
check "copy --quiet prints nothing, as skopeo" copy_quiet

# ------------------------------------------------------------------ errors

missing_tag_inspect() {
  both mt inspect "oci:$FIXTURES/oci/tiny:nope"
  [[ $(cat "$W/mt.ferry.rc") == 2 ]] || { echo "ferry exit $(cat "$W/mt.ferry.rc"), want 2"; return 1; }
  [[ $(cat "$W/mt.skopeo.rc") != 0 ]] || return 1
  [[ ! -s $W/mt.ferry.out ]] || return 1
  grep -Fq 'no descriptor found for reference \"nope\"' "$W/mt.ferry.err" &&
    grep -Fq 'no descriptor found for reference \"nope\"' "$W/mt.skopeo.err"
}
missing_tag_copy() {
  both mc copy "oci:$FIXTURES/oci/tiny:nope" dir:DEST
  [[ $(cat "$W/mc.ferry.rc") == 2 ]] || { echo "ferry exit $(cat "$W/mc.ferry.rc"), want 2"; return 1; }
  [[ $(cat "$W/mc.skopeo.rc") != 0 ]] || return 1
  [[ ! -e $W/mc.ferry.dest ]] || { echo "ferry made the destination"; return 1; }
  grep -Fq 'no descriptor found for reference \"nope\"' "$W/mc.ferry.err" &&
    grep -Fq 'no descriptor found for reference \"nope\"' "$W/mc.skopeo.err"
}
# bad_name NAME ARGS...: both fail with exit 1, nothing on stdout, and the same msg= text.
bad_name() {
  local name=$1
  shift
  both "$name" "$@"
  [[ $(cat "$W/$name.ferry.rc") == 1 && $(cat "$W/$name.skopeo.rc") == 1 ]] || return 1
  [[ ! -s $W/$name.ferry.out ]] || return 1
  same_msg "$name"
}
# the core of the message, which ferry and skopeo share even where the wrapping differs
bad_name_core() { # NAME PATTERN ARGS...
  local name=$1 pattern=$2
  shift 2
  both "$name" "$@"
  [[ $(cat "$W/$name.ferry.rc") == 1 ]] || return 1
  grep -Fq -- "$pattern" "$W/$name.ferry.err" && grep -Fq -- "$pattern" "$W/$name.skopeo.err"
}

check "inspect of a missing tag: ferry exits 2, both say no descriptor found" missing_tag_inspect
check "copy of a missing tag: ferry exits 2, both say no descriptor found" missing_tag_copy
check "inspect, unknown transport: message core" bad_name_core ut \
  'Invalid image name \"foo:bar\", unknown transport \"foo\"' inspect foo:bar
check "inspect, no colon: message core" bad_name_core nc \
  'Invalid image name \"nocolon\", expected colon-separated transport:reference' inspect nocolon
check "copy, unknown source transport: message core" bad_name_core cut \
  'Invalid image name \"foo:bar\", unknown transport \"foo\"' copy foo:bar dir:DEST
check "copy, destination without colon: message core" bad_name_core cnc \
  'Invalid image name \"nocolon\", expected colon-separated transport:reference' copy "oci:$FIXTURES/oci/tiny" nocolon
check "inspect, unknown transport: same msg as skopeo" bad_name ut inspect foo:bar
check "inspect, no colon: same msg as skopeo" bad_name nc inspect nocolon
check "copy, unknown source transport: same msg as skopeo" bad_name cut copy foo:bar dir:DEST
check "copy, destination without colon: same msg as skopeo" bad_name cnc copy "oci:$FIXTURES/oci/tiny" nocolon

wrong_count() { # NAME ARGS...: exit 1 and skopeo's message
  local name=$1
  shift
  both "$name" "$@"
  [[ $(cat "$W/$name.ferry.rc") == 1 && $(cat "$W/$name.skopeo.rc") == 1 ]] || return 1
  same_msg "$name"
}
# skopeo 1.9.3 prints only the help, on stdout, and exits 0 for copy with a wrong count;
# ferry prints the error the design asks for and exits 1.
copy_wrong_count() { # NAME ARGS...
  local name=$1
  shift
  both "$name" copy "$@"
  [[ $(cat "$W/$name.ferry.rc") == 1 ]] || return 1
  [[ $(msg "$W/$name.ferry.err") == "Exactly two arguments expected" ]] || return 1
  grep -q '^Usage:' "$W/$name.skopeo.out"
}
check "inspect without an image" wrong_count w1 inspect
check "inspect with two images" wrong_count w2 inspect "oci:$FIXTURES/oci/tiny" "oci:$FIXTURES/oci/labels"
check "inspect --config --raw without an image" wrong_count w3 inspect --config --raw
check "copy with one image" copy_wrong_count w4 "oci:$FIXTURES/oci/tiny"
check "copy with three images" copy_wrong_count w5 "oci:$FIXTURES/oci/tiny" dir:DEST dir:DEST.2
# Both print their own name in the usage line.
check "manifest-digest without a file" bad_name_core w6 "manifest-digest manifest" manifest-digest
check "manifest-digest of a missing file fails" bad_name_core w7 "Error reading manifest from $W/absent: " \
  manifest-digest "$W/absent"
check "manifest-digest of a missing file: same msg as skopeo" bad_name w7 manifest-digest "$W/absent"

report
