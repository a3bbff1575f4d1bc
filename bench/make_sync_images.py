#!/usr/bin/env python3
"""Writes N small-to-medium OCI images into one OCI layout, offline and deterministic
(same seed and options, same bytes), for the sync benchmark.

    python3 bench/make_sync_images.py -o DIR [--images 100] [--repos 10] [--seed 1]

The images share layers as a real registry's do: 5 base layers (2-8 MiB of tar, "os" and
"runtimes") stacked differently per group of repositories, one dependency layer per
repository shared by all its tags, then 1-2 layers of the image's own (an application
layer of 2-8 MiB and, for half of them, a small configuration layer). Layers are tars of
files, half random bytes (binaries), half word soup (text), gzip level 6, so their
compressed size is ~2/3 of the tar. Each image has a valid OCI config (rootfs diff_ids are
the SHA-256 of the uncompressed tars, one history entry per layer) and an OCI manifest;
index.json names them `<repo>_<tag>`. With the defaults: 100 images in 10 repositories of
10 tags, ~400 MB of unique blobs.

DIR/images.tsv, written last, lists `ref-name repo tag manifest-digest` per image, after a
`# params ...` line; the layout is complete when it exists."""
import argparse, gzip, hashlib, io, json, os, random, shutil, sys, tarfile, zlib

MiB = 1 << 20
EPOCH = 1700000000  # every mtime and "created"
SYLLABLES = ("ka lo mi nu pe ra si to vu xe ba de fi go hu ja ke li mo ne po qu re sa ti "
             "un ve wo ya ze an el in on us ar er ir or ur").split()


def corpus(rng, size):
    """Word soup with newlines: compresses ~3x with gzip, like source, scripts and docs."""
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(4000)]
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(3, 14))) + "\n"
        out.append(line)
        n += len(line)
    return "".join(out).encode()[:size]


class Blobs:
    def __init__(self, root):
        self.dir = os.path.join(root, "blobs", "sha256")
        os.makedirs(self.dir, exist_ok=True)
        self.bytes = 0

    def put(self, data):
        hexd = hashlib.sha256(data).hexdigest()
        path = os.path.join(self.dir, hexd)
        if not os.path.exists(path):
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.rename(path + ".tmp", path)
            self.bytes += len(data)
        return "sha256:" + hexd, len(data)


class Layers:
    def __init__(self, seed, blobs):
        self.seed, self.blobs = seed, blobs
        self.text = corpus(random.Random(f"{seed}:corpus"), 2 * MiB)
        self.text2 = self.text + self.text  # slices that wrap around
        self.made = {}

    def layer(self, name, size_mib, top):
        """A gzip tar layer of about size_mib MiB of files under /top; memoized by name."""
        if name in self.made:
            return self.made[name]
        rng = random.Random(f"{self.seed}:layer:{name}")
        target = int(size_mib * MiB)
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            def entry(path, kind, data=b"", mode=0o644):
                info = tarfile.TarInfo(path)
                info.type, info.mode, info.mtime = kind, mode, EPOCH
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data) if data else None)

            dirs = [f"{top}"] + [f"{top}/{d}" for d in ("bin", "lib", "share", "etc")]
            for d in dirs:
                entry(d + "/", tarfile.DIRTYPE, mode=0o755)
            total, i = 0, 0
            while total < target:
                size = min(target - total, int(rng.lognormvariate(10.5, 1.3)) + 64)  # median ~36 KiB
                if rng.random() < 0.5:
                    data, d, mode = rng.randbytes(size), rng.choice(dirs[1:3]), 0o755
                else:
                    off = rng.randrange(len(self.text))
                    data = self.text2[off:off + size] if size <= len(self.text) else \
                        (self.text * (size // len(self.text) + 1))[:size]
                    d, mode = rng.choice(dirs[3:]), 0o644
                entry(f"{d}/f{i:05d}", tarfile.REGTYPE, data, mode)
                total += size
                i += 1
        tar_bytes = raw.getvalue()
        # gzip with mtime 0 and no name: the same bytes on every run.
        gz = gzip.compress(tar_bytes, compresslevel=6, mtime=0)
        digest, size = self.blobs.put(gz)
        out = {"digest": digest, "size": size, "diff_id": "sha256:" + hashlib.sha256(tar_bytes).hexdigest(),
               "name": name, "tar": len(tar_bytes)}
        self.made[name] = out
        return out


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--images", type=int, default=100)
    ap.add_argument("--repos", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every layer size")
    args = ap.parse_args()
    if args.images < args.repos or args.repos < 1:
        sys.exit("need at least one image per repository")

    out = args.out
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    blobs = Blobs(out)
    layers = Layers(args.seed, blobs)
    rng = random.Random(f"{args.seed}:plan")
    s = args.scale
    # The base layers: an OS shared by all, runtimes shared by groups.
    base = [layers.layer(f"base{i}", rng.uniform(2, 8) * s, f"usr/base{i}") for i in range(5)]
    stacks = [[base[0], base[1], base[2]], [base[0], base[3]], [base[0], base[4], base[1]]]

    per_repo = [args.images // args.repos + (1 if r < args.images % args.repos else 0) for r in range(args.repos)]
    manifests, rows = [], []
    for r, ntags in enumerate(per_repo):
        repo = f"svc-{r:02d}"
        deps = layers.layer(f"{repo}-deps", rng.uniform(1, 4) * s, f"opt/{repo}/deps")
        for t in range(ntags):
            tag = f"1.{t // 4}.{t % 4}"
            own = [layers.layer(f"{repo}-{tag}-app", rng.uniform(2, 8) * s, f"opt/{repo}/app")]
            if rng.random() < 0.5:
                own.append(layers.layer(f"{repo}-{tag}-conf", rng.uniform(16, 256) / 1024 * s, f"etc/{repo}"))
            stack = stacks[r % len(stacks)] + [deps] + own
            config = {
                "architecture": "amd64", "os": "linux", "created": "2023-11-14T22:13:20Z",
                "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                   f"APP={repo}", f"VERSION={tag}"],
                           "Cmd": [f"/opt/{repo}/app/bin/f00000"], "WorkingDir": f"/opt/{repo}",
                           "Labels": {"org.opencontainers.image.version": tag,
                                      "org.opencontainers.image.title": repo}},
                "rootfs": {"type": "layers", "diff_ids": [l["diff_id"] for l in stack]},
                "history": [{"created": "2023-11-14T22:13:20Z", "created_by": f"/bin/sh -c #(nop) ADD {l['name']}"}
                            for l in stack],
            }
            cdigest, csize = blobs.put(dumps(config))
            manifest = {
                "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdigest, "size": csize},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": l["digest"],
                            "size": l["size"]} for l in stack],
            }
            mdigest, msize = blobs.put(dumps(manifest))
            ref = f"{repo}_{tag}"
            manifests.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": mdigest,
                              "size": msize, "annotations": {"org.opencontainers.image.ref.name": ref}})
            rows.append(f"{ref}\t{repo}\t{tag}\t{mdigest}")

    with open(os.path.join(out, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(out, "index.json"), "wb") as f:
        f.write(dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                       "manifests": manifests}))
    params = f"images={args.images} repos={args.repos} seed={args.seed} scale={args.scale}"
    with open(os.path.join(out, "images.tsv.tmp"), "w") as f:
        f.write(f"# params {params} layers={len(layers.made)} blob_bytes={blobs.bytes}\n")
        f.write("\n".join(rows) + "\n")
    os.rename(os.path.join(out, "images.tsv.tmp"), os.path.join(out, "images.tsv"))
    print(f"{out}: {len(rows)} images in {args.repos} repositories, {len(layers.made)} layers, "
          f"{blobs.bytes / MiB:.0f} MiB of blobs")


if __name__ == "__main__":
    main()
