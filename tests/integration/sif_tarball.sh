#!/usr/bin/env bash
# sif_tarball.sh — ferry's two made-image sources against skopeo's: tarball: (layer files
# made into one image) and sif: (SingularityCE/Apptainer images). Inputs are made here:
# layer tars with fixed mtimes, and SIF files written by make_sif.py around a squashfs
# from mksquashfs.
#
#   FERRY=/path/to/ferry bash sif_tarball.sh
#
# tarball: manifest, config and blobs byte for byte as skopeo's. sif: config and manifest
# byte for byte once the layer digest is substituted, and the layer tar member for member.
# skopeo's SIF layer differs from run to run (GNU tar records each file's atime and ctime,
# which unsquashfs sets to now), and so does ferry's, which is made the same way: the
# checks show that and compare everything else. Exits 77 without skopeo, jq, python3,
# mksquashfs, unsquashfs or fakeroot. The last line of output is "N passed, N failed".
set -uo pipefail

: "${FERRY:?set FERRY to the ferry binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-sif-tarball.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 1' INT TERM HUP PIPE
source "$HERE/check.sh"
require_tools skopeo jq python3 mksquashfs unsquashfs fakeroot tar gzip zstd

mkdir -p "$W/tmp" "$W/skopeo-tmp" "$W/in"
ferry() { "$FERRY" --insecure-policy --tmpdir "$W/tmp" "$@"; }
sko() { TMPDIR=$W/skopeo-tmp skopeo --insecure-policy "$@"; }
IN=$W/in

# ------------------------------------------------------------------ inputs

make_inputs() {
  mkdir -p "$IN/root/etc" "$IN/root/bin" "$IN/root/usr/share/doc" "$IN/root/private"
  echo hello >"$IN/root/etc/hello"
  printf '#!/bin/sh\necho run\n' >"$IN/root/bin/run"
  chmod 755 "$IN/root/bin/run"
  ln -s hello "$IN/root/etc/link"
  head -c 70000 /dev/urandom >"$IN/root/usr/share/doc/blob"
  echo secret >"$IN/root/private/key"
  chmod 600 "$IN/root/private/key"
  chmod 700 "$IN/root/private"
  find "$IN/root" -exec touch -h -d '2022-03-04 05:06:07' {} +
  mksquashfs "$IN/root" "$IN/rootfs.sqfs" -noappend -quiet -no-progress >/dev/null

  cat >"$IN/def.txt" <<'DEF'
Bootstrap: docker
From: debian

%environment
    export GREETING=hello
    # a comment
    export B="x <y> & z"

%runscript
    echo "$GREETING"
    exec /bin/sh "$@"

%labels
    Author someone
DEF
  python3 "$HERE/make_sif.py" "$IN/plain.sif" --squashfs "$IN/rootfs.sqfs"
  python3 "$HERE/make_sif.py" "$IN/def.sif" --squashfs "$IN/rootfs.sqfs" --deffile "$IN/def.txt" \
    --arch 04 --modified 1234567890 --uuid 0f0e0d0c-0b0a-4908-8706-050403020100

  # Hostile SIF files.
  printf 'hello' >"$IN/short.bin"
  head -c 4096 /dev/urandom >"$IN/random.bin"
  python3 "$HERE/make_sif.py" "$IN/no-partition.sif"
  python3 "$HERE/make_sif.py" "$IN/truncated-table.sif" --squashfs "$IN/rootfs.sqfs" --truncate-table
  python3 "$HERE/make_sif.py" "$IN/absurd-count.sif" --squashfs "$IN/rootfs.sqfs" --claim-total 1000000000000
  python3 "$HERE/make_sif.py" "$IN/negative-count.sif" --squashfs "$IN/rootfs.sqfs" --claim-total -5
  python3 "$HERE/make_sif.py" "$IN/offset-outside.sif" --squashfs "$IN/rootfs.sqfs" --partition-offset 99999999
  python3 "$HERE/make_sif.py" "$IN/size-outside.sif" --squashfs "$IN/rootfs.sqfs" --partition-size 9223372036854775000
  python3 "$HERE/make_sif.py" "$IN/ext3.sif" --squashfs "$IN/rootfs.sqfs" --fstype 2
  head -c 200 "$IN/rootfs.sqfs" >"$IN/broken.sqfs"
  python3 "$HERE/make_sif.py" "$IN/broken-squashfs.sif" --squashfs "$IN/broken.sqfs"

  # Layer files: plain, gzip, zstd, with fixed mtimes (the config's times come from them).
  tar -C "$IN/root" -cf "$IN/a.tar" etc bin
  tar -C "$IN/root" -cf "$IN/b.tar" usr
  gzip -n -c "$IN/b.tar" >"$IN/b.tar.gz"
  zstd -q -c "$IN/a.tar" >"$IN/c.tar.zst"
  touch -d '2021-05-06 07:08:09.123456789' "$IN/a.tar"
  touch -d '2023-01-02 03:04:05.5' "$IN/b.tar.gz"
  touch -d '2020-01-01 00:00:00' "$IN/c.tar.zst"
  head -c 300 "$IN/b.tar.gz" >"$IN/cut.tar.gz"
}
make_inputs || { echo "cannot make the inputs"; echo "0 passed, 1 failed"; exit 1; }

# ------------------------------------------------------------------ helpers

blob() { echo "$1/${2#sha256:}"; }                       # DIR DIGEST: its file
config_of() { blob "$1" "$(jq -r .config.digest "$1/manifest.json")"; }
layer_of() { blob "$1" "$(jq -r ".layers[${2:-0}].digest" "$1/manifest.json")"; }

# same_dir A B: the same file names, each byte for byte.
same_dir() {
  diff <(cd "$1" && ls) <(cd "$2" && ls) || return 1
  local f
  for f in "$1"/*; do cmp "$f" "$2/$(basename "$f")" || return 1; done
}

# tar_members TAR: one line per member with everything but the pax atime/ctime records.
tar_members() {
  python3 - "$1" <<'PY'
import hashlib, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    print("format", {tarfile.PAX_FORMAT: "pax", tarfile.GNU_FORMAT: "gnu", tarfile.USTAR_FORMAT: "ustar"}.get(t.format))
    for m in t.getmembers():
        data = t.extractfile(m).read() if m.isfile() else b""
        # /podman/ is made at conversion time: its times are now, and differ.
        made_now = m.name.startswith("./podman")
        pax = {k: v for k, v in m.pax_headers.items() if k not in ("atime", "ctime") and not (made_now and k == "mtime")}
        mtime = "now" if made_now else int(m.mtime)
        print(m.name, m.type, oct(m.mode), m.uid, m.gid, m.uname, m.gname, mtime, m.size, m.linkname,
              hashlib.sha256(data).hexdigest(), sorted(pax.items()))
PY
}

# no_leftovers: ferry's scratch directory is empty again.
no_leftovers() {
  local left
  left=$(ls -A "$W/tmp")
  [[ -z $left ]] || { echo "left in --tmpdir: $left"; return 1; }
}

# ------------------------------------------------------------------ tarball:

t_tarball_as_skopeo() { # plain + gzip: every file of dir: byte for byte
  sko copy -q "tarball:$IN/a.tar:$IN/b.tar.gz" "dir:$W/tb-sko" &&
    ferry copy -q "tarball:$IN/a.tar:$IN/b.tar.gz" "dir:$W/tb-ferry" || return 1
  same_dir "$W/tb-sko" "$W/tb-ferry" || return 1
  # The times are the files' mtimes, with their nanoseconds.
  jq -e '.created == "2021-05-06T07:08:09.123456789Z" or .created == "2023-01-02T03:04:05.5Z"' \
    "$(config_of "$W/tb-ferry")" >/dev/null || { echo "created: $(jq .created "$(config_of "$W/tb-ferry")")"; return 1; }
  jq -e '.created == "2023-01-02T03:04:05.5Z" and .history[0].created == "2021-05-06T07:08:09.123456789Z"
         and .history[0].comment == "imported from tarball" and (.history | length) == 2' \
    "$(config_of "$W/tb-ferry")" >/dev/null || { cat "$(config_of "$W/tb-ferry")"; return 1; }
}

t_tarball_diff_ids() { # a gzip layer's diff ID is its tar's digest
  local want got
  want=sha256:$(sha256sum "$IN/b.tar" | cut -d' ' -f1)
  got=$(jq -r '.rootfs.diff_ids[1]' "$(config_of "$W/tb-ferry")")
  [[ $got == "$want" ]] || { echo "diff ID $got, want $want"; return 1; }
  jq -e '.layers[1].mediaType == "application/vnd.oci.image.layer.v1.tar+gzip"' "$W/tb-ferry/manifest.json" >/dev/null
}

t_tarball_zstd_as_skopeo() { # zstd is not recognised: a plain layer, as in skopeo
  sko copy -q "tarball:$IN/c.tar.zst" "dir:$W/tz-sko" &&
    ferry copy -q "tarball:$IN/c.tar.zst" "dir:$W/tz-ferry" || return 1
  same_dir "$W/tz-sko" "$W/tz-ferry" || return 1
  jq -e '.layers[0].mediaType == "application/vnd.oci.image.layer.v1.tar"' "$W/tz-ferry/manifest.json" >/dev/null
}

t_tarball_to_oci() { # through a conversion: the same config, and the layers skopeo's OCI copy has
  sko copy -q "tarball:$IN/a.tar:$IN/b.tar.gz" "oci:$W/to-sko:x" &&
    ferry copy -q "tarball:$IN/a.tar:$IN/b.tar.gz" "oci:$W/to-ferry:x" || return 1
  local ms mf
  ms=$(blob "$W/to-sko/blobs/sha256" "$(jq -r '.manifests[0].digest' "$W/to-sko/index.json")")
  mf=$(blob "$W/to-ferry/blobs/sha256" "$(jq -r '.manifests[0].digest' "$W/to-ferry/index.json")")
  [[ "$(jq -c '.config' "$ms")" == "$(jq -c '.config' "$mf")" ]] || { jq -c .config "$ms" "$mf"; return 1; }
  [[ "$(jq -c '[.layers[].mediaType]' "$ms")" == "$(jq -c '[.layers[].mediaType]' "$mf")" ]] ||
    { jq -c '[.layers[].mediaType]' "$ms" "$mf"; return 1; }
}

t_tarball_stdin() { # "-": standard input; its time is when it was read, the rest as skopeo's
  sko copy -q "tarball:-:$IN/a.tar" "dir:$W/ts-sko" <"$IN/b.tar.gz" &&
    ferry copy -q "tarball:-:$IN/a.tar" "dir:$W/ts-ferry" <"$IN/b.tar.gz" || return 1
  [[ "$(jq -c '.layers' "$W/ts-sko/manifest.json")" == "$(jq -c '.layers' "$W/ts-ferry/manifest.json")" ]] || return 1
  local drop='del(.created, .history[0].created)'
  diff <(jq -c "$drop" "$(config_of "$W/ts-sko")") <(jq -c "$drop" "$(config_of "$W/ts-ferry")") || return 1
  jq -e --arg now "$(date -u +%Y-%m-%d)" '.history[0].created | startswith($now)' "$(config_of "$W/ts-ferry")" >/dev/null
  no_leftovers
}

t_tarball_delete() { # removes the files, as skopeo's delete does
  cp "$IN/a.tar" "$W/del-1.tar" && cp "$IN/a.tar" "$W/del-2.tar" || return 1
  ferry delete "tarball:$W/del-1.tar:$W/del-2.tar" || return 1
  [[ ! -e $W/del-1.tar && ! -e $W/del-2.tar ]] || { echo "files left"; return 1; }
}

t_tarball_missing_file() {
  local out
  out=$(ferry copy -q "tarball:$IN/a.tar:$IN/nope.tar" "dir:$W/tm" 2>&1) && { echo "copy succeeded"; return 1; }
  # (the message quotes the name; the log line escapes those quotes)
  grep -F "error opening \\\"$IN/nope.tar\\\"" <<<"$out" && grep -F 'no such file or directory' <<<"$out" ||
    { echo "$out"; return 1; }
  [[ ! -e $W/tm ]] || { echo "destination written"; return 1; }
}

t_tarball_corrupt_gzip() {
  local out
  out=$(ferry copy -q "tarball:$IN/cut.tar.gz" "dir:$W/tc" 2>&1) && { echo "copy succeeded"; return 1; }
  grep -F "error reading \\\"$IN/cut.tar.gz\\\"" <<<"$out" || { echo "$out"; return 1; }
  [[ ! -e $W/tc ]] || { echo "destination written"; return 1; }
  sko copy -q "tarball:$IN/cut.tar.gz" "dir:$W/tc-sko" 2>/dev/null && { echo "skopeo took it"; return 1; }
  return 0
}

t_read_only_destinations() { # skopeo's words, and nothing written
  local out sum
  sum=$(sha256sum "$IN/a.tar")
  # tarball: names must exist when parsed, so the target is an existing layer file.
  out=$(ferry copy -q "dir:$W/tb-ferry" "tarball:$IN/a.tar" 2>&1) && { echo "copy to tarball succeeded"; return 1; }
  grep -F 'tarball:\" locations can only be read from, not written to' <<<"$out" || { echo "$out"; return 1; }
  [[ $(sha256sum "$IN/a.tar") == "$sum" ]] || { echo "a.tar changed"; return 1; }
  out=$(ferry copy -q "dir:$W/tb-ferry" "sif:$W/out.sif" 2>&1) && { echo "copy to sif succeeded"; return 1; }
  grep -F 'sif:\" locations can only be read from, not written to' <<<"$out" || { echo "$out"; return 1; }
  [[ ! -e $W/out.sif ]] || { echo "sif destination written"; return 1; }
}

# ------------------------------------------------------------------ sif:

# sif_pair NAME: skopeo's and ferry's copies of $IN/NAME.sif into dir:.
sif_pair() {
  sko copy -q "sif:$IN/$1.sif" "dir:$W/$1-sko" && ferry copy -q "sif:$IN/$1.sif" "dir:$W/$1-ferry"
}

# same_image_but_layer NAME: ferry's config and manifest are skopeo's once skopeo's layer
# digest is put in place of ferry's.
same_image_but_layer() {
  local s=$W/$1-sko f=$W/$1-ferry ls lf cs cf
  ls=$(jq -r '.layers[0].digest' "$s/manifest.json")
  lf=$(jq -r '.layers[0].digest' "$f/manifest.json")
  sed "s/${lf#sha256:}/${ls#sha256:}/g" "$(config_of "$f")" >"$W/$1-config"
  cmp "$(config_of "$s")" "$W/$1-config" || { cat "$(config_of "$s")" "$W/$1-config"; return 1; }
  cs=$(jq -r .config.digest "$s/manifest.json")
  cf=$(jq -r .config.digest "$f/manifest.json")
  jq -e --arg s "$(stat -c %s "$(layer_of "$s")")" '.layers[0].size == ($s | tonumber)' "$f/manifest.json" >/dev/null ||
    { echo "layer sizes differ"; return 1; }
  sed "s/${lf#sha256:}/${ls#sha256:}/g; s/${cf#sha256:}/${cs#sha256:}/g" "$f/manifest.json" | cmp "$s/manifest.json" - ||
    { cat "$s/manifest.json" "$f/manifest.json"; return 1; }
}

t_sif_plain() {
  sif_pair plain || return 1
  same_image_but_layer plain || return 1
  jq -e '.config.Cmd == ["bash"] and .architecture == "amd64" and .created == "2020-09-13T12:26:40Z"' \
    "$(config_of "$W/plain-ferry")" >/dev/null || { cat "$(config_of "$W/plain-ferry")"; return 1; }
}

t_sif_plain_layer() { # member for member: names, modes, owners, mtimes, contents, pax records
  diff <(tar_members "$(layer_of "$W/plain-sko")") <(tar_members "$(layer_of "$W/plain-ferry")") || return 1
  local members
  members=$(tar_members "$(layer_of "$W/plain-ferry")")
  grep "^./private/key b'0' 0o600 " <<<"$members" || { echo "no private/key: $members"; return 1; }
}

t_sif_deffile() { # %environment and %runscript become /podman/runscript, the command
  sif_pair def || return 1
  same_image_but_layer def || return 1
  jq -e '.config.Cmd == ["/podman/runscript"] and .architecture == "arm64" and .created == "2009-02-13T23:31:30Z"
         and .history[0].comment == "imported from SIF, uuid: 0f0e0d0c-0b0a-4908-8706-050403020100"' \
    "$(config_of "$W/def-ferry")" >/dev/null || { cat "$(config_of "$W/def-ferry")"; return 1; }
  diff <(tar_members "$(layer_of "$W/def-sko")") <(tar_members "$(layer_of "$W/def-ferry")") || return 1
  cmp <(tar -xOf "$(layer_of "$W/def-sko")" ./podman/runscript) <(tar -xOf "$(layer_of "$W/def-ferry")" ./podman/runscript)
}

t_sif_layer_not_reproducible() { # why the diff IDs above cannot match: skopeo's own vary
  sko copy -q "sif:$IN/plain.sif" "dir:$W/plain-sko2" || return 1
  local a b
  a=$(jq -r '.layers[0].digest' "$W/plain-sko/manifest.json")
  b=$(jq -r '.layers[0].digest' "$W/plain-sko2/manifest.json")
  [[ $a != "$b" ]] || { echo "skopeo's SIF layer is reproducible after all ($a): compare diff IDs instead"; return 1; }
  local members
  members=$(tar_members "$(layer_of "$W/plain-sko2")")
  [[ $members == "format pax"* ]] || { echo "not a pax tar: $members"; return 1; }
}

t_sif_cleans_tmpdir() { no_leftovers; }

t_sif_stopped() { # a stop during the conversion ends the tools and leaves nothing
  mkdir -p "$IN/big"
  local i out
  for i in $(seq 1 40); do head -c 2000000 /dev/urandom >"$IN/big/f$i"; done
  mksquashfs "$IN/big" "$IN/big.sqfs" -noappend -quiet -no-progress >/dev/null &&
    python3 "$HERE/make_sif.py" "$IN/big.sif" --squashfs "$IN/big.sqfs" || return 1
  out=$(ferry --command-timeout 100ms copy -q "sif:$IN/big.sif" "dir:$W/stopped" 2>&1) && { echo "not stopped"; return 1; }
  grep -F 'context deadline exceeded' <<<"$out" || { echo "$out"; return 1; }
  [[ ! -e $W/stopped ]] || { echo "destination written"; return 1; }
  no_leftovers
}

t_sif_stop_ends_daemon() { # a stop reaches fakeroot's daemon, which lives in a session of its own
  mkdir -p "$W/stub-bin"
  # A stand-in with fakeroot's shape: a daemon out of the process group, ended by the INT trap.
  cat >"$W/stub-bin/fakeroot" <<EOF
#!/bin/sh
setsid sleep 300 &
daemon=\$!
echo "\$\$ \$daemon" >"$W/stub.pids"
trap 'kill \$daemon; exit 130' INT
while :; do sleep 0.1; done
EOF
  chmod +x "$W/stub-bin/fakeroot"
  rm -f "$W/stub.pids"
  PATH=$W/stub-bin:$PATH ferry --command-timeout 1s copy -q "sif:$IN/plain.sif" "dir:$W/stub-stopped" 2>/dev/null &&
    { echo "not stopped"; return 1; }
  [[ -s $W/stub.pids ]] || { echo "the stand-in never ran"; return 1; }
  local pid i
  for pid in $(cat "$W/stub.pids"); do
    for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "process $pid outlived the stop"; kill "$pid"; return 1; }
  done
  [[ ! -e $W/stub-stopped ]] && no_leftovers
}

t_sif_without_fakeroot() { # the missing tool is named
  local out
  mkdir -p "$W/empty-bin"
  out=$(PATH=$W/empty-bin "$FERRY" --insecure-policy --tmpdir "$W/tmp" copy -q "sif:$IN/plain.sif" "dir:$W/nf" 2>&1) &&
    { echo "copy succeeded"; return 1; }
  grep -F 'fakeroot is not installed' <<<"$out" || { echo "$out"; return 1; }
  [[ ! -e $W/nf ]] || { echo "destination written"; return 1; }
  no_leftovers
}

# bad_sif FILE TEXT: refused with TEXT in the message, nothing written, no scratch left.
bad_sif() {
  local out rc
  out=$(ferry copy -q "sif:$IN/$1" "dir:$W/bad-$1" 2>&1)
  rc=$?
  [[ $rc -ne 0 ]] || { echo "copy of $1 succeeded"; return 1; }
  [[ $rc -lt 128 ]] || { echo "ferry died (status $rc): $out"; return 1; }
  grep -F -- "$2" <<<"$out" || { echo "message: $out"; return 1; }
  [[ $(wc -l <<<"$out") -eq 1 ]] || { echo "more than one line: $out"; return 1; }
  [[ ! -e $W/bad-$1 ]] || { echo "destination written"; return 1; }
  no_leftovers
}

t_bad_short() { bad_sif short.bin "shorter than a SIF header"; }
t_bad_random() { bad_sif random.bin "invalid SIF magic"; }
t_bad_no_partition() { bad_sif no-partition.sif "looking up rootfs from SIF file"; }
t_bad_truncated_table() { bad_sif truncated-table.sif "it is truncated"; }
t_bad_absurd_count() { bad_sif absurd-count.sif "claims 1000000000000 descriptors"; }
t_bad_negative_count() { bad_sif negative-count.sif "claims -5 descriptors"; }
t_bad_offset_outside() { bad_sif offset-outside.sif "at offset 99999999, outside the file"; }
t_bad_size_outside() { bad_sif size-outside.sif "claims 9223372036854775000 bytes"; }
t_bad_ext3() { bad_sif ext3.sif "holds Ext3, not Squashfs"; }
t_bad_squashfs() { bad_sif broken-squashfs.sif "unsquashfs or tar failed"; }
t_bad_missing_file() { bad_sif missing.sif "no such file or directory"; }

check "tarball: plain and gzip layers, every file as skopeo's" t_tarball_as_skopeo
check "tarball: a gzip layer's diff ID is its tar's digest" t_tarball_diff_ids
check "tarball: a zstd file is a plain layer, as in skopeo" t_tarball_zstd_as_skopeo
check "tarball: to oci:, the config and layer types skopeo's copy has" t_tarball_to_oci
check "tarball: - reads standard input as skopeo does" t_tarball_stdin
check "tarball: delete removes the files" t_tarball_delete
check "tarball: a missing file is named, nothing written" t_tarball_missing_file
check "tarball: a cut gzip file is named, nothing written" t_tarball_corrupt_gzip
check "tarball:, sif: refused as destinations with skopeo's words" t_read_only_destinations
check "sif: config and manifest as skopeo's but for the layer digest" t_sif_plain
check "sif: the layer tar member for member as skopeo's" t_sif_plain_layer
check "sif: a definition file gives /podman/runscript, arch and times as skopeo's" t_sif_deffile
check "sif: skopeo's own layer differs from run to run (pax atime/ctime)" t_sif_layer_not_reproducible
check "sif: --tmpdir is empty after the copies" t_sif_cleans_tmpdir
check "sif: a stop during the conversion leaves nothing behind" t_sif_stopped
check "sif: a stop ends fakeroot and its daemon (SIGINT first, then SIGKILL)" t_sif_stop_ends_daemon
check "sif: without fakeroot, a message naming it" t_sif_without_fakeroot
check "sif: a 5-byte file" t_bad_short
check "sif: a file that is not SIF" t_bad_random
check "sif: no primary partition" t_bad_no_partition
check "sif: a truncated descriptor table" t_bad_truncated_table
check "sif: an absurd descriptor count" t_bad_absurd_count
check "sif: a negative descriptor count" t_bad_negative_count
check "sif: a partition offset outside the file" t_bad_offset_outside
check "sif: a partition size outside the file" t_bad_size_outside
check "sif: an ext3 primary partition" t_bad_ext3
check "sif: a broken squashfs" t_bad_squashfs
check "sif: a missing file" t_bad_missing_file
report
