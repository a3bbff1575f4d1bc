#!/usr/bin/env bash
# Each plugin shared object exports exactly one defined dynamic symbol: the entry.
set -u
pass=0 failed=0
for dir in "$@"; do
  for so in "$dir"/*.so; do
    [ -e "$so" ] || continue
    case "$(basename "$so")" in bad-newer-major.so) want=ferry_plugin_entry_v2 ;; *) want=ferry_plugin_entry_v1 ;; esac
    syms=$(nm -D --defined-only "$so" | awk '{print $3}' | sort)
    if [ "$syms" = "$want" ]; then
      pass=$((pass + 1))
    else
      echo "FAIL: $so exports: $(echo "$syms" | tr '\n' ' ')"
      failed=$((failed + 1))
    fi
  done
done
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$pass" -gt 0 ]
