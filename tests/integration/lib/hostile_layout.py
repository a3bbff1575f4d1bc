#!/usr/bin/env python3
"""hostile_layout.py DIR KIND SENTINEL: an OCI layout at DIR whose one gzip layer holds a hostile
entry aimed at SENTINEL's directory (KIND dotdot, absolute, symlink, hardlink), or, for KIND
rich, every kind of entry a layer tree must keep (owners, modes, xattrs, links, special files,
whiteouts). The ostree and containers-storage tests give it to ferry and to the reference
tools alike."""
import gzip, hashlib, io, json, os, sys, tarfile
out, kind, sentinel = sys.argv[1], sys.argv[2], sys.argv[3]
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
    def add(name, data=b"x", **kw):
        i = tarfile.TarInfo(name); i.mtime = 1700000000
        for k, v in kw.items(): setattr(i, k, v)
        if i.type == tarfile.REGTYPE: i.size = len(data); t.addfile(i, io.BytesIO(data))
        else: t.addfile(i)
    add("ok.txt", b"fine\n")
    if kind == "dotdot": add("../../../../../../.." + sentinel + "-dotdot", b"pwned\n")
    elif kind == "absolute": add(sentinel + "-absolute", b"pwned\n")
    elif kind == "symlink":
        add("evil", type=tarfile.SYMTYPE, linkname="/")
        add("evil" + os.path.dirname(sentinel) + "/" + os.path.basename(sentinel) + "-symlink", b"pwned\n")
    elif kind == "hardlink": add("passwd", type=tarfile.LNKTYPE, linkname="/etc/passwd")
    elif kind == "rich":  # what a layer tree must keep: owners, modes, xattrs, links, whiteouts
        add("srv", type=tarfile.DIRTYPE, mode=0o750, uid=1000, gid=1001)
        add("srv/owned", b"mine\n", mode=0o640, uid=1000, gid=1001, uname="", gname="")
        add("srv/setuid", b"#!/bin/sh\n", mode=0o4755)
        add("srv/sticky", type=tarfile.DIRTYPE, mode=0o1777)
        add("srv/private", type=tarfile.DIRTYPE, mode=0o700)
        add("srv/private/x", b"x", mode=0o600)
        add("srv/empty", b"", mode=0o644)
        # one xattr a file: c/image sets a file's xattrs in Go's map order, so the order of
        # several (which the tree checksum covers) is not fixed there
        for n, (k, v) in enumerate([("user.ferry", "value"), ("trusted.ferry", "1")]):
            xi = tarfile.TarInfo("srv/xattr%d" % n); xi.mtime = 1700000000; xi.size = 2; xi.mode = 0o644
            xi.pax_headers = {"SCHILY.xattr." + k: v}
            t.addfile(xi, io.BytesIO(b"xa"))
        add("srv/link", type=tarfile.SYMTYPE, linkname="owned")
        add("srv/abs-link", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        add("srv/hard", type=tarfile.LNKTYPE, linkname="srv/owned", mode=0o640, uid=1000, gid=1001)
        add("srv/fifo", type=tarfile.FIFOTYPE, mode=0o644)
        add("srv/null", type=tarfile.CHRTYPE, mode=0o666, devmajor=1, devminor=3)
        add("srv/.wh.gone", b"")
        add("srv/sticky/.wh..wh..opq", b"")
raw = buf.getvalue()
diff_id = "sha256:" + hashlib.sha256(raw).hexdigest()
gz = gzip.compress(raw, mtime=0)
os.makedirs(out + "/blobs/sha256")
def put(b):
    d = hashlib.sha256(b).hexdigest()
    open(out + "/blobs/sha256/" + d, "wb").write(b)
    return "sha256:" + d, len(b)
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
cd, cs = put(cfg); ld, ls = put(gz)
man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
                  "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": ld, "size": ls}]}).encode()
md, ms = put(man)
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md,
           "size": ms, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, open(out + "/index.json", "w"))
open(out + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
