#!/usr/bin/env bash
# The benchmark of issue 8: seeds a fresh database through the public API, then measures
#   - throughput and latency of seven endpoints with wrk (the list anonymous and signed in) (32 connections, after a warm-up),
#   - startup time to the first served request (median of several starts) and RSS after the load,
#   - pgbench on the exact SQL the list and the feed endpoints send, same data, same concurrency,
# and prints a summary table. A measurement, not a test: it exits 0 whatever the figures are.
#
#   bash bench/run.sh                       # from the repository root; builds the jar if missing
#   BENCH_DURATION=30 bash bench/run.sh     # longer runs
#
# Knobs (environment): BENCH_DURATION (s, default 15), BENCH_WARMUP (s per endpoint, 10), BENCH_CONNECTIONS (32),
# BENCH_THREADS (wrk/pgbench threads, 2), BENCH_STARTS (timed starts, 5), BENCH_JAVA (the JDK's java; default: a
# JDK 25 under /usr/lib/jvm, as in the Dockerfile, else java), BENCH_AOT (1: as the Dockerfile, train an AOT cache
# with deploy/aot-training.sh on a scratch database and run the measured service with it, and time starts with and
# without it; 0: no cache), BENCH_JAVA_OPTS (JVM flags of the measured service;
# default: the Dockerfile's), BENCH_NOFLAGS_STARTS (starts also timed with no JVM flags at all, for comparison;
# default 0: skip), BENCH_QUIET (wait before each measurement until the machine's CPU is at most this % busy
# over a second, default 15, at most BENCH_QUIET_WAIT s, default 120), BENCH_SERVICE_ENV (extra VAR=value settings for it, space-separated), and the
# seed sizes of bench/seed.py (BENCH_USERS, BENCH_ARTICLES, BENCH_COMMENTS, BENCH_FOLLOWS, BENCH_FAVORITES),
# BENCH_REFERENCE (a command that starts a reference RealWorld backend, with {port} where its HTTP port goes, e.g.
# 'java -jar /tmp/ref/app.jar --server.port={port}': it is started and seeded the same way through its API while
# our service idles, each endpoint is measured on it right after ours, and the summary prints the ratios; it is
# never built or committed here, see docs/BENCHMARKS.md), BENCH_ENDPOINTS (which of "tags article list list-signed-in feed comment login" to load; default all), BENCH_PROFILE (1: after
# each endpoint's measured run, one more run of BENCH_PROFILE_SECONDS (10) under JFR's profile settings, summarised by
# bench/profile.py into profile-<endpoint>.txt; the measured figures carry no profiler overhead).
#
# The service runs with rate limits ON but raised far above what the benchmark reaches, so the limiter's
# work (one SQL upsert per write) is measured while seeding and writing are never refused. Everything
# else is the production default: access log at INFO (to a file), pool size 10, the Dockerfile's JVM flags.
# Outputs (logs, wrk and pgbench output, results.tsv) go to target/bench/<time>/. Needs root for
# apt-get only when wrk is missing; reads the PostgreSQL server log to capture the SQL.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
STARTS=${BENCH_STARTS:-5}
JAVA=${BENCH_JAVA:-$(ls -d /usr/lib/jvm/*-25-*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
export PATH="$JDK_BIN:$PATH"   # jcmd and jfr (bench/profile.py) of the same JDK
AOT=${BENCH_AOT:-1}
if [ "$AOT" = 1 ] && ! "$JAVA" -XX:AOTMode=off -version >/dev/null 2>&1; then
  echo "$JAVA has no AOT cache (JDK 24+); running without one" >&2
  AOT=0
fi
QUIET=${BENCH_QUIET:-15}
QUIET_WAIT=${BENCH_QUIET_WAIT:-120}
# The production JVM flags of the Dockerfile (JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX there); BENCH_JAVA_OPTS=' '
# (a space) measures the JVM's defaults instead.
PRODUCTION_JAVA_OPTS="-XX:+UseSerialGC -Xmx112m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000"
JAVA_OPTS=${BENCH_JAVA_OPTS:-$PRODUCTION_JAVA_OPTS}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
NOFLAGS_STARTS=${BENCH_NOFLAGS_STARTS:-0}
ENDPOINTS=${BENCH_ENDPOINTS:-tags article list list-signed-in feed comment login}
PROFILE=${BENCH_PROFILE:-0}
PROFILE_SECONDS=${BENCH_PROFILE_SECONDS:-10}
PGHOST=127.0.0.1
PGUSER=postgres
export PGHOST PGUSER
BENCH_DIR=$(pwd)/bench
export BENCH_DIR
OUT=target/bench/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: >"$RESULTS"

log() { printf '\n== %s  [load %s]\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

# wait_quiet: waits until the whole machine's CPU was at most QUIET % busy over one second (other work, the last
# run's tail, a JIT still compiling), at most QUIET_WAIT seconds; prints how long it waited and what it saw.
busy_percent() {
  local a b
  read -r -a a < <(head -1 /proc/stat)
  sleep 1
  read -r -a b < <(head -1 /proc/stat)
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}
wait_quiet() {
  local waited=0 busy
  busy=$(busy_percent)
  while (( busy > QUIET && waited < QUIET_WAIT )); do busy=$(busy_percent); waited=$((waited + 1)); done
  QUIET_NOTE="quiet-wait ${waited}s, then ${busy}% busy"
  (( busy <= QUIET )) || echo "(the machine did not get quiet: ${busy}% busy after ${QUIET_WAIT} s; measuring anyway)"
}

# ---------------------------------------------------------------------------------------------- tools
if ! command -v wrk >/dev/null; then
  log "installing wrk (apt-get)"
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1)
PG_LOG=${BENCH_PG_LOG:-$(ls -t /var/log/postgresql/postgresql-*-main.log 2>/dev/null | head -1)}
if [ ! -f target/conduit-api.jar ]; then
  log "building target/conduit-api.jar"
  ./mvnw -B -q package -DskipTests
fi

# ------------------------------------------------------------------------------------- the machine
MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
JDK=$("$JAVA" -version 2>&1 | head -2 | tail -1)
PG_VERSION=$(psql -Atc 'SHOW server_version' postgres)
printf 'machine: %s\njdk: %s\npostgresql: %s\nwrk: %s\nstarted with load: %s\n' "$MACHINE" "$JDK" "$PG_VERSION" \
  "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/machine.txt"

# --------------------------------------------------------------------------------- service control
DB="conduit_bench_$(date +%s)_$RANDOM"
JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')   # one secret for every start: seeded tokens stay valid
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)
URL=http://127.0.0.1:$PORT
SERVICE_PID=

cleanup() {
  stop_service
  stop_reference
  [ -z "${OUR_PID:-}" ] || { kill "$OUR_PID" 2>/dev/null || true; }
  psql -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU time (user + system, ms) the processes have used so far.
cpu_ms() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}

# start_service <log> [JVM flags...]: starts the jar and waits for the first 200 from GET /api/tags;
# sets STARTUP_MS (process start to that answer) and STARTUP_CPU_MS (CPU the JVM used until then).
start_service() {
  local logfile=$1 started now
  shift
  started=$(date +%s%N)
  # shellcheck disable=SC2086  # JAVA_OPTS and BENCH_SERVICE_ENV are word lists on purpose
  env DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
    CONDUIT_JWT_SECRET="$JWT_SECRET" \
    MICRONAUT_SERVER_PORT="$PORT" \
    CONDUIT_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
    CONDUIT_RATE_LIMIT_REGISTRATIONS_PER_ADDRESS=1000000/1h \
    CONDUIT_RATE_LIMIT_WRITES_PER_USER=1000000/1m \
    ${BENCH_SERVICE_ENV:-} \
    "$JAVA" $JAVA_OPTS "$@" -jar target/conduit-api.jar >"$logfile" 2>&1 &
  SERVICE_PID=$!
  until curl -fs -o /dev/null "$URL/api/tags"; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "the service died on startup; its log ($logfile):" >&2
      tail -50 "$logfile" >&2
      SERVICE_PID=
      exit 1
    fi
    now=$(date +%s%N)
    if (( (now - started) / 1000000000 > 120 )); then
      echo "the service did not answer within 120 s; log: $logfile" >&2
      exit 1
    fi
    sleep 0.01
  done
  now=$(date +%s%N)
  STARTUP_CPU_MS=$(cpu_ms "$SERVICE_PID")
  STARTUP_MS=$(( (now - started) / 1000000 ))
}

stop_service() {
  if [ -n "${SERVICE_PID:-}" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=
  fi
}

REF_PID=
stop_reference() {
  if [ -n "${REF_PID:-}" ]; then
    kill "$REF_PID" 2>/dev/null || true
    wait "$REF_PID" 2>/dev/null || true
    REF_PID=
  fi
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

# ------------------------------------------------------------------------------------- AOT cache
# As the Dockerfile does: a training run (deploy/aot-training.sh) on a scratch database, so the seeded data stays
# the same; every later start of the service uses the cache (SERVICE_FLAGS), except the starts timed without it.
SERVICE_FLAGS=()
if [ "$AOT" = 1 ]; then
  log "AOT cache: the training run (deploy/aot-training.sh, as in the Dockerfile)"
  psql -qc "CREATE DATABASE ${DB}_aot" postgres
  # shellcheck disable=SC2086
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/${DB}_aot" AOT_TRAINING_JAVA_OPTS="$JAVA_OPTS" \
    AOT_TRAINING_LOG="$OUT/aot-training.log" deploy/aot-training.sh "$JAVA" target/conduit-api.jar "$OUT/conduit.aot"
  psql -qc "DROP DATABASE ${DB}_aot WITH (FORCE)" postgres
  SERVICE_FLAGS=(-XX:AOTCache="$OUT/conduit.aot" -XX:AOTMode=on)
fi

# ------------------------------------------------------------------------------------------- seed
log "first start on an empty database (creates it, runs the migrations)"
start_service "$OUT/service-seed.log" "${SERVICE_FLAGS[@]}"
FIRST_START_MS=$STARTUP_MS
echo "first start: $FIRST_START_MS ms"
log "seeding through the API"
python3 bench/seed.py "$URL" "$OUT/seed.json" | tee "$OUT/seed.txt"
stop_service
psql -qc "VACUUM ANALYZE" "$DB"

json() { python3 -c "import json, sys; d = json.load(open('$OUT/seed.json')); print($1)"; }
FEED_TOKEN=$(json "d['users'][d['feed_user']]['token']")
SLUG=$(json "d['slugs'][len(d['slugs']) // 2]")
LOGIN_EMAIL=$(json "d['users'][1]['email']")
LOGIN_PASSWORD=$(json "d['users'][1]['password']")
json "'\n'.join(u['token'] + ' ' + d['slugs'][(i * 7) % len(d['slugs'])] for i, u in enumerate(d['users']))" >"$OUT/comment-targets.txt"

# ------------------------------------------------------------------- capture the SQL the service sends
log "capturing the SQL of the list and the feed (log_statement = all, on a separate start)"
if [ -z "$PG_LOG" ] || [ ! -r "$PG_LOG" ]; then
  echo "cannot read the PostgreSQL server log (set BENCH_PG_LOG); the pgbench comparison needs it" >&2
  exit 1
fi
psql -qc "ALTER DATABASE $DB SET log_statement = 'all'" postgres
start_service "$OUT/service-capture.log" "${SERVICE_FLAGS[@]}"
curl -fs -o /dev/null -H "Authorization: Token $FEED_TOKEN" "$URL/api/articles/feed"   # the token's user check, once
sleep 0.3
OFFSET=$(stat -c %s "$PG_LOG")
curl -fs -o /dev/null -H "Authorization: Token $FEED_TOKEN" "$URL/api/articles"   # signed in: the database's path
sleep 0.5
python3 bench/capture.py "$PG_LOG" "$OFFSET" "$DB" list "$OUT"
OFFSET=$(stat -c %s "$PG_LOG")
curl -fs -o /dev/null -H "Authorization: Token $FEED_TOKEN" "$URL/api/articles/feed"
sleep 0.5
python3 bench/capture.py "$PG_LOG" "$OFFSET" "$DB" feed "$OUT"
stop_service
psql -qc "ALTER DATABASE $DB RESET log_statement" postgres

# ------------------------------------------------------------------------------------------ startup
CDS_STARTUPS=() CDS_CPU=()
if [ "$AOT" = 1 ]; then
  log "startup without the AOT cache, $STARTS starts"
  for ((i = 1; i <= STARTS; i++)); do
    wait_quiet
    start_service "$OUT/service-nocache-$i.log"
    CDS_STARTUPS+=("$STARTUP_MS") CDS_CPU+=("$STARTUP_CPU_MS")
    echo "start $i: $STARTUP_MS ms (JVM CPU $STARTUP_CPU_MS ms)"
    stop_service
  done
fi
NOFLAGS_STARTUPS=() NOFLAGS_CPU=()
if ((NOFLAGS_STARTS > 0)); then
  log "startup with no JVM flags (the JVM's defaults, for comparison), $NOFLAGS_STARTS starts"
  SAVED_JAVA_OPTS=$JAVA_OPTS JAVA_OPTS=
  for ((i = 1; i <= NOFLAGS_STARTS; i++)); do
    wait_quiet
    MALLOC_ARENA_MAX= start_service "$OUT/service-noflags-$i.log"
    NOFLAGS_STARTUPS+=("$STARTUP_MS") NOFLAGS_CPU+=("$STARTUP_CPU_MS")
    echo "start $i: $STARTUP_MS ms (JVM CPU $STARTUP_CPU_MS ms)"
    stop_service
  done
  JAVA_OPTS=$SAVED_JAVA_OPTS
fi
log "startup to the first served request, $STARTS starts on the seeded database (JVM flags: ${JAVA_OPTS:-none} ${SERVICE_FLAGS[*]})"
STARTUPS=() STARTUP_CPU=()
for ((i = 1; i <= STARTS; i++)); do
  wait_quiet
  start_service "$OUT/service-start-$i.log" "${SERVICE_FLAGS[@]}"
  STARTUPS+=("$STARTUP_MS") STARTUP_CPU+=("$STARTUP_CPU_MS")
  echo "start $i: $STARTUP_MS ms (JVM CPU $STARTUP_CPU_MS ms)"
  if ((i < STARTS)); then stop_service; fi
done
STARTUP_MEDIAN=$(printf '%s\n' "${STARTUPS[@]}" | median)
STARTUP_CPU_MEDIAN=$(printf '%s\n' "${STARTUP_CPU[@]}" | median)
echo "median: $STARTUP_MEDIAN ms, JVM CPU $STARTUP_CPU_MEDIAN ms (the last start stays up for the load)"

# --------------------------------------------------------------------------------------------- wrk
# The machine's CPU time stolen by its host (a virtual machine's neighbours), in clock ticks so far: a run with
# steal measured a slower machine than one without.
steal_ticks() { awk '/^cpu /{print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# run_wrk <name> <path> [script] [env...]: warm-up, then the measured run; appends a line to $RESULTS
# (name, req/s, p50, p99, errors, load, JVM ms, PG ms per request, % of the machine's CPU stolen during the run).
# Outputs go to $OUT/${WRK_PREFIX}wrk-<name>*.txt.
WRK_PREFIX=
run_wrk() {
  local name=$1 path=$2 script=${3:-get.lua}
  shift 3 || shift $#
  local load
  wait_quiet
  env "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 30s -s "bench/wrk/$script" "$URL$path" >"$OUT/${WRK_PREFIX}wrk-$name-warmup.txt" 2>&1
  load=$(cut -d' ' -f1 /proc/loadavg)
  # The pool's connections are open after the warm-up; their backends' CPU is PostgreSQL's share.
  local backends jvm0 pg0 jvm1 pg1
  backends=$(psql -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" postgres)
  # shellcheck disable=SC2086
  jvm0=$(cpu_ms "$SERVICE_PID") pg0=$(cpu_ms $backends)
  local steal0 steal1
  steal0=$(steal_ticks)
  env "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency -s "bench/wrk/$script" "$URL$path" \
    >"$OUT/${WRK_PREFIX}wrk-$name.txt" 2>&1
  # shellcheck disable=SC2086
  jvm1=$(cpu_ms "$SERVICE_PID") pg1=$(cpu_ms $backends)
  steal1=$(steal_ticks)
  local steal
  steal=$(awk -v a="$steal0" -v b="$steal1" 'BEGIN {split(a, x, " "); split(b, y, " ");
    printf "%.1f", (y[2] > x[2]) ? 100 * (y[1] - x[1]) / (y[2] - x[2]) : 0}')
  local line requests duration p50 p99 errors non2xx
  line=$(grep '^BENCH ' "$OUT/${WRK_PREFIX}wrk-$name.txt")
  eval "$(echo "${line#BENCH }" | tr ' ' '\n' | sed 's/^/local /')"
  awk -v n="$name" -v r="$requests" -v d="$duration_us" -v p50="$p50_us" -v p99="$p99_us" -v e="$errors" \
    -v x="$non2xx" -v l="$load" -v j=$((jvm1 - jvm0)) -v p=$((pg1 - pg0)) -v st="$steal" \
    'BEGIN {printf "%s\t%.0f\t%.1f\t%.1f\t%d\t%s\t%.2f\t%.2f\t%s\n", n, r / (d / 1e6), p50 / 1000, p99 / 1000, e + x, l,
            r ? j / r : 0, r ? p / r : 0, st}' >>"$RESULTS"
  tail -1 "$RESULTS" | awk -F'\t' -v who="${WRK_PREFIX%-}" '{printf "%-8s %7s req/s  p50 %7s ms  p99 %7s ms  errors+non-2xx %s  CPU/request: JVM %s ms, PostgreSQL %s ms  load %s  steal %s%%  %s\n", $1, $2, $3, $4, $5, $7, $8, $6, $9, who}'
  echo "         ($QUIET_NOTE before the warm-up)"
  if [ "$PROFILE" = 1 ]; then
    # A separate run under JFR's profile settings, so the figures above carry no profiler overhead.
    "$JDK_BIN/jcmd" "$SERVICE_PID" JFR.start name="$name" settings=profile >/dev/null
    env "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${PROFILE_SECONDS}s" --timeout 30s -s "bench/wrk/$script" "$URL$path" \
      >"$OUT/${WRK_PREFIX}wrk-$name-profiled.txt" 2>&1
    "$JDK_BIN/jcmd" "$SERVICE_PID" JFR.stop name="$name" filename="$(pwd)/$OUT/profile-$name.jfr" >/dev/null
    python3 bench/profile.py "$OUT/profile-$name.jfr" >"$OUT/profile-$name.txt"
    sed 's/^/    /' "$OUT/profile-$name.txt" | head -"${BENCH_PROFILE_LINES:-22}"
  fi
}
wanted() { [[ " $ENDPOINTS " == *" $1 "* ]]; }

# --------------------------------------------------------------------------------------- reference
# Started and seeded while our service idles; then each endpoint is measured on ours and right after on the
# reference, so both see the machine as it is at that moment (a virtual machine's speed drifts over a run).
REF_STARTUP_MS= REF_RSS_MB= REF_URL=
: >"$OUT/reference.tsv"
# ref <python expression over d>: a figure of the reference's seed (nothing without a reference).
ref() { [ -s "$OUT/reference-seed.json" ] || return 0; python3 -c "import json; d = json.load(open('$OUT/reference-seed.json')); print($1)"; }
if [ -n "${BENCH_REFERENCE:-}" ]; then
  REF_PORT=$(free_port)
  REF_URL=http://127.0.0.1:$REF_PORT
  log "the reference: ${BENCH_REFERENCE//\{port\}/$REF_PORT}"
  wait_quiet
  started=$(date +%s%N)
  # shellcheck disable=SC2086  # a command line on purpose
  ${BENCH_REFERENCE//\{port\}/$REF_PORT} >"$OUT/reference.log" 2>&1 &
  REF_PID=$!
  until curl -fs -o /dev/null "$REF_URL/api/tags"; do
    kill -0 "$REF_PID" 2>/dev/null || { tail -30 "$OUT/reference.log" >&2; echo "the reference died" >&2; exit 1; }
    (( ($(date +%s%N) - started) / 1000000000 < 180 )) || { echo "the reference did not answer in 180 s" >&2; exit 1; }
    sleep 0.01
  done
  REF_STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "reference answered after $REF_STARTUP_MS ms (JVM CPU $(cpu_ms "$REF_PID") ms)"
  log "seeding the reference through its API (bench/seed.py, the same sizes)"
  # Its articles one at a time: a reference backend may insert new tags without a unique constraint.
  BENCH_SEED_SERIAL_ARTICLES=1 python3 bench/seed.py "$REF_URL" "$OUT/reference-seed.json" | tee "$OUT/reference-seed.txt"
  ref "'\n'.join(u['token'] + ' ' + d['slugs'][(i * 7) % len(d['slugs'])] for i, u in enumerate(d['users']))" \
    >"$OUT/reference-comment-targets.txt"
fi

# on_reference <command...>: runs a run_wrk on the reference instead of our service (no profile, no PostgreSQL).
on_reference() {
  [ -n "$REF_PID" ] || return 0
  local url=$URL results=$RESULTS profile=$PROFILE db=$DB
  OUR_PID=$SERVICE_PID   # for cleanup, should the run end here
  URL=$REF_URL RESULTS=$OUT/reference.tsv SERVICE_PID=$REF_PID PROFILE=0 DB=none-the-reference WRK_PREFIX=reference-
  "$@"
  URL=$url RESULTS=$results SERVICE_PID=$OUR_PID PROFILE=$profile DB=$db WRK_PREFIX= OUR_PID=
}

log "wrk: -t$THREADS -c$CONNECTIONS, ${WARMUP} s warm-up then ${DURATION} s measured, per endpoint$([ -n "$REF_PID" ] && echo ", ours then the reference")"
if wanted tags; then
  run_wrk tags /api/tags
  on_reference run_wrk tags /api/tags
fi
if wanted article; then
  run_wrk article "/api/articles/$SLUG"
  on_reference run_wrk article "/api/articles/$(ref "d['slugs'][len(d['slugs']) // 2]")"
fi
if wanted list; then
  run_wrk list /api/articles
  on_reference run_wrk list /api/articles
fi
# The list again, signed in: an anonymous page is answered from the instance's copy (PublicArticles), a signed-in
# reader's (with favorited and following of its own) from the database; this is the one pgbench is compared with.
if wanted list-signed-in; then
  run_wrk list-signed-in /api/articles get.lua BENCH_TOKEN="$FEED_TOKEN"
  on_reference run_wrk list-signed-in /api/articles get.lua BENCH_TOKEN="$(ref "d['users'][d['feed_user']]['token']")"
fi
if wanted feed; then
  run_wrk feed /api/articles/feed get.lua BENCH_TOKEN="$FEED_TOKEN"
  on_reference run_wrk feed /api/articles/feed get.lua BENCH_TOKEN="$(ref "d['users'][d['feed_user']]['token']")"
fi
READ_RSS_MB=$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status")
echo "RSS after the read endpoints: $READ_RSS_MB MB"
if wanted comment; then
  run_wrk comment /api/articles comment.lua BENCH_TARGETS="$OUT/comment-targets.txt"
  on_reference run_wrk comment /api/articles comment.lua BENCH_TARGETS="$OUT/reference-comment-targets.txt"
fi
if wanted login; then
  run_wrk login /api/users/login login.lua BENCH_EMAIL="$LOGIN_EMAIL" BENCH_PASSWORD="$LOGIN_PASSWORD"
  on_reference run_wrk login /api/users/login login.lua BENCH_EMAIL="$(ref "d['users'][1]['email']")" \
    BENCH_PASSWORD="$(ref "d['users'][1]['password']")"
fi
if [ -n "$REF_PID" ]; then
  REF_RSS_MB=$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$REF_PID/status")
  stop_reference
fi

RSS_MB=$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status")
HWM_MB=$(awk '/VmHWM/{printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status")
# RSS splits into anonymous memory (heap, metaspace, code, stacks, malloc) and file pages (the jar, the JDK's
# modules, the AOT cache: mapped read-only, shared by every JVM that maps the same file, reclaimable).
RSS_SPLIT=$(awk '/RssAnon/{a=$2} /RssFile/{f=$2} /RssShmem/{s=$2} END {printf "anonymous %.0f MB, file-backed %.0f MB, shared memory %.0f MB", a/1024, f/1024, s/1024}' "/proc/$SERVICE_PID/status")
echo "RSS after the load: $RSS_MB MB ($RSS_SPLIT; peak $HWM_MB MB; after the read endpoints only: $READ_RSS_MB MB)"
stop_service

# ------------------------------------------------------------------------------------ one hash alone
HASH_ALONE=
if wanted login; then
  log "one Argon2id hash alone, one thread, the same JVM flags (bench/HashAlone.java)"
  # shellcheck disable=SC2086
  { "$JAVA" $JAVA_OPTS -cp target/conduit-api.jar bench/HashAlone.java 40 2>&1 || echo "(bench/HashAlone.java failed)"; } \
    | tee "$OUT/hash-alone.txt"
  HASH_ALONE=$(awk '/^ours/{for (i = 1; i <= NF; i++) if ($i == "JVM") print $(i - 2)}' "$OUT/hash-alone.txt")
fi

# ----------------------------------------------------------------------------------------- pgbench
log "pgbench -M prepared -c$CONNECTIONS -j$THREADS -T$DURATION on the captured SQL"
run_pgbench() {
  local script=$1
  wait_quiet
  "$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$WARMUP" -f "$OUT/$script.sql" "$DB" >/dev/null 2>&1
  "$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$OUT/$script.sql" "$DB" \
    >"$OUT/pgbench-$script.txt" 2>&1
  local tps
  tps=$(awk '/^tps = /{printf "%.0f", $3}' "$OUT/pgbench-$script.txt")
  printf '%s\t%s\t%s\n' "$script" "$tps" "$(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/pgbench.tsv"
  printf '%-10s %8s tps\n' "$script" "$tps"
}
: >"$OUT/pgbench.tsv"
for script in list feed list-tx feed-tx; do run_pgbench "$script"; done

# ----------------------------------------------------------------------------------------- summary
tps() { awk -F'\t' -v s="$1" '$1 == s {print $2}' "$OUT/pgbench.tsv"; }
# reference <endpoint> <column>: the reference's figure (2 req/s, 4 p99), empty without a reference run.
reference() { [ -s "$OUT/reference.tsv" ] || return 0; awk -F'\t' -v s="$1" -v c="$2" '$1 == s {print $c}' "$OUT/reference.tsv"; }
log "summary ($OUT)"
{
  printf '%-34s %7s %8s %8s %6s %6s %6s %8s %8s %8s %6s %9s %8s %6s %6s\n' endpoint 'req/s' 'p50 ms' 'p99 ms' errors load \
    steal% 'JVM ms' 'PG ms' pgbench ratio 'ref req/s' 'ref p99' steal% 'x ref'
  while IFS=$'\t' read -r name rps p50 p99 errors load jvm pg_cpu steal; do
    label=$name pg='' ratio='' ref_rps=$(reference "$name" 2) ref_p99=$(reference "$name" 4) ref_steal=$(reference "$name" 9) x_ref=''
    [ -n "$ref_rps" ] && x_ref=$(awk -v a="$rps" -v b="$ref_rps" 'BEGIN {if (b > 0) printf "%.2f", a / b}')
    case $name in
      tags) label='GET /api/tags' ;;
      article) label='GET /api/articles/{slug}' ;;
      list) label='GET /api/articles' ;;
      list-signed-in) label='GET /api/articles, signed in' pg=$(tps list) ;;
      feed) label='GET /api/articles/feed' pg=$(tps feed) ;;
      comment) label='POST /api/articles/{slug}/comments' ;;
      login) label='POST /api/users/login' ;;
    esac
    [ -n "$pg" ] && ratio=$(awk -v a="$rps" -v b="$pg" 'BEGIN {printf "%.2f", a / b}')
    printf '%-34s %7s %8s %8s %6s %6s %6s %8s %8s %8s %6s %9s %8s %6s %6s\n' "$label" "$rps" "$p50" "$p99" "$errors" "$load" \
      "$steal" "$jvm" "$pg_cpu" "$pg" "$ratio" "$ref_rps" "$ref_p99" "$ref_steal" "$x_ref"
  done <"$RESULTS"
  echo '(JVM ms, PG ms: CPU time per request of the service and of its PostgreSQL backends; load: 1-min load average;'
  echo ' steal%: share of the machine'"'"'s CPU its host took during the measured run; ref: the reference (BENCH_REFERENCE)'
  echo ' on its own seeded data, measured right after ours on each endpoint; x ref: ours / reference)'
  if [ -s "$OUT/reference.tsv" ]; then
    printf 'reference errors+non-2xx per endpoint: %s; JVM CPU ms/request: %s\n' \
      "$(awk -F'\t' '{printf "%s %s  ", $1, $5}' "$OUT/reference.tsv")" "$(awk -F'\t' '{printf "%s %s  ", $1, $7}' "$OUT/reference.tsv")"
    printf 'reference: first answer after %s ms (one start, empty database), RSS after its load %s MB\n' "$REF_STARTUP_MS" "$REF_RSS_MB"
  fi
  echo
  printf 'pgbench, the two statements of a page:         list %s tps, feed %s tps\n' "$(tps list)" "$(tps feed)"
  printf 'pgbench, with the BEGIN READ ONLY ... COMMIT:  list %s tps, feed %s tps\n' "$(tps list-tx)" "$(tps feed-tx)"
  [ -n "$HASH_ALONE" ] && printf 'one Argon2id hash alone (ours, one thread, GC included): %s ms of JVM CPU\n' "$HASH_ALONE"
  printf 'JVM flags of the measured service: %s (MALLOC_ARENA_MAX=%s)\n' "${JAVA_OPTS:-none}" "${MALLOC_ARENA_MAX:-unset}"
  printf 'startup to first served request (%s): median %s ms of %s starts (%s), JVM CPU median %s ms (%s)\n' \
 "$([ "$AOT" = 1 ] && echo "with the AOT cache, as the Dockerfile" || echo "no AOT cache")" \
    "$STARTUP_MEDIAN" "$STARTS" "${STARTUPS[*]}" "$STARTUP_CPU_MEDIAN" "${STARTUP_CPU[*]}"
  if [ ${#CDS_STARTUPS[@]} -gt 0 ]; then
    printf '  without the AOT cache: median %s ms (%s), JVM CPU median %s ms (%s)\n' \
      "$(printf '%s\n' "${CDS_STARTUPS[@]}" | median)" "${CDS_STARTUPS[*]}" "$(printf '%s\n' "${CDS_CPU[@]}" | median)" "${CDS_CPU[*]}"
  fi
  if [ ${#NOFLAGS_STARTUPS[@]} -gt 0 ]; then
    printf '  with no JVM flags: median %s ms (%s), JVM CPU median %s ms (%s)\n' \
      "$(printf '%s\n' "${NOFLAGS_STARTUPS[@]}" | median)" "${NOFLAGS_STARTUPS[*]}" \
      "$(printf '%s\n' "${NOFLAGS_CPU[@]}" | median)" "${NOFLAGS_CPU[*]}"
  fi
  printf '  first start, on an empty database (creates it, runs the migrations): %s ms\n' "$FIRST_START_MS"
  printf 'RSS after the load: %s MB (%s; peak %s MB; after the read endpoints, before comments and logins: %s MB)\n' \
    "$RSS_MB" "$RSS_SPLIT" "$HWM_MB" "$READ_RSS_MB"
  printf 'seed: %s\n' "$(cat "$OUT/seed.txt")"
  printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
exit 0
