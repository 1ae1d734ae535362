#!/usr/bin/env bash
# The Dockerfile's AOT cache step, run here (there is no Docker engine on CI machines): deploy/aot-training.sh
# trains a cache for target/conduit-api.jar on JDK 25 with the Dockerfile's JAVA_TOOL_OPTIONS against a throwaway
# database, then the service starts with -XX:AOTMode=on, which makes the JVM exit with an error when it cannot use
# the cache, and must answer. Prints both start times. Needs target/conduit-api.jar and a JDK 25 (AOT_JAVA, or
# Temurin 25 under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")/.."

java=${AOT_JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[ -x "$java" ] || { echo "no JDK 25 found (set AOT_JAVA)" >&2; exit 1; }
"$java" -version 2>&1 | head -1
opts=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' Dockerfile)
[ -n "$opts" ] || { echo "no JAVA_TOOL_OPTIONS in the Dockerfile" >&2; exit 1; }
echo "the Dockerfile's flags: $opts"

db="conduit_aot_$(date +%s)_$RANDOM"
work=target/aot && mkdir -p "$work"
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$db" MALLOC_ARENA_MAX=2

started=$(date +%s%N)
AOT_TRAINING_JAVA_OPTS=$opts AOT_TRAINING_LOG=$work/training.log deploy/aot-training.sh "$java" target/conduit-api.jar "$work/conduit.aot"
echo "training run: $(( ($(date +%s%N) - started) / 1000000 )) ms"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# start <label> [flags]: time to the first answer from GET /api/tags, and the JVM's CPU until then.
start() {
  local label=$1 now
  shift
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  MICRONAUT_SERVER_PORT=$port CONDUIT_MANAGEMENT_PORT=0 CONDUIT_JWT_SECRET=aot-check-$RANDOM-$RANDOM-$RANDOM-$RANDOM-$RANDOM \
    "$java" $opts "$@" -jar target/conduit-api.jar >"$work/$label.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/tags"; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$work/$label.log" >&2; echo "$label: the service did not start" >&2; exit 1; }
    (( ($(date +%s%N) - started) / 1000000000 < 120 )) || { echo "$label: no answer in 120 s" >&2; exit 1; }
    sleep 0.01
  done
  now=$(date +%s%N)
  printf '%-16s %6d ms to the first answer, JVM CPU %6d ms\n' "$label" $(( (now - started) / 1000000 )) \
    $(( $(awk '{print $14 + $15}' "/proc/$pid/stat") * 1000 / $(getconf CLK_TCK) ))
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}
start "without cache"
start "with cache" -XX:AOTCache="$work/conduit.aot" -XX:AOTMode=on
