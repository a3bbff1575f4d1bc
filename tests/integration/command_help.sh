#!/usr/bin/env bash
# command_help.sh — each command's help and its refusal of a bad flag value next to Debian's
# skopeo 1.9.3: `COMMAND --help` (and -h, and `help COMMAND`) in skopeo's (cobra's) layout —
# description, Usage, Examples, Flags — with the same flags (ferry's own listed below) and the
# same lines for them; a value an int, duration, bool or ints flag cannot take refused first,
# naming the flag, in pflag's words.
#
#   FERRY=/path/to/ferry bash command_help.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"
require_tools skopeo

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-command-help.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/bin"
ln -s "$FERRY" "$W/bin/skopeo"
ALIAS=$W/bin/skopeo

# The commands skopeo 1.9.3 and ferry both have (generate-sigstore-key came in skopeo 1.10).
COMMANDS=(copy delete inspect list-tags login logout manifest-digest standalone-sign standalone-verify sync
  experimental-image-proxy untrusted-signature-dump-without-verification)

# The flags only ferry has, by command: its additions (retries with a fixed delay, sigstore
# parameter files, sync's reports and shards, ...) and options its transports declare where
# skopeo 1.9.3 lacks them (--dest-ostree-tmp-dir: Debian builds it without ostree:). They
# may be there; every other flag must be skopeo's.
declare -A FERRY_ONLY=(
  [copy]="dest-signatures-as-referrers src-signatures-as-referrers image-parallel-copies progress progress-interval
    retry-delay sign-by-sigstore dest-ostree-tmp-dir"
  [delete]="retry-delay signatures-as-referrers"
  [inspect]="retry-delay signatures signatures-as-referrers"
  [list-tags]="daemon-host retry-delay shared-blob-dir signatures-as-referrers"
  [login]="compat-auth-file"
  [logout]="compat-auth-file"
  [standalone-verify]="public-key-file"
  [sync]="append-suffix dest-compress dest-decompress dest-precompute-digests dest-signatures-as-referrers
    digestfile force image-parallel-copies only-failed parallel-images report retry-delay shard sign-by-sigstore
    src-signatures-as-referrers"
  [experimental-image-proxy]="signatures-as-referrers"
)

# flag_names: the long names in the Flags: section of the help on stdin, one a line, sorted.
flag_names() {
  sed -n '/^Flags:$/,/^$/p' | sed -nE 's/^ +(-[a-zA-Z], )?--([^ ]+).*/\2/p' | sort
}
# headings: the section headings of the help on stdin, in order.
headings() { grep -E '^[A-Z][A-Za-z ]*:$'; }
# flag_line NAME: the help line of --NAME in the help on stdin.
flag_line() { grep -E "^ +(-[a-zA-Z], )?--$1( |$)"; }

same_flags() {
  local cmd=$1 extra ferry_names
  ferry_names=$("$ALIAS" "$cmd" --help | flag_names)
  for extra in ${FERRY_ONLY[$cmd]:-}; do ferry_names=$(grep -vx -- "$extra" <<<"$ferry_names"); done
  diff <(skopeo "$cmd" --help | flag_names) <(cat <<<"$ferry_names")
}
same_headings() { diff <(skopeo "$1" --help | headings) <("$ALIAS" "$1" --help | headings); }
# Everything above the flags — description, usage, examples — as skopeo's, the list of
# supported transports aside (ferry lists those installed here).
same_text_above_flags() {
  local above='/^Flags:$/q;p' transports='/^Supported transports:$/{n;d}'
  diff <(skopeo "$1" --help | sed -n "$above" | sed "$transports") \
    <("$ALIAS" "$1" --help | sed -n "$above" | sed "$transports")
}
padding_apart() { sed -E 's/([^ ]) {3,}/\1   /'; }
# same_line COMMAND FLAG...: the help lines of the flags are skopeo's, character for character.
# SPACING_APART=1: but for the padding before the text, where a flag only ferry has is wider
# than skopeo's widest and moves the column.
same_line() {
  local cmd=$1 flag want got squeeze=cat
  shift
  [[ ${SPACING_APART:-} == 1 ]] && squeeze=padding_apart
  for flag in "$@"; do
    want=$(skopeo "$cmd" --help | flag_line "$flag" | $squeeze)
    got=$("$ALIAS" "$cmd" --help | flag_line "$flag" | $squeeze)
    [[ -n $want && $want == "$got" ]] || { echo "skopeo: '$want'"; echo "ferry:  '$got'"; return 1; }
  done
}
short_and_help_forms() {
  local cmd
  for cmd in "${COMMANDS[@]}" generate-sigstore-key; do
    diff <("$FERRY" "$cmd" --help) <("$FERRY" "$cmd" -h) >/dev/null &&
      diff <("$FERRY" "$cmd" --help) <("$FERRY" help "$cmd") >/dev/null || { echo "$cmd"; return 1; }
  done
}
# (The helps are read whole before grep: grep -q would stop reading, and pipefail see ferry's SIGPIPE.)
own_name_in_help() {
  local out as_skopeo
  out=$("$FERRY" copy --help)
  as_skopeo=$("$ALIAS" copy --help)
  grep -qx 'ferry copy \[command options\] SOURCE-IMAGE DESTINATION-IMAGE' <<<"$out" &&
    grep -q '^ferry copy docker://' <<<"$out" && ! grep -q ferry <<<"$as_skopeo"
}
# A flag a transport declares is listed like a built-in one, its value name from its text.
plugin_flags_listed() {
  local copy inspect
  copy=$("$FERRY" copy --help)
  inspect=$("$FERRY" inspect --help)
  grep -qE '^      --dest-shared-blob-dir DIRECTORY +DIRECTORY to use to share blobs' <<<"$copy" &&
    grep -qE '^      --tls-verify +require HTTPS' <<<"$inspect"
}
ferry_only_flags_laid_out() {
  local copy
  copy=$("$FERRY" copy --help)
  grep -qE '^      --image-parallel-copies uint +Maximum .* \(default 6\)$' <<<"$copy" &&
    grep -qE '^      --retry-delay duration +Fixed delay' <<<"$copy"
}


for cmd in "${COMMANDS[@]}"; do
  check "$cmd --help: the same flags as skopeo (ferry's own aside)" same_flags "$cmd"
  check "$cmd --help: the same sections, in skopeo's order" same_headings "$cmd"
  check "$cmd --help: description, usage and examples as skopeo's" same_text_above_flags "$cmd"
done
check "copy --help: flag lines as skopeo's" same_line copy all dest-compress-level dest-compress-format \
  retry-times format help sign-by dest-shared-blob-dir dest-tls-verify encrypt-layer
check "inspect --help: flag lines as skopeo's" same_line inspect no-tags raw format cert-dir retry-times
# ferry's --compat-auth-file is wider than skopeo's widest login and logout flags.
SPACING_APART=1 check "login --help: flag lines as skopeo's (but the column)" \
  same_line login username password authfile tls-verify verbose get-login
SPACING_APART=1 check "logout --help: flag lines as skopeo's (but the column)" same_line logout all authfile
check "sync --help: flag lines as skopeo's" same_line sync src dest scoped sign-passphrase-file format
check "experimental-image-proxy --help: flag lines as skopeo's" same_line experimental-image-proxy sockfd
check "standalone-sign --help: flag lines as skopeo's" same_line standalone-sign output passphrase-file
check "manifest-digest --help: flag lines as skopeo's" same_line manifest-digest help
check "-h and 'help COMMAND' print COMMAND --help" short_and_help_forms
check "as ferry: the usage and examples name ferry; as skopeo, never ferry" own_name_in_help
check "flags transports declare are listed like built-in ones" plugin_flags_listed
check "ferry's own flags in the same layout, with their types and defaults" ferry_only_flags_laid_out

check "an int flag's bad value: pflag's words, before the arguments are looked at" \
  same_msg copy --dest-compress-level abc a b
check "an int flag's bad value with no arguments: the flag is refused first" same_msg copy --dest-compress-level abc
check "an int flag's empty value (--flag=)" same_msg copy --dest-compress-level= a b
check "an int flag out of range" same_msg inspect --retry-times 99999999999999999999 a
check "an int flag given a fraction" same_msg sync --retry-times 1.5 a b
check "an int flag takes Go's forms (0x1f, 1_0, +3, -1)" same_msg copy --dest-compress-level 0x1f --retry-times -1 \
  --dest-compress-level 1_0 --dest-compress-level +3 a b
check "an int flag refuses a misplaced underscore" same_msg copy --dest-compress-level 1__0 a b
check "experimental-image-proxy --sockfd x" same_msg experimental-image-proxy --sockfd x
check "an ints flag's bad item: strconv.Atoi" same_msg copy --encrypt-layer 1,x a b
check "a bool flag's bad value (--tls-verify=maybe)" same_msg inspect --tls-verify=maybe a
check "a bool flag's bad value: copy --dest-tls-verify=maybe" same_msg copy --dest-tls-verify=maybe a b
check "a bool flag with a shorthand is named '-a, --all'" same_msg copy -qa=maybe a b
check "a bool flag takes Go's forms (T, 1, FALSE)" same_msg copy --dest-tls-verify=T --quiet=1 --all=FALSE a b
check "login --tls-verify=yes" same_msg login --tls-verify=yes example.com
check "a global bool flag's bad value" same_msg --debug=maybe copy a b
check "a global duration flag: unknown unit" same_msg --command-timeout 5x copy a b
check "a global duration flag after the command: missing unit" same_msg copy --command-timeout 5 a b
check "an unknown flag before a bad value is reported first, as pflag reads left to right" \
  same_msg copy --nope --dest-compress-level x a b
check "a bad value is quoted as Go quotes it" same_msg copy '--src-tls-verify=x"y' a b
# The usage a wrong count prints names the program as it was invoked.
for cmd in manifest-digest standalone-sign standalone-verify untrusted-signature-dump-without-verification; do
  check "as skopeo: $cmd without arguments: skopeo's usage message" same_msg "$cmd"
done
report
