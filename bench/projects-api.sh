#!/usr/bin/env bash
# GET /api/projects with 60 projects (the sample and 59 more; wrk -t2 -c16, 20 s warm-up, 15 s
# measured), then POST /api/projects (wrk -t2 -c16 -d10s with bench/post-unique.lua), on one
# instance. The embedded H2 by default; with DATABASE_URL set (e.g.
# jdbc:postgresql://127.0.0.1:5432/bench?user=postgres, a database of its own) on PostgreSQL.
# The durations can be shortened for a quick check: WARM=20 GET_SECONDS=15 POST_SECONDS=10.
# Usage: bench/projects-api.sh JAR PORT LABEL, alternating builds (docs/benchmarks.md).
set -e
JAR=$1; PORT=$2; LABEL=$3
WARM=${WARM:-20}; GET_SECONDS=${GET_SECONDS:-15}; POST_SECONDS=${POST_SECONDS:-10}
T=bench-token-0123456789abcdefghijklmnopqrstuvwxyz
D=$(mktemp -d)
VIBEGRAPHER_DATA_DIR=$D VIBEGRAPHER_ADMIN_TOKEN=$T java -Xmx512m -jar "$JAR" --port "$PORT" > "$D/out.log" 2>&1 &
PID=$!
# Waiting for the killed server is not a failure (143): under set -e it would end the script with it.
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$D"' EXIT
for i in $(seq 1 120); do sleep 1; curl -s -o /dev/null -w "%{http_code}" "localhost:$PORT/health/ready" | grep -q 200 && break; done
curl -s -o /dev/null -w "%{http_code}" "localhost:$PORT/health/ready" | grep -q 200 || { echo "$LABEL: not ready within 120 s; log:" >&2; tail -20 "$D/out.log" >&2; exit 1; }
for i in $(seq 1 59); do curl -s -o /dev/null -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d "{\"name\":\"p$i\"}" "localhost:$PORT/api/projects"; done
wrk -t2 -c16 -d"$WARM"s -H "Authorization: Bearer $T" "http://localhost:$PORT/api/projects" > /dev/null
echo "$LABEL GET"; wrk -t2 -c16 -d"$GET_SECONDS"s --latency -H "Authorization: Bearer $T" "http://localhost:$PORT/api/projects" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
echo "$LABEL POST"; wrk -t2 -c16 -d"$POST_SECONDS"s --latency -H "Authorization: Bearer $T" -s bench/post-unique.lua "http://localhost:$PORT" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
