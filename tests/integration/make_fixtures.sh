#!/usr/bin/env bash
# Makes the test images once per build tree with the lab's fixture script
# (../shared/lab beside the checkout). Exit 77 (skipped) when it is absent.
set -euo pipefail
src=$1 out=$2
lab="$src/../shared/lab/make-fixtures.sh"
if [ ! -f "$lab" ]; then
  echo "skipped: $lab not found, so the integration images cannot be made"
  exit 77
fi
if [ -f "$out/digests.tsv" ] && [ "$out/digests.tsv" -nt "$lab" ]; then
  echo "fixtures already in $out"
  exit 0
fi
bash "$lab" -o "$out" --no-large
