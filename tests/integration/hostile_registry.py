#!/usr/bin/env python3
"""A registry that answers with hostile JSON, for hostile_json.sh.

Two servers on 127.0.0.1, their ports written to --port-file as "OPEN AUTH":
  OPEN  /v2/<repo>/...: no authentication; the repository name picks the answer
        nullmsg  manifests -> 404 {"errors":[{"code":"MANIFEST_UNKNOWN","message":null}]}
        numcode  manifests -> 404 {"errors":[{"code":5}]}
        brackets tags/list -> 200, 64 MiB of "["
        deeptags tags/list -> 200, 1 MiB of "["
  AUTH  /v2/ asks for a bearer token from /token, which answers by scope
        five  -> {"token": 5}
        big   -> {"token": "<2 MiB of a>"}
Both stop after --lifetime seconds.
"""
import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up on a hostile answer is what the test wants


class Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client stopped reading, as it should


class OpenRegistry(Quiet):
    def do_GET(self):
        path = urlparse(self.path).path
        if path == "/v2/":
            return self.send(200, "{}")
        parts = path.split("/")  # "", "v2", repo, kind, ...
        repo = parts[2] if len(parts) > 3 else ""
        if repo == "nullmsg":
            return self.send(404, json.dumps({"errors": [{"code": "MANIFEST_UNKNOWN", "message": None}]}))
        if repo == "numcode":
            return self.send(404, json.dumps({"errors": [{"code": 5}]}))
        if repo == "brackets":
            return self.send(200, b"[" * (64 << 20))
        if repo == "deeptags":
            return self.send(200, b"[" * (1 << 20))
        return self.send(404, json.dumps({"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known"}]}))

    do_HEAD = do_GET


def auth_registry(port_of_self):
    class AuthRegistry(Quiet):
        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/token":
                scope = " ".join(parse_qs(url.query).get("scope", []))
                if "five" in scope:
                    return self.send(200, json.dumps({"token": 5}))
                if "big" in scope:
                    return self.send(200, json.dumps({"token": "a" * (2 << 20)}))
                return self.send(200, json.dumps({"token": "fine"}))
            challenge = f'Bearer realm="http://127.0.0.1:{port_of_self()}/token",service="hostile"'
            return self.send(401, json.dumps({"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}),
                             [("WWW-Authenticate", challenge)])

        do_HEAD = do_GET

    return AuthRegistry


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    args = ap.parse_args()

    open_server = Server(("127.0.0.1", 0), OpenRegistry)
    auth_server = None
    auth_server = Server(("127.0.0.1", 0), auth_registry(lambda: auth_server.server_address[1]))
    for s in (open_server, auth_server):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(f"{open_server.server_address[1]} {auth_server.server_address[1]}\n")
    os.replace(args.port_file + ".tmp", args.port_file)
    threading.Event().wait(args.lifetime)


if __name__ == "__main__":
    main()
