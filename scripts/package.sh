#!/usr/bin/env bash
# Builds ferry's Debian packages (cmake/FerryPackaging.cmake): a Release build
# for /usr in ./build-packages, no tests, then cpack. Prints each package with
# its size and dependencies. Install the CLI alone with
#   apt install ./build-packages/debs/ferry_*.deb
# and add transports with their ferry-plugin-NAME packages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-packages

"$root/scripts/install-deps.sh"
# -O2, as Debian builds packages.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DFERRY_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j"$(nproc)"
rm -rf "$build/debs"
cpack -B "$build/debs" --config "$build/CPackConfig.cmake" >/dev/null
rm -rf "$build/debs/_CPack_Packages"
for deb in "$build"/debs/*.deb; do
  # Without dpkg-shlibdeps, cpack would leave the library dependencies out silently.
  dpkg-deb -f "$deb" Depends | grep -q 'libc6' || { echo "$deb names no library it needs" >&2; exit 1; }
  printf '%s  %s KiB\n  Depends: %s\n' "$(basename "$deb")" "$(($(stat -c %s "$deb") / 1024))" \
    "$(dpkg-deb -f "$deb" Depends)"
done
