#!/usr/bin/env python3
"""fault_proxy.py — an HTTP/1.1 proxy for tests that sits between a client and a real registry
on loopback and injects faults into chosen exchanges.

  fault_proxy.py --upstream 127.0.0.1:5000 --port-file F [--log F] [--lifetime S] --rule RULE...

RULE is "METHOD REGEX ACTION [key=value...]": the first `count` requests (default 1; 0 means
every one) whose method is METHOD ("*" for any) and whose target matches REGEX get ACTION:
  drop         forward the response head and `after` body bytes (default 0), then close
  reset        as drop, but the connection ends with a TCP reset (RST) instead of a close
  stall        forward the head and `after` body bytes, sleep `seconds` (default 30), close
  length       forward the whole body under a Content-Length `delta` bytes off (default -1:
               shorter than the body; +N claims more than is sent), then close
  corrupt      forward the response with one byte of its body changed (a body that does not
               match its digest), then close
  status       answer `code` (default 503) without asking upstream, with `retry-after` if given
  cut-request  forward the request head and `after` body bytes upstream, then close both sides
  redirect     answer 307 to the same target under http://HOST:PORT/redirected (this proxy, by
               default under another host name: `host` is "localhost"): there it is logged as "REDIRECTED auth=yes|no <target>"
               and forwarded upstream with --upstream-auth in place of the client's credentials,
               as a storage backend with its own access would serve it
  unauth       forward the request without its Authorization header, so the registry itself
               refuses it as it refuses an expired token
  paginate     answer a tag list `n` (default 2) tags at a time after the `last` query
               parameter, with a Link header to the next page, as large registries do
Every fault is logged as a line "FAULT <action> <method> <target>".

It also serves as a forward proxy (HTTP_PROXY): an absolute-form target is logged as
"PROXIED <method> <target>" and sent upstream whatever host it names, and CONNECT (HTTPS_PROXY)
is logged as "CONNECT <target>" and tunnelled to the upstream. --upstream-tls speaks TLS to the
upstream (without verifying it: loopback tests only). Loopback only; the proxy exits after
--lifetime seconds (default 600).
"""
import base64
import json
import ssl
import urllib.parse
import argparse
import re
import socket
import struct
import sys
import threading
import time

LOCK = threading.Lock()


class Rule:
    def __init__(self, text):
        parts = text.split()
        if len(parts) < 3:
            raise SystemExit("bad rule: %r" % text)
        self.method, self.regex, self.action = parts[0], re.compile(parts[1]), parts[2]
        opts = dict(p.split("=", 1) for p in parts[3:])
        self.count = int(opts.get("count", "1"))
        self.after = int(opts.get("after", "0"))
        self.seconds = float(opts.get("seconds", "30"))
        self.code = int(opts.get("code", "503"))
        self.retry_after = opts.get("retry-after")
        self.page = int(opts.get("n", "2"))
        self.host = opts.get("host", "localhost")
        self.delta = int(opts.get("delta", "-1"))
        self.used = 0

    def take(self, method, target):
        with LOCK:
            if self.method not in ("*", method) or not self.regex.search(target):
                return False
            if self.count and self.used >= self.count:
                return False
            self.used += 1
            return True


def log(args, line):
    with LOCK:
        with open(args.log, "a") if args.log else sys.stderr as f:
            f.write(line + "\n")


def read_head(f):
    """Start line and header list of one message, or None at a clean end of stream."""
    first = f.readline(65536)
    if not first:
        return None
    lines = [first]
    while True:
        line = f.readline(65536)
        if not line:
            raise ConnectionError("end of stream inside a message head")
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            return lines


def header(lines, name):
    for line in lines[1:]:
        k, _, v = line.decode("latin-1").partition(":")
        if k.strip().lower() == name:
            return v.strip()
    return None


def copy_body(src, dst, lines, no_body=False, limit=None):
    """Copies one message body (Content-Length, chunked, or to the end); with `limit`, stops after
    that many bytes and returns False. dst None discards."""
    if no_body:
        return True
    sent = [0]

    def out(data):
        if limit is not None and sent[0] + len(data) > limit:
            data = data[: limit - sent[0]]
            if dst and data:
                dst.sendall(data)
            sent[0] += len(data)
            return False
        if dst and data:
            dst.sendall(data)
        sent[0] += len(data)
        return True

    te = (header(lines, "transfer-encoding") or "").lower()
    if "chunked" in te:
        while True:
            size_line = src.readline(1024)
            if not size_line:
                raise ConnectionError("end of stream inside a chunked body")
            if not out(size_line):
                return False
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                while True:  # trailers up to the empty line
                    t = src.readline(65536)
                    if not out(t):
                        return False
                    if t in (b"\r\n", b"\n", b""):
                        return True
            left = size + 2
            while left:
                data = src.read(min(left, 65536))
                if not data:
                    raise ConnectionError("end of stream inside a chunk")
                left -= len(data)
                if not out(data):
                    return False
    length = header(lines, "content-length")
    if length is not None:
        left = int(length)
        while left:
            data = src.read(min(left, 65536))
            if not data:
                raise ConnectionError("end of stream inside a body")
            left -= len(data)
            if not out(data):
                return False
        return True
    if lines[0].startswith(b"HTTP/"):  # a response without length ends with the connection
        while True:
            data = src.read(65536)
            if not data:
                return True
            if not out(data):
                return False
    return True


def connect_upstream(args, tls=True):
    host, port = args.upstream.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=120)
    if tls and args.upstream_tls:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        sock = ctx.wrap_socket(sock, server_hostname=host)
    return sock


class Buffer:
    def __init__(self):
        self.data = b""

    def sendall(self, data):
        self.data += data


def with_header(lines, name, value):
    """The head `lines` with header `name` removed and, when value is not None, set to it."""
    kept = [lines[0]] + [l for l in lines[1:-1]
                         if l.decode("latin-1").partition(":")[0].strip().lower() != name.lower()]
    if value is not None:
        kept.append(("%s: %s\r\n" % (name, value)).encode("latin-1"))
    return kept + [lines[-1]]


def tunnel(a, b):
    """Copies bytes both ways between two sockets until either side closes."""
    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
    t = threading.Thread(target=pump, args=(b, a), daemon=True)
    t.start()
    pump(a, b)
    t.join()


def paginate(args, rule, req, target, upstream, uf, client):
    """Asks upstream for the whole tag list and answers one page of it."""
    url = urllib.parse.urlsplit(target)
    query = urllib.parse.parse_qs(url.query)
    upstream.sendall(b"".join([(b"GET %s HTTP/1.1\r\n" % url.path.encode())] + req[1:]))
    resp = read_head(uf)
    body = Buffer()
    copy_body(uf, body, resp)
    if int(resp[0].split()[1]) != 200:
        client.sendall(b"".join(with_header(resp, "content-length", str(len(body.data)))) + body.data)
        return
    doc = json.loads(body.data)
    tags = sorted(doc.get("tags") or [])
    last = query.get("last", [""])[0]
    rest = [t for t in tags if t > last]
    doc["tags"] = rest[: rule.page]
    out = json.dumps(doc).encode()
    head = with_header(resp, "content-length", str(len(out)))
    head = with_header(head, "transfer-encoding", None)
    if len(rest) > rule.page:
        link = '<%s?n=%d&last=%s>; rel="next"' % (url.path, rule.page, urllib.parse.quote(doc["tags"][-1]))
        head = with_header(head, "link", link)
    log(args, "FAULT paginate GET %s" % target)
    client.sendall(b"".join(head) + out)


def serve(args, rules, client):
    client.settimeout(120)
    upstream = None
    cf = client.makefile("rb")
    try:
        if cf.peek(1)[:1] == b"\x16":
            return  # a TLS ClientHello: this is a plain-http proxy, the client falls back to http
        while True:
            req = read_head(cf)
            if req is None:
                return
            method, target, version = req[0].decode("latin-1").split()[:3]
            if method == "CONNECT":
                log(args, "CONNECT %s" % target)
                copy_body(cf, None, req)
                upstream = connect_upstream(args, tls=False)
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                tunnel(client, upstream)
                return
            if "://" in target:  # absolute form: we are the client's HTTP proxy
                log(args, "PROXIED %s %s" % (method, target))
                url = urllib.parse.urlsplit(target)
                target = url.path + ("?" + url.query if url.query else "")
                req = with_header(req, "proxy-authorization", None)
                req[0] = ("%s %s %s\r\n" % (method, target, version)).encode("latin-1")
            redirected = target.startswith("/redirected/")
            if redirected:
                log(args, "REDIRECTED auth=%s %s" % ("yes" if header(req, "authorization") else "no", target))
                target = target[len("/redirected"):]
                if args.upstream_auth:
                    auth = "Basic " + base64.b64encode(args.upstream_auth.encode()).decode()
                    req = with_header(req, "authorization", auth)
                req = with_header(req, "host", args.upstream)
                req[0] = ("%s %s %s\r\n" % (method, target, version)).encode("latin-1")
            rule = None if redirected else next((r for r in rules if r.take(method, target)), None)
            if rule and rule.action == "status":
                copy_body(cf, None, req)
                log(args, "FAULT status %d %s %s" % (rule.code, method, target))
                extra = "Retry-After: %s\r\n" % rule.retry_after if rule.retry_after else ""
                client.sendall(("HTTP/1.1 %d Injected\r\nContent-Type: application/json\r\n%s"
                                "Content-Length: 0\r\n\r\n" % (rule.code, extra)).encode())
                continue
            if rule and rule.action == "redirect":
                copy_body(cf, None, req)
                log(args, "FAULT redirect %s %s" % (method, target))
                where = "http://%s:%d/redirected%s" % (rule.host, client.getsockname()[1], target)
                client.sendall(("HTTP/1.1 307 Temporary Redirect\r\nLocation: %s\r\n"
                                "Content-Length: 0\r\n\r\n" % where).encode())
                continue
            if rule and rule.action == "unauth":
                log(args, "FAULT unauth %s %s" % (method, target))
                req = with_header(req, "authorization", None)
            if upstream is None:
                upstream = connect_upstream(args)
                uf = upstream.makefile("rb")
            if rule and rule.action == "paginate":
                copy_body(cf, None, req)
                paginate(args, rule, req, target, upstream, uf, client)
                continue
            upstream.sendall(b"".join(req))
            if rule and rule.action == "cut-request":
                copy_body(cf, upstream, req, limit=rule.after)
                log(args, "FAULT cut-request %s %s" % (method, target))
                return
            copy_body(cf, upstream, req)
            resp = read_head(uf)
            if resp is None:
                return
            status = int(resp[0].split()[1])
            no_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
            if rule and rule.action in ("length", "corrupt"):
                body = Buffer()
                copy_body(uf, body, resp, no_body)
                data = body.data
                if rule.action == "corrupt" and data:
                    i = len(data) // 2
                    data = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:]
                length = len(data) + (rule.delta if rule.action == "length" else 0)
                head = with_header(with_header(resp, "transfer-encoding", None), "content-length", str(length))
                log(args, "FAULT %s %s %s" % (rule.action, method, target))
                client.sendall(b"".join(head) + data)
                return
            client.sendall(b"".join(resp))
            if rule and rule.action in ("drop", "stall", "reset"):
                copy_body(uf, client, resp, no_body, limit=rule.after)
                log(args, "FAULT %s %s %s" % (rule.action, method, target))
                if rule.action == "stall":
                    time.sleep(rule.seconds)
                if rule.action == "reset":  # close with linger 0: the kernel sends RST
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    cf.close()  # the file object holds the descriptor open too
                    client.close()
                return
            copy_body(uf, client, resp, no_body)
    except (OSError, ConnectionError, ValueError):
        return
    finally:
        for s in (client, upstream):
            if s is not None:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    p.add_argument("--listen", default="127.0.0.1:0")
    p.add_argument("--port-file")
    p.add_argument("--log")
    p.add_argument("--lifetime", type=float, default=600)
    p.add_argument("--rule", action="append", default=[])
    p.add_argument("--upstream-tls", action="store_true")
    p.add_argument("--upstream-auth", help="USER:PASS sent upstream for redirected requests")
    args = p.parse_args()
    host, port = args.listen.rsplit(":", 1)
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("fault_proxy.py listens on loopback only")
    rules = [Rule(r) for r in args.rule]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, int(port)))
    srv.listen(64)
    srv.settimeout(1)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(srv.getsockname()[1]))
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    deadline = time.monotonic() + args.lifetime
    while time.monotonic() < deadline:
        try:
            client, _ = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(args, rules, client), daemon=True).start()


if __name__ == "__main__":
    main()
