#!/usr/bin/env bash
# The training run of the JDK 25 AOT cache (JEP 483/514/515): starts the service with -XX:AOTCacheOutput, sends
# it the requests a client sends (sign-up, login, articles, comments, feed, tags, profiles, a bad request), stops it
# with SIGTERM and leaves the cache the JVM writes at exit. Later starts with -XX:AOTCache=<file> find the classes
# loaded and linked and the methods profiled: docs/BENCHMARKS.md, "Startup on JDK 25".
#
#   DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:5432/scratch deploy/aot-training.sh java conduit-api.jar conduit.aot
#
# The database must be a throwaway one (the run writes users and articles into it; an empty one is migrated).
# DATASOURCES_DEFAULT_USERNAME/PASSWORD and any other setting pass through from the environment; JVM flags come
# from JAVA_TOOL_OPTIONS or AOT_TRAINING_JAVA_OPTS, and should be the production ones (the Dockerfile runs this
# with its own). Needs bash and curl only (it runs inside the runtime image). Exits non-zero when the service
# does not start, a request does not answer as expected, or no cache was written.
set -euo pipefail
java=${1:?usage: aot-training.sh <java> <jar> <out.aot>}
jar=${2:?usage: aot-training.sh <java> <jar> <out.aot>}
out=${3:?usage: aot-training.sh <java> <jar> <out.aot>}
port=${AOT_TRAINING_PORT:-18480}
management_port=${AOT_TRAINING_MANAGEMENT_PORT:-18481}
base=http://127.0.0.1:$port
log=${AOT_TRAINING_LOG:-$out.training.log}
rm -f "$out"

# shellcheck disable=SC2086  # the flags are a word list on purpose
MICRONAUT_SERVER_PORT=$port CONDUIT_MANAGEMENT_PORT=$management_port \
  CONDUIT_JWT_SECRET=${CONDUIT_JWT_SECRET:-aot-training-only-$RANDOM-$RANDOM-$RANDOM-$RANDOM-$RANDOM-$RANDOM} \
  "$java" ${AOT_TRAINING_JAVA_OPTS:-} -XX:AOTCacheOutput="$out" -jar "$jar" >"$log" 2>&1 &
pid=$!
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT

for _ in $(seq 1 1200); do
  curl -fs -o /dev/null "$base/api/tags" && break
  kill -0 "$pid" 2>/dev/null || { tail -40 "$log" >&2; echo "aot-training: the service died on startup" >&2; exit 1; }
  sleep 0.1
done

# call <expected status> <method> <path> [token] [json body]: prints the body.
call() {
  local expected=$1 method=$2 path=$3 token=${4:-} body=${5:-} args=() response status
  args=(-s -X "$method" -H 'Accept: application/json' -w '\n%{http_code}')
  [ -n "$token" ] && args+=(-H "Authorization: Token $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
  response=$(curl "${args[@]}" "$base$path")
  status=${response##*$'\n'}
  if [ "$status" != "$expected" ]; then
    echo "aot-training: $method $path answered $status, expected $expected: ${response%$'\n'*}" >&2
    exit 1
  fi
  printf '%s' "${response%$'\n'*}"
}
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

suffix=$RANDOM$RANDOM
for round in 1 2 3 4 5; do
  writer=$(call 201 POST /api/users '' "{\"user\":{\"username\":\"aw$suffix$round\",\"email\":\"aw$suffix$round@example.com\",\"password\":\"training-password-1\"}}" | field token)
  reader=$(call 200 POST /api/users/login '' "{\"user\":{\"email\":\"aw$suffix$round@example.com\",\"password\":\"training-password-1\"}}" | field token)
  other=$(call 201 POST /api/users '' "{\"user\":{\"username\":\"ar$suffix$round\",\"email\":\"ar$suffix$round@example.com\",\"password\":\"training-password-1\"}}" | field token)
  call 200 GET /api/user "$reader" >/dev/null
  call 200 PUT /api/user "$writer" '{"user":{"bio":"trains the cache"}}' >/dev/null
  slug=$(call 201 POST /api/articles "$writer" "{\"article\":{\"title\":\"Training $suffix $round\",\"description\":\"d\",\"body\":\"b\",\"tagList\":[\"training\",\"jvm\"]}}" | field slug)
  call 200 PUT "/api/articles/$slug" "$writer" '{"article":{"body":"b2"}}' >/dev/null
  call 201 POST "/api/articles/$slug/comments" "$other" '{"comment":{"body":"c"}}' >/dev/null
  call 200 POST "/api/profiles/aw$suffix$round/follow" "$other" >/dev/null
  call 200 POST "/api/articles/$slug/favorite" "$other" >/dev/null
  for _ in $(seq 1 20); do
    call 200 GET /api/tags >/dev/null
    call 200 GET '/api/articles?limit=20' >/dev/null
    call 200 GET '/api/articles?limit=20' "$other" >/dev/null
    call 200 GET "/api/articles?tag=training&limit=5" >/dev/null
    call 200 GET "/api/articles/$slug" >/dev/null
    call 200 GET "/api/articles/$slug/comments" >/dev/null
    call 200 GET /api/articles/feed "$other" >/dev/null
    call 200 GET "/api/profiles/aw$suffix$round" >/dev/null
  done
  call 422 POST /api/users '' '{"user":{"username":"","email":"not-an-email","password":"x"}}' >/dev/null
  call 401 GET /api/user >/dev/null
  call 404 GET /api/articles/no-such-article >/dev/null
done
curl -fs -o /dev/null "http://127.0.0.1:$management_port/health/readiness"

# SIGTERM: the JVM writes the cache as it exits.
kill "$pid"
wait "$pid" || true
trap - EXIT
if [ ! -s "$out" ]; then
  tail -40 "$log" >&2
  echo "aot-training: no AOT cache was written to $out" >&2
  exit 1
fi
echo "aot-training: $(du -h "$out" | cut -f1) AOT cache in $out (log: $log)"
