#!/usr/bin/env bash
# Real-time benchmark (docs/benchmarks.md): publish-to-receipt latency for 1, 50, 100 and 1000
# WebSocket subscribers of one project, and the sustained event rate. The app and the clients run
# in separate processes on this machine. Run after `mvn -B package -DskipTests`.
# With FLOOR=N, the floor (bench/realtime-floor: a WAR that only broadcasts, on the same Payara
# Micro with the same JVM flags) and the app are measured alternately, N rounds each; with
# JETTY=1 as well, the same floor endpoint on embedded Jetty 12 (bench/realtime-floor/jetty) too.
# Usage: [FLOOR=2 [JETTY=1]] bench/realtime.sh [subscriber counts...]
set -euo pipefail
cd "$(dirname "$0")/.."
# The app needs a caller: the operator's admin token (the floors ignore it).
export VIBEGRAPHER_ADMIN_TOKEN="${VIBEGRAPHER_ADMIN_TOKEN:-bench-admin-token-0123456789abcdef}"
counts=${*:-1 50 100 1000}
work=$(mktemp -d)
port=18095
flags=${JVM_FLAGS:--Xmx512m}
app=
trap 'if [ -n "$app" ]; then kill $app 2>/dev/null; fi; rm -rf "$work"' EXIT

# serve NAME COMMAND...: starts a server on $port and waits until it is ready.
serve() {
  local name=$1; shift
  "$@" > "$work/$name.log" 2>&1 &
  app=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    kill -0 $app 2>/dev/null || { tail -20 "$work/$name.log"; exit 1; }
    sleep 0.2
  done
}
measure() {
  mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test \
    -Dbench.token="$VIBEGRAPHER_ADMIN_TOKEN" -Dexec.mainClass=dev.vibegrapher.bench.RealtimeLatency -Dexec.args="http://127.0.0.1:$port $counts"
}
stop() { kill $app; wait $app 2>/dev/null || true; app=; }
run_app() {
  rm -rf "$work/data"
  # All subscribers connect as the one admin: lift the cap of connections per caller above them.
  serve app env VIBEGRAPHER_DATA_DIR="$work/data" VIBEGRAPHER_DIAGNOSTICS=true VIBEGRAPHER_REALTIME_MAX_CONNECTIONS_PER_CALLER=5000 java $flags -jar target/vibegrapher.jar --port $port
  measure
  stop
}

if [ -z "${FLOOR:-}" ]; then
  run_app
  exit 0
fi
api_jar=$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api/10.0.0 -name 'jakarta.jakartaee-api-10.0.0.jar' | head -n 1)
mkdir -p "$work/floor/WEB-INF/classes"
javac -d "$work/floor/WEB-INF/classes" -cp "$api_jar" bench/realtime-floor/src/*.java
(cd "$work/floor" && jar cf "$work/floor.war" .)
if [ -n "${JETTY:-}" ]; then
  mvn -B -q -f bench/realtime-floor/jetty/pom.xml dependency:build-classpath -Dmdep.outputFile="$work/jetty.cp"
  mkdir -p "$work/jetty"
  javac -d "$work/jetty" -cp "$(cat "$work/jetty.cp")" bench/realtime-floor/jetty/src/*.java bench/realtime-floor/src/FloorSocket.java bench/realtime-floor/src/FloorFrames.java
fi
for round in $(seq 1 "$FLOOR"); do
  echo "== round $round: floor (broadcast only), load $(cut -d' ' -f1 /proc/loadavg)"
  serve floor java $flags -jar target/payara-micro.jar --nohazelcast --disablephonehome --port $port --deploy "$work/floor.war:/"
  measure
  stop
  if [ -n "${JETTY:-}" ]; then
    echo "== round $round: floor on Jetty (broadcast only), load $(cut -d' ' -f1 /proc/loadavg)"
    serve jetty java $flags -cp "$work/jetty:$(cat "$work/jetty.cp")" floor.JettyFloor $port
    measure
    stop
  fi
  echo "== round $round: Vibegrapher, load $(cut -d' ' -f1 /proc/loadavg)"
  run_app
done
