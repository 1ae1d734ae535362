#!/usr/bin/env bash
# The cost of one rate-limit check and the largest burst it lets through, for the fixed-window upsert the service
# used before issue 14, Bucket4j's PostgreSQL token buckets (issues 14 to 18) and the service's RateLimiter now (one
# upsert per check), side by side on one fresh database on the local PostgreSQL (src/test/java/conduit/ratelimit/RateLimiterBenchmark.java). A measurement: it exits 0 whatever the
# figures are. Run it alone on the machine.
#
#   bash bench/rate-limit.sh            # 5 s per case; BENCH_SECONDS=15 for longer
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" conduit.ratelimit.RateLimiterBenchmark \
  "${BENCH_SERVER:-jdbc:postgresql://127.0.0.1:5432/}" "${BENCH_SECONDS:-5}"
