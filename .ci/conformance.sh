#!/usr/bin/env bash
# Runs the public RealWorld conformance suite (Postman collection) with newman.
#
#   bash .ci/conformance.sh                          # start target/conduit-api.jar on a fresh database and test it
#   bash .ci/conformance.sh http://host:8080/api     # test a service that is already running
#
# CONFORMANCE_COLLECTION overrides where the collection is (default: ../shared/conformance/).
# Exits non-zero when any assertion fails.
set -euo pipefail
cd "$(dirname "$0")/.."

collection=${CONFORMANCE_COLLECTION:-../shared/conformance/Conduit.postman_collection.json}
tools=target/ci-tools
newman=$tools/node_modules/.bin/newman

if [ ! -x "$newman" ]; then
  echo "Installing newman into $tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error newman@6.2 >/dev/null
fi

if [ $# -ge 1 ]; then
  apiurl=$1
else
  [ -f target/conduit-api.jar ] || ./mvnw -B -q package -DskipTests
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  db="conduit_conformance_$(date +%s)_$RANDOM"
  log=target/conformance-service.log
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    CONDUIT_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" \
    MICRONAUT_SERVER_PORT="$port" \
    java -jar target/conduit-api.jar >"$log" 2>&1 &
  service=$!
  cleanup() {
    kill "$service" 2>/dev/null || true
    wait "$service" 2>/dev/null || true
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  }
  trap cleanup EXIT
  apiurl="http://127.0.0.1:$port/api"
  for _ in $(seq 1 60); do
    curl -fs -o /dev/null "$apiurl/tags" && break
    kill -0 "$service" 2>/dev/null || { echo "service failed to start:"; cat "$log"; exit 1; }
    sleep 1
  done
  curl -fs -o /dev/null "$apiurl/tags" || { echo "service did not answer within 60 s:"; cat "$log"; exit 1; }
fi

run="$(date +%s)$RANDOM"
"$newman" run "$collection" \
  --global-var "APIURL=$apiurl" \
  --global-var "USERNAME=conformance$run" \
  --global-var "EMAIL=conformance$run@example.com" \
  --global-var "PASSWORD=password$run" \
  --color off
