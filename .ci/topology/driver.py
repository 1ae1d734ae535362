#!/usr/bin/env python3
"""Load and checks for .ci/topology-test.sh (stdlib Python 3). Everything goes through real HTTP.

    driver.py setup --url LB --out setup.json          users, an article; writes their tokens and slug
    driver.py load --url LB --setup setup.json --phase-file F --out load.json [--threads 6]
        steady mixed load (anonymous lists, tags, article, comments; a user's own reads and comment writes) until
        SIGTERM; each request is counted under the phase named in F when it started. On exit writes per phase:
        requests, failures (with start times and what went wrong), p50/p99 latency.
    driver.py report --load load.json --phase P [--failed-before T] [--max-failures N]
        prints the phase's figures; fails when a failure started at or after T, or when there are more than N.
    driver.py websockets --urls U1,U2,U3 --setup setup.json
        a socket on every instance subscribes to the article; a comment is written through every instance; every
        socket must receive every comment, so each got events caused by writes on the other instances.
    driver.py consistency --url LB --psql PSQL --replica-port P --db DB [--rounds 20]
        read-your-writes with the replica's replay paused (pg_wal_replay_pause): a user comments, then reads the
        comments with the write's Conduit-Consistency-Token (anonymous), with only the access token, and anonymously
        with neither; the first two must always see the comment, the third may not (counted). A token the replica
        has replayed must be served by the replica (it then lacks a later write). Resumes replay at the end.
"""
import argparse
import base64
import http.client
import json
import os
import random
import signal
import socket
import sys
import threading
import time
import urllib.parse


def request(conn, method, path, body=None, token=None, extra=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Token " + token
    headers.update(extra or {})
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, data, response


def connect(url, timeout=30):
    parsed = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)


def call(url, method, path, body=None, token=None, expect=(200, 201)):
    conn = connect(url)
    try:
        status, data, _ = request(conn, method, path, body, token)
    finally:
        conn.close()
    if status not in expect:
        raise SystemExit(f"{method} {path} on {url}: HTTP {status} {data[:300]!r}")
    return json.loads(data) if data else None


def call_with_headers(url, method, path, body=None, token=None, extra=None):
    conn = connect(url)
    try:
        status, data, response = request(conn, method, path, body, token, extra)
        headers = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    if status not in (200, 201):
        raise SystemExit(f"{method} {path}: HTTP {status} {data[:300]!r}")
    return json.loads(data) if data else None, headers


def register(url, name):
    body = {"user": {"username": name, "email": f"{name}@topology.test", "password": "topology-secret-1"}}
    return call(url, "POST", "/api/users", body)["user"]["token"]


def setup(args):
    suffix = f"{int(time.time())}{random.randint(100, 999)}"
    author = register(args.url, f"author{suffix}")
    reader = register(args.url, f"reader{suffix}")
    article = call(args.url, "POST", "/api/articles", {"article": {
        "title": f"Topology {suffix}", "description": "d", "body": "b", "tagList": ["topology"]}}, author)
    with open(args.out, "w") as f:
        json.dump({"author": author, "reader": reader, "slug": article["article"]["slug"]}, f)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.phases = {}

    def add(self, phase, started, latency, failure):
        with self.lock:
            p = self.phases.setdefault(phase, {"requests": 0, "latencies": [], "failures": []})
            p["requests"] += 1
            p["latencies"].append(latency)
            if failure:
                p["failures"].append({"started": started, "what": failure})


def load(args):
    with open(args.setup) as f:
        s = json.load(f)
    slug, reader = s["slug"], s["reader"]
    stats = Stats()
    stop = threading.Event()
    phase = ["start"]

    def watch_phase():
        while not stop.is_set():
            try:
                with open(args.phase_file) as f:
                    phase[0] = f.read().strip() or phase[0]
            except OSError:
                pass
            time.sleep(0.05)

    operations = [
        ("GET", "/api/articles?limit=10", None, None),
        ("GET", "/api/tags", None, None),
        ("GET", f"/api/articles/{slug}", None, None),
        ("GET", f"/api/articles/{slug}/comments", None, None),
        ("GET", "/api/profiles/" + "x", None, None),  # replaced below: a profile that exists
        ("GET", "/api/user", None, reader),
        ("POST", f"/api/articles/{slug}/comments", "comment", reader),
    ]
    me = call(args.url, "GET", "/api/user", token=reader)["user"]["username"]
    operations[4] = ("GET", f"/api/profiles/{me}", None, None)

    def worker(n):
        conn = connect(args.url, timeout=20)
        i = n
        while not stop.is_set():
            method, path, body, token = operations[i % len(operations)]
            i += 1
            if body == "comment":
                body = {"comment": {"body": f"load {n}-{i}"}}
            current = phase[0]
            started = time.time()
            failure = None
            try:
                status, data, response = request(conn, method, path, body, token)
                if status >= 300:
                    failure = f"{method} {path}: HTTP {status} {data[:120]!r}"
                if response.will_close:
                    conn.close()
                    conn = connect(args.url, timeout=20)
            except (OSError, http.client.HTTPException) as e:
                failure = f"{method} {path}: {type(e).__name__} {e}"
                conn.close()
                conn = connect(args.url, timeout=20)
            stats.add(current, started, time.time() - started, failure)

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threads = [threading.Thread(target=watch_phase, daemon=True)]
    threads += [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.threads)]
    for t in threads:
        t.start()
    while not stop.is_set():
        time.sleep(0.1)
    for t in threads:
        t.join(25)
    result = {}
    for name, p in stats.phases.items():
        lat = sorted(p["latencies"])
        pick = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))] * 1000, 1) if lat else None
        result[name] = {"requests": p["requests"], "failures": p["failures"], "p50_ms": pick(0.50),
                        "p99_ms": pick(0.99), "max_ms": pick(1.0)}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)


def report(args):
    with open(args.load) as f:
        p = json.load(f).get(args.phase)
    if p is None:
        print(f"  FAIL no requests were counted in phase {args.phase}")
        return 1
    failures = p["failures"]
    print(f"  {args.phase}: {p['requests']} requests, {len(failures)} failed, p50 {p['p50_ms']} ms, "
          f"p99 {p['p99_ms']} ms, max {p['max_ms']} ms (through HAProxy)")
    for failure in failures[:10]:
        print(f"    failed: started {failure['started']:.3f}: {failure['what']}")
    ok = True
    if args.failed_before is not None:
        late = [x for x in failures if x["started"] >= args.failed_before]
        if late:
            print(f"  FAIL {len(late)} requests started after the kill ({args.failed_before:.3f}) failed")
            ok = False
        else:
            print("  ok   every failed request was already in flight when the instance was killed")
    if args.max_failures is not None and len(failures) > args.max_failures:
        print(f"  FAIL more than {args.max_failures} failures")
        ok = False
    if p["requests"] < args.min_requests:
        print(f"  FAIL fewer than {args.min_requests} requests: the load did not run")
        ok = False
    return 0 if ok else 1


class WebSocket:
    """Just enough of RFC 6455 for a test client: text frames, pings answered, masked client frames."""

    def __init__(self, url, path):
        parsed = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parsed.hostname, parsed.port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise SystemExit(f"socket on {url} closed during the upgrade: {head!r}")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise SystemExit(f"socket on {url} not upgraded: {head[:200]!r}")

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("socket closed")
            data += chunk
        return data

    def send(self, message):
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        assert len(payload) < 126
        self.sock.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self, deadline):
        while True:
            self.sock.settimeout(max(0.01, deadline - time.time()))
            first, second = self._exact(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(self._exact(2), "big")
            elif length == 127:
                length = int.from_bytes(self._exact(8), "big")
            payload = self._exact(length)
            opcode = first & 0x0F
            if opcode == 0x9:
                mask = os.urandom(4)
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
            elif opcode == 0x8:
                raise EOFError(f"socket closed by the server: {payload!r}")
            elif opcode == 0x1:
                return json.loads(payload)


def websockets(args):
    with open(args.setup) as f:
        s = json.load(f)
    urls = args.urls.split(",")
    sockets = []
    for url in urls:
        ticket = call(url, "POST", "/api/events/tickets", {}, s["author"])["ticket"]
        ws = WebSocket(url, ticket["url"])
        deadline = time.time() + 10
        assert ws.receive(deadline)["type"] == "ready"
        ws.send({"type": "subscribe", "article": s["slug"]})
        while (reply := ws.receive(deadline))["type"] != "subscribed":
            pass
        sockets.append(ws)
    marks = []
    for n, url in enumerate(urls):
        mark = f"written through instance {n + 1} at {time.time()}"
        call(url, "POST", f"/api/articles/{s['slug']}/comments", {"comment": {"body": mark}}, s["reader"])
        marks.append(mark)
    ok = True
    for n, ws in enumerate(sockets):
        seen, deadline = set(), time.time() + 10
        try:
            while set(marks) - seen:
                event = ws.receive(deadline)
                if event.get("type") == "comment.created":
                    seen.add(json.dumps(event))
                    seen |= {m for m in marks if m in json.dumps(event)}
        except (OSError, EOFError) as e:
            print(f"  socket on instance {n + 1}: {type(e).__name__} {e}")
        missing = [m for m in marks if m not in seen]
        others = [m for i, m in enumerate(marks) if i != n and m in seen]
        print(f"  {'ok  ' if not missing else 'FAIL'} socket on instance {n + 1} received {len(marks) - len(missing)} "
              f"of {len(marks)} comments ({len(others)} written through other instances)")
        ok = ok and not missing
    return 0 if ok else 1


def copies(args):
    """Each instance keeps copies of what anonymous readers see (the tag list, articles, list pages), dropped by
    NOTIFY when a change commits on any instance: a write through each instance must reach anonymous readers of
    every other one, with no token, within the deadline."""
    urls = args.urls.split(",")
    suffix = f"{int(time.time())}{random.randint(100, 999)}"
    author_name = f"copies{suffix}"
    author = register(urls[0], author_name)
    listing = f"/api/articles?author={author_name}"

    def anonymous(url, path):
        return call(url, "GET", path)

    first = call(urls[0], "POST", "/api/articles", {"article": {
        "title": f"Copies {suffix}", "description": "d", "body": "b"}}, author)["article"]["slug"]
    ok = True
    for n, writer in enumerate(urls):
        # Every instance answers the reads once first, so each holds copies the write must drop.
        for url in urls:
            anonymous(url, listing)
            anonymous(url, "/api/tags")
            anonymous(url, f"/api/articles/{first}")
        # An edit of the description (a new title would also give the article a new slug).
        tag, description = f"copies{suffix}n{n}", f"Edited through {n + 1} {suffix}"
        call(writer, "POST", "/api/articles", {"article": {
            "title": f"Copies {suffix} {n}", "description": "d", "body": "b", "tagList": [tag]}}, author)
        call(writer, "PUT", f"/api/articles/{first}", {"article": {"description": description}}, author)
        written = time.time()
        for i, url in enumerate(urls):
            if i == n:
                continue
            seen, deadline = {}, written + 5
            while len(seen) < 3 and time.time() < deadline:
                if "list" not in seen and anonymous(url, listing)["articlesCount"] == n + 2:
                    seen["list"] = time.time() - written
                if "tags" not in seen and tag in anonymous(url, "/api/tags")["tags"]:
                    seen["tags"] = time.time() - written
                if ("article" not in seen
                        and anonymous(url, f"/api/articles/{first}")["article"]["description"] == description):
                    seen["article"] = time.time() - written
                time.sleep(0.005)
            missing = {"list", "tags", "article"} - set(seen)
            print(f"  {'ok  ' if not missing else 'FAIL'} written through instance {n + 1}, read anonymously on "
                  f"instance {i + 1}: " + ", ".join(f"{k} after {v * 1000:.0f} ms" for k, v in sorted(seen.items()))
                  + (f"; never saw: {', '.join(sorted(missing))}" if missing else ""))
            ok = ok and not missing
    return 0 if ok else 1


def consistency(args):
    import subprocess
    TOKEN = "Conduit-Consistency-Token"

    def replica_sql(sql):
        return subprocess.run([args.psql, "-h", "127.0.0.1", "-p", str(args.replica_port), "-U", "postgres", "-d",
                               args.db, "-Atc", sql], check=True, capture_output=True, text=True).stdout.strip()

    def wait_replayed(position, seconds=10):
        deadline = time.time() + seconds
        while replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn") != "t":
            if time.time() > deadline:
                raise SystemExit(f"the replica did not replay up to {position} within {seconds} s")
            time.sleep(0.05)

    def bodies(path, token=None, extra=None):
        return {c["body"] for c in call_with_headers(args.url, "GET", path, token=token, extra=extra)[0]["comments"]}

    suffix = f"{int(time.time())}{random.randint(100, 999)}"
    author = register(args.url, f"cauthor{suffix}")
    user = register(args.url, f"cuser{suffix}")
    slug = call(args.url, "POST", "/api/articles", {"article": {
        "title": f"Consistency {suffix}", "description": "d", "body": "b"}}, author)["article"]["slug"]
    comments = f"/api/articles/{slug}/comments"

    _, first = call_with_headers(args.url, "POST", comments, {"comment": {"body": "before the pause"}}, user)
    wait_replayed(first[TOKEN.lower()])
    replica_sql("SELECT pg_wal_replay_pause()")
    print(f"  replay paused on the replica at {replica_sql('SELECT pg_last_wal_replay_lsn()')}")
    with_token = with_access = stale = 0
    try:
        for n in range(args.rounds):
            mark = f"round {n} {time.time()}"
            _, headers = call_with_headers(args.url, "POST", comments, {"comment": {"body": mark}}, user)
            token = headers.get(TOKEN.lower())
            if token is None:
                raise SystemExit(f"the write answered no {TOKEN}: {headers}")
            with_token += mark in bodies(comments, extra={TOKEN: token})
            with_access += mark in bodies(comments, token=user)
            stale += mark not in bodies(comments)
        # A token the replica has replayed may be served by it, and is: the answer lacks the comments since.
        replica_served = "round 0" not in " ".join(bodies(comments, extra={TOKEN: first[TOKEN.lower()]}))
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")
    _, last = call_with_headers(args.url, "POST", comments, {"comment": {"body": "after the pause"}}, user)
    started = time.time()
    wait_replayed(last[TOKEN.lower()])
    caught_up = time.time() - started
    anonymous_after = "after the pause" in bodies(comments)
    print(f"  {args.rounds} writes while replay was paused: read with the write's consistency token saw it "
          f"{with_token}/{args.rounds}, with only the access token {with_access}/{args.rounds}; anonymous reads "
          f"without a token were stale {stale}/{args.rounds}")
    print(f"  a read with a token the replica had replayed was served by the replica: {replica_served}")
    print(f"  replay resumed: the replica caught up in {caught_up:.2f} s; an anonymous read then saw the latest write: "
          f"{anonymous_after}")
    ok = with_token == args.rounds and with_access == args.rounds and stale > 0 and replica_served and anonymous_after
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup"); p.add_argument("--url"); p.add_argument("--out")
    p = sub.add_parser("load"); p.add_argument("--url"); p.add_argument("--setup"); p.add_argument("--phase-file")
    p.add_argument("--out"); p.add_argument("--threads", type=int, default=6)
    p = sub.add_parser("report"); p.add_argument("--load"); p.add_argument("--phase")
    p.add_argument("--failed-before", type=float); p.add_argument("--max-failures", type=int)
    p.add_argument("--min-requests", type=int, default=50)
    p = sub.add_parser("websockets"); p.add_argument("--urls"); p.add_argument("--setup")
    p = sub.add_parser("copies"); p.add_argument("--urls")
    p = sub.add_parser("consistency"); p.add_argument("--url"); p.add_argument("--psql")
    p.add_argument("--replica-port", type=int); p.add_argument("--db"); p.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    return {"setup": setup, "load": load, "report": report, "websockets": websockets, "copies": copies,
            "consistency": consistency}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
