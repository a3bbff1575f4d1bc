#!/usr/bin/env python3
"""image_proxy_client.py — a client of the experimental-image-proxy protocol, written from its
description, that drives two servers (skopeo, the oracle, and ferry) through the same requests and
compares every reply and every byte they hand back through pipes.

  image_proxy_client.py compare --oracle CMD --subject CMD SCENARIO ARG...
  image_proxy_client.py newer --subject CMD REF MISSING-REF
  image_proxy_client.py hostile --subject CMD [--seed N] [--count N] REF

CMD is a command line (split like a shell would) to which "--sockfd N" is appended. Scenarios:
  images REF...          Initialize, open every REF, GetManifest, GetConfig, GetFullConfig, every
                         layer and the config through GetBlob (bytes checked against their digest),
                         CloseImage, and a request on the closed image
  interleave REF         two GetBlob pipes open at once, read in the other order
  errors LAYOUT-REF BLOB-DIGEST
                         requests that fail: before Initialize, unknown methods, wrong argument
                         counts and types, malformed digests, unknown images, blobs and pipes,
                         unparseable and over-long packets
  corrupt REF DIGEST SIZE
                         GetBlob of a blob whose bytes do not match DIGEST, and with a wrong size
  abandon REF            the client goes away while a big blob's pipe is unread; the server exits 0
  early-close REF        the client closes a big blob's pipe unread; FinishPipe says so
  missing REF            OpenImage of an image that does not exist fails (in the transport's words)
  shutdown               no reply to Shutdown; the server exits 0
`newer` checks, on the subject alone, the methods later protocol versions added; `hostile`
sends it seeded random and mutated packets, each of which must get a well-formed reply.
Exit status: 0 when everything matched, 1 otherwise (the differences are printed).
"""
import argparse
import array
import hashlib
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading

MAX_FDS = 4


class Server:
    """One proxy process on one end of a SOCK_SEQPACKET socket pair."""

    def __init__(self, cmd):
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        fd = theirs.fileno()
        self.proc = subprocess.Popen(shlex.split(cmd) + ["--sockfd", str(fd)], pass_fds=[fd],
                                     stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        theirs.close()
        self.sock.settimeout(60)

    def send_raw(self, packet):
        self.sock.send(packet)

    def receive(self):
        """(reply dict or None at end of stream, [fds])"""
        msg, anc, _, _ = self.sock.recvmsg(1 << 20, socket.CMSG_SPACE(MAX_FDS * 4))
        self.last_packet = msg
        fds = []
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                a = array.array("i")
                a.frombytes(data[:len(data) - len(data) % a.itemsize])
                fds.extend(a)
        if not msg:
            return None, fds
        return json.loads(msg), fds

    def call(self, method, args, raw=None):
        self.send_raw(raw if raw is not None else json.dumps({"method": method, "args": args}).encode())
        return self.receive()

    def finish(self, timeout=20):
        try:
            self.sock.close()
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode


def read_fd(fd):
    with os.fdopen(fd, "rb") as f:
        return f.read()


class PipeReader(threading.Thread):
    """Reads a pipe to its end while the requests go on: the server closes a pipe only once
    FinishPipe was called, and blocks on a full one until the client reads."""

    def __init__(self, fd):
        super().__init__(daemon=True)
        self.fd, self.data = fd, None
        self.start()

    def run(self):
        self.data = read_fd(self.fd)

    def result(self):
        self.join(60)
        return self.data if self.data is not None else b""


class Run:
    """The records of one server's run: normalised replies and what the pipes carried."""

    def __init__(self, server):
        self.s = server
        self.records = []
        self.pipe_ids = set()

    def pipe_name(self, pipeid):
        # Pipe ids are the server's file descriptor numbers: opaque. Whether one is given is
        # compared; that it is the right one, by the FinishPipe that uses it.
        return 0 if pipeid == 0 else "a pipe id"

    def norm(self, reply, loose_error=False, transport_error=False):
        if reply is None:
            return None
        r = dict(reply)
        if r.get("pipeid"):
            self.pipe_ids.add(r["pipeid"])
        if "pipeid" in r:
            r["pipeid"] = self.pipe_name(r["pipeid"])
        error = r.get("error")
        if isinstance(error, str):
            if loose_error and error.startswith("invalid request: "):
                r["error"] = "invalid request: (parser's words)"
            if transport_error and error:
                # A transport's own account of a failure: ferry's plugins word theirs.
                r["error"] = "(the transport's words)"
            words = error.split(" ")
            if error.startswith("finishpipe: no active pipe ") and words[-1].isdigit() and \
                    int(words[-1]) in self.pipe_ids:
                r["error"] = "finishpipe: no active pipe (a pipe id)"
        return r

    def call(self, label, method, args, raw=None, loose_error=False, read=True, transport_error=False,
             exact_bytes=False):
        """One request; a reply with a pipe is read to its end and finished."""
        reply, fds = self.s.call(method, args, raw)
        rec = {"step": label, "reply": self.norm(reply, loose_error, transport_error), "fds": len(fds)}
        if exact_bytes:
            # The reply's bytes as sent (escapes included), with a pipe's id made opaque.
            rec["packet"] = re.sub(r'"pipeid":[1-9][0-9]*', '"pipeid":P', self.s.last_packet.decode("utf-8", "replace"))
        if fds and read:
            reader = PipeReader(fds[0])
            for fd in fds[1:]:
                os.close(fd)
            if reply.get("pipeid"):
                fin, ffds = self.s.call("FinishPipe", [reply["pipeid"]])
                rec["finish"] = self.norm(fin)
                rec["finish_fds"] = len(ffds)
            data = reader.result()
            rec["bytes"] = len(data)
            rec["sha256"] = "sha256:" + hashlib.sha256(data).hexdigest()
            rec["data"] = data
        self.records.append(rec)
        return reply, rec, fds


def printable(rec):
    out = dict(rec)
    data = out.pop("data", None)
    if data is not None and len(data) < 600:
        out["text"] = data.decode("utf-8", "replace")
    return out


def compare_runs(a, b):
    bad = 0
    if len(a.records) != len(b.records):
        print("different number of steps: oracle %d, subject %d" % (len(a.records), len(b.records)))
        bad += 1
    for ra, rb in zip(a.records, b.records):
        pa, pb = printable(ra), printable(rb)
        pa.pop("text", None), pb.pop("text", None)
        if pa != pb:
            bad += 1
            print("DIFFERENT at %s" % ra["step"])
            print("  oracle:  %s" % json.dumps(printable(ra))[:1500])
            print("  subject: %s" % json.dumps(printable(rb))[:1500])
    return bad


# ------------------------------------------------------------------ scenarios

def expect(cond, what, problems):
    if not cond:
        problems.append(what)


def scenario_images(run, refs, problems):
    run.call("Initialize", "Initialize", [])
    for ref in refs:
        reply, _, _ = run.call("OpenImage " + ref, "OpenImage", [ref])
        expect(reply.get("success"), "OpenImage %s failed: %s" % (ref, reply.get("error")), problems)
        if not reply.get("success"):
            continue
        img = reply["value"]
        m, mrec, _ = run.call("GetManifest " + ref, "GetManifest", [img])
        expect(m.get("success") and mrec.get("finish", {}).get("success"),
               "GetManifest %s: %s" % (ref, m.get("error")), problems)
        run.call("GetConfig " + ref, "GetConfig", [img])
        run.call("GetFullConfig " + ref, "GetFullConfig", [img])
        if "data" not in mrec:
            continue
        manifest = json.loads(mrec["data"])
        expect(manifest.get("mediaType") == "application/vnd.oci.image.manifest.v1+json",
               "GetManifest %s is not an OCI manifest" % ref, problems)
        for d in [manifest["config"]] + manifest["layers"]:
            reply, rec, _ = run.call("GetBlob %s %s" % (ref, d["digest"]), "GetBlob", [img, d["digest"], d["size"]])
            expect(rec.get("sha256") == d["digest"] and rec.get("finish", {}).get("success"),
                   "GetBlob %s %s delivered %s (%s)" % (ref, d["digest"], rec.get("sha256"), rec.get("finish")),
                   problems)
        run.call("CloseImage " + ref, "CloseImage", [img])
        run.call("GetManifest after CloseImage " + ref, "GetManifest", [img])


def scenario_interleave(run, ref, problems):
    run.call("Initialize", "Initialize", [])
    img = run.call("OpenImage", "OpenImage", [ref])[0]["value"]
    m = json.loads(run.call("GetManifest", "GetManifest", [img])[1]["data"])
    first, second = m["layers"][0], m["config"]
    r1, rec1, fds1 = run.call("GetBlob 1", "GetBlob", [img, first["digest"], first["size"]], read=False)
    r2, rec2, fds2 = run.call("GetBlob 2", "GetBlob", [img, second["digest"], second["size"]], read=False)
    readers = [PipeReader(fds1[0]), PipeReader(fds2[0])]
    for label, reply, reader, d in (("2", r2, readers[1], second), ("1", r1, readers[0], first)):
        run.call("FinishPipe " + label, "FinishPipe", [reply["pipeid"]])
        data = reader.result()
        expect("sha256:" + hashlib.sha256(data).hexdigest() == d["digest"], "pipe %s carried other bytes" % label,
               problems)
    run.call("FinishPipe again", "FinishPipe", [r1["pipeid"]])


def scenario_errors(run, ref, blob, problems):
    missing_dir = "oci:/nonexistent/ferry-image-proxy-test"
    steps = [
        ("OpenImage before Initialize", "OpenImage", [ref]),
        ("GetManifest before Initialize", "GetManifest", [1]),
        ("Initialize with an argument", "Initialize", [1]),
        ("Initialize", "Initialize", []),
        ("Initialize twice", "Initialize", []),
        ("unknown method", "NoSuchMethod", []),
        ("method names are case-sensitive", "getmanifest", [1]),
        ("Shutdown's neighbour", "ShutdownNow", []),
        ("OpenImage without arguments", "OpenImage", []),
        ("OpenImage with two arguments", "OpenImage", [ref, ref]),
        ("OpenImage of a number", "OpenImage", [7]),
        ("OpenImage of null", "OpenImage", [None]),
        ("OpenImage of an object", "OpenImage", [{"a": 1}]),
        ("OpenImage of a list", "OpenImage", [[ref]]),
        ("OpenImage without transport", "OpenImage", ["nonexistent"]),
        ("OpenImage of an unknown transport", "OpenImage", ["nosuchtransport:x"]),
        ("OpenImage of a missing layout", "OpenImage", [missing_dir]),
        ("OpenImage", "OpenImage", [ref]),
        ("GetManifest of image 0", "GetManifest", [0]),
        ("GetManifest of an unknown image", "GetManifest", [42]),
        ("GetManifest of a string", "GetManifest", ["1"]),
        ("GetManifest of true", "GetManifest", [True]),
        ("GetManifest of -1", "GetManifest", [-1]),
        ("GetManifest without arguments", "GetManifest", []),
        ("GetConfig with two arguments", "GetConfig", [1, 1]),
        ("GetFullConfig without arguments", "GetFullConfig", []),
        ("CloseImage of an unknown image", "CloseImage", [42]),
        ("GetBlob with two arguments", "GetBlob", [1, blob]),
        ("GetBlob of an unknown image", "GetBlob", [9, blob, 10]),
        ("GetBlob of a number", "GetBlob", [1, 5, 10]),
        ("GetBlob without colon", "GetBlob", [1, "sha256", 10]),
        ("GetBlob short digest", "GetBlob", [1, "sha256:00", 10]),
        ("GetBlob upper-case hex", "GetBlob", [1, "sha256:" + "A" * 64, 10]),
        ("GetBlob unknown algorithm", "GetBlob", [1, "md5:d41d8cd98f00b204e9800998ecf8427e", 10]),
        ("GetBlob malformed algorithm", "GetBlob", [1, "MD5!:abc", 10]),
        ("GetBlob size as string", "GetBlob", [1, blob, "10"]),
        ("GetBlob bad digest and bad size: the size is checked first", "GetBlob", [1, "sha256", "10"]),
        ("GetBlob size beyond 2^53", "GetBlob", [1, blob, 2 ** 60]),
        ("GetBlob size 1e300", "GetBlob", [1, blob, 1e300]),
        ("GetBlob of an unknown digest", "GetBlob", [1, "sha256:" + "0" * 64, 10]),
        ("GetBlob with size -1: FinishPipe counts it as 2^64-1", "GetBlob", [1, blob, -1]),
        ("GetBlob with size 0", "GetBlob", [1, blob, 0]),
        ("GetBlob with a fractional size", "GetBlob", [1, blob, 1.9]),
        ("FinishPipe of an unknown pipe", "FinishPipe", [999999]),
        ("FinishPipe of pipe 0", "FinishPipe", [0]),
        ("FinishPipe of a string", "FinishPipe", ["3"]),
        ("FinishPipe of -5", "FinishPipe", [-5]),
        ("CloseImage", "CloseImage", [1]),
        ("CloseImage twice", "CloseImage", [1]),
        ("OpenImage again counts on", "OpenImage", [ref]),
    ]
    from_transport = {"OpenImage of a missing layout", "GetBlob of an unknown digest"}
    for label, method, args in steps:
        run.call(label, method, args, transport_error=label in from_transport)
    raw_steps = [
        ("garbage", b"garbage"),
        ("truncated JSON", b'{"method":"Initialize"'),
        ("trailing bytes", b'{"method":"Initialize","args":[]} x'),
        ("method is a number", b'{"method":1,"args":[]}'),
        ("args is an object", b'{"method":"GetManifest","args":{}}'),
        ("args is a string", b'{"method":"GetManifest","args":"1"}'),
        ("top level is a list", b'[1,2]'),
        ("top level is null", b'null'),
        ("no method", b'{"args":[]}'),
        ("method in other case", b'{"METHOD":"GetManifest","Args":[2]}'),
        ("null args", b'{"method":"Initialize","args":null}'),
        ("escapes in a reply", b'{"method":"a\\u2028b\\u0008\\f\\u001f\\u007f<&>\\u00e9","args":[]}'),
        ("over-long packet", json.dumps({"method": "GetManifest", "args": ["x" * 40000]}).encode()),
        ("still serving after the over-long packet", json.dumps({"method": "GetManifest", "args": [2]}).encode()),
    ]
    # A JSON parser's words for a syntax error are its own; type mismatches are Go's, exactly.
    loose = {"garbage", "truncated JSON", "trailing bytes", "over-long packet"}
    for label, raw in raw_steps:
        run.call(label, None, None, raw=raw, loose_error=label in loose, exact_bytes=label not in loose)


def scenario_corrupt(run, ref, digest, size, problems):
    run.call("Initialize", "Initialize", [])
    img = run.call("OpenImage", "OpenImage", [ref])[0]["value"]
    _, rec, _ = run.call("GetBlob corrupted", "GetBlob", [img, digest, size])
    expect(not rec.get("finish", {}).get("success", True), "a corrupted blob finished without an error", problems)
    _, rec, _ = run.call("GetBlob wrong size", "GetBlob", [img, digest, size + 1])
    expect(not rec.get("finish", {}).get("success", True), "a wrong size finished without an error", problems)


def scenario_early_close(run, ref, problems):
    """The client closes a blob's pipe before reading it: FinishPipe reports it, serving goes on."""
    run.call("Initialize", "Initialize", [])
    img = run.call("OpenImage", "OpenImage", [ref])[0]["value"]
    m = json.loads(run.call("GetManifest", "GetManifest", [img])[1]["data"])
    big = max(m["layers"], key=lambda l: l["size"])
    expect(big["size"] > 1 << 20, "the largest layer of %s fits in a pipe's buffer" % ref, problems)
    reply, rec, fds = run.call("GetBlob", "GetBlob", [img, big["digest"], big["size"]], read=False)
    for fd in fds:
        os.close(fd)
    fin = run.call("FinishPipe of the closed pipe", "FinishPipe", [reply["pipeid"]])[0]
    expect(not fin.get("success"), "FinishPipe after the client closed the pipe succeeded", problems)
    run.call("GetManifest still served", "GetManifest", [img])


def scenario_abandon(run, ref, problems):
    """The client goes away with a big blob's pipe unread and unfinished: the server exits 0."""
    run.call("Initialize", "Initialize", [])
    img = run.call("OpenImage", "OpenImage", [ref])[0]["value"]
    m = json.loads(run.call("GetManifest", "GetManifest", [img])[1]["data"])
    big = max(m["layers"], key=lambda l: l["size"])
    _, _, fds = run.call("GetBlob", "GetBlob", [img, big["digest"], big["size"]], read=False)
    run.s.sock.close()
    try:
        run.s.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        problems.append("still running 20 s after the client went away")
    for fd in fds:
        os.close(fd)
    run.records.append({"step": "exit status", "reply": run.s.proc.returncode, "fds": 0})


def scenario_missing(run, ref, problems):
    run.call("Initialize", "Initialize", [])
    reply = run.call("OpenImage " + ref, "OpenImage", [ref], transport_error=True)[0]
    expect(not reply.get("success"), "OpenImage of the missing %s succeeded" % ref, problems)
    run.call("no image was counted", "GetManifest", [1])


def scenario_shutdown(run, problems):
    run.call("Initialize", "Initialize", [])
    run.s.send_raw(json.dumps({"method": "Shutdown", "args": []}).encode())
    reply, fds = run.s.receive()
    run.records.append({"step": "Shutdown gets no reply", "reply": reply, "fds": len(fds)})
    try:
        run.s.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    run.records.append({"step": "exit status after Shutdown", "reply": run.s.proc.returncode, "fds": 0})
    try:
        run.s.send_raw(b'{"method":"Initialize","args":[]}')
        reply, _ = run.s.receive()
        outcome = "reply" if reply else "end of stream"
    except OSError:
        outcome = "socket closed"
    run.records.append({"step": "request after Shutdown", "reply": outcome in ("end of stream", "socket closed"),
                        "fds": 0})
    expect(run.s.proc.returncode == 0, "exit status %s after Shutdown" % run.s.proc.returncode, problems)


SCENARIOS = {
    "images": lambda run, args, p: scenario_images(run, args, p),
    "interleave": lambda run, args, p: scenario_interleave(run, args[0], p),
    "errors": lambda run, args, p: scenario_errors(run, args[0], args[1], p),
    "corrupt": lambda run, args, p: scenario_corrupt(run, args[0], args[1], int(args[2]), p),
    "abandon": lambda run, args, p: scenario_abandon(run, args[0], p),
    "early-close": lambda run, args, p: scenario_early_close(run, args[0], p),
    "missing": lambda run, args, p: scenario_missing(run, args[0], p),
    "shutdown": lambda run, args, p: scenario_shutdown(run, p),
}


def run_scenario(cmd, name, args, problems):
    server = Server(cmd)
    run = Run(server)
    try:
        SCENARIOS[name](run, args, problems)
    finally:
        status = server.finish()
        err = server.proc.stderr.read().decode("utf-8", "replace")
        server.proc.stderr.close()
    if status != 0:
        problems.append("%s exited with %s: %s" % (cmd.split()[0], status, err.strip()[-500:]))
    return run


def compare(opts):
    oracle_problems, subject_problems = [], []
    a = run_scenario(opts.oracle, opts.scenario, opts.args, oracle_problems)
    b = run_scenario(opts.subject, opts.scenario, opts.args, subject_problems)
    bad = compare_runs(a, b)
    for p in oracle_problems:
        print("oracle: " + p)
    for p in subject_problems:
        print("subject: " + p)
    if not a.records:
        print("no steps ran")
        bad += 1
    print("%d steps, %d different" % (len(a.records), bad))
    return 0 if bad == 0 and not oracle_problems and not subject_problems else 1


# ------------------------------------------------------------------ newer methods

def newer(opts):
    problems = []
    run = Run(Server(opts.subject))
    ref, missing = opts.ref, opts.missing

    def check(cond, what):
        expect(cond, what, problems)

    init = run.call("Initialize", "Initialize", [])[0]
    check(init.get("value") == "0.2.3", "Initialize announced %r" % init.get("value"))
    r = run.call("OpenImageOptional missing", "OpenImageOptional", [missing])[0]
    check(r == {"success": True, "value": 0, "pipeid": 0, "error": ""}, "OpenImageOptional of %s: %r" % (missing, r))
    r = run.call("OpenImageOptional of a missing layout", "OpenImageOptional", ["oci:/nonexistent/ferry-x"])[0]
    check(not r["success"] and r["error"], "OpenImageOptional of a missing layout: %r" % r)
    r = run.call("OpenImageOptional without arguments", "OpenImageOptional", [])[0]
    check(r["error"] == "invalid request, expecting one argument", "OpenImageOptional(): %r" % r)
    r = run.call("OpenImageOptional", "OpenImageOptional", [ref])[0]
    check(r.get("success") and r.get("value") == 1, "OpenImageOptional of %s: %r" % (ref, r))
    img = r.get("value")
    r = run.call("GetManifest of image 0", "GetManifest", [0])[0]
    check(r["error"] == "no image 0", "GetManifest(0): %r" % r)

    _, mrec, _ = run.call("GetManifest", "GetManifest", [img])
    manifest = json.loads(mrec["data"])
    want = [{"digest": l["digest"], "size": l["size"], "media_type": l["mediaType"]} for l in manifest["layers"]]
    r, rec, _ = run.call("GetLayerInfo", "GetLayerInfo", [img])
    # The manifest GetManifest returns is converted to OCI; GetLayerInfo gives the source's own
    # media types, so only digests and sizes are compared for a Docker image.
    got = r.get("value") or []
    check([(l["digest"], l["size"]) for l in got] == [(l["digest"], l["size"]) for l in want],
          "GetLayerInfo: %r, want %r" % (got, want))
    check(rec["fds"] == 0 and r.get("pipeid") == 0, "GetLayerInfo came with a pipe")
    r, rec, _ = run.call("GetLayerInfoPiped", "GetLayerInfoPiped", [img])
    check(r.get("value") is None and rec.get("finish", {}).get("success"), "GetLayerInfoPiped: %r" % r)
    check(json.loads(rec.get("data", b"null")) == got, "GetLayerInfoPiped differs from GetLayerInfo")
    r = run.call("FinishPipe without arguments", "FinishPipe", [])[0]
    check(r["error"] == "found 0 args, expecting (pipeid)", "FinishPipe(): %r" % r)
    r = run.call("GetLayerInfo without arguments", "GetLayerInfo", [])[0]
    check(r["error"] == "found 0 args, expecting (imgid)", "GetLayerInfo(): %r" % r)

    layer = manifest["layers"][0]
    r, fds = run.s.call("GetRawBlob", [img, layer["digest"]])
    check(r.get("success") and r.get("pipeid") == 0 and len(fds) == 2, "GetRawBlob: %r with %d fds" % (r, len(fds)))
    if len(fds) == 2:
        readers = [PipeReader(fds[0]), PipeReader(fds[1])]
        data, errors = readers[0].result(), readers[1].result()
        check("sha256:" + hashlib.sha256(data).hexdigest() == layer["digest"], "GetRawBlob delivered other bytes")
        check(r.get("value") == len(data), "GetRawBlob announced %r bytes, sent %d" % (r.get("value"), len(data)))
        check(errors == b"", "GetRawBlob's error channel said %r" % errors)
    # Many GetRawBlob calls read to the end: finished workers are reaped, so neither
    # threads (each with its stack) nor descriptors pile up in the server.
    def footprint():
        with open("/proc/%d/status" % run.s.proc.pid) as f:
            vm = next(int(l.split()[1]) for l in f if l.startswith("VmSize:"))
        return vm, len(os.listdir("/proc/%d/fd" % run.s.proc.pid))
    before = footprint()
    for _ in range(64):
        r, fds = run.s.call("GetRawBlob", [img, layer["digest"]])
        for fd in fds:
            read_fd(fd)
    after = footprint()
    check(after[0] - before[0] < 128 * 1024 and after[1] <= before[1] + 2,
          "64 GetRawBlob calls grew the server from %r to %r (VmSize kB, fds)" % (before, after))
    r, fds = run.s.call("GetRawBlob", [img, "sha256:" + "0" * 64])
    check(not r["success"] and not fds, "GetRawBlob of an unknown digest: %r" % r)
    r, fds = run.s.call("GetRawBlob", [img, layer["digest"], 1])
    check(r.get("error") == "found 3 args, expecting (imgid, digest)", "GetRawBlob with 3 args: %r" % r)
    r = run.call("old methods unchanged", "GetBlob", [img, "sha256:00", 1])[0]
    check(r["error"] == "invalid checksum digest length", "GetBlob reply changed: %r" % r)
    run.s.send_raw(b'{"method":"Shutdown","args":[]}')
    status = run.s.finish()
    check(status == 0, "exit status %s" % status)
    for p in problems:
        print(p)
    print("%d problems" % len(problems))
    return 1 if problems else 0


# ------------------------------------------------------------------ hostile packets

def hostile(opts):
    """Seeded random packets: each gets one well-formed reply, the server stays up."""
    import random
    rnd = random.Random(opts.seed)
    seeds = [b'{"method":"GetBlob","args":[1,"sha256:' + b"0" * 64 + b'",1]}',
             b'{"method":"OpenImage","args":["' + opts.ref.encode() + b'"]}',
             b'{"method":"FinishPipe","args":[4]}', b'{"method":"GetManifest","args":[1]}',
             b'{"method":"Initialize","args":[]}']
    server = Server(opts.subject)
    problems = []
    for i in range(opts.count):
        kind = rnd.randrange(4)
        if kind == 0:
            packet = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200)))
        elif kind == 1:
            packet = bytearray(rnd.choice(seeds))
            for _ in range(rnd.randrange(1, 6)):
                packet[rnd.randrange(len(packet))] = rnd.randrange(256)
            packet = bytes(packet)
        elif kind == 2:
            depth = rnd.randrange(1, 3000)
            packet = b'{"method":"OpenImage","args":' + b"[" * depth + b"]" * depth + b"}"
        else:
            packet = b'{"method":"GetManifest","args":[' + str(rnd.choice(
                [1e308, -1e308, 2 ** 64, -(2 ** 63), 4294967297, 0.5, -0.0])).encode() + b"]}"
        if packet.startswith(b'{"method":"Shutdown"'):
            continue
        try:
            server.send_raw(packet)
            reply, fds = server.receive()
        except OSError as e:
            problems.append("packet %d %r: %s" % (i, packet[:80], e))
            break
        for fd in fds:
            os.close(fd)
        if reply is None:
            problems.append("packet %d %r: the server went away" % (i, packet[:80]))
            break
        if set(reply) != {"success", "value", "pipeid", "error"} or (reply["success"] == bool(reply["error"])):
            problems.append("packet %d %r: malformed reply %r" % (i, packet[:80], reply))
    server.send_raw(b'{"method":"Shutdown","args":[]}')
    status = server.finish()
    if status != 0:
        problems.append("exit status %s" % status)
    for p in problems[:10]:
        print(p)
    print("%d packets, %d problems" % (opts.count, len(problems)))
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--oracle", required=True)
    c.add_argument("--subject", required=True)
    c.add_argument("scenario", choices=sorted(SCENARIOS))
    c.add_argument("args", nargs="*")
    n = sub.add_parser("newer")
    n.add_argument("--subject", required=True)
    n.add_argument("ref")
    n.add_argument("missing")
    h = sub.add_parser("hostile")
    h.add_argument("--subject", required=True)
    h.add_argument("--seed", type=int, default=1)
    h.add_argument("--count", type=int, default=500)
    h.add_argument("ref")
    opts = ap.parse_args()
    return {"compare": compare, "newer": newer, "hostile": hostile}[opts.cmd](opts)


if __name__ == "__main__":
    sys.exit(main())
