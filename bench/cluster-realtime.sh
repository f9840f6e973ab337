#!/usr/bin/env bash
# Fan-out across instances (docs/benchmarks.md): two instances of the uber jar share one new
# PostgreSQL database; events are published through the first. Measured alternately, ROUNDS times
# (default 2): subscribers on the first (same instance), and subscribers on the second (the event
# reaches it through NOTIFY and the shared log). Run after `mvn -B package -DskipTests`.
# Needs PostgreSQL at PGHOST:PGPORT (default 127.0.0.1:5432) with user PGUSER (default postgres).
# Usage: [ROUNDS=2] bench/cluster-realtime.sh [subscriber counts...]
set -euo pipefail
cd "$(dirname "$0")/.."
export VIBEGRAPHER_ADMIN_TOKEN="${VIBEGRAPHER_ADMIN_TOKEN:-bench-admin-token-0123456789abcdef}"
counts=${*:-1 50 100}
rounds=${ROUNDS:-2}
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_user=${PGUSER:-postgres}
database=bench_cluster_$$
work=$(mktemp -d)
flags=${JVM_FLAGS:--Xmx512m}
first_port=18096
second_port=18097
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" postgres || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "CREATE DATABASE $database" postgres

# serve NAME PORT: starts an instance with its own data directory and waits until it is ready.
serve() {
  local name=$1 port=$2
  env VIBEGRAPHER_DATA_DIR="$work/$name" VIBEGRAPHER_DIAGNOSTICS=true \
    VIBEGRAPHER_REALTIME_MAX_CONNECTIONS_PER_CALLER=5000 \
    DATABASE_URL="jdbc:postgresql://$pg_host:$pg_port/$database?user=$pg_user" \
    java $flags -jar target/vibegrapher.jar --port "$port" --nocluster > "$work/$name.log" 2>&1 &
  pids+=($!)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    kill -0 "${pids[-1]}" 2>/dev/null || { tail -20 "$work/$name.log"; exit 1; }
    sleep 0.2
  done
}
# The first migrates the database; the second joins it.
serve first $first_port
serve second $second_port
measure() {
  mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test \
    -Dbench.token="$VIBEGRAPHER_ADMIN_TOKEN" -Dbench.subscribe-url="$1" \
    -Dexec.mainClass=dev.vibegrapher.bench.RealtimeLatency \
    -Dexec.args="http://127.0.0.1:$first_port $counts"
}
for round in $(seq 1 "$rounds"); do
  echo "== round $round: subscribers on the publishing instance, load $(cut -d' ' -f1 /proc/loadavg)"
  measure "http://127.0.0.1:$first_port"
  echo "== round $round: subscribers on the other instance, load $(cut -d' ' -f1 /proc/loadavg)"
  measure "http://127.0.0.1:$second_port"
done
