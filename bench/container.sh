#!/usr/bin/env bash
# Container benchmark (docs/benchmarks.md): cold start and RSS with the image's JVM flags under a
# 512 MB limit (-XX:MaxRAM=512m, as the JVM reads a container's limit), the app against the two
# floors of bench/floors.sh (the empty WAR, the stack floor) on the same Payara Micro, alternating
# in the same run; then AppCDS (a dynamic archive written by a training start); then one agent run
# against a scripted LLM stub, with RSS after it.
# Usage: bench/container.sh [rounds]   (after `mvn -B package -DskipTests`; loopback only)
set -euo pipefail
# The app needs a caller: the operator's admin token.
export VIBEGRAPHER_ADMIN_TOKEN="${VIBEGRAPHER_ADMIN_TOKEN:-bench-admin-token-0123456789abcdef}"
auth="Authorization: Bearer $VIBEGRAPHER_ADMIN_TOKEN"
cd "$(dirname "$0")/.."
rounds=${1:-3}
# Ports (APP_PORT, EMPTY_PORT, STACK_PORT, STUB_PORT) can be moved off the defaults when they are taken.
app_port=${APP_PORT:-28080} empty_port=${EMPTY_PORT:-28081} stack_port=${STACK_PORT:-28082} stub_port=${STUB_PORT:-28090}
# The image's flags, read from the Dockerfile's ENTRYPOINT (between "java" and "-jar"), but its
# archive: this script trains and names its own.
image_flags=$(python3 -c 'import json,re; t=open("Dockerfile").read(); e=json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", t, re.M).group(1)); print(" ".join(f for f in e[1:e.index("-jar")] if not f.startswith("-XX:SharedArchiveFile")))')
flags="-XX:MaxRAM=512m $image_flags"
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

. bench/floors.sh
build_floors

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "flags: $flags"
for round in $(seq 1 "$rounds"); do
  read -r s r pid < <(start_empty empty $empty_port $flags)
  echo "round $round empty-war: ready ${s}s rss ${r}MB"; stop "$pid"
  read -r s r pid < <(start_stack stack $stack_port $flags)
  echo "round $round stack-floor: ready ${s}s rss ${r}MB"; stop "$pid"
  rm -rf "$work/data"
  read -r s r pid < <(VIBEGRAPHER_DATA_DIR="$work/data" start app $app_port java $flags -jar target/vibegrapher.jar --port $app_port)
  echo "round $round vibegrapher: ready ${s}s rss ${r}MB"; stop "$pid"
done

# AppCDS: a training start writes a dynamic archive when it exits, later starts map it.
rm -rf "$work/data"
read -r s r pid < <(VIBEGRAPHER_DATA_DIR="$work/data" start train $app_port java $flags -XX:ArchiveClassesAtExit="$work/app.jsa" -jar target/vibegrapher.jar --port $app_port)
echo "training start (archive written at exit): ready ${s}s"; stop "$pid"
echo "archive: $(du -m "$work/app.jsa" | cut -f1) MB"
# The fair comparison: the empty WAR with an archive of its own, trained the same way.
read -r s r pid < <(start_empty train-empty $empty_port $flags -XX:ArchiveClassesAtExit="$work/empty.jsa")
echo "empty-war training start: ready ${s}s"; stop "$pid"
for round in $(seq 1 "$rounds"); do
  read -r s r pid < <(start_empty empty-cds $empty_port $flags -XX:SharedArchiveFile="$work/empty.jsa")
  echo "round $round empty-war with AppCDS: ready ${s}s rss ${r}MB"; stop "$pid"
  rm -rf "$work/data"
  read -r s r pid < <(VIBEGRAPHER_DATA_DIR="$work/data" start cds $app_port java $flags -XX:SharedArchiveFile="$work/app.jsa" -Xlog:cds=info:file="$work/cds-$round.log" -jar target/vibegrapher.jar --port $app_port)
  echo "round $round vibegrapher with AppCDS: ready ${s}s rss ${r}MB"; stop "$pid"
done
grep -h -m1 -iE "mapped|unable|mismatch|disabled" "$work"/cds-*.log | head -n 3 || true

# One agent run against the stub, within the 512 MB limit.
python3 bench/llm-stub.py $stub_port & pids+=($!)
rm -rf "$work/data"
read -r s r pid < <(VIBEGRAPHER_DATA_DIR="$work/data" OPENAI_API_KEY=bench-not-a-secret OPENAI_BASE_URL=http://127.0.0.1:$stub_port/v1 \
  start run $app_port java $flags -jar target/vibegrapher.jar --port $app_port)
pids+=("$pid")
project=$(curl -s -H "$auth" -X POST 127.0.0.1:$app_port/api/projects -H 'Content-Type: application/json' -d '{"name":"bench run","filename":"main.py","initial_code":"x = 1\n"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
session=$(curl -s -H "$auth" -X POST "127.0.0.1:$app_port/api/projects/$project/sessions" -H 'Content-Type: application/json' -d '{"session_type":"global"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for n in 1 2 3; do
  t0=$(date +%s.%N)
  curl -s -o /dev/null -H "$auth" -X POST "127.0.0.1:$app_port/api/sessions/$session/messages" -H 'Content-Type: application/json' -d "{\"prompt\":\"Explain the code ($n)\"}"
  until curl -s -H "$auth" "127.0.0.1:$app_port/api/sessions/$session/messages" | grep -q "\"Answered in text.\"\(.*\"Answered in text.\"\)\{$((n - 1))\}"; do sleep 0.1; done
  echo "run $n answered in $(echo "$(date +%s.%N) - $t0" | bc)s; rss $(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status) MB"
done
stop "$pid"
