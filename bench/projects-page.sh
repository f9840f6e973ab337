#!/usr/bin/env bash
# GET /api/projects with 60 projects (the sample and 59 more): wrk -t2 -c16, 20 s warm-up, 15 s
# measured (docs/benchmarks.md, "The projects list a page at a time").
# Usage: bench/projects-page.sh JAR PORT LABEL, e.g. once for a build before and once for this one,
# alternating: bench/projects-page.sh target/vibegrapher.jar 18802 after
set -e
JAR=$1; PORT=$2; LABEL=$3
T=bench-token-0123456789abcdefghijklmnopqrstuvwxyz
D=$(mktemp -d)
VIBEGRAPHER_DATA_DIR=$D VIBEGRAPHER_ADMIN_TOKEN=$T java -Xmx512m -jar $JAR --port $PORT > $D/out.log 2>&1 &
PID=$!
for i in $(seq 1 120); do sleep 1; curl -s -o /dev/null -w "%{http_code}" localhost:$PORT/health/ready | grep -q 200 && break; done
for i in $(seq 1 59); do curl -s -o /dev/null -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d "{\"name\":\"p$i\"}" localhost:$PORT/api/projects; done
BYTES=$(curl -s -H "Authorization: Bearer $T" localhost:$PORT/api/projects | wc -c)
wrk -t2 -c16 -d20s -H "Authorization: Bearer $T" http://localhost:$PORT/api/projects > /dev/null
echo "$LABEL bytes=$BYTES"; wrk -t2 -c16 -d15s --latency -H "Authorization: Bearer $T" http://localhost:$PORT/api/projects | grep -E "Requests/sec|99%"
kill $PID; wait $PID 2>/dev/null || true; rm -rf $D
