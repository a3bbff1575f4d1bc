#!/usr/bin/env python3
"""Runs each job with ferry and with Debian's skopeo, alternately (A B A B ...),
after a warm-up, and reports per job the median wall time, CPU time and peak RSS
of each tool and the ratio ferry/skopeo, as Markdown and JSON in bench/results/.

    python3 bench/bench.py [--runs N] [--jobs name,name] [--no-large] [--ferry PATH]

Fixtures come from ../shared/lab/make-fixtures.sh (the ~1 GB `large` image
unless --no-large); registries from ../shared/lab/registry.sh (http and token).
Jobs whose transport ferry lacks are reported as skipped."""
import argparse, json, os, shlex, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB = os.path.join(ROOT, "..", "shared", "lab")


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
    """Wall seconds, CPU seconds (user+sys) and peak RSS in MiB of one command."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, shell=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"failed: {cmd}\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


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
            subprocess.run(["bash"] + shlex.split(self.env["LAB_REG_STOP"]))


class Dockerd:
    """A private dockerd from the lab's peers.sh (vfs storage)."""

    def __init__(self, work):
        self.dir = os.path.join(work, "dk")
        out = subprocess.run(["bash", "-c", f". {LAB}/peers.sh && dockerd_start {self.dir} vfs >&2 && echo $DOCKER_HOST"],
                             check=True, text=True, capture_output=True).stdout
        self.host = out.strip().splitlines()[-1]

    def stop(self):
        subprocess.run(["bash", "-c", f". {LAB}/peers.sh && dockerd_stop {self.dir}"], capture_output=True)


def jobs(fx, work, http, token, daemon, want_large):
    """name -> (needs_registry, transport, setup(run) -> None, command(tool, run) -> str)."""
    big = "large" if want_large and os.path.isdir(f"{fx}/oci/large") else "medium"
    j = {}
    plain = "--src-tls-verify=false"
    http_dest = "--dest-tls-verify=false"

    def fresh(path):
        shutil.rmtree(path, ignore_errors=True)
        if os.path.exists(path):
            os.remove(path)

    def add(name, transport, src, dst, flags="", cleanup=None):
        def command(tool, run):
            d = dst.format(tool=tool, run=run)
            return f"{tool} {'--insecure-policy' if tool == 'ferry' else ''} copy -q {flags} {src} {d}"
        j[name] = (transport, lambda tool, run: cleanup and cleanup(tool, run), command)

    # Removes this tool's previous output; `p` names it with {tool}.
    local = lambda p: (lambda tool, run: fresh(f"{work}/" + p.format(tool=tool)))
    add("oci -> dir", "oci", f"oci:{fx}/oci/{big}", f"dir:{work}/dir-{{tool}}", cleanup=local("dir-{tool}"))
    sh(f"skopeo copy -q oci:{fx}/oci/{big} dir:{work}/src-dir")
    add("dir -> oci", "dir", f"dir:{work}/src-dir", f"oci:{work}/oci-{{tool}}:x", cleanup=local("oci-{tool}"))
    add("oci -> docker-archive", "docker-archive", f"oci:{fx}/oci/{big}",
        f"docker-archive:{work}/da-{{tool}}.tar:lab/x:latest", cleanup=local("da-{tool}.tar"))
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
        sh(f"skopeo copy -q oci:{fx}/oci/medium docker-archive:{work}/medium-archive.tar:bench/medium:latest")

        def forget_image(tool, run):
            subprocess.run(["docker", "-H", daemon.host, "rmi", "-f", f"bench/{tool}:latest"],
                           capture_output=True)
        add("docker-archive -> dockerd (medium)", "docker-daemon", f"docker-archive:{work}/medium-archive.tar",
            "docker-daemon:bench/{tool}:latest", flags=f"--dest-daemon-host {daemon.host}", cleanup=forget_image)
    return j


def inspect_jobs(fx, http, token):
    out = {}
    if http:
        out["inspect (http)"] = ("docker", None,
                                 lambda tool, run: f"{tool} inspect --tls-verify=false docker://{http.addr}/bench/medium:latest")
    if token:
        creds, certs = f"{token.env['LAB_REG_USER']}:{token.env['LAB_REG_PASS']}", token.env["LAB_REG_CERT_DIR"]
        sh(f"skopeo copy -q --dest-creds {creds} --dest-cert-dir {certs} "
           f"oci:{fx}/oci/medium docker://{token.addr}/bench/medium:latest")
        c = f"--creds {creds} --cert-dir {certs}"
        out["inspect (token)"] = ("docker", None,
                                  lambda tool, run: f"{tool} inspect {c} docker://{token.addr}/bench/medium:latest")
    return out


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
    env = dict(os.environ, PATH=f"{ferry_dir}:{os.environ['PATH']}")

    work = tempfile.mkdtemp(prefix="ferry-bench.", dir=os.environ.get("TMPDIR", "/var/tmp"))
    http = token = daemon = None
    try:
        if shutil.which("docker-registry") and "docker" in installed:
            http, token = Registry("http"), Registry("token")
        if shutil.which("dockerd") and "docker-daemon" in installed and (not args.jobs or "dockerd" in args.jobs):
            try:
                daemon = Dockerd(work)
            except subprocess.CalledProcessError as e:
                print(f"dockerd did not start; its job is skipped: {e.stderr[-500:]}", flush=True)
        table = jobs(fx, work, http, token, daemon, want_large)
        table.update(inspect_jobs(fx, http, token))
        selected = [n for n in table if not args.jobs or n in args.jobs.split(",")]
        results = []
        for name in selected:
            transport, cleanup, command = table[name]
            if transport not in installed:
                results.append({"job": name, "skipped": f"ferry has no {transport} transport"})
                print(f"{name}: skipped", flush=True)
                continue
            samples = {"ferry": [], "skopeo": []}
            for run in range(args.runs + 1):  # run 0 warms caches and is dropped
                for tool in ("ferry", "skopeo"):
                    if cleanup:
                        cleanup(tool, run)
                    forget_blob_info()
                    os.sync()  # the previous run's writeback is not this run's cost
                    m = measure(command(tool, run), env)
                    if run > 0:
                        samples[tool].append(m)
            row = {"job": name}
            for tool, s in samples.items():
                row[tool] = {"wall_s": statistics.median(x[0] for x in s), "cpu_s": statistics.median(x[1] for x in s),
                             "rss_mib": max(x[2] for x in s)}
            row["ratio_wall"] = row["ferry"]["wall_s"] / row["skopeo"]["wall_s"]
            results.append(row)
            print(f"{name}: ferry {row['ferry']['wall_s']:.2f}s skopeo {row['skopeo']['wall_s']:.2f}s "
                  f"ratio {row['ratio_wall']:.2f}", flush=True)
        write_report(results, args, fx)
    finally:
        for r in (http, token, daemon):
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
            "cpus": os.cpu_count(), "skopeo": sh("skopeo --version").strip()}
    with open(os.path.join(out, f"{stamp}.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=2)
    lines = [f"# ferry vs skopeo — {stamp}", "",
             f"{meta['runs']} runs per tool after a warm-up, alternating; medians; peak RSS is the maximum. "
             f"Image: {'large (~1 GB)' if meta['large'] else 'medium (~50 MB)'}; {meta['cpus']} CPUs; {meta['skopeo']}.", "",
             "| job | ferry wall s | skopeo wall s | ratio | ferry CPU s | skopeo CPU s | ferry RSS MiB | skopeo RSS MiB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if "skipped" in r:
            lines.append(f"| {r['job']} | skipped: {r['skipped']} | | | | | | |")
            continue
        f, s = r["ferry"], r["skopeo"]
        lines.append(f"| {r['job']} | {f['wall_s']:.2f} | {s['wall_s']:.2f} | {r['ratio_wall']:.2f} | "
                     f"{f['cpu_s']:.2f} | {s['cpu_s']:.2f} | {f['rss_mib']:.1f} | {s['rss_mib']:.1f} |")
    text = "\n".join(lines) + "\n"
    for name in (f"{stamp}.md", "latest.md"):
        with open(os.path.join(out, name), "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
