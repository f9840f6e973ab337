#!/usr/bin/env bash
# Foundation benchmark (docs/benchmarks.md): start-up and idle memory against an empty WAR on the
# same Payara Micro, then GET and POST /api/projects under wrk. Run after `mvn -B package`.
# Usage: bench/foundation.sh [rounds]   (needs wrk; reads nothing but this machine's loopback)
# APP_PORT and FLOOR_PORT choose the ports (default 18080 and 18081).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
jvm_flags=${JVM_FLAGS:--Xmx512m}
app_port=${APP_PORT:-18080}
floor_port=${FLOOR_PORT:-18081}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

api_jar=$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api/10.0.0 -name 'jakarta.jakartaee-api-10.0.0.jar' | head -n 1)
mkdir -p "$work/empty/WEB-INF/classes"
javac -q -d "$work/empty/WEB-INF/classes" -cp "$api_jar" bench/empty-app/src/Hello.java 2>/dev/null || javac -d "$work/empty/WEB-INF/classes" -cp "$api_jar" bench/empty-app/src/Hello.java
(cd "$work/empty" && jar cf "$work/empty.war" .)

# start NAME PORT COMMAND...: prints "seconds-to-ready rss-mb" once /health/ready answers 200.
start() {
  local name=$1 port=$2; shift 2
  local t0; t0=$(date +%s.%N)
  "$@" > "$work/$name.log" 2>&1 &
  local pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { echo "$name died; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  local t1; t1=$(date +%s.%N)
  sleep 5
  local rss; rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status)
  echo "$(echo "$t1 - $t0" | bc) $rss $pid"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n 1); flags: $jvm_flags"
for round in $(seq 1 "$rounds"); do
  # The floor starts the same way the uber jar does: same server, same boot options.
  read -r s r pid < <(start empty $floor_port java $jvm_flags -jar target/payara-micro.jar --nohazelcast --disablephonehome --port $floor_port --deploy "$work/empty.war:/")
  echo "round $round empty-war: ready ${s}s rss ${r}MB"; kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$work/data"
  read -r s r pid < <(VIBEGRAPHER_DATA_DIR="$work/data" start app $app_port java $jvm_flags -jar target/vibegrapher.jar --port $app_port)
  echo "round $round vibegrapher: ready ${s}s rss ${r}MB"
  if [ "$round" -lt "$rounds" ]; then kill $pid; wait $pid 2>/dev/null || true; fi
done

# Load, against the last app started: 10 projects stored (the sample and 9 more).
for i in $(seq 1 9); do
  curl -s -o /dev/null -X POST http://127.0.0.1:$app_port/api/projects -H 'Content-Type: application/json' -d "{\"name\":\"bench seed $i\"}"
done
echo "projects stored: $(curl -s http://127.0.0.1:$app_port/api/projects | grep -o '"slug"' | wc -l)"
wrk -t2 -c16 -d20s http://127.0.0.1:$app_port/api/projects > /dev/null   # warm-up: the JIT settles after ~20 s of load
echo "--- GET /api/projects, wrk -t2 -c16 -d15s"
wrk -t2 -c16 -d15s --latency http://127.0.0.1:$app_port/api/projects | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors"
echo "--- POST /api/projects (unique names), wrk -t2 -c16 -d10s"
wrk -t2 -c16 -d10s --latency -s bench/post-unique.lua http://127.0.0.1:$app_port | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors"
echo "rss after load: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status) MB"
kill $pid; wait $pid 2>/dev/null || true
