#!/usr/bin/env bash
# The README's two commands, run as a newcomer with only a JDK would run them: on a fresh clone, in a network
# namespace that holds nothing but its own loopback, so no PostgreSQL answers on 127.0.0.1:5432 and no Docker
# engine is reachable (its socket is hidden too). The run must then use the embedded PostgreSQL:
#   1. ./mvnw mn:run      answers GET /api/tags and a registration; stopped and started again, the user is still
#                         there (the data folder lasts); the local server stops with the service.
#   2. ./mvnw -B verify   the whole suite passes on a throwaway embedded PostgreSQL.
# A namespace has no route to Maven Central, so Maven runs offline (-o) on the local repository that the earlier
# CI steps filled; everything else is the README's commands as written. Runs as root in CI, which is the case the
# embedded server must handle (PostgreSQL refuses root: it runs as nobody).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/conduit-fresh-XXXXXX)
chmod 755 "$work"
git clone -q . "$work/conduit"
echo "fresh clone: $work/conduit (commit $(git -C "$work/conduit" rev-parse --short HEAD))"

# A developer's own dev data on this machine is left alone: then the step uses a folder of its own.
default_data=/var/tmp/conduit/dev-postgres
[ "$(id -u)" = 0 ] || default_data="${XDG_DATA_HOME:-$HOME/.local/share}/conduit/dev-postgres"
data_env=""
data=$default_data
if [ -e "$default_data" ]; then
  data=$work/dev-postgres
  data_env="CONDUIT_DEV_DB_DIR=$data"
  echo "$default_data exists already: this step keeps its data in $data instead"
fi

cleanup() {
  pkill -TERM -f "$work/conduit" 2>/dev/null || true
  sleep 2
  pkill -KILL -f "$work/conduit" 2>/dev/null || true
  pkill -KILL -f "postgres -D $data" 2>/dev/null || true
  [ -z "$data_env" ] && rm -rf "$default_data"
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/inside.sh" <<'INSIDE'
set -euo pipefail
ip link set lo up
cd "$1"
DATA=$2
# No Docker either: an empty folder over the socket's.
[ -d /var/run ] && mount -t tmpfs tmpfs /var/run
echo "in the namespace: $(ip -brief addr | tr -s ' ' | tr '\n' ';')"
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then echo "FAIL: something answers on 5432"; exit 1; fi
echo "127.0.0.1:5432: nothing answers (as on a laptop without PostgreSQL)"

start_service() {
  setsid ./mvnw -o mn:run >"$2" 2>&1 &
  echo $! >"$1"
  local waited
  for ((waited = 0; waited < 400; waited++)); do
    curl -fs -o /dev/null http://localhost:8080/api/tags && { echo "answered after ${waited} s"; return 0; }
    kill -0 "$(cat "$1")" 2>/dev/null || { echo "FAIL: mn:run exited"; tail -60 "$2"; return 1; }
    sleep 1
  done
  echo "FAIL: no answer in 400 s"; tail -60 "$2"; return 1
}

stop_service() {
  kill -TERM -- "-$(cat "$1")" 2>/dev/null || true
  local waited
  for ((waited = 0; waited < 60; waited++)); do
    pgrep -f "postgres -D $DATA" >/dev/null || pgrep -f "$PWD/target/classes" >/dev/null || return 0
    sleep 1
  done
  echo "FAIL: the service or its PostgreSQL still runs 60 s after SIGTERM"; pgrep -af "postgres -D $DATA|$PWD/target/classes"
  return 1
}

echo "---- ./mvnw mn:run (first start: builds, then starts the embedded PostgreSQL)"
start_service "$PWD/../run.pid" "$PWD/../run1.log"
grep -E "Database: |Started PostgreSQL|Creating a PostgreSQL" "$PWD/../run1.log" | sed 's/^/  log: /'
grep -q "uses its own PostgreSQL" "$PWD/../run1.log" || { echo "FAIL: the log does not say it uses the embedded PostgreSQL"; exit 1; }
tags=$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/api/tags)
registered=$(curl -s -o /dev/null -w '%{http_code}' -X POST http://localhost:8080/api/users \
  -H 'Content-Type: application/json' \
  -d '{"user":{"username":"newcomer","email":"newcomer@example.com","password":"newcomer-pass"}}')
swagger=$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/swagger-ui)
echo "GET /api/tags $tags, POST /api/users $registered, GET /swagger-ui $swagger"
[ "$tags" = 200 ] && [ "$registered" = 201 ] && [ "$swagger" = 200 ] || { echo "FAIL"; exit 1; }
stop_service "$PWD/../run.pid"
echo "stopped: neither the service nor its PostgreSQL runs"

echo "---- ./mvnw mn:run again: the data folder lasts"
start_service "$PWD/../run.pid" "$PWD/../run2.log"
login=$(curl -s -o /dev/null -w '%{http_code}' -X POST http://localhost:8080/api/users/login \
  -H 'Content-Type: application/json' -d '{"user":{"email":"newcomer@example.com","password":"newcomer-pass"}}')
echo "POST /api/users/login for the user registered before the restart: $login"
[ "$login" = 200 ] || { echo "FAIL"; exit 1; }
stop_service "$PWD/../run.pid"

echo "---- ./mvnw -B verify"
./mvnw -o -B verify >"$PWD/../verify.log" 2>&1 || { tail -80 "$PWD/../verify.log"; echo "FAIL: verify"; exit 1; }
grep -m1 "^Test database:" "$PWD/../verify.log" | sed 's/^/  /'
grep -q "their own PostgreSQL" "$PWD/../verify.log" || { echo "FAIL: the tests did not use the embedded PostgreSQL"; exit 1; }
grep -E "Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$" "$PWD/../verify.log" | tail -1 \
  | sed 's/^/  /'
grep -E "BUILD SUCCESS" "$PWD/../verify.log" | sed 's/^/  /'
INSIDE

eval "env $data_env unshare --net --mount bash $work/inside.sh $work/conduit $data"
echo "fresh laptop: PASS"
