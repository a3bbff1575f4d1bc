#!/usr/bin/env bash
# skopeo_alias.sh — the root of the command line next to Debian's skopeo 1.9.3: ferry invoked
# under the name `skopeo` (the symlink -DFERRY_INSTALL_SKOPEO_ALIAS=ON installs) speaks as
# skopeo — its root help, --version, usage errors and suggestions — while under its own name
# it stays ferry; the root help prints its description once, in skopeo's layout; `help COMMAND`
# is `COMMAND --help`; removed transports (atomic:) are refused in skopeo's words.
#
#   FERRY=/path/to/ferry bash skopeo_alias.sh
#
# The last line of output is "N passed, N failed"; exits 77 without skopeo.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"
require_tools skopeo

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-alias.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/bin"
ln -s "$FERRY" "$W/bin/skopeo"
ALIAS=$W/bin/skopeo


# What only ferry has: a command skopeo 1.9.3 lacks, a flag it lacks, the installed transports.
ferry_only() { sed -e '/^  generate-sigstore-key /d' -e '/--user-agent-prefix /d' -e '/^Installed transports:$/,/^$/d'; }

root_help_as_skopeo() {
  diff <(skopeo --help) <("$ALIAS" --help | ferry_only)
}
root_help_once() {
  local out
  out=$("$FERRY" --help)
  [[ $(grep -c '^Various operations with container images' <<<"$out") == 1 ]] || { echo "$out"; return 1; }
  grep -q '^  ferry \[command\]$' <<<"$out" && grep -q '^  -h, --help  *help for ferry$' <<<"$out" &&
    grep -qx '  oci' <<<"$out" && ! grep -q skopeo <<<"$out"
}
help_is_root_help() { diff <("$FERRY" --help) <("$FERRY" help); }
help_command() { diff <("$FERRY" copy --help) <("$FERRY" help copy); }
version_as_skopeo() {
  local v
  v=$("$ALIAS" --version)
  [[ $v =~ ^skopeo\ version\ [0-9]+\.[0-9]+\.[0-9]+\  ]] || { echo "$v"; return 1; }
  [[ $("$FERRY" --version) == "ferry version $(cut -d' ' -f3 <<<"$v")" ]] ||
    { echo "ferry: $("$FERRY" --version), skopeo: $v"; return 1; }
}
command_usage_as_skopeo() {
  local out
  out=$("$ALIAS" copy --help)
  grep -q '^skopeo copy ' <<<"$out" && ! grep -q ferry <<<"$out"
}
# An unknown help topic: said on stderr's first line, then the usage; exit 0, as cobra does.
unknown_help_topic() {
  local out
  out=$("$ALIAS" help lgin 2>&1 >/dev/null) || return 1
  [[ $(head -1 <<<"$out") == "$(skopeo help lgin 2>&1 >/dev/null | head -1)" ]] || { echo "$out" | head -3; return 1; }
  [[ -z $("$ALIAS" help lgin 2>/dev/null) ]] || { echo "help lgin wrote to stdout"; return 1; }
  diff <(tail -n +2 <<<"$out") <("$ALIAS" --help | sed -n '/^Usage:/,$p')
}
# A boolean flag set to false is off: --insecure-policy=false keeps the policy.
bool_false_is_off() {
  echo '{"default":[{"type":"reject"}]}' >"$W/reject.json"
  ! "$FERRY" --policy "$W/reject.json" --insecure-policy=false copy -q "dir:$W/none" "dir:$W/never" 2>"$W/err" &&
    grep -q 'rejected by policy' "$W/err" || { cat "$W/err"; return 1; }
  [[ $("$FERRY" --help=false 2>&1) == *"Missing command"* && $("$FERRY" --version=false --debug=false 2>&1) != *version* ]]
}
own_name_stays() {
  local m
  m=$(msg "$FERRY" nope)
  [[ $m == *'`ferry nope`'*"Try 'ferry --help'"* ]] || { echo "$m"; return 1; }
}

check "as skopeo: the root help is skopeo's, line for line (ferry's additions aside)" root_help_as_skopeo
check "as ferry: the root help prints its description once, says ferry, lists the transports" root_help_once
check "'help' alone is the root help" help_is_root_help
check "'help copy' is 'copy --help'" help_command
check "as skopeo: --version says 'skopeo version X.Y.Z', X.Y.Z ferry's" version_as_skopeo
check "as skopeo: a command's usage names skopeo" command_usage_as_skopeo
check "as skopeo: a mistyped command: the same message and suggestion as skopeo" same_msg nope
check "as skopeo: a mistyped command close to two: the same suggestions" same_msg insepct x
check "as skopeo: 'help' of an unknown topic says so, then the usage, exit 0 (as skopeo)" unknown_help_topic
check "as skopeo: no command: the same message as skopeo" same_msg
check "as skopeo: an unknown global flag: the same message as skopeo" same_msg --nope copy
check "as skopeo: an unknown command flag: the same message as skopeo" same_msg copy --nope a b
check "as skopeo: a command with no near name: the same message (no suggestion) as skopeo" same_msg foo
check "as skopeo: a malformed flag: the same message as skopeo" same_msg --x
check "as skopeo: a flag without its value: the same message as skopeo" same_msg --policy
check "as skopeo: a command flag without its value: the same message as skopeo" same_msg copy --format
check "--help=false, --version=false and --insecure-policy=false are off" bool_false_is_off
# Global flags given after the command count, as skopeo's persistent flags do.
global_flags_after_command() {
  ! "$FERRY" copy -q --policy "$W/reject.json" "dir:$W/none" "dir:$W/never" 2>"$W/err" &&
    grep -q 'rejected by policy' "$W/err" || { cat "$W/err"; return 1; }
  "$FERRY" copy -q --insecure-policy --policy "$W/reject.json" "dir:$W/none" "dir:$W/never" 2>"$W/err"
  grep -q 'rejected by policy' "$W/err" && { cat "$W/err"; return 1; }
  same_msg inspect --policy
}
check "global flags after the command are taken, as skopeo takes them" global_flags_after_command
check "as ferry: usage errors name ferry" own_name_stays
check "atomic: (removed from skopeo): inspect refused as skopeo refuses it" same_msg inspect atomic:lab/x:1
check "atomic: (removed from skopeo): copy refused as skopeo refuses it" same_msg copy atomic:lab/x:1 "dir:$W/never"
report
