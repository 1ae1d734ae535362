#!/usr/bin/env python3
"""Load driver for the fault tests (.ci/fault-tests.sh). Python 3 standard library only.

  driver.py outage --url URL --db-stop CMD --db-start CMD
      Registers a user and creates an article, then runs GET /api/articles, GET /api/articles/{slug} and
      POST /api/articles/{slug}/comments from a few threads. After a healthy baseline it runs CMD to stop
      PostgreSQL, waits, runs CMD to start it again, and keeps the load on until the service has recovered.
      Fails unless: before the outage every answer is 2xx; during and after it every answer is 2xx or 503 in
      the RealWorld error shape with Retry-After; no request takes longer than --max-latency; the outage
      produced at least one 503; and within --recovery-timeout of the database's return every answer is 2xx
      again (for --stable seconds), without restarting the service.

  driver.py writes --url URL --kill-pid PID --acked FILE
      Creates articles from a few threads, sends SIGKILL to PID after --kill-after seconds (and --min-acked
      acknowledged writes), and writes every
      acknowledged (201) write to FILE as JSON. Requests cut off by the kill fail on the client: expected.

  driver.py verify --url URL --acked FILE
      Checks that every acknowledged write in FILE exists: GET /api/articles/{slug} is 200 with its title, and
      GET /api/profiles/{username} is 200 for every acknowledged registration. When FILE lists writes that got
      no answer (from drain), checks that none of them was done either.

  driver.py drain --url URL --management-url URL --pid PID --acked FILE --grace 20s
      Registers users and creates articles from a few threads (new connection per request), opens 2 slow
      uploads (headers and half the body sent), probes /api/tags and /health/readiness on new connections every
      50 ms and keeps one idle keep-alive connection. Once --min-in-flight writes are sent and unanswered, it
      sends SIGTERM (--signal) to PID, finishes the slow uploads --upload-delay after the first refused
      connection, and waits for PID to exit. Fails unless: every write sent before the signal got a complete,
      correct 2xx (as did the slow uploads); no answer was truncated; writes sent after it got 2xx, a proper
      503 or no answer at all; new connections were refused within --settle s, before the last accepted request
      was answered, and from then on; readiness was 200 before and non-200 from within --settle s on, during the
      drain; PID exited within --grace + --exit-margin. Writes FILE for verify (acknowledged and unanswered).

Exit status: 0 when every check passes, 1 when one fails, 2 on a setup error.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

CLIENT_TIMEOUT = 30.0  # seconds; a request still unanswered by then counts as a hang


class SetupError(Exception):
    pass


# ---------------------------------------------------------------- HTTP

class Result:
    """One request: what was asked, when (time.monotonic()), and what came back."""
    __slots__ = ("kind", "start", "end", "status", "headers", "body", "error", "sent", "phase", "expect")

    def __init__(self, kind, start, end, status=None, headers=None, body=b"", error=None):
        self.kind, self.start, self.end = kind, start, end
        self.status, self.headers, self.body, self.error = status, headers or {}, body, error
        # Set by timed_call only: when the request was completely written, at which step it failed
        # ("connect", "send", "status" before any answer, "body" when the answer was cut off), what it wrote.
        self.sent, self.phase, self.expect = None, None, None

    @property
    def latency(self):
        return self.end - self.start

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def describe(self, origin=None):
        what = f"HTTP {self.status}" if self.status is not None else f"client error: {self.error}"
        when = "" if origin is None else f" sent at {self.start - origin:+.2f}s"
        body = self.body[:200].decode("utf-8", "replace") if self.body else ""
        return f"{self.kind}{when}: {what} after {self.latency:.2f}s {body}".rstrip()


def call(base, kind, method, path, body=None, token=None, timeout=CLIENT_TIMEOUT):
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Result(kind, start, time.monotonic(), response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as e:
        payload = e.read()
        return Result(kind, start, time.monotonic(), e.code, dict(e.headers), payload)
    except Exception as e:  # refused, reset, timed out: no HTTP answer at all
        return Result(kind, start, time.monotonic(), error=f"{type(e).__name__}: {e}")


def proper_503(result):
    """503 in the RealWorld error shape, {"errors":{"service":["..."]}} (the 503 key), with a positive Retry-After."""
    if result.status != 503:
        return False
    retry_after = {k.lower(): v for k, v in result.headers.items()}.get("retry-after", "")
    doc = result.json()
    errors = doc.get("errors") if isinstance(doc, dict) else None
    messages = errors.get("service") if isinstance(errors, dict) and list(errors) == ["service"] else None
    return (retry_after.strip().isdigit() and int(retry_after) > 0 and isinstance(messages, list) and messages
            and all(isinstance(m, str) and m for m in messages))


def register(base, label):
    name = f"{label}{uuid.uuid4().hex[:10]}"
    r = call(base, "register", "POST", "/api/users",
             {"user": {"username": name, "email": f"{name}@example.com", "password": "password-" + name}})
    if r.status != 201:
        raise SetupError(f"could not register a user: {r.describe()}")
    return name, r.json()["user"]["token"]


def create_article(base, token, title, kind="create article"):
    return call(base, kind, "POST", "/api/articles",
                {"article": {"title": title, "description": "fault test", "body": "written under fault injection",
                             "tagList": ["fault"]}}, token=token)


def run_command(label, command):
    print(f"  {label}: {command}", flush=True)
    done = subprocess.run(command, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise SetupError(f"{label} failed (exit {done.returncode}):\n{done.stdout}")


class Load:
    """Threads that repeat request(thread_index, n) until stopped, recording every Result."""

    def __init__(self, threads, request, pause=0.0):
        self.results, self._lock, self._stop = [], threading.Lock(), threading.Event()
        self._threads = [threading.Thread(target=self._loop, args=(i, request, pause), daemon=True)
                         for i in range(threads)]

    def _loop(self, index, request, pause):
        n = 0
        while not self._stop.is_set():
            result = request(index, n)
            n += 1
            with self._lock:
                self.results.append(result)
            if pause:
                self._stop.wait(pause)

    def start(self):
        for t in self._threads:
            t.start()
        return self

    def snapshot(self):
        with self._lock:
            return list(self.results)

    def stop(self):
        self._stop.set()
        for t in self._threads:
            t.join(CLIENT_TIMEOUT + 5)


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, passed, message, details=()):
        print(f"  {'ok  ' if passed else 'FAIL'} {message}")
        if not passed:
            for line in list(details)[:10]:
                print(f"         {line}")
            if len(details) > 10:
                print(f"         ... and {len(details) - 10} more")
            self.failures.append(message)
        return passed


# ---------------------------------------------------------------- outage

def recovery_of(results, t_up):
    """(seconds from PostgreSQL's return to the first 2xx answer after the last failed one, or None;
    seconds of 2xx only since then). A failure that ends after t_up delays recovery even if sent before."""
    last_failure = max((r.end for r in results if not r.ok and r.end >= t_up), default=t_up)
    good = [r for r in results if r.start >= last_failure]  # all 2xx: a failure among them would end later
    if not good:
        return None, 0.0
    recovered = min(r.end for r in good)
    return recovered - t_up, max(r.end for r in good) - recovered


def outage(args):
    base = args.url.rstrip("/")
    _, token = register(base, "outage")
    created = create_article(base, token, f"Outage target {uuid.uuid4().hex[:8]}")
    if created.status != 201:
        raise SetupError(f"could not create the article: {created.describe()}")
    slug = created.json()["article"]["slug"]

    def request(index, n):
        kind = ("list", "get", "comment")[(index + n) % 3]
        if kind == "list":
            return call(base, kind, "GET", "/api/articles")
        if kind == "get":
            return call(base, kind, "GET", f"/api/articles/{slug}")
        return call(base, kind, "POST", f"/api/articles/{slug}/comments",
                    {"comment": {"body": f"comment {index}-{n}"}}, token=token)

    print(f"  load: {args.threads} threads (list, get, comment) against {base}, article {slug}")
    load = Load(args.threads, request, args.pause).start()
    try:
        time.sleep(args.baseline)
        t_down = time.monotonic()
        run_command("stopping PostgreSQL", args.db_stop)
        time.sleep(args.outage)
        run_command("starting PostgreSQL", args.db_start)
        t_up = time.monotonic()
        print(f"  PostgreSQL was down for {t_up - t_down:.1f}s; waiting for recovery", flush=True)
        # Keep the load on until the service has answered only 2xx for --stable seconds, or the deadline passed.
        deadline = t_up + args.recovery_timeout + args.stable
        while time.monotonic() < deadline and recovery_of(load.snapshot(), t_up)[1] < args.stable:
            time.sleep(0.25)
    finally:
        load.stop()

    results = sorted(load.snapshot(), key=lambda r: r.start)
    before = [r for r in results if r.end < t_down]
    during = [r for r in results if r.end >= t_down and r.start <= t_up]
    after = [r for r in results if r.start > t_up]
    not_ok = [r for r in results if not r.ok]
    bad_503 = [r for r in results if r.status == 503 and not proper_503(r)]
    other = [r for r in not_ok if r.status != 503]
    other_5xx = [r for r in other if r.status is not None and r.status >= 500]
    slow = [r for r in results if r.latency > args.max_latency]
    recovery, stable_for = recovery_of(results, t_up)

    def count(rs, pred):
        return sum(1 for r in rs if pred(r))

    print("  summary:")
    print(f"    requests total {len(results)}: 2xx {count(results, lambda r: r.ok)}, "
          f"503 {count(results, lambda r: r.status == 503)}, other {len(other)} "
          f"(other 5xx {len(other_5xx)}, no HTTP answer {count(other, lambda r: r.status is None)})")
    print(f"    before the outage {len(before)} requests, during {len(during)} "
          f"(2xx {count(during, lambda r: r.ok)}, 503 {count(during, lambda r: r.status == 503)}), "
          f"after {len(after)} (2xx {count(after, lambda r: r.ok)})")
    print(f"    max latency: before {max((r.latency for r in before), default=0):.2f}s, "
          f"during the outage {max((r.latency for r in during), default=0):.2f}s, "
          f"after {max((r.latency for r in after), default=0):.2f}s (bound {args.max_latency:.1f}s)")
    print("    time to recovery after PostgreSQL was back: "
          + ("none" if recovery is None else f"{recovery:.2f}s (then {stable_for:.1f}s of 2xx only)"))

    def describe(rs):
        return [r.describe(t_down) for r in rs]

    print("    (times below are relative to the moment PostgreSQL was told to stop)")
    c = Checks()
    c.check(before and all(r.ok for r in before), f"before the outage: all {len(before)} requests 2xx",
            describe(r for r in before if not r.ok))
    c.check(count(during, lambda r: r.status == 503) > 0, "the outage was noticed: at least one 503 during it")
    c.check(not other, "no answer other than 2xx and 503 (no 500, no 4xx, no dropped connection)",
            describe(other))
    c.check(not bad_503, "every 503 has the RealWorld error shape and a Retry-After header",
            [f"{r.describe(t_down)} headers={r.headers}" for r in bad_503])
    c.check(not slow, f"no request took longer than {args.max_latency:.1f}s "
                      f"(max {max((r.latency for r in results), default=0):.2f}s)",
            describe(sorted(slow, key=lambda r: -r.latency)))
    c.check(recovery is not None and recovery <= args.recovery_timeout and stable_for >= args.stable,
            f"recovered by itself within {args.recovery_timeout:.0f}s of PostgreSQL's return and stayed up "
            f"for {args.stable:.0f}s", describe(r for r in after if not r.ok)[-5:])
    return c.failures


# ---------------------------------------------------------------- kill -9 durability

def writes(args):
    base = args.url.rstrip("/")
    username, token = register(base, "writer")
    run = uuid.uuid4().hex[:8]

    def request(index, n):
        return create_article(base, token, f"Durable {run} {index}-{n}", kind=f"create {index}-{n}")

    print(f"  load: {args.threads} threads creating articles as {username} against {base}")
    load = Load(args.threads, request).start()
    # Kill after --kill-after seconds, once at least --min-acked writes were acknowledged (a slow machine).
    t_start = time.monotonic()
    while True:
        time.sleep(0.1)
        acked_so_far = sum(1 for r in load.snapshot() if r.status == 201)
        elapsed = time.monotonic() - t_start
        if elapsed >= args.kill_after and (acked_so_far >= args.min_acked or elapsed >= 30):
            break
    print(f"  kill -9 {args.kill_pid} after {elapsed:.1f}s ({acked_so_far} writes acknowledged so far)", flush=True)
    t_kill = time.monotonic()
    os.kill(args.kill_pid, signal.SIGKILL)
    load.stop()  # requests in flight end with a reset connection; then the threads stop

    results = load.snapshot()
    acked = [r for r in results if r.status == 201]
    records = [{"slug": r.json()["article"]["slug"], "title": r.json()["article"]["title"],
                "latency": round(r.latency, 4)} for r in acked]
    with open(args.acked, "w") as f:
        json.dump({"username": username, "writes": records}, f)
    cut_off = [r for r in results if r.status is None and r.start < t_kill]
    refused = [r for r in results if r.status is None and r.start >= t_kill]
    other = [r for r in results if r.status is not None and r.status != 201]
    print("  summary:")
    print(f"    writes sent {len(results)}: acknowledged (201) {len(acked)}, in flight at the kill (no answer) "
          f"{len(cut_off)}, sent after it {len(refused)}, other answers {len(other)}")
    latencies = sorted(r.latency for r in acked)
    if latencies:
        print(f"    acknowledged write latency: median {latencies[len(latencies) // 2] * 1000:.0f}ms, "
              f"max {latencies[-1] * 1000:.0f}ms")
    c = Checks()
    c.check(len(acked) >= args.min_acked, f"at least {args.min_acked} writes acknowledged before the kill "
                                          f"({len(acked)})")
    c.check(not other, "every answered write was 201", [r.describe() for r in other])
    return c.failures


def verify(args):
    base = args.url.rstrip("/")
    with open(args.acked) as f:
        recorded = json.load(f)
    missing = []
    for w in recorded["writes"]:
        r = call(base, "verify", "GET", f"/api/articles/{w['slug']}")
        doc = r.json() if r.status == 200 else None
        if not (doc and doc.get("article", {}).get("title") == w["title"]):
            missing.append(f"{w['slug']}: {r.describe()}")
    users = recorded.get("users", [])  # registrations, when the test made some
    for name in users:
        r = call(base, "verify", "GET", f"/api/profiles/{urllib.parse.quote(name)}")
        doc = r.json() if r.status == 200 else None
        if not (doc and doc.get("profile", {}).get("username") == name):
            missing.append(f"user {name}: {r.describe()}")
    listed = call(base, "count", "GET", f"/api/articles?author={recorded['username']}&limit=1")
    in_db = listed.json().get("articlesCount") if listed.status == 200 else None
    acked = len(recorded["writes"])
    total = acked + len(users)
    print("  summary:")
    print(f"    writes acknowledged {total}" + (f" ({acked} articles, {len(users)} registrations)" if users else "")
          + f", verified {total - len(missing)}, missing {len(missing)}")
    if in_db is not None:
        print(f"    articles by the writer in the database: {in_db}"
              + (f" ({in_db - acked} more than acknowledged: committed, but the answer was cut off)"
                 if in_db > acked else ""))
    c = Checks()
    c.check(not missing, "every acknowledged write is in the database after the restart", missing)
    c.check(in_db is not None and in_db >= acked, "the article count is at least the acknowledged writes",
            [listed.describe()])
    if "unanswered" in recorded:  # a graceful stop: a request that got no answer must not have been done either
        ghosts = []
        for name in recorded["unanswered"]["users"]:
            r = call(base, "verify", "GET", f"/api/profiles/{urllib.parse.quote(name)}")
            if r.status != 404:
                ghosts.append(f"user {name}: {r.describe()}")
        if in_db is not None and in_db != acked:
            ghosts.append(f"{in_db - acked} articles more than acknowledged "
                          f"(unanswered: {', '.join(recorded['unanswered']['articles']) or 'none'})")
        unanswered = len(recorded["unanswered"]["users"]) + len(recorded["unanswered"]["articles"])
        c.check(not ghosts, f"none of the {unanswered} writes that got no answer was done", ghosts)
    return c.failures


# ---------------------------------------------------------------- SIGTERM: graceful drain

class InFlight:
    """Requests completely sent whose answer has not begun: what the service owes an answer at any moment."""

    def __init__(self):
        self._lock, self._keys = threading.Lock(), set()

    def add(self, key):
        with self._lock:
            self._keys.add(key)

    def discard(self, key):
        with self._lock:
            self._keys.discard(key)

    def count(self):
        with self._lock:
            return len(self._keys)


def timed_call(base, kind, method, path, body=None, token=None, inflight=None, timeout=CLIENT_TIMEOUT):
    """call() on a fresh connection (Connection: close) that records when the request was completely sent
    (Result.sent) and, on failure, at which step (Result.phase): "connect" (refused), "send", "status" (sent,
    but the connection ended before any answer) or "body" (an answer began and was cut off: truncated)."""
    url = urllib.parse.urlsplit(base)
    headers = {"Accept": "application/json", "Connection": "close"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Token {token}"
    key, sent, phase, status = object(), None, "connect", None
    start = time.monotonic()
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.connect()
        phase = "send"
        connection.request(method, path, body=data, headers=headers)
        sent = time.monotonic()
        if inflight is not None:
            inflight.add(key)
        phase = "status"
        response = connection.getresponse()
        status, phase = response.status, "body"
        payload = response.read()
        result = Result(kind, start, time.monotonic(), response.status, dict(response.getheaders()), payload)
        phase = None
    except Exception as e:  # refused, reset, cut off, timed out
        answered = "" if status is None else f"HTTP {status} began, then "
        result = Result(kind, start, time.monotonic(), error=f"{answered}{type(e).__name__}: {e}")
    finally:
        connection.close()
        if inflight is not None:
            inflight.discard(key)
    result.sent, result.phase = sent, phase
    return result


def process_gone(pid):
    """True once pid has exited (a zombie not yet reaped by its parent counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return True


class SlowUpload:
    """POST /api/articles whose headers and first half of the body are sent now and the rest on finish(): a
    request the service has accepted and must wait for, however quickly it shuts down."""

    def __init__(self, base, token, title):
        url = urllib.parse.urlsplit(base)
        self.title = title
        self.body = json.dumps({"article": {"title": title, "description": "graceful shutdown test, slow client",
                                            "body": "sent in two halves, around the signal " * 20,
                                            "tagList": ["drain"]}}).encode()
        self.start = time.monotonic()
        self.sock = socket.create_connection((url.hostname, url.port), timeout=CLIENT_TIMEOUT)
        head = (f"POST /api/articles HTTP/1.1\r\nHost: {url.netloc}\r\nAccept: application/json\r\n"
                f"Content-Type: application/json\r\nAuthorization: Token {token}\r\n"
                f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n").encode()
        self.sock.sendall(head + self.body[:len(self.body) // 2])
        self.first_half_sent = time.monotonic()

    def finish(self):
        status, phase, sent = None, "send", None
        try:
            self.sock.sendall(self.body[len(self.body) // 2:])
            sent, phase = time.monotonic(), "status"
            response = http.client.HTTPResponse(self.sock, method="POST")
            response.begin()
            status, phase = response.status, "body"
            payload = response.read()
            result = Result("slow upload", self.start, time.monotonic(), status, dict(response.getheaders()), payload)
            phase = None
        except Exception as e:
            answered = "" if status is None else f"HTTP {status} began, then "
            result = Result("slow upload", self.start, time.monotonic(), error=f"{answered}{type(e).__name__}: {e}")
        finally:
            self.sock.close()
        result.sent, result.phase, result.expect = sent, phase, ("article", self.title)
        return result


def correct_write(r):
    """A complete 2xx answer to the write this request made: the registered user, or the created article."""
    if not r.ok or r.expect is None:
        return False
    what, value = r.expect
    doc = r.json()
    if what == "user":
        user = doc.get("user") if isinstance(doc, dict) else None
        return isinstance(user, dict) and user.get("username") == value and bool(user.get("token"))
    article = doc.get("article") if isinstance(doc, dict) else None
    return isinstance(article, dict) and article.get("title") == value and bool(article.get("slug"))


def drain(args):
    base = args.url.rstrip("/")
    management = args.management_url.rstrip("/")
    writer, token = register(base, "drainer")
    run = uuid.uuid4().hex[:8]
    inflight = InFlight()

    # Even threads register users (Argon2id hashing: the slow requests), odd threads create articles.
    def write(index, n):
        if index % 2 == 0:
            name = f"drain{run}-{index}-{n}"
            r = timed_call(base, f"register {index}-{n}", "POST", "/api/users",
                           {"user": {"username": name, "email": f"{name}@example.com", "password": "password-" + name}},
                           inflight=inflight)
            r.expect = ("user", name)
        else:
            title = f"Drain {run} {index}-{n}"
            r = timed_call(base, f"create {index}-{n}", "POST", "/api/articles",
                           {"article": {"title": title, "description": "graceful shutdown test",
                                        "body": "written while the service was told to stop", "tagList": ["drain"]}},
                           token=token, inflight=inflight)
            r.expect = ("article", title)
        if not r.ok:
            time.sleep(0.05)  # no busy loop against a closed port
        return r

    # New connections, opened every 50 ms, to the API port (cheap GET /api/tags) and to readiness.
    def api_probe(index, n):
        return timed_call(base, "new connection GET /api/tags", "GET", "/api/tags", timeout=5)

    def readiness_probe(index, n):
        return timed_call(management, "GET /health/readiness", "GET", "/health/readiness", timeout=5)

    # An idle keep-alive connection opened before the signal: it must not hold the drain up.
    url = urllib.parse.urlsplit(base)
    idle = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    idle.request("GET", "/api/tags")
    idle_response = idle.getresponse()
    idle_response.read()
    if idle_response.status != 200 or (idle_response.getheader("Connection") or "").lower() == "close":
        raise SetupError(f"could not open an idle keep-alive connection (HTTP {idle_response.status}, "
                         f"Connection: {idle_response.getheader('Connection')})")
    idle_closed = []

    def watch_idle():
        idle.sock.settimeout(None)
        try:
            idle.sock.recv(1)  # b"" (closed) or a reset: either way the service let go of it
        except OSError:
            pass
        idle_closed.append(time.monotonic())

    threading.Thread(target=watch_idle, daemon=True).start()

    print(f"  load: {args.threads} threads (register, create article) against {base}; {args.slow} slow uploads; "
          f"new-connection probes of /api/tags and {management}/health/readiness every 50 ms; "
          f"one idle keep-alive connection")
    load = Load(args.threads, write).start()
    probes = Load(1, api_probe, 0.05).start()
    ready = Load(1, readiness_probe, 0.05).start()

    def stop_all():
        load.stop(), probes.stop(), ready.stop()
        idle.close()

    # Signal once the service is warm, the slow uploads are half sent, and at least --min-in-flight other
    # writes are sent and unanswered.
    t_start = time.monotonic()
    uploads = []
    while True:
        time.sleep(0.002)
        acked_so_far = sum(1 for r in load.snapshot() if r.ok)
        if acked_so_far >= args.warmup and not uploads:
            uploads = [SlowUpload(base, token, f"Drain {run} slow upload {i}") for i in range(args.slow)]
            time.sleep(0.2)  # the service reads the headers and half the body: the requests are under way
        if uploads and inflight.count() >= args.min_in_flight:
            break
        if time.monotonic() - t_start > 60:
            stop_all()
            raise SetupError(f"no moment with {args.min_in_flight} writes in flight after {args.warmup} "
                             f"acknowledged ones within 60 s ({acked_so_far} acknowledged)")
    in_flight_now = inflight.count()
    t_sig = time.monotonic()
    os.kill(args.pid, getattr(signal, "SIG" + args.signal))
    print(f"  SIG{args.signal} to {args.pid} after {t_sig - t_start:.1f}s: {acked_so_far} writes acknowledged, "
          f"{in_flight_now} sent and unanswered, {len(uploads)} uploads half sent", flush=True)

    # The rest of the uploads only once the service has stopped accepting (or --settle has passed): so they
    # end, for certain, after it closed its listener and while it drains.
    def refused_since(t):
        return [r for r in probes.snapshot() if r.start >= t and r.phase == "connect"]

    while not refused_since(t_sig) and time.monotonic() < t_sig + args.settle:
        time.sleep(0.01)
    time.sleep(args.upload_delay)
    t_upload = time.monotonic()
    slow_results = [u.finish() for u in uploads]

    deadline = t_sig + args.grace + args.exit_margin + 10
    while not process_gone(args.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    t_exit = time.monotonic() if process_gone(args.pid) else None
    time.sleep(0.3)  # attempts after the exit, for the record
    stop_all()

    results = sorted(load.snapshot(), key=lambda r: r.start)
    probe_results = sorted(probes.snapshot(), key=lambda r: r.start)
    ready_results = sorted(ready.snapshot(), key=lambda r: r.start)

    # Accepted before the signal: completely sent before it, answered (or not) after it.
    in_flight = [r for r in results if r.sent is not None and r.sent < t_sig <= r.end]
    before = [r for r in results if r.end < t_sig]
    after = [r for r in results if r.start >= t_sig or (r.end >= t_sig and (r.sent is None or r.sent >= t_sig))]
    t_drained = max((r.end for r in in_flight + slow_results), default=t_sig)

    acked = [r for r in results + slow_results if correct_write(r)]
    records = [{"slug": r.json()["article"]["slug"], "title": r.json()["article"]["title"],
                "latency": round(r.latency, 4)} for r in acked if r.expect[0] == "article"]
    users = [r.expect[1] for r in acked if r.expect[0] == "user"]
    # Sent, and the connection ended without an answer: the service must not have done these.
    unanswered = [r for r in results + slow_results if r.sent is not None and r.status is None]
    with open(args.acked, "w") as f:
        json.dump({"username": writer, "writes": records, "users": users,
                   "unanswered": {"users": [r.expect[1] for r in unanswered if r.expect[0] == "user"],
                                  "articles": [r.expect[1] for r in unanswered if r.expect[0] == "article"]}}, f)

    def rel(t):
        return f"{t - t_sig:+.3f}s"

    refused = refused_since(t_sig)
    t_closed = min((r.start for r in refused), default=None)
    new_conns = [r for r in probe_results + after if r.start >= t_sig]
    served_after_close = [r for r in new_conns if t_closed is not None and r.start > t_closed
                          and r.phase != "connect" and not proper_503(r)]
    truncated = [r for r in results + probe_results + slow_results if r.phase == "body"]
    after_bad = [r for r in after if not (r.ok or proper_503(r) or r.phase in ("connect", "send", "status"))]
    after_wrong = [r for r in after if r.ok and not correct_write(r)]
    hung = [r for r in after + probe_results if r.start >= t_sig and r.status is None
            and r.end > max(r.start, t_closed or t_sig) + 1.0]
    ready_before = [r for r in ready_results if r.end < t_sig]
    ready_after = [r for r in ready_results if r.start >= t_sig]
    t_unready = min((r.start for r in ready_after if r.status != 200), default=None)
    ready_again = [r for r in ready_after if t_unready is not None and r.start > t_unready and r.status == 200]
    unready_during = [r for r in ready_after if r.status != 200 and r.end <= t_drained]

    print("  summary (times relative to the signal):")
    print(f"    writes sent {len(results)}: before the signal {len(before)} (2xx {sum(r.ok for r in before)}), "
          f"in flight at it {len(in_flight)} (complete correct 2xx {sum(correct_write(r) for r in in_flight)}), "
          f"sent after it {len(after)} (2xx {sum(r.ok for r in after)}, 503 {sum(r.status == 503 for r in after)}, "
          f"refused {sum(r.phase == 'connect' for r in after)}, "
          f"no answer {sum(r.phase in ('send', 'status') for r in after)})")
    if in_flight:
        print(f"    in-flight writes ended between {rel(min(r.end for r in in_flight))} and "
              f"{rel(max(r.end for r in in_flight))}; the latest one was sent at {rel(max(r.sent for r in in_flight))}")
    for r in slow_results:
        print(f"    slow upload: first half sent at {rel(r.start)}, the rest at {rel(t_upload)}, "
              + (f"HTTP {r.status} at {rel(r.end)}" if r.status else f"failed at {rel(r.end)}: {r.error}"))
    print(f"    new connections: first refused at " + ("never" if t_closed is None else rel(t_closed))
          + f"; last 2xx to a new connection opened after the signal: "
          + ("none" if not any(r.ok for r in new_conns) else rel(max(r.start for r in new_conns if r.ok))))
    print(f"    readiness: {len(ready_before)} probes before the signal ({sum(r.status == 200 for r in ready_before)} "
          f"x 200); not 200 from " + ("never" if t_unready is None else rel(t_unready)) + " on: "
          + ", ".join(f"{rel(r.start)} {r.status or ('refused' if r.phase == 'connect' else 'no answer')}"
                      for r in ready_after[:4]) + (" ..." if len(ready_after) > 4 else ""))
    for r in [x for x in results + probe_results + ready_results if x.start >= t_sig and x.phase in ("send", "status")]:
        print(f"    connection ended without an answer: {r.kind} opened {rel(r.start)}, "
              f"sent {'never' if r.sent is None else rel(r.sent)}, ended {rel(r.end)}: {r.error}")
    print("    idle keep-alive connection closed by the service at "
          + (rel(idle_closed[0]) if idle_closed else "never"))
    print("    process exit: " + (f"not within {deadline - t_sig:.0f}s" if t_exit is None else rel(t_exit))
          + f" (grace period {args.grace:g}s + margin {args.exit_margin:g}s)")

    def describe(rs):
        return [r.describe(t_sig) + (f" [failed at: {r.phase}]" if r.phase else "") for r in rs]

    c = Checks()
    c.check(before and all(correct_write(r) for r in before),
            f"before the signal: all {len(before)} writes answered 2xx with the right body",
            describe(r for r in before if not correct_write(r)))
    c.check(len(in_flight) >= args.min_in_flight,
            f"at least {args.min_in_flight} writes were sent before the signal and unanswered at it ({len(in_flight)})")
    c.check(all(correct_write(r) for r in in_flight),
            "every write in flight at the signal got a complete, correct 2xx answer after it (none reset or cut off)",
            describe(r for r in in_flight if not correct_write(r)))
    c.check(slow_results and all(correct_write(r) for r in slow_results),
            f"the {len(slow_results)} slow uploads, half sent before the signal and finished after the service "
            "stopped accepting, got complete, correct 2xx answers", describe(r for r in slow_results if not correct_write(r)))
    c.check(not truncated, "no answer was cut off after it began", describe(truncated))
    c.check(not after_bad and not after_wrong,
            "writes sent after the signal: complete correct 2xx, 503 in the RealWorld error shape, or refused",
            describe(after_bad + after_wrong))
    c.check(t_closed is not None and t_closed <= t_sig + args.settle and t_closed < t_drained,
            f"the service stopped accepting new connections within {args.settle:g}s of the signal, while "
            "accepted requests were still being finished",
            [f"first refused connection: {'never' if t_closed is None else rel(t_closed)}, "
             f"last accepted request answered: {rel(t_drained)}"])
    c.check(not served_after_close, "no new connection opened after the first refusal was served",
            describe(served_after_close))
    c.check(not hung, "no request after the signal waited more than 1s after the listener closed to be refused",
            describe(hung))
    c.check(any(r.status == 200 for r in ready_before), "readiness was 200 before the signal",
            describe(ready_before[-3:]))
    c.check(t_unready is not None and t_unready <= t_sig + args.settle and unready_during and not ready_again,
            f"readiness turned non-200 within {args.settle:g}s of the signal, was so during the drain "
            f"({len(unready_during)} probes) and stayed so", describe(ready_again))
    c.check(t_exit is not None and t_exit - t_sig <= args.grace + args.exit_margin,
            f"the process exited within the grace period + {args.exit_margin:g}s"
            + ("" if t_exit is None else f" ({t_exit - t_sig:.2f}s)"))
    return c.failures


def duration(text):
    """Seconds in a Micronaut duration as CONDUIT_SHUTDOWN_GRACE_PERIOD takes it: 20s, 500ms, 1m, PT20S, 20."""
    t = text.strip().lower()
    try:
        if t.startswith("pt"):
            return float(t[2:-1]) * {"s": 1, "m": 60, "h": 3600}[t[-1]]
        for unit, factor in (("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)):
            if t.endswith(unit):
                return float(t[:-len(unit)]) * factor
        return float(t)
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(f"not a duration: {text}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    o = sub.add_parser("outage", help="PostgreSQL stopped under load: fast 503s, then recovery")
    o.add_argument("--url", required=True, help="service base URL, without /api")
    o.add_argument("--db-stop", required=True, help="shell command that stops PostgreSQL")
    o.add_argument("--db-start", required=True, help="shell command that starts PostgreSQL and waits for it")
    o.add_argument("--threads", type=int, default=4)
    o.add_argument("--pause", type=float, default=0.02, help="seconds each thread rests between requests")
    o.add_argument("--baseline", type=float, default=2.0, help="seconds of load before the outage")
    o.add_argument("--outage", type=float, default=6.0, help="seconds PostgreSQL stays down")
    o.add_argument("--max-latency", type=float, default=4.0, help="no request may take longer (seconds)")
    o.add_argument("--recovery-timeout", type=float, default=10.0)
    o.add_argument("--stable", type=float, default=3.0, help="seconds of 2xx only that count as recovered")
    o.set_defaults(run=outage)

    w = sub.add_parser("writes", help="sustained writes, then SIGKILL to the service")
    w.add_argument("--url", required=True)
    w.add_argument("--kill-pid", type=int, required=True)
    w.add_argument("--acked", required=True, help="JSON file for the acknowledged writes")
    w.add_argument("--threads", type=int, default=4)
    w.add_argument("--kill-after", type=float, default=2.0, help="seconds of writes before the kill, at least")
    w.add_argument("--min-acked", type=int, default=20,
                   help="acknowledged writes to wait for before the kill (up to 30 s); fewer make the test void")
    w.set_defaults(run=writes)

    v = sub.add_parser("verify", help="every acknowledged write exists")
    v.add_argument("--url", required=True)
    v.add_argument("--acked", required=True)
    v.set_defaults(run=verify)

    d = sub.add_parser("drain", help="writes in flight, then SIGTERM: graceful drain")
    d.add_argument("--url", required=True)
    d.add_argument("--management-url", required=True, help="base URL of the management port (health)")
    d.add_argument("--pid", type=int, required=True, help="the service's process, to signal and watch")
    d.add_argument("--acked", required=True, help="JSON file for the acknowledged writes (for verify)")
    d.add_argument("--threads", type=int, default=6)
    d.add_argument("--warmup", type=int, default=12, help="acknowledged writes before the signal, at least")
    d.add_argument("--min-in-flight", type=int, default=4,
                   help="writes sent and unanswered at the moment of the signal, at least; fewer make the test void")
    d.add_argument("--grace", type=duration, default=20.0,
                   help="the service's grace period (CONDUIT_SHUTDOWN_GRACE_PERIOD: 20s, 500ms, ...)")
    d.add_argument("--exit-margin", type=float, default=5.0, help="seconds beyond the grace period to exit in")
    d.add_argument("--slow", type=int, default=2, help="slow uploads: half sent before the signal, the rest after")
    d.add_argument("--settle", type=float, default=3.0,
                   help="seconds after the signal by which new connections and readiness must be refused")
    d.add_argument("--upload-delay", type=float, default=0.5,
                   help="seconds after the first refused connection to finish the slow uploads")
    d.add_argument("--signal", default="TERM", choices=["TERM", "KILL", "INT"],
                   help="signal to send; KILL shows the test failing")
    d.set_defaults(run=drain)

    args = parser.parse_args()
    try:
        failures = args.run(args)
    except SetupError as e:
        print(f"  SETUP ERROR: {e}")
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
