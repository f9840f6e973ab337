#!/usr/bin/env bash
# Foundation benchmark (docs/benchmarks.md): start-up and idle memory against the two floors of
# bench/floors.sh (an empty WAR, and the smallest app on the same stack) on the same Payara Micro,
# then GET and POST /api/projects under wrk. Run after `mvn -B package`.
# Usage: bench/foundation.sh [rounds]   (needs wrk; reads nothing but this machine's loopback)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
jvm_flags=${JVM_FLAGS:--Xmx512m}
# Ports (APP_PORT, EMPTY_PORT, STACK_PORT) can be moved off the defaults when they are taken.
app_port=${APP_PORT:-18080} empty_port=${EMPTY_PORT:-18081} stack_port=${STACK_PORT:-18082}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

. bench/floors.sh
build_floors

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n 1); flags: $jvm_flags"
# The app needs a caller: the operator's admin token, which costs no database read per request.
export VIBEGRAPHER_ADMIN_TOKEN="${VIBEGRAPHER_ADMIN_TOKEN:-bench-admin-token-0123456789abcdef}"
auth="Authorization: Bearer $VIBEGRAPHER_ADMIN_TOKEN"
for round in $(seq 1 "$rounds"); do
  read -r s r pid < <(start_empty empty $empty_port $jvm_flags)
  echo "round $round empty-war: ready ${s}s rss ${r}MB"; stop "$pid"
  read -r s r pid < <(start_stack stack $stack_port $jvm_flags)
  echo "round $round stack-floor: ready ${s}s rss ${r}MB"; stop "$pid"
  rm -rf "$work/data"
  read -r s r pid < <(VIBEGRAPHER_DATA_DIR="$work/data" start app $app_port java $jvm_flags -jar target/vibegrapher.jar --port $app_port)
  echo "round $round vibegrapher: ready ${s}s rss ${r}MB"
  if [ "$round" -lt "$rounds" ]; then stop "$pid"; fi
done

# Load, against the last app started: 10 projects stored (the sample and 9 more).
for i in $(seq 1 9); do
  curl -s -o /dev/null -X POST http://127.0.0.1:$app_port/api/projects -H "$auth" -H 'Content-Type: application/json' -d "{\"name\":\"bench seed $i\"}"
done
echo "projects stored: $(curl -s -H "$auth" http://127.0.0.1:$app_port/api/projects | grep -o '"slug"' | wc -l)"
wrk -t2 -c16 -d20s -H "$auth" http://127.0.0.1:$app_port/api/projects > /dev/null   # warm-up: the JIT settles after ~20 s of load
echo "--- GET /api/projects, wrk -t2 -c16 -d15s"
wrk -t2 -c16 -d15s --latency -H "$auth" http://127.0.0.1:$app_port/api/projects | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors"
echo "--- POST /api/projects (unique names), wrk -t2 -c16 -d10s"
wrk -t2 -c16 -d10s --latency -H "$auth" -s bench/post-unique.lua http://127.0.0.1:$app_port | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors"
echo "rss after load: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status) MB"
stop "$pid"
