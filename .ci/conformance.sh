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
  source .ci/service.sh
  service_start conformance   # fresh database, free port; stopped and dropped on exit
  apiurl="$SERVICE_URL/api"
fi

run="$(date +%s)$RANDOM"
"$newman" run "$collection" \
  --global-var "APIURL=$apiurl" \
  --global-var "USERNAME=conformance$run" \
  --global-var "EMAIL=conformance$run@example.com" \
  --global-var "PASSWORD=password$run" \
  --color off
