#!/usr/bin/env bash
# Fault tests: the service under failures, on a throwaway PostgreSQL cluster of its own.
#
#   bash .ci/fault-tests.sh                 # all tests
#   bash .ci/fault-tests.sh outage kill9    # or some of them, by name (outage kill9 sigterm)
#
#   outage  PostgreSQL is stopped (pg_ctl stop -m fast) for 6 s under read and write load: every answer must be
#           2xx or 503 in the RealWorld error shape with Retry-After, none may take longer than 4 s, and within
#           10 s of PostgreSQL's return the service must answer 2xx again by itself (no restart). The numbers
#           can be changed with FAULT_OUTAGE_SECONDS, FAULT_MAX_LATENCY and FAULT_RECOVERY_TIMEOUT.
#   kill9   The service is killed with SIGKILL during sustained article creation, then restarted on the same
#           database: every write that got a 201 must be there.
#   jobs    Background jobs survive kill -9: contact messages are sent while the mail server is down (their
#           mail jobs fail and wait to retry), one more just before the SIGKILL; after a restart with the mail
#           server up, every mail arrives exactly once (.ci/fault/smtp_sink.py records them).
#   webhooks A webhook delivery is in flight (the receiver, .ci/fault/webhook_receiver.py, holds its answer) when
#           the service is killed with SIGKILL, and three more events wait in the queue; after a restart every
#           event is answered 2xx exactly once (the in-flight one is sent again, with the same webhook-id, once
#           its job's lease runs out).
#   sigterm The service gets SIGTERM while registrations (Argon2id: slow) and article writes are in flight (at
#           least 4, plus 2 uploads half sent before the signal and finished only after the service stopped
#           accepting). Every request sent before the signal must get a complete, correct 2xx; new connections
#           must be refused within 3 s (Micronaut closes the listeners at once; it never answers 503) and from
#           then on; readiness on the management port must turn non-200 (refused, as that listener closes too;
#           503 DOWN just before) during the drain; a request sent after the signal may get 2xx, 503 or no answer (its connection was
#           reset while the listener closed), never a truncated one, and one with no answer must not have been
#           done; the process must exit with 143 (128 + SIGTERM, after the shutdown hooks ran) within the grace
#           period (CONDUIT_SHUTDOWN_GRACE_PERIOD, inherited) + 5 s, without "Timeout hit in graceful shutdown",
#           and log "HikariPool-1 - Shutdown completed." after the last request. After a restart on the same
#           database every acknowledged write must be there. FAULT_SIGTERM_SIGNAL=KILL, or
#           CONDUIT_SHUTDOWN_GRACE_PERIOD=0s, or MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_ENABLED=false shows it failing.
#
# Never touches the machine's PostgreSQL on 127.0.0.1:5432: initdb makes a cluster in a temp dir (as the
# postgres OS user when run as root), on a free port with trust auth; it is stopped and removed on exit.
# The service is target/conduit-api.jar (built if missing); it inherits this script's environment, so e.g.
# CONDUIT_DB_CONNECTION_TIMEOUT_MS=60000 bash .ci/fault-tests.sh outage shows the outage test failing on hangs.
# Load and checks: .ci/fault/driver.py (stdlib Python 3). Logs: target/fault-*-service.log,
# target/fault-postgres.log; acknowledged writes: target/fault-{kill9,sigterm}-acked-writes.json. Exits non-zero
# when a test fails.
#
# To add a test: write test_<name> (start the service with service_up, check with the driver or anything
# else, call pass/fail, stop the service with service_down) and add <name> to all_tests.
set -euo pipefail
cd "$(dirname "$0")/.."

all_tests=(outage kill9 sigterm jobs webhooks)
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("${all_tests[@]}")
for t in "${tests[@]}"; do
  [[ " ${all_tests[*]} " == *" $t "* ]] || { echo "unknown test: $t (known: ${all_tests[*]})" >&2; exit 2; }
done

[ -f target/conduit-api.jar ] || ./mvnw -B -q package -DskipTests
driver=(python3 .ci/fault/driver.py)

source .ci/ports.sh   # free_port: never the same port twice in one run
section() { printf '\n---- %s ----\n' "$*"; }

results=()
failed=0
pass() { results+=("PASS  $*"); echo "PASS: $*"; }
fail() { results+=("FAIL  $*"); echo "FAIL: $*"; failed=1; }

# ---------------------------------------------------------------- throwaway PostgreSQL cluster

pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
PG_BIN=/usr/lib/postgresql/$pg_version/bin
[ -x "$PG_BIN/initdb" ] || { echo "FAIL: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin" >&2; exit 1; }
as_postgres=()
[ "$(id -u)" != 0 ] || as_postgres=(runuser -u postgres --)   # initdb refuses to run as root
# Runs a PostgreSQL tool as the cluster's owner (from the temp dir, which that user may enter).
pg() { (cd "$PG_DIR" && "${as_postgres[@]}" "$PG_BIN/$1" "${@:2}"); }

SERVICE_PID=
PG_DIR=
cleanup() {
  local rc=$?
  service_down
  if [ -n "$PG_DIR" ]; then
    pg pg_ctl -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    cp "$PG_DIR/postgres.log" target/fault-postgres.log 2>/dev/null || true
    rm -rf "$PG_DIR"
  fi
  [ "$rc" = 0 ] || [ "$failed" = 1 ] || echo "FAIL: fault tests aborted (exit $rc)"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PG_DIR=$(mktemp -d /tmp/conduit-fault.XXXXXX)   # data/, the socket and the server log
[ "$(id -u)" != 0 ] || chown postgres: "$PG_DIR"
PG_PORT=$(free_port)
# pg_ctl start and stop as strings, for the driver to run at the right moment.
pg_ctl_cmd() { printf 'cd %q && ' "$PG_DIR"; printf '%q ' "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" "$@"; }
db_start=$(pg_ctl_cmd -l "$PG_DIR/postgres.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start)
db_stop=$(pg_ctl_cmd -m fast -w -t 60 stop)
pg_up() { pg pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || bash -c "$db_start" >/dev/null; }

section "Throwaway PostgreSQL $pg_version cluster: $PG_DIR, port $PG_PORT"
pg initdb -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
pg_up
pg pg_isready -h 127.0.0.1 -p "$PG_PORT"

# ---------------------------------------------------------------- the service

JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')   # one per run: tokens survive a restart

# service_up <database> <log>: starts the jar on the throwaway cluster and free ports (API and management); sets
# SERVICE_URL, SERVICE_MANAGEMENT_URL and SERVICE_PID (the java process itself). The service creates the
# database if it is missing.
service_up() {
  local port management_port waited
  port=$(free_port)
  management_port=$(free_port)
  SERVICE_URL="http://127.0.0.1:$port"
  SERVICE_MANAGEMENT_URL="http://127.0.0.1:$management_port"
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$1" \
    CONDUIT_JWT_SECRET="$JWT_SECRET" \
    CONDUIT_RATE_LIMIT_ENABLED=false \
    MICRONAUT_SERVER_PORT="$port" \
    CONDUIT_MANAGEMENT_PORT="$management_port" \
    java -jar target/conduit-api.jar >"$2" 2>&1 &
  SERVICE_PID=$!
  for ((waited = 0; waited < ${SERVICE_START_TIMEOUT:-90}; waited++)); do
    curl -fs -o /dev/null "$SERVICE_URL/api/tags" && break
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    sleep 1
  done
  if ! curl -fs -o /dev/null "$SERVICE_URL/api/tags"; then
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "service did not answer within $waited s; its log ($2):" >&2
    else
      local status=0
      { wait "$SERVICE_PID" || status=$?; } 2>/dev/null
      SERVICE_PID=
      echo "service exited during startup with status $status (137: SIGKILL); its log ($2):" >&2
    fi
    cat "$2" >&2
    return 1
  fi
  echo "service started: $SERVICE_URL (pid $SERVICE_PID, database $1 on port $PG_PORT, log $2)"
}

# Stops the service and waits for it (bash's "Terminated"/"Killed" notice hidden). Safe to call twice.
service_down() {
  if [ -n "${SERVICE_PID:-}" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    { wait "$SERVICE_PID" || true; } 2>/dev/null
    SERVICE_PID=
  fi
}

# The service's errors for a failed test's report: 503s are logged as WARN, bugs as ERROR with a stack trace
# (shown here without its frames: the message and its causes). The jar logs JSON lines ("level":"ERROR", the
# trace in the same line, cut off here); the plain " ERROR " form is the dev environment's.
show_errors() {
  local warn='( WARN |"level":"WARN")' error='( ERROR |"level":"ERROR")'
  echo "service log $1: $(grep -E -c "$warn" "$1" || true) WARN, $(grep -E -c "$error" "$1" || true) ERROR lines; the first errors:"
  local errors
  errors=$(grep -E -v '^[[:space:]]+(at |\.\.\. [0-9]+ )' "$1" | grep -E -m 4 -A 2 "$error" | cut -c1-300 || true)
  sed 's/^/  | /' <<<"${errors:-(none)}"
}

# ---------------------------------------------------------------- tests

outage_seconds=${FAULT_OUTAGE_SECONDS:-6}      # how long PostgreSQL stays down
max_latency=${FAULT_MAX_LATENCY:-4}            # the 2 s pool connection timeout plus a margin
recovery_timeout=${FAULT_RECOVERY_TIMEOUT:-10} # from PostgreSQL's return to 2xx again

test_outage() {
  section "PostgreSQL stopped under load: fast 503s, recovery without a restart"
  local log=target/fault-outage-service.log
  service_up conduit_fault_outage "$log"
  if "${driver[@]}" outage --url "$SERVICE_URL" --db-stop "$db_stop" --db-start "$db_start" \
      --outage "$outage_seconds" --max-latency "$max_latency" --recovery-timeout "$recovery_timeout"; then
    pass "outage: only 2xx or 503 (error shape, Retry-After) within $max_latency s, recovered by itself"
  else
    fail "outage: see the checks above"
    show_errors "$log"
  fi
  service_down
  pg_up   # whatever happened, the next test needs the cluster
}

test_kill9() {
  section "kill -9 during sustained writes: every acknowledged write survives"
  local log=target/fault-kill9-service.log acked=target/fault-kill9-acked-writes.json
  service_up conduit_fault_kill9 "$log"
  # (3>&2 2>/dev/null: the driver's stderr stays visible, bash's expected "Killed <java command>" notice does not)
  if { "${driver[@]}" writes --url "$SERVICE_URL" --kill-pid "$SERVICE_PID" --acked "$acked" --kill-after 2 2>&3; } \
      3>&2 2>/dev/null; then
    service_down   # reaps the killed service
    echo "restarting the service on the same database"
    service_up conduit_fault_kill9 "${log%.log}-restarted.log"
    if "${driver[@]}" verify --url "$SERVICE_URL" --acked "$acked"; then
      pass "kill9: every acknowledged write is in the database after the restart"
    else
      fail "kill9: acknowledged writes are missing after the restart (list: $acked)"
      show_errors "${log%.log}-restarted.log"
    fi
  else
    fail "kill9: the write load failed before or at the kill"
    show_errors "$log"
  fi
  service_down
}

# Background jobs across kill -9: mail jobs fail while the SMTP server is down, the service dies, and after
# the restart (SMTP up) each mail is delivered exactly once. A short lease (5 s) lets the restarted service take
# back a job the killed one held mid-attempt; retries come after 1-2 s.
test_jobs() {
  section "kill -9 with background jobs pending: every mail is sent exactly once after the restart"
  local log=target/fault-jobs-service.log mails=target/fault-jobs-mails.jsonl db=conduit_fault_jobs
  local smtp_port sink_pid= ids=() id body i
  smtp_port=$(free_port)
  rm -f "$mails"
  local -a job_env=(CONDUIT_SMTP_HOST=127.0.0.1 CONDUIT_SMTP_PORT="$smtp_port" CONDUIT_SMTP_STARTTLS=false
    CONDUIT_CONTACT_OWNER_EMAIL=owner@fault.test CONDUIT_JOBS_LEASE=5s CONDUIT_JOBS_BACKOFF_BASE=1s
    CONDUIT_JOBS_BACKOFF_MAX=2s CONDUIT_JOBS_POLL_INTERVAL=200ms)
  jobs_sql() { pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "$1"; }
  send_contact() {
    body=$(curl -fs -X POST -H 'Content-Type: application/json' "$SERVICE_URL/api/contact" \
      -d "{\"contact\":{\"name\":\"Fault $1\",\"email\":\"sender$1@fault.test\",\"subject\":\"Fault test $1\",\"message\":\"m\"}}") || return 1
    python3 -c 'import json,sys; print(json.load(sys.stdin)["contact"]["id"])' <<<"$body"
  }
  for name in "${job_env[@]}"; do export "${name?}"; done
  service_up "$db" "$log"
  for i in 1 2 3; do ids+=("$(send_contact "$i")") || { fail "jobs: POST /api/contact failed"; service_down; return; }; done
  # Wait until the first mails have failed at least once: the SMTP server is down.
  for _ in $(seq 1 50); do
    [ "$(jobs_sql "SELECT count(*) FROM jobs WHERE attempts >= 1 AND last_error IS NOT NULL")" -ge 2 ] && break
    sleep 0.2
  done
  echo "jobs before the kill: $(jobs_sql "SELECT string_agg(state || '/' || attempts, ' ') FROM jobs")"
  ids+=("$(send_contact 4)")   # enqueued just before the kill
  kill -9 "$SERVICE_PID"
  service_down
  echo "killed; jobs now: $(jobs_sql "SELECT string_agg(state || '/' || attempts, ' ') FROM jobs")"
  python3 .ci/fault/smtp_sink.py "$smtp_port" "$mails" &
  sink_pid=$!
  service_up "$db" "${log%.log}-restarted.log"
  local expected=$(( ${#ids[@]} * 2 ))
  for _ in $(seq 1 150); do
    [ "$(cat "$mails" 2>/dev/null | wc -l)" -ge "$expected" ] && [ "$(jobs_sql "SELECT count(*) FROM jobs WHERE state <> 'done'")" = 0 ] && break
    sleep 0.2
  done
  sleep 3   # a duplicate would arrive now
  local received distinct pending
  received=$(cat "$mails" 2>/dev/null | wc -l)
  distinct=$(sort -u "$mails" 2>/dev/null | wc -l)
  pending=$(jobs_sql "SELECT count(*) FROM jobs WHERE state <> 'done'")
  echo "mails expected $expected, received $received, distinct $distinct; jobs not done: $pending"
  echo "jobs after the restart: $(jobs_sql "SELECT string_agg(kind || ':' || state || '/' || attempts, ' ' ORDER BY id) FROM jobs")"
  if [ "$received" = "$expected" ] && [ "$distinct" = "$expected" ] && [ "$pending" = 0 ]; then
    pass "jobs: $expected mails from ${#ids[@]} contact messages, each delivered exactly once after kill -9 and restart"
  else
    fail "jobs: mails lost or duplicated (list: $mails)"
    show_errors "${log%.log}-restarted.log"
  fi
  kill "$sink_pid" 2>/dev/null || true
  service_down
  for name in "${job_env[@]}"; do unset "${name%%=*}"; done
}

test_webhooks() {
  section "kill -9 during a webhook delivery: every event is acknowledged exactly once after the restart"
  local log=target/fault-webhooks-service.log received=target/fault-webhooks-received.jsonl db=conduit_fault_webhooks
  local port receiver_pid token other i
  port=$(free_port)
  rm -f "$received"
  # The lease outlasts an attempt's deadline (as 2m outlasts 10s by default), so only a dead worker's job is taken back.
  local -a hook_env=(CONDUIT_WEBHOOKS_ALLOW_INSECURE_LOOPBACK=true CONDUIT_WEBHOOKS_RETRY_DELAYS=1s,1s,1s,1s
    CONDUIT_WEBHOOKS_TIMEOUT=12s CONDUIT_JOBS_LEASE=14s CONDUIT_JOBS_POLL_INTERVAL=200ms)
  hooks_sql() { pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atc "$1"; }
  register() {
    curl -fs -X POST -H 'Content-Type: application/json' "$SERVICE_URL/api/users" \
      -d "{\"user\":{\"username\":\"$1\",\"email\":\"$1@fault.test\",\"password\":\"fault test password\"}}" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["token"])'
  }
  for name in "${hook_env[@]}"; do export "${name?}"; done
  python3 .ci/fault/webhook_receiver.py "$port" "$received" 10 &
  receiver_pid=$!
  service_up "$db" "$log"
  token=$(register hooked) || { fail "webhooks: register failed"; service_down; return; }
  curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Token $token" \
    "$SERVICE_URL/api/user/webhooks" \
    -d "{\"webhook\":{\"url\":\"http://127.0.0.1:$port/hook\",\"eventTypes\":[\"follower.added\"]}}" ||
    { fail "webhooks: registering the endpoint failed"; service_down; return; }
  # Register the fans first (Argon2 is slow on a busy machine), then follow at once: four events in a burst,
  # the first of them held by the receiver while the others wait in the queue.
  local -a fans=()
  for i in 1 2 3 4; do fans+=("$(register "fan$i")"); done
  for other in "${fans[@]}"; do
    curl -fs -o /dev/null -X POST -H "Authorization: Token $other" "$SERVICE_URL/api/profiles/hooked/follow"
  done
  # Kill while the first delivery waits for its answer.
  for _ in $(seq 1 100); do grep -q received "$received" 2>/dev/null && break; sleep 0.1; done
  kill -9 "$SERVICE_PID"
  service_down
  echo "killed during a delivery; deliveries: $(hooks_sql "SELECT string_agg(state, ' ' ORDER BY id) FROM webhook_deliveries")"
  service_up "$db" "${log%.log}-restarted.log"
  for _ in $(seq 1 300); do
    [ "$(hooks_sql "SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'")" = 4 ] && break
    sleep 0.2
  done
  sleep 2   # a duplicate would arrive now
  local summary
  summary=$(python3 - "$received" <<'PY'
import collections, json, sys
answered = collections.Counter()
received = collections.Counter()
for line in open(sys.argv[1]):
    entry = json.loads(line)
    (answered if entry["event"] == "answered" else received if entry["event"] == "received" else collections.Counter())[entry["id"]] += 1
print(len(answered), sum(answered.values()), max(answered.values(), default=0), sum(received.values()))
PY
)
  read -r events acknowledged most requests <<<"$summary"
  echo "events acknowledged $events (answers $acknowledged, most for one event $most, requests in all $requests); deliveries: $(hooks_sql "SELECT string_agg(state, ' ' ORDER BY id) FROM webhook_deliveries")"
  if [ "$events" = 4 ] && [ "$acknowledged" = 4 ] && [ "$most" = 1 ] && [ "$requests" -ge 5 ]; then
    pass "webhooks: 4 events, each acknowledged exactly once after kill -9 during a delivery ($requests requests)"
  else
    fail "webhooks: events lost or acknowledged twice (log: $received)"
    show_errors "${log%.log}-restarted.log"
  fi
  kill "$receiver_pid" 2>/dev/null || true
  service_down
  for name in "${hook_env[@]}"; do unset "${name%%=*}"; done
}

grace_period=${CONDUIT_SHUTDOWN_GRACE_PERIOD:-20s}  # the service's own setting (application.yml), inherited
drain_signal=${FAULT_SIGTERM_SIGNAL:-TERM}           # KILL (or a grace period of 0s) shows the test failing

# check <message> <command...>: one line in the driver's format; the test fails when the command does.
sigterm_ok=1
check() {
  if "${@:2}"; then echo "  ok   $1"; else echo "  FAIL $1"; sigterm_ok=0; fi
}
absent_from() { ! grep -q "$1" "$2"; }

test_sigterm() {
  section "SIGTERM during writes: in-flight requests finish, new ones are refused, the pool closes, clean exit"
  local log=target/fault-sigterm-service.log acked=target/fault-sigterm-acked-writes.json status=0 drained=1
  sigterm_ok=1
  service_up conduit_fault_sigterm "$log"
  # The driver signals the service while writes are in flight and returns once the process has exited.
  # (3>&2 2>/dev/null: the driver's stderr stays visible, bash's notice of the signalled job does not)
  {
    "${driver[@]}" drain --url "$SERVICE_URL" --management-url "$SERVICE_MANAGEMENT_URL" --pid "$SERVICE_PID" \
      --acked "$acked" --grace "$grace_period" --signal "$drain_signal" 2>&3 || drained=0
    if [ "$(awk '{print $3}' "/proc/$SERVICE_PID/stat" 2>/dev/null || echo Z)" != Z ]; then
      echo "  the service is still running: kill -9"
      kill -9 "$SERVICE_PID" || true
    fi
    wait "$SERVICE_PID" || status=$?
  } 3>&2 2>/dev/null
  SERVICE_PID=
  # The JVM ends with 128 + 15 after SIGTERM once its shutdown hooks (Micronaut's graceful stop) have run;
  # 137 is SIGKILL, anything else a crash. 0 would do too (an explicit System.exit(0)).
  check "the process exited with status 143 (SIGTERM, after the shutdown hooks) or 0 (it was $status)" \
    test "$status" = 143 -o "$status" = 0
  check "the drain finished by itself within the grace period ($grace_period): no 'Timeout hit in graceful shutdown'" \
    absent_from 'Timeout hit in graceful shutdown' "$log"
  local pool_closed last_request
  pool_closed=$(grep -n 'HikariPool-[0-9]* - Shutdown completed' "$log" | tail -n 1 | cut -d: -f1 || true)
  last_request=$(grep -n '"logger_name":"conduit.access"' "$log" | tail -n 1 | cut -d: -f1 || true)
  check "the log shows the pool closed (HikariPool-1 - Shutdown completed.)" test -n "$pool_closed"
  check "the pool closed after the last request was answered (log line ${last_request:-none} < ${pool_closed:-none})" \
    test "${last_request:-0}" -lt "${pool_closed:-0}"
  if [ "$drained" = 1 ] && [ "$sigterm_ok" = 1 ]; then
    echo "restarting the service on the same database"
    service_up conduit_fault_sigterm "${log%.log}-restarted.log"
    if "${driver[@]}" verify --url "$SERVICE_URL" --acked "$acked"; then
      pass "sigterm: in-flight writes finished, new connections refused, readiness down, pool closed, exit $status"
    else
      fail "sigterm: acknowledged writes are missing after the restart (list: $acked)"
      show_errors "${log%.log}-restarted.log"
    fi
  else
    fail "sigterm: see the checks above"
    show_errors "$log"
  fi
  service_down
}

for t in "${tests[@]}"; do
  "test_$t"
done

section "Fault tests"
printf '%s\n' "${results[@]}"
exit "$failed"
