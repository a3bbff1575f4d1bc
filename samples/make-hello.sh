#!/usr/bin/env bash
# Rebuilds samples/oci/hello, the tiny image the demo copies: one gzip layer,
# a config with Env, Cmd and Labels. Deterministic: same bytes on every run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/oci/hello"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out" && mkdir -p "$out/blobs/sha256" "$work/root/etc"
printf 'Hello from ferry\n' >"$work/root/hello.txt"
printf 'NAME=ferry-sample\n' >"$work/root/etc/os-release"
tar --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@1700000000 --sort=name \
  -C "$work/root" -cf "$work/layer.tar" hello.txt etc
gzip -n -9 -c "$work/layer.tar" >"$work/layer.tar.gz"
put() { local h; h=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$out/blobs/sha256/$h"; echo "$h"; }
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
layer=$(put "$work/layer.tar.gz")
printf '{"created":"2023-11-14T22:13:20Z","architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin:/bin"],"Cmd":["/bin/cat","/hello.txt"],"Labels":{"org.opencontainers.image.title":"hello"}},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"2023-11-14T22:13:20Z","created_by":"samples/make-hello.sh"}]}' \
  "$diff_id" >"$work/config.json"
config=$(put "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%d}]}' \
  "$config" "$(stat -c %s "$work/config.json")" "$layer" "$(stat -c %s "$work/layer.tar.gz")" >"$work/manifest.json"
manifest=$(put "$work/manifest.json")
printf '{"imageLayoutVersion":"1.0.0"}' >"$out/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
  "$manifest" "$(stat -c %s "$work/manifest.json")" >"$out/index.json"
echo "sha256:$manifest"
