#!/usr/bin/env python3
"""The load of bench/soak.sh: comments at a steady rate, and once a minute what the job queue looks like.

    python3 bench/soak.py --url http://127.0.0.1:8080 --db conduit_soak --rate 100 --minutes 12 --log service.log

Registers --users users with one article each; then commenters post on each other's articles at --rate comments/s
(paced per second, from --threads threads with keep-alive connections). Every minute it prints the comments sent
(and failed), the jobs queued, due but not yet run ("overdue"), running, done and dead, the age of the oldest overdue
job, and the size of the service's log. Exit 0 whatever the figures are: a measurement, not a test.
"""
import argparse
import http.client
import json
import os
import random
import subprocess
import threading
import time
import urllib.parse


def request(connection, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Token " + token
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data else None)


def psql(db, sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-X", "-A", "-t", "-F", " ", "-c", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=12)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    target = urllib.parse.urlsplit(args.url)

    def connect():
        return http.client.HTTPConnection(target.hostname, target.port, timeout=30)

    setup = connect()
    run = f"{int(time.time())}{random.randint(0, 999)}"
    people = []
    for i in range(args.users):
        name = f"soak{run}u{i}"
        status, body = request(setup, "POST", "/api/users",
                               {"user": {"username": name, "email": f"{name}@example.com", "password": "soak-password"}})
        assert status == 201, (status, body)
        token = body["user"]["token"]
        status, body = request(setup, "POST", "/api/articles",
                               {"article": {"title": f"Soak {name}", "description": "d", "body": "b"}}, token)
        assert status == 201, (status, body)
        people.append((token, body["article"]["slug"]))
    print(f"seeded {args.users} users with an article each; {args.rate} comments/s for {args.minutes} min", flush=True)

    sent = failed = 0
    counter = threading.Lock()
    tickets = threading.Semaphore(0)
    stop = threading.Event()

    def worker():
        nonlocal sent, failed
        connection = connect()
        while not stop.is_set():
            if not tickets.acquire(timeout=0.5):
                continue
            token, _ = random.choice(people)
            _, slug = random.choice(people)
            try:
                status, _ = request(connection, "POST", f"/api/articles/{slug}/comments",
                                    {"comment": {"body": f"soak {time.time()}"}}, token)
                ok = status == 201
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = connect()
                ok = False
            with counter:
                sent += ok
                failed += not ok

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    for thread in threads:
        thread.start()

    print("minute  sent  failed  queued  overdue  running  done   dead  oldest_overdue_s  log_MB", flush=True)
    started = time.time()
    next_report = started + 60
    minute = 0
    while time.time() - started < args.minutes * 60:
        second = time.time()
        for _ in range(args.rate):
            tickets.release()
        time.sleep(max(0.0, 1 - (time.time() - second)))
        if time.time() >= next_report:
            minute += 1
            next_report += 60
            row = psql(args.db, """
                SELECT count(*) FILTER (WHERE state = 'queued'),
                       count(*) FILTER (WHERE state = 'queued' AND run_at < now()),
                       count(*) FILTER (WHERE state = 'running'),
                       count(*) FILTER (WHERE state = 'done'),
                       count(*) FILTER (WHERE state = 'dead'),
                       coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE state = 'queued' AND run_at < now()))::int, 0)
                FROM jobs""").split()
            size = os.path.getsize(args.log) / 1e6 if os.path.exists(args.log) else 0
            with counter:
                print(f"{minute:6d} {sent:5d} {failed:7d} " + " ".join(f"{v:>7}" for v in row[:5]) +
                      f" {row[5]:>17} {size:7.1f}", flush=True)
    stop.set()


if __name__ == "__main__":
    main()
