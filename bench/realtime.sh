#!/usr/bin/env bash
# Real-time benchmark (docs/benchmarks.md): publish-to-receipt latency for 1, 50, 100 and 1000
# WebSocket subscribers of one project, and the sustained event rate. The app and the clients run
# in separate processes on this machine. Run after `mvn -B package -DskipTests`.
# Usage: bench/realtime.sh [subscriber counts...]
set -euo pipefail
cd "$(dirname "$0")/.."
counts=${*:-1 50 100 1000}
work=$(mktemp -d)
port=18095
VIBEGRAPHER_DATA_DIR="$work/data" VIBEGRAPHER_DIAGNOSTICS=true java ${JVM_FLAGS:--Xmx512m} -jar target/vibegrapher.jar --port $port > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$work"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
  kill -0 $app 2>/dev/null || { tail -20 "$work/app.log"; exit 1; }
  sleep 0.2
done
mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.vibegrapher.bench.RealtimeLatency -Dexec.args="http://127.0.0.1:$port $counts"
