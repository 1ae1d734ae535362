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
      Checks that every acknowledged write in FILE exists: GET /api/articles/{slug} is 200 with its title.

Exit status: 0 when every check passes, 1 when one fails, 2 on a setup error.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

CLIENT_TIMEOUT = 30.0  # seconds; a request still unanswered by then counts as a hang


class SetupError(Exception):
    pass


# ---------------------------------------------------------------- HTTP

class Result:
    """One request: what was asked, when (time.monotonic()), and what came back."""
    __slots__ = ("kind", "start", "end", "status", "headers", "body", "error")

    def __init__(self, kind, start, end, status=None, headers=None, body=b"", error=None):
        self.kind, self.start, self.end = kind, start, end
        self.status, self.headers, self.body, self.error = status, headers or {}, body, error

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
    """503 in the RealWorld error shape {"errors":{"body":["..."]}} with a positive Retry-After."""
    if result.status != 503:
        return False
    retry_after = {k.lower(): v for k, v in result.headers.items()}.get("retry-after", "")
    doc = result.json()
    messages = doc.get("errors", {}).get("body") if isinstance(doc, dict) and isinstance(doc.get("errors"), dict) else None
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
    listed = call(base, "count", "GET", f"/api/articles?author={recorded['username']}&limit=1")
    in_db = listed.json().get("articlesCount") if listed.status == 200 else None
    acked = len(recorded["writes"])
    print("  summary:")
    print(f"    writes acknowledged {acked}, verified {acked - len(missing)}, missing {len(missing)}")
    if in_db is not None:
        print(f"    articles by the writer in the database: {in_db}"
              + (f" ({in_db - acked} more than acknowledged: committed, but the answer was cut off by the kill)"
                 if in_db > acked else ""))
    c = Checks()
    c.check(not missing, "every acknowledged write is in the database after the restart", missing)
    c.check(in_db is not None and in_db >= acked, "the article count is at least the acknowledged writes",
            [listed.describe()])
    return c.failures


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

    args = parser.parse_args()
    try:
        failures = args.run(args)
    except SetupError as e:
        print(f"  SETUP ERROR: {e}")
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
