#!/usr/bin/env python3
"""A webhook receiver for the fault tests. Every request is logged as one JSON line when it arrives
({"id": webhook-id, "event": "received"}) and again when its answer was written ({"event": "answered"}). The
first request is held for a few seconds before its 204, so the service can be killed while it is in flight.
Stdlib only.

    python3 .ci/fault/webhook_receiver.py <port> <log.jsonl> [hold-seconds]
"""
import http.server
import json
import socket
import sys
import threading
import time

lock = threading.Lock()
log_path = sys.argv[2]
hold = float(sys.argv[3]) if len(sys.argv) > 3 else 4.0
first = threading.Event()


def record(entry):
    with lock, open(log_path, "a") as log:
        log.write(json.dumps(entry) + "\n")


def sender_gone(connection):
    """True when the peer has closed (a killed process's kernel sends FIN): an answer now would reach no one."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        message = self.headers.get("webhook-id")
        record({"id": message, "event": "received", "signature": self.headers.get("webhook-signature"),
                "bytes": len(body)})
        if not first.is_set():
            first.set()
            time.sleep(hold)
            if sender_gone(self.connection):
                record({"id": message, "event": "lost", "error": "the sender closed the connection"})
                return
        try:
            self.send_response(204)
            self.end_headers()
            self.wfile.flush()
            record({"id": message, "event": "answered"})
        except OSError as error:
            record({"id": message, "event": "lost", "error": str(error)})

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
