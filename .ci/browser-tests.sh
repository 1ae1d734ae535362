#!/usr/bin/env bash
# Runs the browser tests (src/test/browser, node --test + playwright-core) against the service.
#
#   bash .ci/browser-tests.sh                          # start target/conduit-api.jar on a fresh database and test it
#   bash .ci/browser-tests.sh http://localhost:8080    # test a service that is already running
#
# Drives Debian's /usr/bin/chromium (installed with apt-get when missing; needs root), since test tools cannot
# download browsers here. Screenshots go to target/ci-artifacts/. Exits non-zero when any test fails.
#
# The CORS test (cors.test.mjs) serves a frontend page from two more origins: http://127.0.0.1:$CORS_ALLOWED_PORT,
# which the service must allow, and http://127.0.0.1:$CORS_BLOCKED_PORT, which it must not. When this script
# starts the service it picks both ports and sets CONDUIT_CORS_ORIGINS to the allowed origin. For a running
# service, set CORS_ALLOWED_PORT to a free port whose origin the service allows (its default CONDUIT_CORS_ORIGINS
# allows http://127.0.0.1:3000), or the CORS test is skipped; CORS_BLOCKED_PORT defaults to any free port.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# (stderr hidden: Debian's launcher script complains about /dev/shm on some machines, harmlessly)
/usr/bin/chromium --version 2>/dev/null || { echo "chromium does not start:"; /usr/bin/chromium --version; exit 1; }

# npm ci wipes node_modules, so skip it while node_modules still matches the committed lock file.
lock_sum=$(sha256sum src/test/browser/package-lock.json | cut -d' ' -f1)
stamp=src/test/browser/node_modules/.installed-from-lock
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "Installing the test dependencies (npm ci in src/test/browser)"
  (cd src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
else
  echo "Test dependencies are installed (src/test/browser/node_modules matches package-lock.json)"
fi

if [ $# -ge 1 ]; then
  export SERVICE_URL=${1%/}
  if [ -n "${CORS_ALLOWED_PORT:-}" ]; then
    export CORS_ALLOWED_PORT
    [ -z "${CORS_BLOCKED_PORT:-}" ] || export CORS_BLOCKED_PORT
  else
    echo "CORS_ALLOWED_PORT is not set: the CORS test will be skipped (see the top of this script)"
  fi
else
  [ -f target/conduit-api.jar ] || ./mvnw -B -q package -DskipTests
  # Two free ports for the CORS test's pages, chosen now: the service must start with the allowed origin.
  read -r CORS_ALLOWED_PORT CORS_BLOCKED_PORT < <(python3 -c 'import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))')
  export CORS_ALLOWED_PORT CORS_BLOCKED_PORT
  source .ci/service.sh
  # fresh database, free port; stopped and dropped on exit
  CONDUIT_CORS_ORIGINS="http://127.0.0.1:$CORS_ALLOWED_PORT" service_start browser
fi

mkdir -p target/ci-artifacts
echo "Testing $SERVICE_URL"
[ -z "${CORS_ALLOWED_PORT:-}" ] ||
  echo "CORS: allowed origin http://127.0.0.1:$CORS_ALLOWED_PORT, blocked origin http://127.0.0.1:${CORS_BLOCKED_PORT:-<any free port>}"
cd src/test/browser
node --test --test-reporter=spec
