#!/usr/bin/env bash
# The soak of issue 18: comments at a steady rate for minutes, and once a minute the job queue's backlog (queued,
# overdue, running, done, dead, the oldest overdue job's age) and the service log's size. A measurement, not a
# test: it exits 0 whatever the figures are. Run it alone on the machine.
#
#   bash bench/soak.sh                                  # 100 comments/s for 12 minutes, mail to a local SMTP sink
#   SOAK_MAIL=down SOAK_MINUTES=5 bash bench/soak.sh    # SMTP configured but refusing: every mail job fails
#   SOAK_MAIL=none bash bench/soak.sh                   # CONDUIT_SMTP_HOST unset
#
# Knobs: SOAK_RATE (comments/s, 100), SOAK_MINUTES (12), SOAK_USERS (20: each is a commenter and an article author,
# so notifications spread over 20 recipients), SOAK_MAIL (sink | down | none), SOAK_JAVA_OPTS (default: the
# Dockerfile's production flags). Writes per user are not rate limited here (the soak is about what follows the
# writes); everything else is the production default. Output: target/soak/<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${SOAK_RATE:-100} MINUTES=${SOAK_MINUTES:-12} USERS=${SOAK_USERS:-20} MAIL=${SOAK_MAIL:-sink}
out=target/soak/$(date +%Y%m%d-%H%M%S) && mkdir -p "$out"
[ -f target/conduit-api.jar ] || ./mvnw -B -q package -DskipTests
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

sink_pid=
stop_sink() { if [ -n "$sink_pid" ]; then kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi; }
trap stop_sink EXIT
case $MAIL in
  sink) smtp_port=$(free_port); python3 .ci/fault/smtp_sink.py "$smtp_port" "$out/mails.jsonl" & sink_pid=$!
        export CONDUIT_SMTP_HOST=127.0.0.1 CONDUIT_SMTP_PORT=$smtp_port CONDUIT_SMTP_STARTTLS=false ;;
  down) export CONDUIT_SMTP_HOST=127.0.0.1 CONDUIT_SMTP_PORT=$(free_port) CONDUIT_SMTP_STARTTLS=false ;;  # nothing listens
  none) unset CONDUIT_SMTP_HOST ;;
  *) echo "SOAK_MAIL must be sink, down or none" >&2; exit 2 ;;
esac

export JAVA_TOOL_OPTIONS=${SOAK_JAVA_OPTS:-"-XX:+UseSerialGC -Xmx112m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000"}
export MALLOC_ARENA_MAX=2 CONDUIT_RATE_LIMIT_WRITES_PER_USER=100000000/1m CONDUIT_RATE_LIMIT_REGISTRATIONS_PER_ADDRESS=1000/1h
source .ci/service.sh
service_start soak
echo "soak: $RATE comments/s for $MINUTES min, $USERS users, mail: $MAIL; service log $SERVICE_LOG; output $out"
python3 bench/soak.py --url "$SERVICE_URL" --db "$SERVICE_DB" --rate "$RATE" --minutes "$MINUTES" --users "$USERS" \
  --log "$SERVICE_LOG" | tee "$out/soak.txt"
echo "mails delivered: $( [ -f "$out/mails.jsonl" ] && wc -l <"$out/mails.jsonl" || echo 0)"
echo "log lines about failed jobs: $(grep -c 'failed on attempt\|more failed attempts\|is dead after' "$SERVICE_LOG" || true)"
echo "service CPU: $(ps -o cputime= -p "$SERVICE_PID" | tr -d ' '), RSS: $(( $(ps -o rss= -p "$SERVICE_PID") / 1024 )) MB"
cp "$SERVICE_LOG" "$out/"
