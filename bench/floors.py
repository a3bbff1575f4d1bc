#!/usr/bin/env python3
"""How close ferry runs to what the machine allows, for the jobs bench.py times.

A job's floor is the larger of two bounds:
  - CPU: ferry's CPU plus the CPU its peers (the registries, the token server)
    spend serving it, shared by the usable cores;
  - disk: the time this disk takes, at that moment, to write as many bytes as
    the job publishes and fsync them (dd from /dev/zero, measured after each run).
Each job runs once to warm caches, then --runs times; medians are reported,
printed and written to bench/results/<stamp>-floors.md.

    python3 bench/floors.py [--runs N] [--jobs part,part] [--ferry PATH]

--jobs picks the jobs whose names contain one of the parts ("across" picks
"registry -> registry, across registries").

Uses bench.py's fixtures (build/bench-fixtures, with the large image) and the
lab's registries (../shared/lab/registry.sh)."""
import argparse, os, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (its measure, Registry and fresh)

TICKS = os.sysconf("SC_CLK_TCK")


def with_descendants(pid):
    """The process and its descendants: the lab records `timeout`, whose child serves."""
    out = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            for child in f.read().split():
                out += with_descendants(child)
    return out


def cpu_of(pids):
    """CPU seconds (user + system) the processes and their descendants have used so far."""
    total = 0
    for pid in (p for root in pids for p in with_descendants(root)):
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def durable_write_seconds(path, nbytes):
    """Seconds this disk takes now to write nbytes to a new file and fsync it."""
    count = max(1, nbytes // (8 << 20))
    out = subprocess.run(["dd", "if=/dev/zero", f"of={path}", "bs=8M", f"count={count}", "conv=fsync"],
                         check=True, text=True, capture_output=True).stderr
    os.remove(path)
    return float(out.strip().splitlines()[-1].split(" copied, ")[1].split()[0])


def tree_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="")
    ap.add_argument("--ferry", default=os.path.join(bench.ROOT, "build", "bin", "ferry"))
    ap.add_argument("--fixtures", default=os.path.join(bench.ROOT, "build", "bench-fixtures"))
    args = ap.parse_args()
    fx = args.fixtures
    if not os.path.isdir(f"{fx}/oci/large"):
        sys.exit(f"{fx}/oci/large is missing: run bench/bench.py once to make the fixtures")
    ferry = f"{os.path.abspath(args.ferry)} --insecure-policy"
    cores = len(os.sched_getaffinity(0))
    work = tempfile.mkdtemp(prefix="ferry-floors.", dir=os.environ.get("TMPDIR", "/var/tmp"))
    http = token = None
    try:
        http, token = bench.Registry("http"), bench.Registry("token")
        h, t = http.addr, token.addr
        bench.sh(f"skopeo copy -q --dest-tls-verify=false oci:{fx}/oci/large docker://{h}/bench/large:latest")
        http_pids = [http.env["LAB_REG_PID"]]
        token_pids = [token.env["LAB_REG_PID"], token.env["LAB_REG_TOKEN_PID"]]
        creds = (f"--dest-creds {token.env['LAB_REG_USER']}:{token.env['LAB_REG_PASS']} "
                 f"--dest-cert-dir {token.env['LAB_REG_CERT_DIR']}")
        zstd = "--dest-compress-format zstd --dest-compress-level 3"
        # name -> (command(run), output path written to disk or None, peer pids)
        table = {
            "oci -> dir": (lambda r: f"{ferry} copy -q oci:{fx}/oci/large dir:{work}/out", f"{work}/out", []),
            "oci -> docker-archive": (
                lambda r: f"{ferry} copy -q oci:{fx}/oci/large docker-archive:{work}/out:lab/x:latest",
                f"{work}/out", []),
            "gzip -> zstd (oci -> oci)": (
                lambda r: f"{ferry} copy -q {zstd} oci:{fx}/oci/large oci:{work}/out:x", f"{work}/out", []),
            "pull registry -> oci (large)": (
                lambda r: f"{ferry} copy -q --src-tls-verify=false docker://{h}/bench/large:latest oci:{work}/out:x",
                f"{work}/out", http_pids),
            "push oci -> registry (large)": (
                lambda r: f"{ferry} copy -q --dest-tls-verify=false oci:{fx}/oci/large docker://{h}/bench/push-{r}:x",
                None, http_pids),
            "gzip -> zstd push": (
                lambda r: f"{ferry} copy -q --dest-tls-verify=false {zstd} oci:{fx}/oci/large "
                          f"docker://{h}/bench/zstd-{r}:x", None, http_pids),
            "registry -> registry, across registries": (
                lambda r: f"{ferry} copy -q --src-tls-verify=false {creds} docker://{h}/bench/large:latest "
                          f"docker://{t}/bench/x-{r}:x", None, http_pids + token_pids),
        }
        parts = [p.strip() for p in args.jobs.split(",") if p.strip()]
        selected = [n for n in table if not parts or any(p in n for p in parts)]
        stamp = time.strftime("%Y%m%d-%H%M%S")
        lines = [f"# ferry against the machine's floors — {stamp}", "",
                 f"Medians of {args.runs} runs after a warm-up; {cores} usable cores.", "",
                 "| job | ferry wall s | ferry CPU s | peers' CPU s | CPU floor s | disk floor s | ferry / floor |",
                 "|---|---:|---:|---:|---:|---:|---:|"]
        print("\n".join(lines), flush=True)
        for name in selected:
            command, output, peers = table[name]
            rows = []
            for run in range(args.runs + 1):  # run 0 warms caches and is dropped
                if output:
                    bench.fresh(output)
                os.sync()
                before = cpu_of(peers)
                wall, cpu, _ = bench.measure(command(run), os.environ)
                peer_cpu = cpu_of(peers) - before
                disk = durable_write_seconds(f"{work}/dd", tree_bytes(output)) if output else 0.0
                if run > 0:
                    rows.append((wall, cpu, peer_cpu, (cpu + peer_cpu) / cores, disk))
            wall, cpu, peer_cpu, cpu_floor, disk = (statistics.median(r[i] for r in rows) for i in range(5))
            lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {peer_cpu:.2f} | {cpu_floor:.2f} | {disk:.2f} | "
                         f"{wall / max(cpu_floor, disk):.2f} |")
            print(lines[-1], flush=True)
        with open(os.path.join(bench.ROOT, "bench", "results", f"{stamp}-floors.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
    finally:
        for reg in (http, token):
            if reg:
                reg.stop()
        bench.fresh(work)


if __name__ == "__main__":
    sys.exit(main())
