#!/usr/bin/python3
"""A loopback HTTP server that misbehaves on purpose, for MAGI's integration
tests. It binds a free port and writes the number to the file named by its
first argument. Paths:

  /ok        a small valid exposition
  /hang      reads the request and never answers
  /close     promises 100000 bytes, sends 1000, closes
  /huge      17 MiB of valid lines with a Content-Length
  /huge-chunked   the same without a length (chunked)
  /many      100001 distinct series
  /garbage   binary noise
  /status    503 with a text body
  /api/v1/query            Prometheus error JSON (HTTP 400)
  /notjson/api/v1/query    200 with an HTML body

A second, raw TCP port answers any connection with bytes that are not HTTP
at all; its number is the second word of the port file.
"""
import os
import random
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OK = b"# TYPE fault_ok gauge\nfault_ok 1\n"
MANY = b"".join(b"fault_series{i=\"%d\"} %d\n" % (i, i) for i in range(100001))
LINE = b"fault_big{pad=\"" + b"x" * 100 + b"\"} 1\n"
HUGE_LINES = (17 * 1024 * 1024) // len(LINE) + 1
rng = random.Random(7)
GARBAGE = bytes(rng.randrange(256) for _ in range(4096))
PROM_ERROR = (b'{"status":"error","errorType":"bad_data","error":"invalid parameter '
              b'\\"query\\": 1:5: parse error: unexpected end of input"}')


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/plain; version=0.0.4"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        try:
            if path == "/ok":
                self.send(200, OK)
            elif path == "/hang":
                time.sleep(3600)
            elif path == "/close":
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(OK + b"#" * 1000)
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif path == "/huge":
                self.send_response(200)
                self.send_header("Content-Length", str(HUGE_LINES * len(LINE)))
                self.end_headers()
                for _ in range(HUGE_LINES // 1000):
                    self.wfile.write(LINE * 1000)
                self.wfile.write(LINE * (HUGE_LINES % 1000))
            elif path == "/huge-chunked":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = LINE * 1000
                for _ in range(HUGE_LINES // 1000 + 1):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            elif path == "/many":
                self.send(200, MANY)
            elif path == "/garbage":
                self.send(200, GARBAGE, "application/octet-stream")
            elif path == "/status":
                self.send(503, b"Service Unavailable\nretry later\n")
            elif path == "/api/v1/query":
                self.send(400, PROM_ERROR, "application/json")
            elif path == "/notjson/api/v1/query":
                self.send(200, b"<html><body>proxy error</body></html>", "text/html")
            else:
                self.send(404, b"not found\n")
        except (BrokenPipeError, ConnectionResetError):
            pass


def raw_garbage(sock):
    while True:
        conn, _ = sock.accept()
        try:
            conn.recv(4096)
            conn.sendall(b"\x00\xff\xfeSSH-2.0-not-http\r\n" + GARBAGE[:512])
        except OSError:
            pass
        finally:
            conn.close()


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    raw = socket.socket()
    raw.bind(("127.0.0.1", 0))
    raw.listen(16)
    threading.Thread(target=raw_garbage, args=(raw,), daemon=True).start()
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d %d\n" % (server.server_address[1], raw.getsockname()[1]))
    os.rename(tmp, sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
