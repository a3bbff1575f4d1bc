#!/usr/bin/env python3
"""Runs each job with ferry and with Debian's skopeo, alternately (A B A B ...),
after a warm-up, and reports per job the median wall time, CPU time and peak RSS
of each tool and the ratio ferry/skopeo, as Markdown and JSON in bench/results/.

    python3 bench/bench.py [--runs N] [--jobs name,name] [--no-large] [--ferry PATH]

Fixtures come from ../shared/lab/make-fixtures.sh (the ~1 GB `large` image
unless --no-large), the sync jobs' 100 images from bench/make_sync_images.py;
registries from ../shared/lab/registry.sh (http and token, and plain http ones
for the sync jobs). Jobs whose transport ferry lacks are reported as skipped."""
import argparse, dataclasses, json, os, shlex, shutil, statistics, subprocess, sys, tempfile, time, urllib.request
from typing import Callable, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB = os.path.join(ROOT, "..", "shared", "lab")


@dataclasses.dataclass
class Job:
    transport: str  # ferry's transport the job needs; skipped without it
    setup: Optional[Callable]  # setup(tool, run): before each run, e.g. removes the last output
    command: Callable  # command(tool, run) -> shell command
    verify: tuple = ()  # verify(tool, run): raises when the output is wrong
    peer: str = "skopeo"  # the tool ferry is timed against


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True, capture_output=True, **kw).stdout


# skopeo remembers where blobs live and which compressed variants exist; a
# warm cache turns a push into a mount. Every run starts cold, as ferry does.
BLOB_INFO_CACHES = ["/var/lib/containers/cache/blob-info-cache-v1.boltdb",
                    "/var/lib/containers/cache/blob-info-cache-v1.sqlite"]


def forget_blob_info():
    for path in BLOB_INFO_CACHES:
        if os.path.exists(path):
            os.remove(path)


def measure(cmd, env):
    """Wall seconds, CPU seconds (user+sys) and peak RSS in MiB of one command.

    The command runs under GNU time, whose child it is: the kernel carries a process's peak
    RSS over exec, so a child of this script would start from this script's own peak
    (15-24 MiB; figures measured before 2026-12-01 have that floor) and a child of time
    starts from time's (~2 MiB). stderr goes to a file, not a pipe read after
    the exit, which would stall a command that logs more than a pipe holds."""
    with tempfile.TemporaryFile() as errf, tempfile.NamedTemporaryFile(mode="r") as usage:
        start = time.monotonic()
        proc = subprocess.Popen([TIME, "-f", "%M", "-o", usage.name, "sh", "-c", cmd], env=env,
                                stdout=subprocess.DEVNULL, stderr=errf)
        _, status, rusage = os.wait4(proc.pid, 0)  # CPU to the microsecond (time's own ~1 ms included)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read().decode(errors="replace")
        # A failed command adds a line "Command exited with non-zero status N" before it.
        rss_kib = usage.read().split()[-1]
    if proc.returncode != 0:
        raise RuntimeError(f"failed: {cmd}\n{err[-2000:]}")
    return wall, rusage.ru_utime + rusage.ru_stime, int(rss_kib) / 1024.0


TIME = "/usr/bin/time"  # GNU time (Debian's `time` package)


class Registry:
    def __init__(self, mode):
        out = sh(f"bash {LAB}/registry.sh start {mode}")
        # KEY=VALUE lines with shell quoting (printf %q).
        self.env = {}
        for line in out.splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                self.env[key] = (shlex.split(value) or [""])[0]
        self.addr = self.env["LAB_REG_ADDR"]

    def stop(self):
        if self.env.get("LAB_REG_STOP"):
            subprocess.run(["bash"] + shlex.split(self.env["LAB_REG_STOP"]), capture_output=True)


class Dockerd:
    """A private dockerd from the lab's peers.sh (vfs storage)."""

    def __init__(self, work):
        self.dir = os.path.join(work, "dk")
        out = subprocess.run(["bash", "-c", f". {LAB}/peers.sh && dockerd_start {self.dir} vfs >&2 && echo $DOCKER_HOST"],
                             check=True, text=True, capture_output=True).stdout
        self.host = out.strip().splitlines()[-1]

    def stop(self):
        subprocess.run(["bash", "-c", f". {LAB}/peers.sh && dockerd_stop {self.dir}"], capture_output=True)


def fresh(path):
    """Removes a directory or file, if there is one."""
    shutil.rmtree(path, ignore_errors=True)
    if os.path.exists(path):
        os.remove(path)


def jobs(fx, work, http, token, daemon, ostreecopy, want_large, ferry):
    """name -> Job."""
    big = "large" if want_large and os.path.isdir(f"{fx}/oci/large") else "medium"
    j = {}
    plain = "--src-tls-verify=false"
    http_dest = "--dest-tls-verify=false"

    def add(name, transport, src, dst, flags="", cleanup=None, peer="skopeo", verify=()):
        def command(tool, run):
            d = dst.format(tool=tool, run=run)
            return f"{tool} {'--insecure-policy' if tool == 'ferry' else ''} copy -q {flags} {src} {d}"
        j[name] = Job(transport, lambda tool, run: cleanup and cleanup(tool, run), command, verify, peer)

    # Removes this tool's previous output; `p` names it with {tool}.
    local = lambda p: (lambda tool, run: fresh(f"{work}/" + p.format(tool=tool)))
    add("oci -> dir", "oci", f"oci:{fx}/oci/{big}", f"dir:{work}/dir-{{tool}}", cleanup=local("dir-{tool}"))
    sh(f"skopeo copy -q oci:{fx}/oci/{big} dir:{work}/src-dir")
    add("dir -> oci", "dir", f"dir:{work}/src-dir", f"oci:{work}/oci-{{tool}}:x", cleanup=local("oci-{tool}"))
    def archive_as_skopeo_writes(tool, run):
        # Both tools write the layers in the manifest's order, byte for byte the same archive.
        reference = f"{work}/da-reference.tar"
        if not os.path.exists(reference):
            sh(f"skopeo copy -q oci:{fx}/oci/{big} docker-archive:{reference}:lab/x:latest")
        if subprocess.run(["cmp", "-s", reference, f"{work}/da-{tool}.tar"]).returncode != 0:
            raise RuntimeError(f"{work}/da-{tool}.tar differs from the archive skopeo writes ({reference})")
    add("oci -> docker-archive", "docker-archive", f"oci:{fx}/oci/{big}",
        f"docker-archive:{work}/da-{{tool}}.tar:lab/x:latest", cleanup=local("da-{tool}.tar"),
        verify=(archive_as_skopeo_writes,))
    # skopeo's docker-archive holds layers uncompressed; into oci: both tools gzip them on the way.
    sh(f"skopeo copy -q oci:{fx}/oci/medium docker-archive:{work}/medium-archive.tar:bench/medium:latest")
    add("docker-archive -> oci (medium)", "docker-archive", f"docker-archive:{work}/medium-archive.tar",
        f"oci:{work}/from-da-{{tool}}:x", cleanup=local("from-da-{tool}"))
    add("gzip -> zstd (oci -> oci)", "oci", f"oci:{fx}/oci/{big}", f"oci:{work}/zstd-{{tool}}:x",
        flags="--dest-compress-format zstd --dest-compress-level 3", cleanup=local("zstd-{tool}"))
    if http:
        h = http.addr
        sizes = ["medium", big] if big != "medium" else ["medium"]
        for img in sizes:
            sh(f"skopeo copy -q --dest-tls-verify=false oci:{fx}/oci/{img} docker://{h}/bench/{img}:latest")
            add(f"pull registry -> oci ({img})", "docker", f"docker://{h}/bench/{img}:latest",
                f"oci:{work}/pull-{img}-{{tool}}:x", flags=plain, cleanup=local(f"pull-{img}-{{tool}}"))
            add(f"push oci -> registry ({img})", "docker", f"oci:{fx}/oci/{img}",
                f"docker://{h}/bench/push-{img}-{{tool}}-{{run}}:x", flags=http_dest)
        add("re-push (blobs present)", "docker", f"oci:{fx}/oci/{big}", f"docker://{h}/bench/{big}:latest",
            flags=http_dest)
        add("registry -> registry, same registry", "docker", f"docker://{h}/bench/{big}:latest",
            f"docker://{h}/bench/copy-{{tool}}-{{run}}:x", flags=f"{plain} {http_dest}")
        # containers-storage (overlay, podman's default): each tool writes its own fresh store;
        # the push reads one store skopeo filled once. skopeo leaves overlay/ bind-mounted on
        # itself, so stores are removed with the lab's cstore_destroy.
        def store(name):
            return f"containers-storage:[overlay@{work}/{name}/root+{work}/{name}/run]"

        def forget_store(tool, run):
            subprocess.run(["bash", "-c", f". {LAB}/peers.sh && cstore_destroy {work}/cs-{tool}"], capture_output=True)
        add(f"pull registry -> containers-storage ({big})", "containers-storage",
            f"docker://{h}/bench/{big}:latest", store("cs-{tool}") + "bench/x:latest", flags=plain,
            cleanup=forget_store)
        sh(f"skopeo copy -q oci:{fx}/oci/{big} '{store('cs-src')}bench/src:latest'")
        add(f"push containers-storage -> registry ({big})", "containers-storage", store("cs-src") + "bench/src:latest",
            f"docker://{h}/bench/from-cs-{{tool}}-{{run}}:x", flags=http_dest)
        add("gzip -> zstd push", "docker", f"oci:{fx}/oci/{big}", f"docker://{h}/bench/zstd-{{tool}}-{{run}}:x",
            flags=f"{http_dest} --dest-compress-format zstd --dest-compress-level 3")
        if token:
            t = token
            creds = f"--dest-creds {t.env['LAB_REG_USER']}:{t.env['LAB_REG_PASS']} --dest-cert-dir {t.env['LAB_REG_CERT_DIR']}"
            add("registry -> registry, across registries", "docker", f"docker://{h}/bench/{big}:latest",
                f"docker://{t.addr}/bench/x-{{tool}}-{{run}}:x", flags=f"{plain} {creds}")
    if daemon:
        # The daemon unpacks every layer itself (vfs here): the medium image keeps the job short.

        def forget_image(tool, run):
            subprocess.run(["docker", "-H", daemon.host, "rmi", "-f", f"bench/{tool}:latest"],
                           capture_output=True)
        add("docker-archive -> dockerd (medium)", "docker-daemon", f"docker-archive:{work}/medium-archive.tar",
            "docker-daemon:bench/{tool}:latest", flags=f"--dest-daemon-host {daemon.host}", cleanup=forget_image)
    if ostreecopy:
        # Next to containers/image's own ostree transport (the lab's ostreecopy); skopeo has none.
        # Each tool writes into a bare-user repository made afresh before every run; both read
        # one repository ostreecopy wrote (untimed).
        def fresh_repo(p):
            def make(tool, run):
                fresh(f"{work}/" + p.format(tool=tool))
                sh(f"ostree --repo={work}/{p.format(tool=tool)} init --mode=bare-user")
            return make
        for img in (["medium", big] if big != "medium" else ["medium"]):
            source = oci_image(f"{fx}/oci/{img}")
            add(f"oci -> ostree bare-user ({img})", "ostree", f"oci:{fx}/oci/{img}",
                f"ostree:bench/{img}:latest@{work}/ot-{img}-{{tool}}", cleanup=fresh_repo(f"ot-{img}-{{tool}}"),
                peer="ostreecopy", verify=(ostree_holds(source, img, lambda tool, img=img: f"{work}/ot-{img}-{tool}", work, ferry),))
            fresh(f"{work}/ot-src-{img}")
            try:
                sh(f"ostree --repo={work}/ot-src-{img} init --mode=bare-user")
                sh(f"{ostreecopy} copy -q oci:{fx}/oci/{img} ostree:bench/{img}:latest@{work}/ot-src-{img}")
            except subprocess.CalledProcessError as e:
                print(f"ostreecopy could not write the {img} image; ostree -> oci ({img}) is left out: "
                      f"{e.stderr[-500:]}", flush=True)
                continue
            add(f"ostree -> oci ({img})", "ostree", f"ostree:bench/{img}:latest@{work}/ot-src-{img}",
                f"oci:{work}/from-ot-{img}-{{tool}}:x", cleanup=local(f"from-ot-{img}-{{tool}}"), peer="ostreecopy",
                verify=(oci_matches(source, lambda tool, img=img: f"{work}/from-ot-{img}-{tool}"),))
    return j


def oci_image(layout):
    """(config digest, [layer digests], [diff IDs]) of the one image in an OCI layout."""
    def blob(digest):
        return json.load(open(f"{layout}/blobs/{digest.replace(':', '/')}"))
    manifest = blob(json.load(open(f"{layout}/index.json"))["manifests"][0]["digest"])
    config = manifest["config"]["digest"]
    return config, [l["digest"] for l in manifest["layers"]], blob(config)["rootfs"]["diff_ids"]


def ostree_holds(source, img, repo, work, ferry):
    """The image's ref; a commit per layer recording the diff ID the config names; ostree fsck
    clean; and each layer read back (by ferry, whose tar-split rebuild checks every file's size
    and CRC-64 against the commit's tree) hashing to its diff ID."""
    def check(tool, run):
        r = repo(tool)
        refs = sh(f"ostree --repo={r} refs").split()
        if f"ociimage/bench_2F{img}_3Alatest" not in refs:
            raise RuntimeError(f"{tool}: no image ref in {r}")
        for digest, diff_id in zip(source[1], source[2]):
            ref = "ociimage/" + digest.split(":")[1]
            got = sh(f"ostree --repo={r} show --print-metadata-key=docker.uncompressed_digest {ref}").strip()
            if got.strip("'") != diff_id:
                raise RuntimeError(f"{tool}: {ref} in {r} records {got}, want {diff_id}")
        sh(f"ostree --repo={r} fsck -q")
        back = f"{work}/readback"
        shutil.rmtree(back, ignore_errors=True)
        sh(f"{ferry} --insecure-policy copy -q ostree:bench/{img}:latest@{r} dir:{back}")
        for diff_id in source[2]:
            if file_sha256(f"{back}/{diff_id.split(':')[1]}") != diff_id:
                raise RuntimeError(f"{tool}: the layer {diff_id} read back from {r} differs")
        shutil.rmtree(back, ignore_errors=True)
    return check


def file_sha256(path, gunzip=False):
    import gzip, hashlib
    h = hashlib.sha256()
    with open(path, "rb") as raw:
        f = gzip.GzipFile(fileobj=raw) if gunzip else raw
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def oci_matches(source, layout):
    """The same config, and layers whose uncompressed digests are the config's diff IDs."""
    def check(tool, run):
        config, layers, _ = oci_image(layout(tool))
        if config != source[0] or len(layers) != len(source[2]):
            raise RuntimeError(f"{tool}: config {config} with {len(layers)} layers, want {source[0]}")
        for digest, diff_id in zip(layers, source[2]):
            path = f"{layout(tool)}/blobs/{digest.replace(':', '/')}"
            with open(path, "rb") as f:
                gzipped = f.read(2) == b"\x1f\x8b"
            if file_sha256(path, gunzip=gzipped) != diff_id:
                raise RuntimeError(f"{tool}: layer {digest} does not unpack to {diff_id}")
    return check


def find_ostreecopy():
    """The lab's reference ostree transport, built into build/ostree-peer once (as the ostree
    test builds it), or None when it cannot be built here."""
    built = os.path.join(ROOT, "build", "ostree-peer", "bin", "ostreecopy")
    if not os.access(built, os.X_OK):
        print("building the reference ostree program (ostreecopy) ...", flush=True)
        proc = subprocess.run(["bash", f"{LAB}/ostree-peer/build.sh", os.path.dirname(os.path.dirname(built))],
                              text=True, capture_output=True)
        if proc.returncode != 0:
            print(f"ostreecopy did not build; the ostree jobs are skipped: {proc.stderr[-500:]}", flush=True)
            return None
    return built


def inspect_jobs(fx, http, token):
    out = {}
    if http:
        out["inspect (http)"] = Job("docker", None,
                                    lambda tool, run: f"{tool} inspect --tls-verify=false docker://{http.addr}/bench/medium:latest")
    if token:
        creds, certs = f"{token.env['LAB_REG_USER']}:{token.env['LAB_REG_PASS']}", token.env["LAB_REG_CERT_DIR"]
        sh(f"skopeo copy -q --dest-creds {creds} --dest-cert-dir {certs} "
           f"oci:{fx}/oci/medium docker://{token.addr}/bench/medium:latest")
        c = f"--creds {creds} --cert-dir {certs}"
        out["inspect (token)"] = Job("docker", None,
                                     lambda tool, run: f"{tool} inspect {c} docker://{token.addr}/bench/medium:latest")
    return out


SYNC_JOB = "sync 100 images (registry -> registry)"
RESYNC_JOB = "sync re-run (everything present)"


def sync_jobs(fx, work, env, regs):
    """The sync jobs. bench/make_sync_images.py writes 100 images (10 repositories of 10 tags,
    layers shared as in a real registry, ~410 MiB of blobs) into {fx}/sync-images once; the
    first job to run pushes them with skopeo to a source registry of their own (untimed, once
    per session). Both jobs sync a yaml file naming the 10 repositories with [] (every tag).
    Registries started here go into `regs`, stopped by main."""
    images_dir = f"{fx}/sync-images"
    state = {}

    def setup():
        if state:
            return
        if not os.path.exists(f"{images_dir}/images.tsv"):
            print("making the sync images ...", flush=True)
            sh(f"python3 {ROOT}/bench/make_sync_images.py -o {images_dir}")
        rows = [line.split("\t") for line in open(f"{images_dir}/images.tsv").read().splitlines()
                if line and not line.startswith("#")]
        src = Registry("http")
        regs.append(src)
        print(f"pushing {len(rows)} images to the sync source registry ...", flush=True)
        for ref, repo, tag, _ in rows:
            sh(f"skopeo copy -q --dest-tls-verify=false oci:{images_dir}:{ref} docker://{src.addr}/mirror/{repo}:{tag}")
        state["want"] = {}
        for _, repo, tag, digest in rows:
            state["want"].setdefault(repo, {})[tag] = digest
        check_registry(src.addr, "mirror", state["want"])
        state["yaml"] = f"{work}/sync.yaml"
        with open(state["yaml"], "w") as f:
            f.write(f"{src.addr}:\n  tls-verify: false\n  images:\n")
            for repo in sorted(state["want"]):
                f.write(f"    mirror/{repo}: []\n")
        state["src"] = src

    def command(dest, report):
        def cmd(tool, run):
            d = dest(tool, run)
            if tool == "ferry":
                return (f"ferry --insecure-policy sync --src yaml --dest docker --dest-tls-verify=false "
                        f"--report {report(tool, run)} {state['yaml']} {d}")
            return f"skopeo sync --src yaml --dest docker --dest-tls-verify=false {state['yaml']} {d}"
        return cmd

    def verify(dest, report, status):
        def check(tool, run):
            addr, prefix = dest(tool, run).split("/", 1)
            check_registry(addr, prefix, state["want"])
            if tool == "ferry":
                got = [json.loads(line)["status"] for line in open(report(tool, run))]
                n = sum(len(t) for t in state["want"].values())
                if got.count(status) != n or len(got) != n:
                    raise RuntimeError(f"ferry's report: {len(got)} lines, {got.count(status)} {status}, want {n}")
        return check

    # (a) Into a destination registry started afresh for every run (its storage empty), each
    # tool under {tool}-{run}: both copy every blob, and may mount one across repositories.
    def fresh_destination(tool, run):
        setup()
        if state.get("dst"):
            state["dst"].stop()
            regs.remove(state["dst"])
        state["dst"] = Registry("http")
        regs.append(state["dst"])

    dest_a = lambda tool, run: f"{state['dst'].addr}/{tool}-{run}"
    report_a = lambda tool, run: f"{work}/sync-{tool}-{run}.jsonl"
    # (b) Into one registry where each tool filled present-{tool} once (untimed): every image is
    # there. skopeo reads both manifests and skips the copy; ferry skips after its manifest check.
    def present(tool, run):
        setup()
        if "present" not in state:
            state["present"] = Registry("http")
            regs.append(state["present"])
            for t in ("ferry", "skopeo"):
                subprocess.run(command(dest_b, lambda tool, run: f"{work}/present-{tool}.jsonl")(t, 0), shell=True,
                               env=env, check=True, capture_output=True)
                check_registry(state["present"].addr, f"present-{t}", state["want"])

    dest_b = lambda tool, run: f"{state['present'].addr}/present-{tool}"
    report_b = lambda tool, run: f"{work}/resync-{tool}-{run}.jsonl"
    return {
        SYNC_JOB: Job("docker", fresh_destination, command(dest_a, report_a), (verify(dest_a, report_a, "copied"),)),
        RESYNC_JOB: Job("docker", present, command(dest_b, report_b), (verify(dest_b, report_b, "skipped"),)),
    }


def check_registry(addr, prefix, want):
    """Every repository {prefix}/<repo> at addr holds exactly the wanted tags, each with the
    wanted manifest digest: a fast wrong answer does not count."""
    accept = "application/vnd.oci.image.manifest.v1+json"
    for repo, tags in want.items():
        with urllib.request.urlopen(f"http://{addr}/v2/{prefix}/{repo}/tags/list") as r:
            got = sorted(json.load(r).get("tags") or [])
        if got != sorted(tags):
            raise RuntimeError(f"{addr}/{prefix}/{repo}: tags {got}, want {sorted(tags)}")
        for tag, digest in tags.items():
            req = urllib.request.Request(f"http://{addr}/v2/{prefix}/{repo}/manifests/{tag}", method="HEAD",
                                         headers={"Accept": accept})
            with urllib.request.urlopen(req) as r:
                if r.headers.get("Docker-Content-Digest") != digest:
                    raise RuntimeError(f"{addr}/{prefix}/{repo}:{tag}: digest "
                                       f"{r.headers.get('Docker-Content-Digest')}, want {digest}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="")
    ap.add_argument("--no-large", action="store_true")
    ap.add_argument("--ferry", default=os.path.join(ROOT, "build", "bin", "ferry"))
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "build", "bench-fixtures"))
    args = ap.parse_args()

    fx = args.fixtures
    want_large = not args.no_large
    if not os.path.exists(f"{fx}/digests.tsv") or (want_large and not os.path.isdir(f"{fx}/oci/large")):
        print("making fixtures ...", flush=True)
        sh(f"bash {LAB}/make-fixtures.sh -o {fx}" + ("" if want_large else " --no-large"))
    installed = sh(f"{args.ferry} --help").split("Installed transports:")[1].split()
    ferry_dir = tempfile.mkdtemp(prefix="ferry-bench-bin.")
    os.symlink(os.path.abspath(args.ferry), f"{ferry_dir}/ferry")
    ostreecopy = None
    if "ostree" in installed and shutil.which("ostree") and (not args.jobs or "ostree" in args.jobs):
        ostreecopy = find_ostreecopy()
        if ostreecopy:
            os.symlink(ostreecopy, f"{ferry_dir}/ostreecopy")
    env = dict(os.environ, PATH=f"{ferry_dir}:{os.environ['PATH']}")

    work = tempfile.mkdtemp(prefix="ferry-bench.", dir=os.environ.get("TMPDIR", "/var/tmp"))
    http = token = daemon = None
    regs = []  # the sync jobs' registries
    try:
        if shutil.which("docker-registry") and "docker" in installed:
            http, token = Registry("http"), Registry("token")
        if shutil.which("dockerd") and "docker-daemon" in installed and (not args.jobs or "dockerd" in args.jobs):
            try:
                daemon = Dockerd(work)
            except subprocess.CalledProcessError as e:
                print(f"dockerd did not start; its job is skipped: {e.stderr[-500:]}", flush=True)
        table = jobs(fx, work, http, token, daemon, ostreecopy, want_large, os.path.abspath(args.ferry))
        table.update(inspect_jobs(fx, http, token))
        if http:
            table.update(sync_jobs(fx, work, env, regs))
        selected = [n for n in table if not args.jobs or n in args.jobs.split(",")]
        results = []
        for name in selected:
            job = table[name]
            if job.transport not in installed:
                results.append({"job": name, "skipped": f"ferry has no {job.transport} transport"})
                print(f"{name}: skipped", flush=True)
                continue
            tools = ("ferry", job.peer)
            samples = {tool: [] for tool in tools}
            for run in range(args.runs + 1):  # run 0 warms caches and is dropped
                for tool in tools:
                    if job.setup:
                        job.setup(tool, run)
                    forget_blob_info()
                    os.sync()  # the previous run's writeback is not this run's cost
                    m = measure(job.command(tool, run), env)
                    for v in job.verify:
                        v(tool, run)
                    if run > 0:
                        samples[tool].append(m)
            row = {"job": name, "peer": job.peer}
            for tool, s in samples.items():
                row[tool] = {
                    "wall_s": statistics.median(x[0] for x in s), "cpu_s": statistics.median(x[1] for x in s),
                    "rss_mib": max(x[2] for x in s)}
            row["ratio_wall"] = row["ferry"]["wall_s"] / row[job.peer]["wall_s"]
            results.append(row)
            print(f"{name}: ferry {row['ferry']['wall_s']:.2f}s {job.peer} {row[job.peer]['wall_s']:.2f}s "
                  f"ratio {row['ratio_wall']:.2f}", flush=True)
        write_report(results, args, fx)
    finally:
        for r in [http, token, daemon] + regs:
            if r:
                r.stop()
        subprocess.run(["bash", "-c", f". {LAB}/peers.sh && for d in {work}/cs-*; do cstore_destroy $d; done"],
                       capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(ferry_dir, ignore_errors=True)


def write_report(results, args, fx):
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    meta = {"date": stamp, "runs": args.runs, "large": not args.no_large and os.path.isdir(f"{fx}/oci/large"),
            "cpus": os.cpu_count(), "skopeo": sh("skopeo --version").strip(),
            "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]}
    # Each result holds the figures of ferry and of the tool its `peer` names (skopeo unless the job
    # says otherwise).
    with open(os.path.join(out, f"{stamp}.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=2)
    lines = [f"# ferry vs skopeo — {stamp}", "",
             f"{meta['runs']} runs per tool after a warm-up, alternating; medians; peak RSS is the maximum. "
             f"Image: {'large (~1 GB)' if meta['large'] else 'medium (~50 MB)'}; {meta['cpus']} CPUs; {meta['skopeo']}; "
             f"load average at the end {'/'.join(map(str, meta['loadavg_at_end']))} (1/5/15 min).", "",
             "| job | ferry wall s | skopeo wall s | ratio | ferry CPU s | skopeo CPU s | ferry RSS MiB | skopeo RSS MiB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if "skipped" in r:
            lines.append(f"| {r['job']} | skipped: {r['skipped']} | | | | | | |")
            continue
        f, s = r["ferry"], r[r["peer"]]
        # A job timed against another tool than skopeo names it in its other figures.
        peer = "" if r["peer"] == "skopeo" else f" ({r['peer']})"
        lines.append(f"| {r['job']} | {f['wall_s']:.2f} | {s['wall_s']:.2f}{peer} | {r['ratio_wall']:.2f} | "
                     f"{f['cpu_s']:.2f} | {s['cpu_s']:.2f}{peer} | {f['rss_mib']:.1f} | {s['rss_mib']:.1f}{peer} |")
    text = "\n".join(lines) + "\n"
    for name in (f"{stamp}.md", "latest.md"):
        with open(os.path.join(out, name), "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
