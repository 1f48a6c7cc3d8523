#!/usr/bin/python3
"""A loopback exporter and Prometheus API that want credentials, for MAGI's
authentication tests (http_auth.sh).

  auth_server.py PORTFILE CERT KEY CA

serves three ports, written to PORTFILE as "HTTP HTTPS MTLS":

  HTTP   /bearer   metrics for "Authorization: Bearer s3cret-token" sent with
                   "X-Scope-OrgID: team-a", else 401
         /basic    metrics for basic auth magi / "pa ss:word", else 401
         /api/v1/query, /api/v1/query_range
                   a Prometheus answer (one series) for the bearer token, else
                   Prometheus's own 401-style error
  HTTPS  /metrics  metrics, with CERT (signed by CA) as the server certificate
  MTLS   /metrics  the same, but only for a client certificate signed by CA

Each answer for a good login also counts the requests it has seen in the
series auth_requests, so a test can tell that a token file was read again.
"""
import base64
import json
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "s3cret-token"
USER, PASSWORD = "magi", "pa ss:word"
seen = {"n": 0}
lock = threading.Lock()


def metrics():
    with lock:
        seen["n"] += 1
        n = seen["n"]
    return b"# TYPE auth_ok gauge\nauth_ok 1\n# TYPE auth_requests counter\nauth_requests %d\n" % n


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/plain; version=0.0.4", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def bearer_ok(self):
        return (self.headers.get("Authorization") == "Bearer " + TOKEN and
                self.headers.get("X-Scope-OrgID") == "team-a")

    def do_GET(self):
        path = self.path.split("?")[0]
        if self.server.kind != "http":
            self.send(200, metrics())
        elif path == "/bearer":
            if self.bearer_ok():
                self.send(200, metrics())
            else:
                self.send(401, b"missing or wrong bearer token\n",
                          extra=[("WWW-Authenticate", "Bearer")])
        elif path == "/basic":
            want = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if self.headers.get("Authorization") == want:
                self.send(200, metrics())
            else:
                self.send(401, b"Unauthorized\n", extra=[("WWW-Authenticate", 'Basic realm="x"')])
        elif path in ("/api/v1/query", "/api/v1/query_range"):
            if not self.bearer_ok():
                self.send(401, json.dumps({"status": "error", "errorType": "unauthorized",
                                           "error": "no valid token"}).encode(),
                          "application/json")
                return
            metrics()
            if path == "/api/v1/query":
                result = {"resultType": "vector",
                          "result": [{"metric": {"__name__": "auth_up", "job": "node"},
                                      "value": [1700000000, "1"]}]}
            else:
                result = {"resultType": "matrix", "result": []}
            self.send(200, json.dumps({"status": "success", "data": result}).encode(),
                      "application/json")
        else:
            self.send(404, b"not found\n")


def serve(kind, context=None):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.kind = kind
    srv.daemon_threads = True
    if context:
        srv.socket = context.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.server_address[1]


def main():
    portfile, cert, key, ca = sys.argv[1:5]
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    mtls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    mtls.load_cert_chain(cert, key)
    mtls.load_verify_locations(ca)
    mtls.verify_mode = ssl.CERT_REQUIRED
    ports = [serve("http"), serve("https", tls), serve("mtls", mtls)]
    with open(portfile + ".tmp", "w") as f:
        f.write(" ".join(map(str, ports)) + "\n")
    import os
    os.rename(portfile + ".tmp", portfile)
    threading.Event().wait()


if __name__ == "__main__":
    main()
