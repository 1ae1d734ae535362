#!/usr/bin/env bash
# Builds the client SDKs (clients/) from the contract and tests them against the service.
#
#   bash .ci/sdk.sh                          # start target/conduit-api.jar on a fresh database and test it
#   bash .ci/sdk.sh http://localhost:8080    # test a service that is already running (started with
#                                            # CONDUIT_WEBHOOKS_ALLOW_INSECURE_LOOPBACK=true, as ./mvnw mn:run is)
#
# 1. regenerates clients/typescript, clients/kotlin and clients/swift from api-spec/openapi.yaml and fails when
#    that changes anything under clients/ (commit the regenerated code with the spec change: the diff is its
#    client impact); 2. builds the Kotlin jar and runs its JUnit journey (./mvnw -f clients/pom.xml verify);
# 3. builds the TypeScript package (npm ci, tsc, npm pack) and runs its journey (node --test); 4. checks that
# every SDK's version is the spec's info.version. Artifacts: clients/kotlin/target/conduit-client-<v>.jar,
# clients/typescript/target/conduit-api-client-<v>.tgz. Runs every step it can and exits non-zero when any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

failed=()
step() { printf '\n---- %s ----\n' "$*"; }
fail() { echo "FAILED: $*" >&2; failed+=("$*"); }

mkdir -p target
step "Regenerate the SDKs from api-spec/openapi.yaml (openapi-generator, clients/pom.xml)"
if ./mvnw -B -q -f clients/pom.xml generate-sources >target/sdk-generate.log 2>&1; then
  echo "generated with openapi-generator $(cat clients/typescript/generated/.openapi-generator/VERSION)"
else
  cat target/sdk-generate.log
  echo "SDK generation failed" >&2
  exit 1
fi

step "SDK drift: clients/ must be what the spec generates"
drift=$(git status --porcelain --untracked-files=all -- clients/)
if [ -n "$drift" ]; then
  echo "$drift" | head -n 40
  git --no-pager diff --stat -- clients/ | tail -n 1
  echo "The committed SDKs differ from what api-spec/openapi.yaml generates. Regenerate with"
  echo "  ./mvnw -B -f clients/pom.xml generate-sources"
  echo "and commit clients/ together with the spec change."
  fail "SDK drift"
else
  echo "no drift: the committed SDKs are what the spec generates"
fi

if [ $# -ge 1 ]; then
  export SERVICE_URL=${1%/}
else
  [ -f target/conduit-api.jar ] || ./mvnw -B -q package -DskipTests
  source .ci/service.sh
  # The TypeScript webhook test registers a receiver on 127.0.0.1 over http: development-only, allowed here.
  export CONDUIT_WEBHOOKS_ALLOW_INSECURE_LOOPBACK=true
  # Every SDK test registers its own users, all from 127.0.0.1: more than the 20 an hour one address may register
  # by default. The limit itself is tested in the service's suite (RateLimitApiTest).
  export CONDUIT_RATE_LIMIT_REGISTRATIONS_PER_ADDRESS=1000/1h
  service_start sdk   # fresh database, free port; stopped and dropped on exit
fi
echo "Testing $SERVICE_URL"

step "Kotlin SDK: jar and JUnit journey (./mvnw -f clients/pom.xml verify)"
# Generation ran above (codegen.skip), so this run builds exactly the code the drift check looked at.
# No Kotlin compile daemon: it would outlive CI (.ci/run must stop what it starts).
./mvnw -B -ntp -f clients/pom.xml clean verify -Pjourney -Dcodegen.skip=true -Dkotlin.compiler.daemon=false || fail "Kotlin SDK"

step "TypeScript SDK: npm ci, tsc, npm pack, journey (node --test)"
ts=clients/typescript
lock_sum=$(sha256sum "$ts/package-lock.json" | cut -d' ' -f1)
stamp=$ts/node_modules/.installed-from-lock
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  (cd "$ts" && npm ci --no-audit --no-fund --loglevel=error) && echo "$lock_sum" >"$stamp"
fi
# npm pack runs the "prepack" script (tsc), so dist/ and the tarball come from one build.
if (cd "$ts" && rm -rf dist build target && mkdir target && npm pack --pack-destination target --loglevel=warn); then
  (cd "$ts" && npx tsc -p tsconfig.test.json && node --test --test-reporter=spec build/test/) || fail "TypeScript journey"
else
  fail "TypeScript build"
fi

step "SDK versions: each must be info.version of api-spec/openapi.yaml"
spec_version=$(awk '/^info:/ { on = 1; next } on && /^[^ ]/ { exit } on && $1 == "version:" { gsub(/["\047]/, "", $2); print $2 }' api-spec/openapi.yaml)
tgz=$(ls "$ts"/target/*.tgz 2>/dev/null | head -n 1)
jar=$(ls clients/kotlin/target/conduit-client-*.jar 2>/dev/null | grep -v -- '-sources\.jar$' | head -n 1)
ts_version=$([ -n "$tgz" ] && tar -xOzf "$tgz" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0)).version' || true)
kotlin_version=$([ -n "$jar" ] && unzip -p "$jar" META-INF/maven/dev.conduit/conduit-client/pom.properties | sed -n 's/^version=//p' || true)
swift_version=$(sed -n "s/^ *s.version = '\(.*\)'/\1/p" clients/swift/ConduitClient/ConduitClient.podspec)
printf '%-22s %s\n' "spec info.version" "$spec_version" \
  "typescript (tarball)" "${ts_version:-missing} ${tgz:-}" \
  "kotlin (jar)" "${kotlin_version:-missing} ${jar:-}" \
  "swift (podspec)" "${swift_version:-missing}"
for v in "$ts_version" "$kotlin_version" "$swift_version"; do
  [ "$v" = "$spec_version" ] || { fail "SDK version differs from info.version $spec_version"; break; }
done

step "SDK summary"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "SDKs are fresh, versioned $spec_version, and both journeys pass"
