#!/usr/bin/env python3
"""A minimal SMTP server for the fault tests: accepts every mail and appends one JSON line per recipient
({"to": ..., "subject": ...}) to the file given. Stdlib only (smtpd is gone from newer Pythons).

    python3 .ci/fault/smtp_sink.py <port> <mails.jsonl>
"""
import json
import socketserver
import sys
import threading

lock = threading.Lock()


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 fault-sink ESMTP")
        recipients = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fault-sink")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                subject = ""
                while True:
                    line = self.rfile.readline().decode("utf-8", "replace")
                    if line in (".\r\n", ".\n", ""):
                        break
                    if not subject and line.lower().startswith("subject:"):
                        subject = line.split(":", 1)[1].strip()
                with lock, open(sys.argv[2], "a") as out:
                    for to in recipients:
                        out.write(json.dumps({"to": to, "subject": subject}) + "\n")
                recipients = []
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RSET, NOOP, ...
                self.reply("250 OK")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    with Server(("127.0.0.1", int(sys.argv[1])), Session) as server:
        server.serve_forever()
