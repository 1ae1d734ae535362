#!/usr/bin/env python3
"""After the SDK journeys ran through the flaky proxy: did every intended write happen exactly once, and did no
refresh race revoke a session? Prints what the proxy injected and what the database holds; exits 1 on a violation.

    python3 .ci/fault/check_writes.py --db conduit_x --proxy-log proxy.jsonl report1.json [report2.json ...]

A report is what a journey meant to write: {"users": {username: n}, "articles": {title: n},
"comments": {body: n}}, n the number of rows that must exist (1, or 0 for what it deleted on purpose).
"""
import argparse
import collections
import json
import subprocess
import sys

TABLES = {"users": ("users", "username"), "articles": ("articles", "title"), "comments": ("comments", "body")}


def query(db, sql, *params):
    # psql variables keep the values out of the SQL text (:'name' quotes them as literals).
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1"]
    for i, value in enumerate(params):
        command += ["-v", f"p{i}={value}"]
    result = subprocess.run(command, input=sql, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--proxy-log", required=True)
    parser.add_argument("reports", nargs="+")
    args = parser.parse_args()
    problems = []

    faults = collections.Counter()
    refresh_requests = 0
    with open(args.proxy_log) as log:
        for line in log:
            entry = json.loads(line)
            faults[entry["fault"]] += 1
            refresh_requests += entry["path"].endswith("/api/auth/refresh")
    total = sum(faults.values())
    print(f"proxy: {total} requests; " + ", ".join(f"{name} {faults[name]}" for name in
                                                  ("pass", "unavailable", "reset-before", "reset-after")) +
          f"; {refresh_requests} of them refreshes")
    for name in ("unavailable", "reset-before", "reset-after"):
        if faults[name] == 0:
            problems.append(f"the proxy injected no {name} fault: the run proves nothing about it")

    checked = 0
    for path in args.reports:
        with open(path) as file:
            report = json.load(file)
        for kind, expected in report.items():
            table, column = TABLES[kind]
            for value, want in expected.items():
                got = int(query(args.db, f"SELECT count(*) FROM {table} WHERE {column} = :'p0'", value))
                checked += 1
                if got != want:
                    problems.append(f"{kind} {value!r}: {got} rows, expected {want}")
    print(f"database: {checked} intended writes checked, {checked - sum(p.startswith(tuple(TABLES)) for p in problems)} as intended")

    spent = int(query(args.db, "SELECT count(*) FROM refresh_tokens WHERE spent_at IS NOT NULL"))
    reused = int(query(args.db, "SELECT count(*) FROM sessions WHERE revoked_reason = 'refresh-token-reuse'"))
    retried = int(query(args.db, """
        SELECT count(*) FROM (SELECT session_id FROM refresh_tokens GROUP BY session_id
                              HAVING count(*) > count(spent_at) + 1) s"""))
    print(f"sessions: {spent} refresh tokens spent (access tokens expired mid-journey), {retried} sessions with a"
          f" retried refresh, {reused} revoked for refresh-token reuse")
    if spent == 0:
        problems.append("no refresh happened: the access tokens never expired during the journeys")
    if reused:
        problems.append(f"{reused} sessions were revoked by refresh-token reuse (a refresh race)")

    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("every intended write exactly once; no session revoked by a refresh race")
    return 0


if __name__ == "__main__":
    sys.exit(main())
