#!/usr/bin/env bash
# cli_login.sh — ferry login / logout on auth files, without any registry: --get-login,
# logout of one registry and of all, the errors, the auth files podman and skopeo write,
# and REGISTRY_AUTH_FILE. When Debian's skopeo is installed, the same steps are run with
# it and the outputs compared.
#
#   FERRY=/path/to/ferry bash cli_login.sh
#
# Exits 77 (skip) without jq. The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
if ! command -v jq >/dev/null; then
  echo "jq not found; skipping"
  echo "0 passed, 0 failed"
  exit 77
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-login.XXXXXX")
trap 'rm -rf "$W"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"

# Nothing outside $W may be read or written: a private HOME and runtime directory.
export HOME=$W/home XDG_RUNTIME_DIR=$W/run
unset XDG_CONFIG_HOME DOCKER_CONFIG REGISTRY_AUTH_FILE
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"


ferry() { "$FERRY" "$@"; }
have_skopeo() { command -v skopeo >/dev/null; }
b64() { printf '%s' "$1" | base64 -w0; }
# msg FILE: the msg= text of the fatal log line in FILE.
msg() { sed -n 's/.*level=fatal msg="\(.*\)"$/\1/p' "$1"; }

# run OUT TOOL ARGS...: runs TOOL (ferry or skopeo) with stdout in OUT.out, stderr in
# OUT.err and the exit code in OUT.rc.
run() {
  local out=$1
  shift
  "$@" >"$out.out" 2>"$out.err" </dev/null
  echo $? >"$out.rc"
  echo "$* -> exit $(cat "$out.rc"), stdout: $(cat "$out.out"), stderr: $(cat "$out.err")"
}

# An auth file as podman login and skopeo login write it: tab-indented, "auths" only.
podman_file() { # FILE
  mkdir -p "$(dirname "$1")"
  printf '%s' "$(cat <<EOF
{
	"auths": {
		"host:5000": {
			"auth": "$(b64 alice:s3cr:et)"
		},
		"other.io": {
			"auth": "$(b64 bob:pw)"
		},
		"other.io/team/app": {
			"auth": "$(b64 carol:pw)"
		}
	}
}
EOF
)" >"$1"
}

# ------------------------------------------------------------------ --get-login

get_login() {
  podman_file "$W/a.json"
  run "$W/g" ferry login --get-login --authfile "$W/a.json" host:5000
  [[ $(cat "$W/g.rc") == 0 && $(cat "$W/g.out") == alice ]] || return 1
  [[ ! -s $W/g.err ]] || { echo "stderr is not empty"; return 1; }
}
get_login_repository() { # the most specific key wins; a namespace falls back to the host
  podman_file "$W/a.json"
  run "$W/g" ferry login --get-login --authfile "$W/a.json" other.io/team/app
  [[ $(cat "$W/g.out") == carol ]] || return 1
  run "$W/g" ferry login --get-login --authfile "$W/a.json" other.io/team/other
  [[ $(cat "$W/g.out") == bob ]] || return 1
}
get_login_hand_written() { # compact JSON, written by hand, with a URL-style key as docker login writes
  printf '{"auths":{"https://index.docker.io/v1/":{"auth":"%s"},"host:5000":{"auth":"%s"}}}' \
    "$(b64 hubuser:x)" "$(b64 dave:y)" >"$W/h.json"
  run "$W/g" ferry login --get-login --authfile "$W/h.json" host:5000
  [[ $(cat "$W/g.out") == dave ]] || return 1
  run "$W/g" ferry login --get-login --authfile "$W/h.json" docker.io
  [[ $(cat "$W/g.out") == hubuser ]] || return 1
}
get_login_not_logged_in() {
  podman_file "$W/a.json"
  run "$W/g" ferry login --get-login --authfile "$W/a.json" nothere:5000
  [[ $(cat "$W/g.rc") != 0 ]] || return 1
  [[ ! -s $W/g.out ]] || { echo "stdout is not empty"; return 1; }
  [[ $(msg "$W/g.err") == "not logged into nothere:5000" ]]
}
get_login_explicit_file_only() { # --authfile turns the default files off
  podman_file "$XDG_RUNTIME_DIR/containers/auth.json"
  printf '{"auths":{}}' >"$W/empty.json"
  run "$W/g" ferry login --get-login host:5000
  [[ $(cat "$W/g.out") == alice ]] || { echo "the default file is not read"; return 1; }
  run "$W/g" ferry login --get-login --authfile "$W/empty.json" host:5000
  local rc
  rc=$(cat "$W/g.rc")
  rm -rf "$XDG_RUNTIME_DIR/containers"
  [[ $rc != 0 ]]
}
registry_auth_file() {
  podman_file "$W/env.json"
  REGISTRY_AUTH_FILE=$W/env.json run "$W/g" ferry login --get-login host:5000
  [[ $(cat "$W/g.out") == alice ]] || return 1
  # logout edits the same file
  REGISTRY_AUTH_FILE=$W/env.json run "$W/l" ferry logout other.io
  [[ $(cat "$W/l.rc") == 0 && $(cat "$W/l.out") == "Removed login credentials for other.io" ]] || return 1
  [[ $(jq -c '.auths | keys' "$W/env.json") == '["host:5000","other.io/team/app"]' ]] || return 1
  # --authfile beats the variable
  podman_file "$W/flag.json"
  REGISTRY_AUTH_FILE=$W/env.json run "$W/g" ferry login --get-login --authfile "$W/flag.json" other.io
  [[ $(cat "$W/g.out") == bob ]]
}

check "login --get-login prints the user of a podman-style auth file" get_login
check "login --get-login on a repository uses the most specific key" get_login_repository
check "login --get-login reads hand-written and docker-style keys" get_login_hand_written
check "login --get-login for a registry not logged into fails" get_login_not_logged_in
check "login --get-login --authfile reads only that file" get_login_explicit_file_only
check "REGISTRY_AUTH_FILE is read and edited" registry_auth_file

# ------------------------------------------------------------------ logout

logout_one() {
  podman_file "$W/a.json"
  run "$W/l" ferry logout --authfile "$W/a.json" host:5000
  [[ $(cat "$W/l.rc") == 0 ]] || return 1
  [[ $(cat "$W/l.out") == "Removed login credentials for host:5000" ]] || return 1
  [[ $(jq -c '.auths | keys' "$W/a.json") == '["other.io","other.io/team/app"]' ]] || return 1
  [[ $(jq -r '.auths["other.io"].auth' "$W/a.json") == "$(b64 bob:pw)" ]] || return 1
  [[ $(stat -c %a "$W/a.json") == 600 ]] || { echo "mode $(stat -c %a "$W/a.json")"; return 1; }
}
logout_repository_key() {
  podman_file "$W/a.json"
  run "$W/l" ferry logout --authfile "$W/a.json" other.io/team/app
  [[ $(cat "$W/l.out") == "Removed login credentials for other.io/team/app" ]] || return 1
  [[ $(jq -c '.auths | keys' "$W/a.json") == '["host:5000","other.io"]' ]]
}
logout_scheme() { # a docker:// or https:// prefix names the same registry
  podman_file "$W/a.json"
  run "$W/l" ferry logout --authfile "$W/a.json" https://host:5000/
  [[ $(cat "$W/l.rc") == 0 && $(cat "$W/l.out") == "Removed login credentials for host:5000" ]] || return 1
  [[ $(jq -c '.auths | keys' "$W/a.json") == '["other.io","other.io/team/app"]' ]]
}
logout_not_logged_in() {
  podman_file "$W/a.json"
  cp "$W/a.json" "$W/a.before"
  run "$W/l" ferry logout --authfile "$W/a.json" nothere:5000
  [[ $(cat "$W/l.rc") != 0 ]] || return 1
  [[ ! -s $W/l.out ]] || { echo "stdout is not empty"; return 1; }
  grep -q "not logged into nothere:5000" "$W/l.err" || return 1
  cmp "$W/a.json" "$W/a.before"
}
logout_twice() {
  podman_file "$W/a.json"
  ferry logout --authfile "$W/a.json" host:5000 >/dev/null || return 1
  run "$W/l" ferry logout --authfile "$W/a.json" host:5000
  [[ $(cat "$W/l.rc") != 0 ]] && grep -q "not logged into host:5000" "$W/l.err"
}
logout_all() {
  podman_file "$W/a.json"
  run "$W/l" ferry logout --authfile "$W/a.json" --all
  [[ $(cat "$W/l.rc") == 0 && $(cat "$W/l.out") == "Removed login credentials for all registries" ]] || return 1
  [[ $(jq -c .auths "$W/a.json") == '{}' ]] || return 1
  run "$W/g" ferry login --get-login --authfile "$W/a.json" host:5000
  [[ $(cat "$W/g.rc") != 0 ]]
}
logout_all_short_flag_keeps_other_keys() {
  printf '{"auths":{"a.io":{"auth":"%s"}},"credHelpers":{"helped.io":"pass"},"experimental":"enabled"}' \
    "$(b64 a:b)" >"$W/k.json"
  run "$W/l" ferry logout -a --authfile "$W/k.json"
  [[ $(cat "$W/l.rc") == 0 ]] || return 1
  [[ $(jq -c .auths "$W/k.json") == '{}' && $(jq -r .experimental "$W/k.json") == enabled ]]
}
logout_all_with_registry() {
  podman_file "$W/a.json"
  run "$W/l" ferry logout --all --authfile "$W/a.json" host:5000
  [[ $(cat "$W/l.rc") != 0 ]] || return 1
  [[ $(jq -c '.auths | keys | length' "$W/a.json") == 3 ]]
}

check "logout REGISTRY removes only that entry" logout_one
check "logout of a repository key removes only that key" logout_repository_key
check "logout https://REGISTRY/ removes REGISTRY" logout_scheme
check "logout of a registry not logged into fails and keeps the file" logout_not_logged_in
check "logout twice fails the second time" logout_twice
check "logout --all empties auths" logout_all
check "logout -a keeps the file's other keys" logout_all_short_flag_keeps_other_keys
check "logout --all with a registry is an error" logout_all_with_registry

# ------------------------------------------------------------------ usage errors

password_stdin_without_username() {
  run "$W/u" ferry login --password-stdin --authfile "$W/u.json" host:5000
  [[ $(cat "$W/u.rc") == 1 ]] || return 1
  grep -qi "must provide --username with --password-stdin" "$W/u.err" || return 1
  [[ ! -e $W/u.json ]] || { echo "an auth file was written"; return 1; }
}
password_and_password_stdin() {
  run "$W/u" ferry login -u me -p x --password-stdin --authfile "$W/u.json" host:5000
  [[ $(cat "$W/u.rc") == 1 && ! -e $W/u.json ]]
}
login_without_registry() {
  run "$W/u" ferry login --get-login --authfile "$W/a.json"
  [[ $(cat "$W/u.rc") == 1 ]] || return 1
  run "$W/u" ferry logout --authfile "$W/a.json"
  [[ $(cat "$W/u.rc") == 1 ]] || return 1
  run "$W/u" ferry logout --authfile "$W/a.json" a.io b.io
  [[ $(cat "$W/u.rc") == 1 ]]
}
unknown_flag() {
  run "$W/u" ferry logout --no-such-flag host:5000
  [[ $(cat "$W/u.rc") == 1 ]] && grep -q "no-such-flag" "$W/u.err"
}

check "login --password-stdin without --username is a usage error" password_stdin_without_username
check "login --password with --password-stdin is a usage error" password_and_password_stdin
check "login and logout need exactly one registry" login_without_registry
check "an unknown flag is an error" unknown_flag

# ------------------------------------------------------------------ next to skopeo

# same_as_skopeo NAME ARGS...: both tools on copies of the same podman-style file give the
# same exit status (zero or not), stdout and file afterwards. AUTHFILE in ARGS is replaced.
same_as_skopeo() {
  local t args
  for t in ferry skopeo; do
    podman_file "$W/cmp-$t.json"
    args=("${@//AUTHFILE/$W/cmp-$t.json}")
    run "$W/cmp-$t" "$t" "${args[@]}"
  done
  [[ $(($(cat "$W/cmp-ferry.rc") == 0)) == $(($(cat "$W/cmp-skopeo.rc") == 0)) ]] || { echo "exit codes differ"; return 1; }
  diff "$W/cmp-ferry.out" "$W/cmp-skopeo.out" || return 1
  diff "$W/cmp-ferry.json" "$W/cmp-skopeo.json" || return 1
}
same_message_as_skopeo() { # like same_as_skopeo, and the msg= texts are equal
  same_as_skopeo "$@" || return 1
  diff <(msg "$W/cmp-ferry.err") <(msg "$W/cmp-skopeo.err")
}

if have_skopeo; then
  check "skopeo: login --get-login" same_as_skopeo login --get-login --authfile AUTHFILE host:5000
  check "skopeo: login --get-login of a repository" same_as_skopeo login --get-login --authfile AUTHFILE other.io/team/x
  check "skopeo: login --get-login, not logged in" same_message_as_skopeo login --get-login --authfile AUTHFILE nothere.io
  check "skopeo: logout writes the same file" same_as_skopeo logout --authfile AUTHFILE host:5000
  check "skopeo: logout of a repository key" same_as_skopeo logout --authfile AUTHFILE other.io/team/app
  check "skopeo: logout, not logged in" same_message_as_skopeo logout --authfile AUTHFILE nothere.io
  check "skopeo: logout --all writes the same file" same_as_skopeo logout --all --authfile AUTHFILE
  check "skopeo: --password-stdin without --username" same_message_as_skopeo login --password-stdin --authfile AUTHFILE host:5000
  check "skopeo: logout --all with a registry" same_message_as_skopeo logout --all --authfile AUTHFILE host:5000
else
  echo "skip - skopeo not found; no comparison"
fi

report
