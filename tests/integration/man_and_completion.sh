#!/usr/bin/env bash
# man_and_completion.sh — the man pages and completion scripts the build writes: every page
# renders without a warning and lists every flag its command's --help lists; bash completion,
# driven through COMP_WORDS as bash drives it, offers commands, each command's flags (the
# plugins' too), transports, and paths after oci:/dir:; zsh and fish parse their scripts.
#
#   FERRY=/path/to/build/bin/ferry PROJECT_ROOT=/path/to/source bash man_and_completion.sh
#
# The last line of output is "N passed, N failed"; exits 77 without man.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"
require_tools man
: "${PROJECT_ROOT:?set PROJECT_ROOT to the source tree}"

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-man.XXXXXX")
trap 'rm -rf "$W"' EXIT
SHARE=$(cd "$(dirname "$FERRY")/.." && pwd)/share

# no_warnings PAGE: man renders it and says nothing on stderr.
no_warnings() {
  MANWIDTH=80 man --warnings -E UTF-8 -l "$1" >"$W/rendered" 2>"$W/warnings" && [[ -s $W/rendered ]] &&
    { [[ ! -s $W/warnings ]] || { cat "$W/warnings"; false; }; }
}

generated() {
  "$FERRY" generate-man-pages "$W/man" && [[ -f $W/man/man1/ferry.1 && -f $W/man/man1/ferry-copy.1 ]] &&
    diff -r "$SHARE/man/man1" "$W/man/man1"
}
check "the build wrote the man pages this ferry writes" generated

all_render() {
  local page
  for page in "$W"/man/man1/*.1 "$PROJECT_ROOT/docs/man/ferry-plugins.7"; do
    no_warnings "$page" || { echo "warnings in $page"; return 1; }
  done
}
check "every page renders without a warning (man --warnings)" all_render

one_page_per_command() {
  local c commands
  commands=$("$FERRY" --help | sed -n '/^Available Commands:/,/^$/p' | awk 'NR > 1 && $1 != "help" {print $1}')
  [[ $(wc -w <<<"$commands") -gt 5 ]] || { echo "no commands read from --help"; return 1; }
  for c in $commands; do
    [[ -f $W/man/man1/ferry-$c.1 ]] || { echo "no page for $c"; return 1; }
  done
}
check "a page for every command the help lists" one_page_per_command

# flags_of_help COMMAND: the long flags its --help lists.
flags_of_help() { "$FERRY" "$1" --help | sed -n '/^Flags:/,$p' | grep -oE -- '--[a-z0-9.-]+' | sort -u; }
page_has_flags() {
  local c
  for c in copy inspect sync login; do
    MANWIDTH=200 man -l "$W/man/man1/ferry-$c.1" 2>/dev/null | grep -oE -- '--[a-z0-9.-]+' | sort -u >"$W/page-$c"
    flags_of_help "$c" >"$W/help-$c"
    [[ $(wc -l <"$W/help-$c") -gt 2 ]] || { echo "no flags read from $c --help"; return 1; }
    comm -23 "$W/help-$c" "$W/page-$c" | grep . && { echo "missing from ferry-$c(1)"; return 1; }
    grep -qx -- '--src-creds' "$W/help-$c" && ! grep -qx -- '--src-creds' "$W/page-$c" && return 1
  done
  true
}
check "each page lists every flag of its command's --help (plugin-declared ones too)" page_has_flags

# complete_line LINE: the candidates bash completion offers at the end of LINE, one a line,
# with COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set as bash sets them (words split
# at blanks and at the ':' and '=' of COMP_WORDBREAKS).
complete_line() {
  bash -c '
    source "$1"
    COMP_LINE=$2 COMP_POINT=${#2}
    words=${2//:/ : }
    read -ra COMP_WORDS <<<"${words//=/ = }"
    [[ $2 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _ferry
    printf "%s\n" "${COMPREPLY[@]}"' _ "$SHARE/bash-completion/completions/ferry" "$1"
}
offers() { # LINE WORD...: each WORD is among the candidates
  local line=$1 word
  shift
  complete_line "$line" >"$W/offered"
  for word in "$@"; do
    grep -qxF -- "$word" "$W/offered" || { echo "not offered for '$line': $word"; cat "$W/offered"; return 1; }
  done
}
offers_not() { # LINE WORD: WORD is not among the candidates
  complete_line "$1" >"$W/offered"
  ! grep -qxF -- "$2" "$W/offered"
}
check "bash: commands" offers "ferry co" copy
check "bash: global flags" offers "ferry --deb" --debug
check "bash: a command after a global flag's value" offers "ferry --override-arch arm64 ins" inspect
check "bash: a command after --flag=value" offers "ferry --policy=/p.json copy --al" --all
check "bash: a command's flags, the plugins' included" offers "ferry copy --dest-tl" --dest-tls-verify
check "bash: plugin-declared credentials" offers "ferry copy --src-cr" --src-creds
check "bash: inspect's flags" offers "ferry inspect --ra" --raw
check "bash: inspect has no destination flags" offers_not "ferry inspect --dest-" --dest-tls-verify
check "bash: transports, docker with its //" offers "ferry copy " oci: dir: docker://
mkdir -p "$W/images/layout-one" && touch "$W/images/archive.tar"
# bash replaces only what follows the last ':', so the candidates leave out "oci:".
check "bash: paths after oci:" offers "ferry copy oci:$W/images/lay" "$W/images/layout-one/"
check "bash: paths after oci-archive:" offers "ferry inspect oci-archive:$W/images/arc" "$W/images/archive.tar"
check "bash: no transports for a command that takes none" offers_not "ferry login " oci:

zsh_parses() { command -v zsh >/dev/null || return 0; zsh -n <("$FERRY" completion zsh); }
check "zsh: the script parses (when zsh is installed)" zsh_parses
fish_parses() { command -v fish >/dev/null || return 0; fish -n "$SHARE/fish/vendor_completions.d/ferry.fish"; }
check "fish: the script parses (when fish is installed)" fish_parses
fish_lines() {
  grep -q "complete -c ferry -n '__fish_seen_subcommand_from copy' -l dest-tls-verify" \
    "$SHARE/fish/vendor_completions.d/ferry.fish"
}
check "fish: a line per command flag" fish_lines

unknown_shell() {
  ! "$FERRY" completion tcsh 2>"$W/err" && grep -q 'bash, zsh or fish' "$W/err"
}
check "completion for an unknown shell is refused, naming those there are" unknown_shell

report
