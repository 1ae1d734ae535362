#!/usr/bin/env bash
# Publishes the SDKs like a release does, to registries it starts itself, and installs them from there by name
# and version into consumer projects outside clients/, which run their journeys against a live service.
#
#   bash .ci/sdk-release.sh     # after .ci/sdk.sh (which built and tested clients/); needs target/conduit-api.jar
#
# 0. checks .github/workflows/release-sdks.yml (the same release on a tag, public registries);
# 1. starts Verdaccio (a local npm registry, .ci/verdaccio) on a free port and creates a publisher there, and makes
#    an empty Maven repository on disk (target/sdk-release/maven); 2. runs the release script, clients/release.sh,
#    against both; 3. starts the service with 3-second access tokens and, in front of it, a fault-injecting proxy
#    (.ci/fault/flaky_proxy.py: 503s, connections reset before and after the request was processed; FLAKY_SEED=<n>
#    replays a run); 4. consumers/web-ts installs @conduit/api-client@<info.version> from Verdaccio into an empty
#    node_modules and runs its journey through the proxy; 5. consumers/android-kotlin resolves
#    dev.conduit:conduit-client:<version> from the file:// repository (into a local Maven repository of its own, so
#    nothing comes from ~/.m2) and runs its journey through the proxy; 6. .ci/fault/check_writes.py finds every
#    write the journeys meant exactly once in the database and no session revoked by a refresh race. Everything it
#    starts (Verdaccio, the service, the proxy) is stopped on exit. MAVEN_LOCK=<file> runs Maven under flock.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export NPM_CONFIG_UPDATE_NOTIFIER=false

step() { printf '\n---- %s ----\n' "$*"; }
mvnw() { if [ -n "${MAVEN_LOCK:-}" ]; then flock "$MAVEN_LOCK" ./mvnw "$@"; else ./mvnw "$@"; fi; }
source .ci/ports.sh   # free_port: never the same port twice in one run

work=target/sdk-release
rm -rf "$work" && mkdir -p "$work/verdaccio" "$work/maven"
version=$(awk '/^info:/ { on = 1; next } on && /^[^ ]/ { exit } on && $1 == "version:" { gsub(/["\047]/, "", $2); print $2 }' api-spec/openapi.yaml)

verdaccio_pid= proxy_pid=
stop_verdaccio() {
  if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
  if [ -n "$verdaccio_pid" ]; then kill "$verdaccio_pid" 2>/dev/null || true; wait "$verdaccio_pid" 2>/dev/null || true; fi
  verdaccio_pid= proxy_pid=
}
trap stop_verdaccio EXIT

step "Release workflow (.github/workflows): YAML and GitHub Actions shape (.ci/check-workflows.py)"
python3 .ci/check-workflows.py

step "Local registries: Verdaccio (npm) and a Maven repository on disk"
lock_sum=$(sha256sum .ci/verdaccio/package-lock.json | cut -d' ' -f1)
if [ "$(cat .ci/verdaccio/node_modules/.installed-from-lock 2>/dev/null)" != "$lock_sum" ]; then
  (cd .ci/verdaccio && npm ci --no-audit --no-fund --loglevel=error) && echo "$lock_sum" >.ci/verdaccio/node_modules/.installed-from-lock
fi
cp .ci/verdaccio/config.yaml "$work/verdaccio/config.yaml"
npm_port=$(free_port)
registry="http://127.0.0.1:$npm_port/"
.ci/verdaccio/node_modules/.bin/verdaccio --config "$work/verdaccio/config.yaml" --listen "127.0.0.1:$npm_port" \
  >"$work/verdaccio.log" 2>&1 &
verdaccio_pid=$!
for _ in $(seq 1 60); do curl -fs -o /dev/null "$registry-/ping" && break; sleep 0.5; done
curl -fs -o /dev/null "$registry-/ping" || { cat "$work/verdaccio.log"; echo "Verdaccio did not start" >&2; exit 1; }
# A publisher account (the htpasswd file is in the throwaway storage); its token goes into a private npmrc.
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
token=$(curl -fsS -X PUT -H 'Content-Type: application/json' \
  -d "{\"name\":\"ci\",\"password\":\"$password\"}" "$registry-/user/org.couchdb.user:ci" |
  node -p 'JSON.parse(require("fs").readFileSync(0)).token')
export NPM_CONFIG_USERCONFIG=$root/$work/npmrc
printf '//127.0.0.1:%s/:_authToken=%s\n' "$npm_port" "$token" >"$NPM_CONFIG_USERCONFIG"
echo "Verdaccio at $registry (pid $verdaccio_pid); Maven repository file://$root/$work/maven"

step "Release: clients/release.sh publishes version $version to both"
NPM_REGISTRY=$registry MAVEN_REPOSITORY_ID=sdk-local MAVEN_REPOSITORY_URL="file://$root/$work/maven" bash clients/release.sh
npm view "@conduit/api-client@$version" version dist.tarball --registry "$registry"
ls "$work/maven/dev/conduit/conduit-client/$version/"

[ -f target/conduit-api.jar ] || mvnw -B -q package -DskipTests
source .ci/service.sh
# Access tokens live 3 seconds, so they expire again and again during the journeys; every SDK test registers its
# own users from 127.0.0.1, more than the default 20 an hour (the limit is tested in the service's suite).
export CONDUIT_JWT_TTL_SECONDS=3 CONDUIT_RATE_LIMIT_REGISTRATIONS_PER_ADDRESS=1000/1h
service_start sdkrelease   # fresh database, free port; stopped and dropped on exit (before stop_verdaccio)

step "Flaky network: .ci/fault/flaky_proxy.py in front of the service (503s, resets before and after forwarding)"
seed=${FLAKY_SEED:-$RANDOM}
python3 .ci/fault/flaky_proxy.py --upstream "$SERVICE_URL" --port-file "$work/proxy.port" --log "$work/proxy.jsonl" \
  --seed "$seed" >"$work/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
cat "$work/proxy.log"
direct_url=$SERVICE_URL
SERVICE_URL="http://127.0.0.1:$(cat "$work/proxy.port")"
echo "Testing $SERVICE_URL -> $direct_url (replay this run's faults with FLAKY_SEED=$seed)"

failed=()
step "Web consumer (consumers/web-ts): npm install @conduit/api-client@$version from Verdaccio, journey"
web=consumers/web-ts
rm -rf "$web/node_modules" "$web/build"
if (cd "$web" && npm install --registry "$registry" --no-audit --no-fund --loglevel=error &&
    test "$(node -p 'require("@conduit/api-client/package.json").version')" = "$version" &&
    JOURNEY_REPORT=$root/$work/web-report.json npm test); then
  echo "web consumer passed with @conduit/api-client@$version from $registry"
else
  failed+=("web consumer")
fi

step "Android consumer (consumers/android-kotlin): dev.conduit:conduit-client:$version from the Maven repository, journey"
consumer_m2=$root/$work/consumer-m2
# A local repository of its own, not ~/.m2 (where `install` may have put the SDK): the SDK must be downloaded into
# it from the file:// repository, which the check after the build proves; the rest comes from Maven Central.
if JOURNEY_REPORT=$root/$work/android-report.json mvnw -B -ntp -f consumers/android-kotlin/pom.xml clean test -Dkotlin.compiler.daemon=false \
     -Dconduit.sdk.version="$version" -Dconduit.sdk.repository="file://$root/$work/maven" \
     -Dmaven.repo.local="$consumer_m2" &&
   grep -q 'conduit-client-'"$version"'.jar>conduit-sdk=' "$consumer_m2/dev/conduit/conduit-client/$version/_remote.repositories"; then
  echo "android consumer passed with dev.conduit:conduit-client:$version from file://$root/$work/maven"
else
  failed+=("android consumer")
fi

step "Exactly once, through the flaky network: the database against what the journeys meant to write"
if ! python3 .ci/fault/check_writes.py --db "$SERVICE_DB" --proxy-log "$work/proxy.jsonl" \
     "$work/web-report.json" "$work/android-report.json"; then
  failed+=("writes through the flaky proxy")
fi

step "SDK release summary"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "published $version to local registries; both consumers installed it by version and passed through a flaky network"
