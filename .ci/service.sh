# Bash library, meant to be sourced: starts target/conduit-api.jar for a CI script to test against.
#
#   source .ci/service.sh
#   service_start browser          # fresh database, free port; waits until GET /api/tags answers
#   curl "$SERVICE_URL/api/tags"   # SERVICE_URL=http://127.0.0.1:<port> (no trailing slash, no /api)
#
# service_start <name> creates nothing itself: the service creates its database conduit_<name>_<time>_<random>
# on 127.0.0.1:5432 on startup (CONDUIT_DB_CREATE_IF_MISSING) and logs to target/<name>-service.log. It exports
# SERVICE_URL, SERVICE_PID, SERVICE_DB and SERVICE_LOG, and registers an EXIT trap (kept in front of any EXIT
# trap already set) that runs service_stop: stop the service, drop the database. If the service dies or does
# not answer within SERVICE_START_TIMEOUT seconds (default 60), it prints the service log, cleans up and
# returns 1. Call it directly, not in $(...) or a pipeline, or the exports and the trap are lost with the
# subshell. Run from the repository root; works under set -euo pipefail. Needs java, python3, curl, psql.

service_start() {
  local name=${1:-ci}
  local jar=target/conduit-api.jar
  local timeout=${SERVICE_START_TIMEOUT:-60}
  if [ -n "${SERVICE_PID:-}" ]; then
    echo "service_start: a service is already running (pid $SERVICE_PID, $SERVICE_URL)" >&2
    return 1
  fi
  if [ ! -f "$jar" ]; then
    echo "service_start: $jar is missing; build it first: ./mvnw -B package -DskipTests" >&2
    return 1
  fi

  local port management_port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  management_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  SERVICE_DB="conduit_${name}_$(date +%s)_$RANDOM"
  SERVICE_LOG="target/${name}-service.log"
  SERVICE_URL="http://127.0.0.1:$port"
  SERVICE_MANAGEMENT_URL="http://127.0.0.1:$management_port"
  export SERVICE_DB SERVICE_LOG SERVICE_URL SERVICE_MANAGEMENT_URL

  DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$SERVICE_DB" \
    CONDUIT_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" \
    MICRONAUT_SERVER_PORT="$port" \
    CONDUIT_MANAGEMENT_PORT="$management_port" \
    java -jar "$jar" >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
  export SERVICE_PID

  # Run service_stop on exit, before whatever EXIT trap the caller had already set.
  local previous
  eval "set -- $(trap -p EXIT)"
  previous=${3:-}
  # shellcheck disable=SC2064  # expand $previous now, on purpose
  trap "service_stop${previous:+; $previous}" EXIT

  local waited
  for ((waited = 0; waited < timeout; waited++)); do
    curl -fs -o /dev/null "$SERVICE_URL/api/tags" && break
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "service failed to start; its log ($SERVICE_LOG):" >&2
      cat "$SERVICE_LOG" >&2
      service_stop
      return 1
    fi
    sleep 1
  done
  if ! curl -fs -o /dev/null "$SERVICE_URL/api/tags"; then
    echo "service did not answer within $timeout s; its log ($SERVICE_LOG):" >&2
    cat "$SERVICE_LOG" >&2
    service_stop
    return 1
  fi
  echo "service started: $SERVICE_URL (pid $SERVICE_PID, database $SERVICE_DB, log $SERVICE_LOG)"
}

# Stops the service started by service_start and drops its database. Safe to call twice.
service_stop() {
  if [ -n "${SERVICE_PID:-}" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=
  fi
  if [ -n "${SERVICE_DB:-}" ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $SERVICE_DB WITH (FORCE)" >/dev/null 2>&1 || true
    SERVICE_DB=
  fi
}
