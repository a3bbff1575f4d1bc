#!/usr/bin/env bash
# cli_names_no_transport.sh — the command line knows transports only through what plugins
# declare (options, capabilities): no transport name appears in a string literal under cli/.
# A line that uses such a word for something else says so with "not a transport"; sync,
# which skopeo defines over two transports, names them once (cli/sync/sync_kinds.hpp,
# lines marked "sync kind").
set -uo pipefail
: "${PROJECT_ROOT:?set PROJECT_ROOT to the source tree}"
names=$(cd "$PROJECT_ROOT/plugins" && ls -d */ | tr -d /)
names="$names containers-storage ostree sif tarball"
alternatives=$(tr ' \n' '||' <<<"$names" | sed 's/|*$//; s/||*/|/g')
# A literal that is a transport name, starts with "NAME:", or holds "NAME://".
pattern="\"($alternatives)(:|\")|[^a-z-]($alternatives)://"
hits=$(grep -rnE "$pattern" "$PROJECT_ROOT/cli" | grep -v -e 'not a transport' -e '// sync kind$')
if [[ -n $hits ]]; then
  echo "transport names in cli/ string literals:"
  echo "$hits"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "checked cli/ for: $(tr '\n' ' ' <<<"$names")"
echo "1 passed, 0 failed"
