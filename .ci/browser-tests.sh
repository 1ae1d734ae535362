#!/usr/bin/env bash
# Runs the browser tests (src/test/browser, node --test + playwright-core) against the service.
#
#   bash .ci/browser-tests.sh                          # start target/conduit-api.jar on a fresh database and test it
#   bash .ci/browser-tests.sh http://localhost:8080    # test a service that is already running
#
# Drives Debian's /usr/bin/chromium (installed with apt-get when missing; needs root), since test tools cannot
# download browsers here. Screenshots go to target/ci-artifacts/. Exits non-zero when any test fails.
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
else
  [ -f target/conduit-api.jar ] || ./mvnw -B -q package -DskipTests
  source .ci/service.sh
  service_start browser   # fresh database, free port; stopped and dropped on exit
fi

mkdir -p target/ci-artifacts
echo "Testing $SERVICE_URL"
cd src/test/browser
node --test --test-reporter=spec
