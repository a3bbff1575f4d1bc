#!/usr/bin/env bash
# packages.sh — the Debian packages (cmake/FerryPackaging.cmake) as a user of them meets them:
# built with cpack from this build, checked by lintian, then installed into a throwaway
# Debian 12 root (debootstrap, minbase; entered with chroot in private mount and PID
# namespaces): `ferry` alone first, which has the local transports only, pulls no library a
# registry needs and names the package that adds the registry transport; then that package,
# with which ferry copies from a real registry.
#
#   FERRY=build/bin/ferry FIXTURES=build/fixtures LAB_DIR=../shared/lab bash packages.sh
#
# Needs root, cpack, lintian, debootstrap and Debian's mirror (FERRY_DEBIAN_MIRROR, default
# deb.debian.org); skips (77) without them. The minbase root is cached as a tarball in the
# build directory. The last line of output is "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"
require_tools cpack lintian debootstrap dpkg-deb unshare jq
[[ $(id -u) -eq 0 ]] || skip "chroot needs root"
ensure_fixtures

BUILD=$(cd "$(dirname "$FERRY")/.." && pwd)
MIRROR=${FERRY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=$BUILD/package-test/bookworm-minbase.tar
W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-packages.XXXXXX")
ROOT=$W/root
REG_STOP=
cleanup() {
  [[ -n $REG_STOP ]] && bash "$LAB_DIR/registry.sh" stop "$REG_STOP" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

# in_root CMD...: CMD inside the Debian root, with its own /proc (ferry finds its plugins
# from /proc/self/exe) and the host's network, as an installed system has them.
in_root() {
  unshare --mount --pid --fork --mount-proc="$ROOT/proc" chroot "$ROOT" \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"
}

# --------------------------------------------------------------------------- the packages

cpack -B "$W/packages" --config "$BUILD/CPackConfig.cmake" >"$W/cpack.log" 2>&1 ||
  { tail -20 "$W/cpack.log"; echo "0 passed, 1 failed"; exit 1; }
PKG=$W/packages
deb() { echo "$PKG/$1_$(dpkg-deb -f "$PKG"/ferry_*.deb Version)_$(dpkg --print-architecture).deb"; }
for p in ferry ferry-plugin-docker ferry-plugin-docker-archive ferry-plugin-docker-daemon ferry-sdk; do
  check "cpack made the package $p" test -f "$(deb "$p")"
done
lintian_no_errors() {
  local rc=0
  lintian --tag-display-limit 0 "$PKG"/*.deb >"$W/lintian" 2>&1 || rc=$?
  cat "$W/lintian"
  ((rc <= 1)) && ! grep -q '^E: ' "$W/lintian" # 1: tags found; 2 and above: lintian failed
}
check "lintian finds no error in any package" lintian_no_errors
depends_on() { dpkg-deb -f "$(deb "$1")" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//'; }
ferry_pulls_no_registry_library() {
  depends_on ferry >"$W/deps"
  cat "$W/deps"
  grep -q '^libarchive' "$W/deps" && ! grep -Eq 'poco|ostree' "$W/deps"
}
check "ferry depends on libarchive and on neither Poco nor libostree" ferry_pulls_no_registry_library
plugin_depends_on_its_ferry() {
  local version
  version=$(dpkg-deb -f "$(deb ferry)" Version)
  dpkg-deb -f "$(deb ferry-plugin-docker)" Depends | tee "$W/deps"
  grep -q "ferry (= $version)" "$W/deps" && grep -q 'libpoconetssl' "$W/deps"
}
check "ferry-plugin-docker depends on this very ferry and on Poco" plugin_depends_on_its_ferry
sif_recommends_its_tools() { # the programs the sif plugin runs, which no library dependency names
  dpkg-deb -f "$(deb ferry-plugin-sif)" Recommends | tee "$W/recommends"
  grep -q squashfs-tools "$W/recommends" && grep -q fakeroot "$W/recommends"
}
[[ -f $(deb ferry-plugin-sif) ]] &&
  check "ferry-plugin-sif recommends squashfs-tools and fakeroot, which it runs" sif_recommends_its_tools
holds_only() { # PACKAGE REGEX: every plugin file PACKAGE holds matches REGEX
  dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | grep '/plugins/ferry-' >"$W/files"
  cat "$W/files"
  [[ -s $W/files ]] && ! grep -Ev "$2" "$W/files"
}
check "ferry holds the plugins of dir, oci and oci-archive only" holds_only ferry '/ferry-(dir|oci|oci-archive)\.(so|plugin)$'
ferry_has_its_pages() {
  dpkg-deb -c "$(deb ferry)" | awk '{print $6}' >"$W/files"
  grep -q 'man1/ferry-copy\.1\.gz$' "$W/files" && grep -q 'man7/ferry-plugins\.7\.gz$' "$W/files" &&
    grep -q 'bash-completion/completions/ferry$' "$W/files" && ! grep -q 'bin/skopeo$' "$W/files"
}
check "ferry holds its man pages (compressed) and completion, and no skopeo link" ferry_has_its_pages
check "ferry-plugin-docker holds the docker plugin only" holds_only ferry-plugin-docker '/ferry-docker\.(so|plugin)$'
sdk_has_what_a_plugin_build_needs() {
  dpkg-deb -c "$(deb ferry-sdk)" | awk '{print $6}' >"$W/files"
  local f
  for f in include/ferry/plugin.h include/ferry/plugin.hpp /ferry-sdk.pc ferry-sdk-config.cmake \
    bin/ferry-plugin-manifest ferry-plugin.map examples/hello/hello_transport.cpp; do
    grep -q -- "$f\$" "$W/files" || { echo "missing: $f"; return 1; }
  done
}
check "ferry-sdk holds the headers, CMake and pkg-config files, the manifest tool and the example" \
  sdk_has_what_a_plugin_build_needs

# --------------------------------------------------------------------------- a Debian root

# no_root REASON: without a Debian root the rest cannot run: a skip, unless a check above failed.
no_root() {
  ((FAILED == 0)) && skip "$1"
  echo "$1"
  report
  exit 1
}
# make_root: the cached minbase root, made once. debootstrap mounts /proc and /sys inside
# the root; in a mount namespace of its own they go away with it, even if it is killed.
make_root() {
  [[ -f $CACHE ]] && return 0
  mkdir -p "$(dirname "$CACHE")" "$W/boot"
  unshare --mount --propagation private debootstrap --variant=minbase bookworm "$W/boot" "$MIRROR" \
    >"$W/debootstrap.log" 2>&1 || { tail -5 "$W/debootstrap.log"; return 1; }
  tar -C "$W/boot" -cf "$CACHE.tmp" . && mv "$CACHE.tmp" "$CACHE"
  rm -rf "$W/boot"
}
make_root || no_root "debootstrap could not make a Debian root from $MIRROR"
mkdir -p "$ROOT" && tar -C "$ROOT" -xf "$CACHE"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
echo "deb $MIRROR bookworm main" >"$ROOT/etc/apt/sources.list"
in_root apt-get update -q >"$W/apt.log" 2>&1 || no_root "apt-get update in the Debian root failed"
cp "$PKG"/*.deb "$ROOT/tmp/"

# install PACKAGE: dpkg -i it alone, then let apt fetch what its Depends name.
install_package() {
  local file
  file=$(basename "$(deb "$1")")
  in_root dpkg -i "/tmp/$file" >"$W/dpkg.log" 2>&1
  in_root apt-get install -f -y -q --no-install-recommends >>"$W/dpkg.log" 2>&1 || { tail -20 "$W/dpkg.log"; return 1; }
  in_root dpkg-query -W -f '${Status}\n' "$1" | grep -q 'install ok installed'
}
check "dpkg -i ferry alone installs it (apt adds the libraries it depends on)" install_package ferry
no_registry_libraries_installed() {
  in_root dpkg-query -W -f '${Package}\n' >"$W/installed" && grep -q '^libarchive13$' "$W/installed" &&
    ! grep -Ei 'poco|ostree' "$W/installed"
}
check "with ferry alone, neither Poco nor libostree is installed" no_registry_libraries_installed
lists_local_transports() {
  in_root ferry --help >"$W/help" || return 1
  sed -n '/^Installed transports:/,/^$/p' "$W/help" | sed '1d; /^$/d; s/^ *//' >"$W/transports"
  cat "$W/transports"
  [[ $(tr '\n' ' ' <"$W/transports") == "dir oci oci-archive " ]]
}
check "ferry --help lists dir, oci and oci-archive as the installed transports" lists_local_transports
copies_locally() {
  tar -C "$FIXTURES/oci" -cf "$ROOT/tmp/tiny.tar" tiny
  in_root sh -c 'mkdir -p /srv && tar -C /srv -xf /tmp/tiny.tar' &&
    in_root ferry --insecure-policy copy -q oci:/srv/tiny dir:/srv/tiny-dir &&
    in_root ferry --insecure-policy copy -q dir:/srv/tiny-dir oci-archive:/srv/tiny.tar:tiny &&
    in_root ferry inspect oci-archive:/srv/tiny.tar:tiny | jq -e '.Layers | length == 1'
}
check "the installed ferry copies between oci:, dir: and oci-archive:" copies_locally
names_the_missing_package() {
  in_root ferry inspect docker://127.0.0.1:1/none:1 2>"$W/err"
  local rc=$?
  cat "$W/err"
  [[ $rc -eq 1 ]] && grep -q 'the transport \\"docker:\\" is not installed' "$W/err" &&
    grep -q "ferry's Debian packages ship it in ferry-plugin-docker\"\$" "$W/err"
}
check "docker:// without its package fails naming ferry-plugin-docker" names_the_missing_package

# --------------------------------------------------------------------------- the registry transport

check "dpkg -i ferry-plugin-docker installs it (apt adds Poco)" install_package ferry-plugin-docker
if [[ -x /usr/bin/docker-registry ]] && env=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start http 2>"$W/reg.err"); then
  eval "$env"
  REG_STOP=$LAB_REG_DIR R=$LAB_REG_ADDR
  pulls_from_a_registry() {
    "$FERRY" --insecure-policy copy -q --dest-tls-verify=false "oci:$FIXTURES/oci/tiny" "docker://$R/lab/tiny:1" &&
      in_root ferry --insecure-policy copy -q --src-tls-verify=false "docker://$R/lab/tiny:1" oci:/srv/pulled:tiny &&
      in_root ferry --help | grep -qx '  docker' || return 1
    local want got
    want=$(jq -r '.manifests[0].digest' "$FIXTURES/oci/tiny/index.json")
    got=$(jq -r '.manifests[0].digest' "$ROOT/srv/pulled/index.json")
    echo "want $want got $got"
    [[ $got == "$want" ]]
  }
  check "with ferry-plugin-docker, ferry pulls from a registry byte for byte" pulls_from_a_registry
else
  check "a registry to pull from starts" false
fi
report
