#!/usr/bin/env python3
"""Summarises a JFR recording's execution samples: where the JVM's request threads spend their time.

    python3 bench/profile.py recording.jfr [top]

Prints, for the jdk.ExecutionSample events (Java code on CPU, sampled every 10-20 ms by the profile settings):
  - the share of samples by area: a sample counts for an area when any frame of its stack is in it (so areas overlap
    and do not sum to 100 %); the areas are the per-request costs issue 18 asks about;
  - the top frames by self time (the method on top of the stack), and the top methods of our own code (conduit.*)
    by inclusive time.
Needs the JDK's `jfr` tool on the PATH.
"""
import collections
import json
import subprocess
import sys

AREAS = [
    ("access log (logback, JSON line encoder)", ("ch.qos.logback.", "net.logstash.", "conduit.system.AccessLogFilter", "conduit.system.JsonLineEncoder")),
    ("ETag and caching filter", ("conduit.system.HttpCachingFilter", "conduit.system.Etags")),
    ("JSON writing (serde, Jackson)", ("io.micronaut.serde.", "com.fasterxml.jackson.")),
    ("security and session checks", ("io.micronaut.security.", "conduit.auth.")),
    ("rate limit", ("conduit.ratelimit.",)),
    ("consistency token (filters, WAL query)", ("conduit.consistency.ConsistencyFilter",
                                                "conduit.consistency.WriteTokenFilter",
                                                "conduit.consistency.ConsistencyQueries")),
    ("other filters of ours", ("conduit.system.OriginFilter", "conduit.system.RequestSanityFilter",
                               "conduit.system.SecurityHeadersFilter", "conduit.apitoken.ScopeFilter",
                               "conduit.realtime.TicketFilter")),
    ("validation (Micronaut's, of arguments and answers)", ("io.micronaut.validation.", "jakarta.validation.")),
    ("JDBC driver and pool", ("org.postgresql.", "com.zaxxer.hikari.")),
    ("transactions, with the SQL they wrap", ("io.micronaut.transaction.", "io.micronaut.data.")),
    ("routing and filter chain (Micronaut HTTP)", ("io.micronaut.http.server.", "io.micronaut.web.router.",
                                                   "io.micronaut.http.filter.", "io.micronaut.http.reactive.")),
    ("Netty (I/O, HTTP codec)", ("io.netty.",)),
    ("Argon2id", ("conduit.user.Argon2id",)),
    ("our code, all of it (conduit.*)", ("conduit.",)),
]


def frames(event):
    stack = event.get("values", {}).get("stackTrace") or {}
    for frame in stack.get("frames", []):
        method = frame.get("method", {})
        yield method.get("type", {}).get("name", "?").replace("/", ".") + "." + method.get("name", "?")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample",
                          sys.argv[1]], capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    total = len(events)
    if not total:
        print("no execution samples")
        return
    areas = collections.Counter()
    self_time = collections.Counter()
    ours = collections.Counter()
    for event in events:
        stack = list(frames(event))
        if stack:
            self_time[stack[0]] += 1
        for label, prefixes in AREAS:
            if any(frame.startswith(prefixes) for frame in stack):
                areas[label] += 1
        for method in set(f for f in stack if f.startswith("conduit.")):
            ours[method] += 1
    print(f"{total} samples")
    print("share of samples by area (a sample counts for every area on its stack):")
    for label, _ in AREAS:
        print(f"  {100.0 * areas[label] / total:5.1f} %  {label}")
    print(f"top {top} frames by self time:")
    for method, count in self_time.most_common(top):
        print(f"  {100.0 * count / total:5.1f} %  {method}")
    print(f"top {top} methods of ours by inclusive time:")
    for method, count in ours.most_common(top):
        print(f"  {100.0 * count / total:5.1f} %  {method}")


if __name__ == "__main__":
    main()
