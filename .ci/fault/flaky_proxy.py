#!/usr/bin/env python3
"""A fault-injecting HTTP proxy for the SDK journeys: a bad mobile network in front of the service.

    python3 .ci/fault/flaky_proxy.py --upstream http://127.0.0.1:8080 --port 0 --port-file proxy.port \
        --log proxy.jsonl --seed 42 [--unavailable 0.08] [--reset-before 0.05] [--reset-after 0.05]

Per request, at random (seeded, so a failing run can be replayed), one of:
  pass          forwarded, and the answer passed back;
  unavailable   answered 503 with the RealWorld error body and a Retry-After of 0 or 1 s, never forwarded;
  reset-before  the connection is reset (RST) before the request is forwarded: nothing happened;
  reset-after   the request is forwarded and processed, then the connection is reset instead of answering: the
                client cannot know its write happened (what idempotency keys are for).
Each request is one line of JSON in --log (method, path, fault, upstream status). Stops on SIGTERM.
"""
import argparse
import http.client
import json
import random
import signal
import socket
import struct
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "host", "content-length"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--log", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unavailable", type=float, default=0.08)
    parser.add_argument("--reset-before", type=float, default=0.05)
    parser.add_argument("--reset-after", type=float, default=0.05)
    args = parser.parse_args()

    upstream = urllib.parse.urlsplit(args.upstream)
    chooser = random.Random(args.seed)
    choose_lock = threading.Lock()
    log_lock = threading.Lock()
    log = open(args.log, "a", buffering=1)

    def choose():
        with choose_lock:
            roll = chooser.random()
            retry_after = chooser.choice(["0", "1"])
        for fault, share in (("unavailable", args.unavailable), ("reset-before", args.reset_before),
                             ("reset-after", args.reset_after)):
            if roll < share:
                return fault, retry_after
            roll -= share
        return "pass", retry_after

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def record(self, fault, status):
            with log_lock:
                log.write(json.dumps({"method": self.command, "path": urllib.parse.urlsplit(self.path).path,
                                      "fault": fault, "status": status}) + "\n")

        def reset(self):
            # SO_LINGER 0: close() sends RST, the client sees "connection reset", not a clean end.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def finish(self):
            try:
                super().finish()
            except OSError:
                pass  # the socket was reset on purpose

        def forward(self, body):
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Host"] = upstream.netloc
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            connection.close()
            return response, payload

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            fault, retry_after = choose()
            if fault == "reset-before":
                self.record(fault, None)
                self.reset()
                return
            if fault == "unavailable":
                payload = json.dumps({"errors": {"service": ["is temporarily unavailable; retry shortly"]}}).encode()
                self.send_response(503)
                self.send_header("Content-Type", "application/json")
                self.send_header("Retry-After", retry_after)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                self.record(fault, 503)
                return
            response, payload = self.forward(body)
            self.record(fault, response.status)
            if fault == "reset-after":
                self.reset()
                return
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as out:
            out.write(str(server.server_address[1]))
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"flaky proxy on 127.0.0.1:{server.server_address[1]} -> {args.upstream} (seed {args.seed})", flush=True)
    server.serve_forever()
    log.close()


if __name__ == "__main__":
    sys.exit(main())
