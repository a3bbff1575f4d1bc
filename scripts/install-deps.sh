#!/usr/bin/env bash
# Installs what ferry needs to build, package (cpack's Debian generator runs
# file and dpkg-shlibdeps) and test on Debian 12, as root.
# Idempotent: packages already present are left as they are.
set -euo pipefail

build_deps=(
  g++ cmake ninja-build pkg-config binutils
  libssl-dev libboost-dev nlohmann-json3-dev libcxxopts-dev
  libarchive-dev libzstd-dev zlib1g-dev libisal-dev libgtest-dev libtomlplusplus-dev libpoco-dev
  libyaml-cpp-dev libre2-dev libgpgme-dev libsodium-dev gpg gpg-agent
  libostree-dev file dpkg-dev
)
# Peers and tools the tests use: skopeo is the compatibility oracle; the
# fixture script needs jq, pigz, zstd, bc and xz; the fuzz targets need clang
# and its libFuzzer and sanitizer runtimes (libclang-rt-14-dev); the style
# test needs clang-format. The sif transport runs fakeroot, unsquashfs
# (squashfs-tools) and GNU tar, as skopeo does; its test makes squashfs images
# with mksquashfs. The man-page test renders pages with man-db's man. The
# package test checks the .debs with lintian and installs them into a Debian
# root that debootstrap makes. The ostree test reads repositories with the
# ostree CLI.
test_deps=(skopeo oci-image-tool jq pigz zstd bc xz-utils tar docker.io containerd runc iptables podman buildah uidmap fuse-overlayfs curl python3 python3-nacl python3-cryptography docker-registry apache2-utils openssl
           clang libclang-rt-14-dev clang-format
           squashfs-tools fakeroot man-db lintian debootstrap ostree)

want=("${build_deps[@]}")
[ "${1:-}" = "--with-tests" ] && want+=("${test_deps[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep postinst scripts from starting system docker/containerd services: the
  # tests run private daemons of their own.
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
