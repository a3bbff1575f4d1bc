#!/usr/bin/env python3
"""silent_server.py — a peer that never answers, for the timeout tests.

  silent_server.py MODE [--unix PATH] [--cert-dir DIR] --port-file F [--lifetime S]

MODE:
  silent    accepts connections, reads what the client sends and never writes a byte (to a TLS
            client this is a server that never completes the handshake)
  tls       completes the TLS handshake (a fresh self-signed certificate in --cert-dir), then
            reads and never answers
  backlog   never accepts, and its accept queue is full: a connect never completes
  engine    answers /_ping as a Docker engine does; to any other request it sends a response head
            and the first KiB of a 1 MiB body, then nothing more
Listens on 127.0.0.1 (the port goes to --port-file) or, with --unix, on a unix socket (the
port file then gets its path). Stops after --lifetime seconds (default 300).
"""
import argparse
import os
import socket
import ssl
import subprocess
import threading
import time


def hold(conn, tls, engine):
    """Completes the TLS handshake when asked to, answers as `engine` if asked to, then reads
    until the client gives up; never writes again."""
    try:
        if tls:
            conn = tls.wrap_socket(conn, server_side=True)
        if engine:
            head = b""
            while b"\r\n\r\n" not in head:
                data = conn.recv(65536)
                if not data:
                    return
                head += data
            if b" /_ping " in head.split(b"\r\n")[0]:
                conn.sendall(b"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK")
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\n"
                         b"Content-Length: 1048576\r\n\r\n" + b"\0" * 1024)
        while conn.recv(65536):
            pass
    except OSError:
        pass
    finally:
        conn.close()


def self_signed(cert_dir):
    cert, key = os.path.join(cert_dir, "server.crt"), os.path.join(cert_dir, "server.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["silent", "tls", "backlog", "engine"])
    p.add_argument("--unix")
    p.add_argument("--cert-dir")
    p.add_argument("--port-file", required=True)
    p.add_argument("--lifetime", type=float, default=300)
    args = p.parse_args()

    if args.unix:
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(args.unix)
        address = args.unix
    else:
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.bind(("127.0.0.1", 0))
        address = srv.getsockname()
    tls = self_signed(args.cert_dir) if args.mode == "tls" else None

    fillers = []
    if args.mode == "backlog":
        srv.listen(0)
        # Fill the accept queue with our own connections; later ones wait for an accept that
        # never comes (TCP drops their SYNs, a unix socket's connect blocks).
        for _ in range(4):
            c = socket.socket(srv.family, socket.SOCK_STREAM)
            c.setblocking(False)
            c.connect_ex(address)
            fillers.append(c)
    else:
        srv.listen(16)

    with open(args.port_file + ".tmp", "w") as f:
        f.write(args.unix if args.unix else str(address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)

    deadline = time.monotonic() + args.lifetime
    srv.settimeout(1)
    while time.monotonic() < deadline:
        if args.mode == "backlog":
            time.sleep(1)
            continue
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        conn.settimeout(None)
        threading.Thread(target=hold, args=(conn, tls, args.mode == "engine"), daemon=True).start()


if __name__ == "__main__":
    main()
