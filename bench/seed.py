#!/usr/bin/env python3
"""Seeds a running Conduit API with realistic data through its public API only.

    python3 bench/seed.py http://127.0.0.1:8080 out.json

Users register and log in, write articles with tags, follow each other, favorite articles and
comment on them, from a pool of threads with keep-alive connections. The sizes come from the
environment (BENCH_USERS, BENCH_ARTICLES, BENCH_COMMENTS, BENCH_FOLLOWS, BENCH_FAVORITES,
BENCH_SEED_THREADS; BENCH_SEED_SERIAL_ARTICLES=1 writes the articles one at a time, for backends whose
tag insert races). It writes a JSON file the benchmark reads: every user's credentials and
token, every article's slug, the user whose feed is measured and how many authors they follow.
Deterministic for a given size (random.Random(8)), so runs are comparable.
"""
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

USERS = int(os.environ.get("BENCH_USERS", "40"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "400"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "4000"))
FOLLOWS = int(os.environ.get("BENCH_FOLLOWS", "400"))
FAVORITES = int(os.environ.get("BENCH_FAVORITES", "2000"))
THREADS = int(os.environ.get("BENCH_SEED_THREADS", "16"))
SERIAL_ARTICLES = os.environ.get("BENCH_SEED_SERIAL_ARTICLES", "0") == "1"
PASSWORD = "bench-password-1"

WORDS = ("the of and to in is it that for you was with on as have but be they at one this from or had by "
         "not word what all were we when your can said there use an each which she do how their if will up "
         "other about out many then them these so some her would make like him into time has look two more "
         "write go see number no way could people my than first water been call who oil its now find long down "
         "day did get come made may part java micronaut postgres index query latency cache token feed article").split()
TAGS = ["java", "micronaut", "postgresql", "performance", "jvm", "rest", "api", "testing", "devops", "security",
        "kotlin", "swift", "typescript", "react", "nextjs", "docker", "kubernetes", "sql", "caching", "http",
        "design", "career", "opensource", "linux", "tutorial", "architecture", "mobile", "web", "cloud", "data"]

local = threading.local()


def connection(base):
    conn = getattr(local, "conn", None)
    if conn is None:
        url = urllib.parse.urlsplit(base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        local.conn = conn
    return conn


def call(base, method, path, body=None, token=None, expect=(200, 201)):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Token " + token
    data = json.dumps(body).encode() if body is not None else None
    for attempt in range(3):
        conn = connection(base)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except (http.client.HTTPException, OSError):
            conn.close()
            local.conn = None
            if attempt == 2:
                raise
            continue
        if response.status not in expect:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:300]!r}")
        return json.loads(payload) if payload else None


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def article_body(rng):
    paragraphs = [sentence(rng, rng.randint(30, 80)) + "." for _ in range(rng.randint(3, 8))]
    return "\n\n".join(["## " + sentence(rng, 4)] + paragraphs)


def main():
    base, out = sys.argv[1].rstrip("/"), sys.argv[2]
    rng = random.Random(8)
    started = time.monotonic()
    pool = ThreadPoolExecutor(THREADS)

    def register(i):
        name = f"bench_user_{i:03d}"
        user = call(base, "POST", "/api/users", {"user": {
            "username": name, "email": f"{name}@example.com", "password": PASSWORD}})["user"]
        if i % 3 == 0:
            # The unchanged email and username are sent too: some backends blank the fields a PUT omits.
            call(base, "PUT", "/api/user", {"user": {"email": user["email"], "username": name,
                                                     "bio": sentence(random.Random(i), 12) + ".",
                                                     "image": f"https://i.example.com/{name}.png"}},
                 token=user["token"])
        return {"username": name, "email": f"{name}@example.com", "password": PASSWORD, "token": user["token"]}

    users = list(pool.map(register, range(USERS)))
    t_users = time.monotonic()

    # Prolific authors write more (a skewed distribution), tags follow a Zipf-like popularity.
    weights = [1.0 / (1 + i % 10) for i in range(USERS)]
    tag_weights = [1.0 / (1 + i) for i in range(len(TAGS))]
    plans = []
    for i in range(ARTICLES):
        author = rng.choices(range(USERS), weights)[0]
        tags = []
        for _ in range(rng.randint(0, 5)):
            tag = rng.choices(TAGS, tag_weights)[0]
            if tag not in tags:
                tags.append(tag)
        plans.append((author, {"article": {"title": f"{sentence(rng, rng.randint(3, 8))} {i}",
                                           "description": sentence(rng, rng.randint(8, 20)) + ".",
                                           "body": article_body(rng), "tagList": tags}}))

    def write(plan):
        author, body = plan
        return call(base, "POST", "/api/articles", body, token=users[author]["token"])["article"]["slug"]

    slugs = [write(plan) for plan in plans] if SERIAL_ARTICLES else list(pool.map(write, plans))
    t_articles = time.monotonic()

    # The feed user follows FEED_FOLLOWS authors; the other follows are spread at random.
    feed_user = 0
    pairs = set()
    by_output = sorted(range(1, USERS), key=lambda u: -weights[u])
    for followee in by_output[:min(10, USERS - 1)]:
        pairs.add((feed_user, followee))
    while len(pairs) < min(FOLLOWS, USERS * (USERS - 1)):
        a, b = rng.randrange(USERS), rng.randrange(USERS)
        if a != b:
            pairs.add((a, b))
    favorites = set()
    while len(favorites) < min(FAVORITES, USERS * ARTICLES):
        favorites.add((rng.randrange(USERS), rng.randrange(ARTICLES)))
    comments = [(rng.randrange(USERS), rng.randrange(ARTICLES), sentence(rng, rng.randint(5, 40)) + ".")
                for _ in range(COMMENTS)]

    def follow(pair):
        call(base, "POST", f"/api/profiles/{users[pair[1]]['username']}/follow", token=users[pair[0]]["token"])

    def favorite(pair):
        call(base, "POST", f"/api/articles/{slugs[pair[1]]}/favorite", token=users[pair[0]]["token"])

    def comment(c):
        call(base, "POST", f"/api/articles/{slugs[c[1]]}/comments", {"comment": {"body": c[2]}},
             token=users[c[0]]["token"])

    list(pool.map(follow, sorted(pairs)))
    list(pool.map(favorite, sorted(favorites)))
    t_social = time.monotonic()
    list(pool.map(comment, comments))
    t_comments = time.monotonic()
    pool.shutdown()

    feed_follows = sum(1 for a, _ in pairs if a == feed_user)
    summary = {
        "users": users, "slugs": slugs, "feed_user": feed_user, "feed_follows": feed_follows,
        "counts": {"users": USERS, "articles": ARTICLES, "comments": COMMENTS, "follows": len(pairs),
                   "favorites": len(favorites)},
        "seconds": {"users": round(t_users - started, 1), "articles": round(t_articles - t_users, 1),
                    "follows_favorites": round(t_social - t_articles, 1),
                    "comments": round(t_comments - t_social, 1), "total": round(t_comments - started, 1)},
    }
    with open(out, "w") as f:
        json.dump(summary, f)
    c, s = summary["counts"], summary["seconds"]
    print(f"seeded {c['users']} users ({s['users']} s), {c['articles']} articles ({s['articles']} s), "
          f"{c['follows']} follows + {c['favorites']} favorites ({s['follows_favorites']} s), "
          f"{c['comments']} comments ({s['comments']} s): {s['total']} s with {THREADS} threads")


if __name__ == "__main__":
    main()
