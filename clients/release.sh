#!/usr/bin/env bash
# Publishes the SDKs at the contract's version (info.version of api-spec/openapi.yaml): the TypeScript package
# to an npm registry, the Kotlin artifact (jar, sources jar, POM, and the parent POM it names) to a Maven repository.
#
#   NPM_REGISTRY=https://registry.npmjs.org/ \
#   MAVEN_REPOSITORY_ID=github MAVEN_REPOSITORY_URL=https://maven.pkg.github.com/<owner>/<repo> \
#     bash clients/release.sh
#
# Credentials come from the usual places, never from here: npm's userconfig (`//<registry host>/:_authToken=...`,
# NPM_CONFIG_USERCONFIG to use another file) and Maven's settings.xml <server> with the id MAVEN_REPOSITORY_ID
# (a file:// repository needs none). Refuses to publish when package.json or clients/pom.xml disagree with
# info.version. Run from anywhere; the built SDKs are whatever clients/ holds (run .ci/sdk.sh first to test them).
# MAVEN_LOCK=<file> runs Maven under flock (shared build machines).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${NPM_REGISTRY:?set NPM_REGISTRY, e.g. https://registry.npmjs.org/}"
: "${MAVEN_REPOSITORY_URL:?set MAVEN_REPOSITORY_URL, e.g. file:///tmp/repo or https://maven.pkg.github.com/<owner>/<repo>}"
MAVEN_REPOSITORY_ID=${MAVEN_REPOSITORY_ID:-conduit-sdk}

mvnw() { if [ -n "${MAVEN_LOCK:-}" ]; then flock "$MAVEN_LOCK" ./mvnw "$@"; else ./mvnw "$@"; fi; }

version=$(awk '/^info:/ { on = 1; next } on && /^[^ ]/ { exit } on && $1 == "version:" { gsub(/["\047]/, "", $2); print $2 }' api-spec/openapi.yaml)
ts_version=$(node -p 'require("./clients/typescript/package.json").version')
pom_version=$(sed -n '0,/<version>/s|.*<version>\(.*\)</version>.*|\1|p' clients/pom.xml)
if [ "$ts_version" != "$version" ] || [ "$pom_version" != "$version" ]; then
  echo "refusing to publish: info.version is $version, package.json $ts_version, clients/pom.xml $pom_version" >&2
  exit 1
fi
echo "Publishing the SDKs at version $version"

echo "-- TypeScript: @conduit/api-client@$version to $NPM_REGISTRY"
(
  cd clients/typescript
  [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
  # prepack builds dist/ from src/ and generated/ before the tarball is made.
  npm publish --registry "$NPM_REGISTRY" --access public --loglevel=warn
)

echo "-- Kotlin: dev.conduit:conduit-client:$version to $MAVEN_REPOSITORY_URL"
# Generation is not repeated (codegen.skip): what is deployed is the committed code the drift check approved.
mvnw -B -ntp -q -f clients/pom.xml deploy -DskipTests -Dcodegen.skip=true -Dkotlin.compiler.daemon=false \
  -DaltDeploymentRepository="$MAVEN_REPOSITORY_ID::$MAVEN_REPOSITORY_URL"
echo "published @conduit/api-client@$version and dev.conduit:conduit-client:$version"
