#!/usr/bin/env bash
# Topology test: three service instances behind HAProxy, PgBouncer in transaction pooling mode in front of a
# throwaway PostgreSQL cluster, all on loopback and free ports; under steady mixed load through HAProxy:
#
#   kill9     one instance is killed with SIGKILL: only requests already in flight may fail (none started after
#             the kill), and HAProxy marks it DOWN within its health-check interval (1 s)
#   rolling   rolling restart of all three with SIGTERM alone (no drain in HAProxy): the service turns readiness
#             DOWN and keeps serving for CONDUIT_SHUTDOWN_DELAY (3 s, more than HAProxy needs to see the failed
#             checks), then stops; each is started again, waited for until ready and UP, then the next: 0 failed
#             requests
#   websocket a socket on every instance receives the comments written through every other instance
#             (NOTIFY through PgBouncer, LISTEN on the direct connection: CONDUIT_PUBSUB_LISTEN_URL)
#   copies    the tag list, an article and a list page read anonymously on every instance (so each holds its
#             copies), then an article created and another edited through each instance: every other instance's
#             anonymous readers see both within 5 s (NOTIFY from the writing transaction through PgBouncer)
#   jobs      contact messages sent through HAProxy while three instances poll the job queue: each mail is
#             delivered exactly once
#   replica-lag     the streaming replica's replay is paused (pg_wal_replay_pause): a user who writes and then reads
#             with the write's Conduit-Consistency-Token, or with only the access token, always sees the write;
#             anonymous reads without a token may not (counted); a token the replica has replayed is served by it
#   replica-down    the replica is stopped under load: reads keep answering through HAProxy, 0 failed requests
#   flyway    two instances started together with only the pooled URL (through PgBouncer, no
#             CONDUIT_DB_MIGRATION_URL) on a fresh database: both become ready and every migration is applied once
#
# The instances use the pool through PgBouncer (prepareThreshold=0: PgBouncer 1.18 keeps no server-side prepared
# statements in transaction mode), PostgreSQL directly for LISTEN and Flyway (CONDUIT_DB_MIGRATION_URL), and a
# streaming replica made with pg_basebackup for reads that may lag (CONDUIT_DB_REPLICA_URL). It
# prints requests, failures and p99 through the load balancer per phase and the time to take an instance out.
# Needs haproxy and pgbouncer (Debian packages; installed when missing and run as root), PostgreSQL server
# binaries in /usr/lib/postgresql/*/bin, python3, curl. Never touches the PostgreSQL on 5432. Cleans up
# everything it started on exit. Logs: target/topology-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
section() { printf '\n---- %s ----\n' "$*"; }

if ! command -v haproxy >/dev/null || ! command -v pgbouncer >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "FAIL: haproxy and pgbouncer are needed: apt-get install -y haproxy pgbouncer" >&2; exit 1; }
  apt-get install -y -q haproxy pgbouncer >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q haproxy pgbouncer >/dev/null; }
fi
# The Debian packages start their own daemons on the default ports; this test starts its own, elsewhere.
[ -f target/conduit-api.jar ] || ./mvnw -B -q package -DskipTests
driver=(python3 .ci/topology/driver.py)

section "deploy/: YAML parses, haproxy -c accepts the compose HAProxy config"
python3 -c 'import yaml' 2>/dev/null || apt-get install -y -q python3-yaml >/dev/null
python3 - deploy/kubernetes/*.yaml deploy/compose/*.yaml <<'PY'
import sys, yaml
for path in sys.argv[1:]:
    print(f"{path}: {len([d for d in yaml.safe_load_all(open(path)) if d])} documents")
PY
haproxy -c -q -f deploy/compose/haproxy.cfg 2>&1 | grep -v 'could not resolve address' || true
haproxy -c -q -f deploy/compose/haproxy.cfg 2>/dev/null

source .ci/ports.sh   # free_port: never the same port twice in one run
results=()
failed=0
pass() { results+=("PASS  $*"); echo "PASS: $*"; }
fail() { results+=("FAIL  $*"); echo "FAIL: $*"; failed=1; }
figures=()

pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
PG_BIN=/usr/lib/postgresql/$pg_version/bin
as_postgres=()
[ "$(id -u)" != 0 ] || as_postgres=(runuser -u postgres --)   # PostgreSQL and PgBouncer refuse to run as root
pg() { (cd "$DIR" && "${as_postgres[@]}" "$PG_BIN/$1" "${@:2}"); }

DIR=
pids=()          # instance pids by index 0..2 (empty when stopped)
LOAD_PID= PGB_PID= HAPROXY_PID= SINK_PID=
cleanup() {
  local rc=$?
  [ -z "$LOAD_PID" ] || kill "$LOAD_PID" 2>/dev/null || true
  for pid in "${pids[@]}"; do [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; done
  for pid in "$HAPROXY_PID" "$PGB_PID" "$SINK_PID"; do [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$DIR" ]; then
    pg pg_ctl -D "$DIR/replica" -m immediate stop >/dev/null 2>&1 || true
    pg pg_ctl -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    cp "$DIR/postgres.log" target/topology-postgres.log 2>/dev/null || true
    cp "$DIR/replica.log" target/topology-replica.log 2>/dev/null || true
    cp "$DIR/pgbouncer.log" target/topology-pgbouncer.log 2>/dev/null || true
    rm -rf "$DIR"
  fi
  [ "$rc" = 0 ] || [ "$failed" = 1 ] || echo "FAIL: topology test aborted (exit $rc)"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DIR=$(mktemp -d /tmp/conduit-topology.XXXXXX)
chmod 755 "$DIR"
[ "$(id -u)" != 0 ] || chown postgres: "$DIR"
PG_PORT=$(free_port) PGB_PORT=$(free_port) LB_PORT=$(free_port) SMTP_PORT=$(free_port) REPLICA_PORT=$(free_port)
DB=conduit_topology
mkdir -p target

section "PostgreSQL $pg_version primary (port $PG_PORT) and PgBouncer $(pgbouncer --version | head -n 1 | awk '{print $2}') in transaction mode (port $PGB_PORT)"
pg initdb -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
pg pg_ctl -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 -o "-p $PG_PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $DB"
# The replica: a base backup of the primary (initdb's pg_hba.conf trusts replication from 127.0.0.1), streaming
# from it (-R writes primary_conninfo and standby.signal), read-only queries allowed (hot_standby is on by default).
pg pg_basebackup -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$DIR/replica" -R -X stream --checkpoint=fast --no-sync
pg pg_ctl -D "$DIR/replica" -l "$DIR/replica.log" -w -t 60 -o "-p $REPLICA_PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
replica_sql() { pg psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d "$DB" -Atc "$1"; }
echo "streaming replica on port $REPLICA_PORT: in recovery $(replica_sql 'SELECT pg_is_in_recovery()'), $(pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") streaming"
echo '"postgres" ""' >"$DIR/userlist.txt"
cat >"$DIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$PG_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
; PgJDBC sends these in its startup packet; PgBouncer would refuse the connection otherwise.
ignore_startup_parameters = extra_float_digits,options
logfile = $DIR/pgbouncer.log
INI
[ "$(id -u)" != 0 ] || chown postgres: "$DIR"/*.ini "$DIR"/userlist.txt
as_postgres_exec=()
[ "$(id -u)" != 0 ] || as_postgres_exec=(setpriv --reuid=postgres --regid=postgres --clear-groups)
(cd "$DIR" && exec "${as_postgres_exec[@]}" pgbouncer -q "$DIR/pgbouncer.ini") &
PGB_PID=$!
for _ in $(seq 1 50); do pg pg_isready -q -h 127.0.0.1 -p "$PGB_PORT" -d "$DB" && break; sleep 0.1; done
pg psql -h 127.0.0.1 -p "$PGB_PORT" -U postgres -d "$DB" -Atc "SELECT 'through PgBouncer: ' || version()" | cut -c1-60

section "Three instances, HAProxy on port $LB_PORT"
python3 .ci/fault/smtp_sink.py "$SMTP_PORT" "$DIR/mails.jsonl" &
SINK_PID=$!
JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
api_ports=() mgmt_ports=()
for i in 0 1 2; do api_ports+=("$(free_port)"); mgmt_ports+=("$(free_port)"); pids+=(""); done
starts=(0 0 0)
instance_up() {  # instance_up <i>: starts instance i (returns at once; instance_ready waits)
  local i=$1
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$PGB_PORT/$DB?prepareThreshold=0" \
    CONDUIT_PUBSUB_LISTEN_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" \
    CONDUIT_DB_MIGRATION_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" \
    CONDUIT_DB_REPLICA_URL="jdbc:postgresql://127.0.0.1:$REPLICA_PORT/$DB" \
    CONDUIT_DB_CREATE_IF_MISSING=false \
    CONDUIT_JWT_SECRET="$JWT_SECRET" \
    CONDUIT_RATE_LIMIT_WRITES_PER_USER=100000/1m \
    CONDUIT_RATE_LIMIT_REGISTRATIONS_PER_ADDRESS=1000/1h \
    CONDUIT_RATE_LIMIT_CONTACT_MESSAGES_PER_ADDRESS=1000/1h \
    CONDUIT_SMTP_HOST=127.0.0.1 CONDUIT_SMTP_PORT="$SMTP_PORT" CONDUIT_SMTP_STARTTLS=false \
    CONDUIT_CONTACT_OWNER_EMAIL=owner@topology.test CONDUIT_JOBS_POLL_INTERVAL=200ms \
    CONDUIT_ACCESS_LOG_LEVEL=OFF CONDUIT_SHUTDOWN_DELAY=3s \
    MICRONAUT_SERVER_PORT="${api_ports[$i]}" CONDUIT_MANAGEMENT_PORT="${mgmt_ports[$i]}" \
    java -Xmx320m -XX:+UseSerialGC -jar target/conduit-api.jar >>"target/topology-instance$((i + 1)).log" 2>&1 &
  pids[$i]=$!
  starts[$i]=$(date +%s.%N)
}
instance_ready() {  # instance_ready <i>: waits until readiness is 200 (60 s at most)
  local i=$1
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "http://127.0.0.1:${mgmt_ports[$i]}/health/readiness" && return 0
    kill -0 "${pids[$i]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "instance $((i + 1)) did not become ready; its log:" >&2
  tail -n 40 "target/topology-instance$((i + 1)).log" >&2
  return 1
}
rm -f target/topology-instance*.log
for i in 0 1 2; do instance_up "$i"; done
for i in 0 1 2; do instance_ready "$i"; done
echo "instances ready: ${api_ports[*]} (management ${mgmt_ports[*]})"

cat >"$DIR/haproxy.cfg" <<CFG
global
    maxconn 2000
    stats socket $DIR/haproxy.sock mode 600 level admin
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # an upgraded WebSocket connection idles this long (the service pings every 25 s)
    timeout tunnel 1h
    # a connection refused (an instance stopping or gone) is tried again on another instance; a request that
    # reached an instance is never sent twice
    retries 3
    option redispatch 1
    retry-on conn-failure
    # one server connection per request: no idle kept-alive connection to an instance that is closing
    option http-server-close
frontend api
    bind 127.0.0.1:$LB_PORT
    default_backend conduit
backend conduit
    balance roundrobin
    option httpchk GET /health/readiness
    http-check expect status 200
    # a failed check is repeated every 250 ms (fastinter) until fall; a connection error from real traffic
    # marks the instance down at once (observe layer4)
    timeout check 500ms
    default-server check inter 1s fastinter 250ms fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down
    server i1 127.0.0.1:${api_ports[0]} port ${mgmt_ports[0]}
    server i2 127.0.0.1:${api_ports[1]} port ${mgmt_ports[1]}
    server i3 127.0.0.1:${api_ports[2]} port ${mgmt_ports[2]}
CFG
haproxy -c -q -f "$DIR/haproxy.cfg"
haproxy -db -f "$DIR/haproxy.cfg" >target/topology-haproxy.log 2>&1 &
HAPROXY_PID=$!
LB="http://127.0.0.1:$LB_PORT"
haproxy_cmd() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+"\n").encode()); print(b"".join(iter(lambda: s.recv(65536), b"")).decode())' "$DIR/haproxy.sock" "$1"; }
server_status() { haproxy_cmd "show stat" | awk -F, -v s="$1" '$1 == "conduit" && $2 == s {print $18}'; }
wait_status() {  # wait_status <server> <UP|DOWN|...> <seconds>
  local deadline=$(( $(date +%s) + $3 ))
  until [[ "$(server_status "$1")" == "$2"* ]]; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
for s in i1 i2 i3; do wait_status "$s" UP 10 || { fail "HAProxy does not see $s UP"; exit 1; }; done
echo "HAProxy: i1 i2 i3 UP"

"${driver[@]}" setup --url "$LB" --out "$DIR/setup.json"
echo start >"$DIR/phase"
"${driver[@]}" load --url "$LB" --setup "$DIR/setup.json" --phase-file "$DIR/phase" --out "$DIR/load.json" &
LOAD_PID=$!
phase() { echo "$1" >"$DIR/phase"; sleep 0.2; }
sleep 3
phase steady
sleep 5

# ---------------------------------------------------------------- kill -9
section "kill -9 of instance 2 under load"
phase kill9
sleep 2
# One process kills the instance and times it (a python3 started per probe would take longer than what it
# measures on a busy machine): it records the kill, when the instance's API port refuses connections (a killed
# JVM takes a moment to die, and until its last thread has exited the kernel still accepts for it: a request sent
# until then is in flight on it too), and when HAProxy shows it DOWN; a line per change, every 10 ms.
python3 - "${pids[1]}" "$DIR/haproxy.sock" "${api_ports[1]}" "${mgmt_ports[1]}" "$DIR/kill9-times" <<'PY'
import os, signal, socket, sys, time
pid, sock, api, mgmt, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def status():
    s = socket.socket(socket.AF_UNIX); s.connect(sock); s.sendall(b"show stat\n")
    d = b"".join(iter(lambda: s.recv(65536), b"")).decode()
    return [l.split(",")[17] for l in d.splitlines() if l.startswith("conduit,i2,")][0]
def port(p):
    try:
        socket.create_connection(("127.0.0.1", p), timeout=0.1).close(); return "accepts"
    except ConnectionRefusedError:
        return "refused"
    except OSError:
        return "no answer"
kill_at = time.time()
os.kill(pid, signal.SIGKILL)
refused_at = down_at = None
last = None
while time.time() - kill_at < 15 and down_at is None:
    now = (status(), port(api), port(mgmt))
    t = time.time()
    if now != last:
        print(f"  +{t - kill_at:.3f} s: HAProxy i2 {now[0]}, API port {now[1]}, management port {now[2]}")
        last = now
    if refused_at is None and now[1] == "refused":
        refused_at = t
    if now[0].startswith("DOWN"):
        down_at = t
    time.sleep(0.01)
with open(out, "w") as f:
    f.write(f"{kill_at:.3f} {refused_at or 0:.3f} {down_at or 0:.3f}\n")
PY
read -r kill_at dead_at down_at <"$DIR/kill9-times"
{ wait "${pids[1]}" || true; } 2>/dev/null
pids[1]=
out_after=never
[ "$down_at" = 0.000 ] || [ "$dead_at" = 0.000 ] || out_after=$(python3 -c "print(f'{max(0.0, $down_at - $dead_at):.2f}')")
echo "instance 2 stopped accepting $(python3 -c "print(f'{$dead_at - $kill_at:.2f}')") s after kill -9; HAProxy marked it DOWN ${out_after} s after that"
figures+=("time to take a killed instance out of HAProxy: ${out_after} s after it stopped accepting, $(python3 -c "print(f'{$dead_at - $kill_at:.2f}')") s after kill -9 (checks: inter 1s, fastinter 250ms, fall 2; observe layer4)")
sleep 3
phase after-kill9
instance_up 1
instance_ready 1
wait_status i2 UP 10 || fail "HAProxy does not see i2 UP again"
sleep 1

# ---------------------------------------------------------------- rolling restart
section "rolling restart of all three instances under load: SIGTERM only, no drain in HAProxy"
phase rolling
since() { python3 -c "import time; print(f'{time.time() - $1:.2f}')"; }
for i in 0 1 2; do
  s=i$((i + 1))
  t0=$(date +%s.%N)
  kill -TERM "${pids[$i]}"
  # readiness turns DOWN at the signal; HAProxy's failed checks take the instance out while it still serves
  wait_status "$s" DOWN 10 || fail "HAProxy did not take $s out after SIGTERM"
  out=$(since "$t0")
  { wait "${pids[$i]}" || true; } 2>/dev/null
  exited=$(since "$t0")
  instance_up "$i"
  instance_ready "$i"
  wait_status "$s" UP 10 || fail "HAProxy does not see $s UP after its restart"
  echo "  $s: SIGTERM; HAProxy took it out after $out s; it exited after $exited s; restarted and UP again after $(since "$t0") s"
  figures+=("rolling: HAProxy took $s out $out s after SIGTERM (it kept serving until it exited, $exited s after)")
done
sleep 1
phase after-rolling
sleep 2

# ---------------------------------------------------------------- replica
section "read replica lagging (replay paused): read-your-writes"
if "${driver[@]}" consistency --url "$LB" --psql "$PG_BIN/psql" --replica-port "$REPLICA_PORT" --db "$DB"; then
  pass "replica-lag: writes were always seen with their consistency token and with an access token"
else
  fail "replica-lag: a write was not seen by its writer, or the replica was not used"
fi

section "read replica stopped under load"
phase replica-down
pg pg_ctl -D "$DIR/replica" -m immediate stop >/dev/null
sleep 8
phase after-replica-down
sleep 2
echo "instances that logged the replica failing and sent its reads to the primary: $(grep -l 'Read replica failed' target/topology-instance*.log | wc -l) of 3"

# ---------------------------------------------------------------- websockets
section "WebSocket on every instance, writes through every other"
urls=$(printf 'http://127.0.0.1:%s,' "${api_ports[@]}")
if "${driver[@]}" websockets --urls "${urls%,}" --setup "$DIR/setup.json"; then
  pass "websocket: every instance's socket received the events of writes through the other instances"
else
  fail "websocket: events did not reach every instance"
fi

# ---------------------------------------------------------------- copies
section "Anonymous readers' copies on every instance, writes through every other"
if "${driver[@]}" copies --urls "${urls%,}"; then
  pass "copies: a write through each instance reached anonymous readers (tags, list, article) on every other"
else
  fail "copies: an instance kept answering anonymous readers from a copy the write should have dropped"
fi

# ---------------------------------------------------------------- jobs
section "jobs exactly once with three instances"
contacts=12
for n in $(seq 1 "$contacts"); do
  curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' "$LB/api/contact" \
    -d "{\"contact\":{\"name\":\"T $n\",\"email\":\"sender$n@topology.test\",\"subject\":\"Topology $n\",\"message\":\"m\"}}" \
    || fail "jobs: POST /api/contact $n failed"
done
jobs_sql() { pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" -Atc "$1"; }
for _ in $(seq 1 100); do
  [ "$(grep -c '"sender[0-9]*@topology.test"\|"owner@topology.test"' "$DIR/mails.jsonl" 2>/dev/null || echo 0)" -ge $((contacts * 2)) ] && break
  sleep 0.2
done
sleep 2   # a duplicate would arrive now
to_senders=$(grep -c '"sender[0-9]*@topology.test"' "$DIR/mails.jsonl" || true)
senders=$(grep -o '"sender[0-9]*@topology.test"' "$DIR/mails.jsonl" | sort -u | wc -l)
to_owner=$(grep -c '"owner@topology.test"' "$DIR/mails.jsonl" || true)
echo "contact messages $contacts; mails to senders $to_senders ($senders distinct), to the owner $to_owner"
echo "jobs: $(jobs_sql "SELECT string_agg(n || ' ' || state, ', ') FROM (SELECT state, count(*) n FROM jobs GROUP BY state) s")"
if [ "$to_senders" = "$contacts" ] && [ "$senders" = "$contacts" ] && [ "$to_owner" = "$contacts" ]; then
  pass "jobs: $((contacts * 2)) mails from $contacts contact messages, each sent once by one of three instances"
else
  fail "jobs: mails lost or duplicated"
fi

# ---------------------------------------------------------------- Flyway through PgBouncer
section "Flyway through PgBouncer: two instances, only the pooled URL, a fresh database"
FDB=conduit_flyway_pooled
pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $FDB"
fpids=() fmgmt=()
for n in 1 2; do
  fmgmt+=("$(free_port)")
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$PGB_PORT/$FDB?prepareThreshold=0" \
    CONDUIT_PUBSUB_LISTEN_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$FDB" \
    CONDUIT_DB_CREATE_IF_MISSING=false CONDUIT_JWT_SECRET="$JWT_SECRET" CONDUIT_JOBS_WORKER_ENABLED=false \
    MICRONAUT_SERVER_PORT="$(free_port)" CONDUIT_MANAGEMENT_PORT="${fmgmt[$((n - 1))]}" \
    java -Xmx320m -XX:+UseSerialGC -jar target/conduit-api.jar >"target/topology-flyway$n.log" 2>&1 &
  fpids+=($!)
done
pids+=("${fpids[@]}")   # so that cleanup stops them too
t0=$(date +%s.%N)
ready=0
for _ in $(seq 1 300); do
  ready=0
  for n in 0 1; do curl -fs -o /dev/null "http://127.0.0.1:${fmgmt[$n]}/health/readiness" && ready=$((ready + 1)); done
  [ "$ready" = 2 ] && break
  alive=0; for pid in "${fpids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
  [ "$alive" = 2 ] || break
  sleep 0.2
done
fsql() { pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$FDB" -Atc "$1"; }
files=$(ls db/migration/V*.sql | wc -l)
applied=$(fsql "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL" 2>/dev/null || echo 0)
twice=$(fsql "SELECT count(*) FROM (SELECT version FROM flyway_schema_history GROUP BY version HAVING count(*) > 1) d" 2>/dev/null || echo -)
echo "ready: $ready of 2 after $(since "$t0") s; migrations: $applied applied of $files files, applied more than once: $twice"
grep -h -m 3 -i 'advisory\|flyway.*\(error\|fail\)\|Successfully applied\|Schema .* is up to date' target/topology-flyway*.log | cut -c1-240 || true
if [ "$ready" = 2 ] && [ "$applied" = "$files" ] && [ "$twice" = 0 ]; then
  pass "flyway: through PgBouncer in transaction mode, two instances migrated a fresh database once and became ready"
else
  fail "flyway: instances with only the pooled URL did not migrate a fresh database cleanly (target/topology-flyway*.log)"
fi
for pid in "${fpids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done

# ---------------------------------------------------------------- figures
phase end
kill -TERM "$LOAD_PID"
wait "$LOAD_PID" || fail "the load generator failed"
LOAD_PID=
section "Figures (through HAProxy, $(python3 -c "import json; print(sum(p['requests'] for p in json.load(open('$DIR/load.json')).values()))") requests in all)"
report() { "${driver[@]}" report --load "$DIR/load.json" "$@"; }
report --phase steady --max-failures 0 || fail "steady load: requests failed"
# The property is --failed-before: only requests started before the instance stopped accepting may fail. The cap
# is a sanity bound on top: each of the 6 load threads can lose its request in flight at the kill and, when that one
# fails at once, the next it sends to the dying instance before its sockets close (~0.1 s): at most two each.
if report --phase kill9 --failed-before "$dead_at" --max-failures 12; then
  pass "kill9: only requests in flight on the killed instance failed"
else
  fail "kill9: requests failed that were not in flight on the killed instance"
fi
report --phase after-kill9 --max-failures 0 || fail "after kill9: requests failed"
if report --phase rolling --max-failures 0; then
  pass "rolling: 0 failed requests during a rolling restart of three instances"
else
  fail "rolling: requests failed during the rolling restart"
fi
report --phase after-rolling --max-failures 0 || fail "after the rolling restart: requests failed"
if report --phase replica-down --max-failures 0; then
  pass "replica-down: 0 failed requests while the read replica was stopped"
else
  fail "replica-down: requests failed while the read replica was stopped"
fi
report --phase after-replica-down --max-failures 0 || fail "after the replica stopped: requests failed"
if [ "$out_after" != never ] && python3 -c "import sys; sys.exit(0 if $out_after <= 1.0 else 1)"; then
  pass "kill9: HAProxy took the killed instance out after $out_after s (at most 1 s: the check interval)"
else
  fail "kill9: HAProxy took the killed instance out after $out_after s (more than the 1 s check interval)"
fi
printf '%s\n' "${figures[@]}"
if grep -l '"level":"ERROR"' target/topology-instance*.log >/dev/null 2>&1; then
  echo "ERROR lines in the instance logs:"; grep -h '"level":"ERROR"' target/topology-instance*.log | cut -c1-300 | head -n 5
fi

section "Topology test"
printf '%s\n' "${results[@]}"
exit "$failed"
