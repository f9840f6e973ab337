#!/usr/bin/env bash
# The projects API across instances on PostgreSQL (docs/benchmarks.md), ROUNDS times (default 1):
# (a) one instance alone, of the build before (BEFORE_JAR) and of this one, alternately, each on a
#     new database: bench/projects-api.sh (60 projects; GET /api/projects, wrk -t2 -c16, 20 s
#     warm-up, 15 s measured; then POST /api/projects with bench/post-unique.lua, 10 s);
# (b) three instances of this build on one new database (each its own data directory): 60
#     projects made through the first, each instance warmed in turn (GET, 20 s); then GET measured
#     on each instance alone (wrk -t2 -c16), then on all three at once (one wrk per instance, EACH,
#     default -t1 -c8: each figure and the sum); then POST likewise.
# The load average (1 min) is printed with every figure. Run after `mvn -B package -DskipTests`.
# Needs wrk, and PostgreSQL at PGHOST:PGPORT (default 127.0.0.1:5432) whose user PGUSER (default
# postgres) may create databases; every database it creates is dropped at the end.
# Usage: [ROUNDS=1] [WARM=20] [GET_SECONDS=15] [POST_SECONDS=10] [EACH="-t1 -c8"] [BASE_PORT=18110]
#        bench/cluster-projects.sh BEFORE_JAR        (quick check: WARM=2 GET_SECONDS=3 POST_SECONDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/cluster-projects.sh BEFORE_JAR}
after=${JAR:-target/vibegrapher.jar}
rounds=${ROUNDS:-1}
# Not SECONDS: bash's own variable of that name counts the seconds since the shell started.
export WARM=${WARM:-20} GET_SECONDS=${GET_SECONDS:-15} POST_SECONDS=${POST_SECONDS:-10}
each=${EACH:--t1 -c8}
base_port=${BASE_PORT:-18110}
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_user=${PGUSER:-postgres}
token=bench-token-0123456789abcdefghijklmnopqrstuvwxyz
auth="Authorization: Bearer $token"
flags=${JVM_FLAGS:--Xmx512m}
work=$(mktemp -d)
pids=()
databases=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for database in "${databases[@]}"; do
    PGOPTIONS=--client-min-messages=warning \
      psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" postgres || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
psql_admin() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "$1" postgres; }
url_of() { echo "jdbc:postgresql://$pg_host:$pg_port/$1?user=$pg_user"; }
load() { cut -d' ' -f1 /proc/loadavg; }
figures() { grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors" "$1" | sed 's/^/    /'; }

# serve NAME PORT DATABASE: an instance of this build with its own data directory, until ready.
serve() {
  local name=$1 port=$2 database=$3
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken" >&2; exit 1; fi
  env VIBEGRAPHER_DATA_DIR="$work/$name" VIBEGRAPHER_ADMIN_TOKEN="$token" DATABASE_URL="$(url_of "$database")" \
    java $flags -jar "$after" --port "$port" --nocluster > "$work/$name.log" 2>&1 &
  pids+=($!)
  local t0=$SECONDS
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "$name died; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    [ $((SECONDS - t0)) -lt 180 ] || { echo "$name not ready within 180 s; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    sleep 0.2
  done
}

# load_one METHOD PORT SECONDS OUT [WRK OPTIONS...]: one wrk run against one instance, into OUT.
load_one() {
  local method=$1 port=$2 secs=$3 out=$4; shift 4
  if [ "$method" = GET ]; then
    wrk "$@" -d"$secs"s --latency -H "$auth" "http://127.0.0.1:$port/api/projects" > "$out"
  else
    wrk "$@" -d"$secs"s --latency -H "$auth" -s bench/post-unique.lua "http://127.0.0.1:$port" -- "p$port" > "$out"
  fi
}

# measure METHOD SECONDS PORTS...: each instance alone (wrk -t2 -c16), then all at once (EACH each).
measure() {
  local method=$1 secs=$2; shift 2
  local port
  for port in "$@"; do
    echo "  $method /api/projects, instance :$port alone, wrk -t2 -c16 -d${secs}s, load $(load)"
    load_one "$method" "$port" "$secs" "$work/alone-$port.txt" -t2 -c16
    figures "$work/alone-$port.txt"
  done
  echo "  $method /api/projects, all $# instances at once, wrk $each -d${secs}s on each, load $(load)"
  local wrks=()
  for port in "$@"; do
    load_one "$method" "$port" "$secs" "$work/together-$port.txt" $each &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  for port in "$@"; do
    echo "   instance :$port"
    figures "$work/together-$port.txt"
  done
  local outs=()
  for port in "$@"; do outs+=("$work/together-$port.txt"); done
  echo "    sum Requests/sec: $(awk '/Requests\/sec/ {s += $2} END {printf "%.2f", s}' "${outs[@]}") (load after: $(load))"
}

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); flags: $flags; warm-up ${WARM}s, GET ${GET_SECONDS}s, POST ${POST_SECONDS}s"
for round in $(seq 1 "$rounds"); do
  # (a) One instance alone, the build before and this one, alternately, each on a new database.
  for build in before after; do
    jar=$before; [ "$build" = after ] && jar=$after
    database=bench_projects_${$}_${round}_$build
    psql_admin "CREATE DATABASE $database"
    databases+=("$database")
    echo "== round $round: one instance alone, $build ($jar), load $(load)"
    DATABASE_URL="$(url_of "$database")" bench/projects-api.sh "$jar" "$base_port" "round $round $build"
    echo "   (load after: $(load))"
    psql_admin "DROP DATABASE $database WITH (FORCE)"
  done

  # (b) Three instances of this build on one new database.
  database=bench_projects_${$}_${round}_three
  psql_admin "CREATE DATABASE $database"
  databases+=("$database")
  ports=($((base_port + 1)) $((base_port + 2)) $((base_port + 3)))
  echo "== round $round: three instances of this build on one database, ports ${ports[*]}, load $(load)"
  # The first migrates the database and seeds the sample; the others join it.
  for i in 0 1 2; do serve "round$round-instance$((i + 1))" "${ports[$i]}" "$database"; done
  for i in $(seq 1 59); do
    curl -s -o /dev/null -H "$auth" -H 'Content-Type: application/json' -d "{\"name\":\"p$i\"}" "http://127.0.0.1:${ports[0]}/api/projects"
  done
  for port in "${ports[@]}"; do
    echo "  projects listed on :$port: $(curl -s -H "$auth" "http://127.0.0.1:$port/api/projects?limit=200" | grep -o '"slug"' | wc -l); warming up ${WARM}s"
    wrk -t2 -c16 -d"$WARM"s -H "$auth" "http://127.0.0.1:$port/api/projects" > /dev/null
  done
  measure GET "$GET_SECONDS" "${ports[@]}"
  measure POST "$POST_SECONDS" "${ports[@]}"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
  psql_admin "DROP DATABASE $database WITH (FORCE)"
done
