#!/usr/bin/env python3
"""make_big_image.py — writes an OCI layout holding one image whose single layer is a gzipped
tar of MIB mebibytes of pseudo-random bytes (seeded, so the same every time), for tests of
uploads too large to send in one request. Prints the layer's digest.

    make_big_image.py OUT_DIR MIB [TAG]
"""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile


def write_blob(out, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest


def main():
    out, mib = sys.argv[1], int(sys.argv[2])
    tag = sys.argv[3] if len(sys.argv) > 3 else "latest"
    os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)
    payload = random.Random(mib).randbytes(mib << 20)
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("big.bin")
        info.size, info.mode, info.mtime = len(payload), 0o644, 0
        tar.addfile(info, io.BytesIO(payload))
    tar_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(tar_bytes).hexdigest()
    layer = gzip.compress(tar_bytes, compresslevel=1, mtime=0)
    layer_digest = write_blob(out, layer)
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "config": {},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    }, separators=(",", ":")).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": write_blob(out, config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": layer_digest, "size": len(layer)}],
    }, separators=(",", ":")).encode()
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": write_blob(out, manifest), "size": len(manifest),
        "annotations": {"org.opencontainers.image.ref.name": tag}}]}
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    print(layer_digest)


if __name__ == "__main__":
    main()
