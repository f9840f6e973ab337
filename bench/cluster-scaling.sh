#!/usr/bin/env bash
# The projects API with instances of a fixed size (docs/benchmarks.md): every instance is confined
# to CPUS cores (default 0.4) by a CPU cgroup of its own, as a machine of that size would be, so
# that on a host of few cores the instances do not simply share the same cores with each other.
# PostgreSQL and wrk are not confined: they get the rest of the host.
# (a) per instance, ROUNDS times (default 2): one instance of the build before (BEFORE_JAR) and one
#     of this build, alternately, each alone on a new database: 60 projects, GET /api/projects
#     warmed (WARM s) then measured (GET_SECONDS s), then POST /api/projects with
#     bench/post-unique.lua (POST_SECONDS s); wrk -t2 -c16.
# (b) growth: for each N in COUNTS (default "1 2 3"), N instances of this build on one new
#     database (each its own data directory), 60 projects, each instance warmed; then GET on all N
#     at once (one wrk -t1 -c8 per instance) and the sum; then POST likewise.
# The load average (1 min) is printed with every figure. Run after `mvn -B package -DskipTests`,
# as root (it makes CPU cgroups: cgroup v2's cpu.max, or v1's cpu controller), with wrk and
# PostgreSQL at PGHOST:PGPORT (default 127.0.0.1:5432) whose user PGUSER (default postgres) may
# create databases; every database and cgroup it creates is removed at the end.
# Both are warmed before they are measured: GET for WARM s, then POST for POST_WARM s.
# Usage: [CPUS=0.4] [ROUNDS=2] [COUNTS="1 2 3"] [WARM=30] [POST_WARM=10] [GET_SECONDS=15] [POST_SECONDS=15]
#        [BASE_PORT=18130] bench/cluster-scaling.sh BEFORE_JAR
# (BEFORE_JAR "-" skips part (a); COUNTS="" skips part (b).)
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/cluster-scaling.sh BEFORE_JAR}
after=${JAR:-target/vibegrapher.jar}
cpus=${CPUS:-0.4}
rounds=${ROUNDS:-2}
counts=${COUNTS-1 2 3}
warm=${WARM:-30}
post_warm=${POST_WARM:-10}
get_seconds=${GET_SECONDS:-15}
post_seconds=${POST_SECONDS:-15}
base_port=${BASE_PORT:-18130}
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_user=${PGUSER:-postgres}
token=bench-token-0123456789abcdefghijklmnopqrstuvwxyz
auth="Authorization: Bearer $token"
flags=${JVM_FLAGS:--Xmx512m}
period=100000
quota=$(awk -v c="$cpus" -v p="$period" 'BEGIN { printf "%d", c * p }')
work=$(mktemp -d)
pids=()
databases=()
groups=()
declare -A started pid_of

if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
  cgroup_root=/sys/fs/cgroup
  echo +cpu > "$cgroup_root/cgroup.subtree_control" 2>/dev/null || true
  limit() { echo "$quota $period" > "$1/cpu.max"; }
elif [ -d /sys/fs/cgroup/cpu ]; then
  cgroup_root=/sys/fs/cgroup/cpu
  limit() { echo "$period" > "$1/cpu.cfs_period_us"; echo "$quota" > "$1/cpu.cfs_quota_us"; }
else
  echo "no CPU cgroup controller found under /sys/fs/cgroup" >&2
  exit 1
fi

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for group in "${groups[@]}"; do rmdir "$group" 2>/dev/null || true; done
  for database in "${databases[@]}"; do
    PGOPTIONS=--client-min-messages=warning \
      psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" postgres || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
psql_admin() { PGOPTIONS=--client-min-messages=warning psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "$1" postgres; }
url_of() { echo "jdbc:postgresql://$pg_host:$pg_port/$1?user=$pg_user"; }
load() { cut -d' ' -f1 /proc/loadavg; }
figures() { grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors" "$1" | sed 's/^/    /'; }
new_database() {
  psql_admin "CREATE DATABASE $1"
  databases+=("$1")
}

# launch NAME JAR PORT DATABASE: an instance started inside a CPU cgroup of its own (so that the
# JVM sizes itself for CPUS cores), with its own data directory; ready NAME PORT waits for it.
launch() {
  local name=$1 jar=$2 port=$3 database=$4
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken" >&2; exit 1; fi
  local group="$cgroup_root/vibegrapher-bench-$$-$name"
  mkdir "$group"
  groups+=("$group")
  limit "$group"
  env VIBEGRAPHER_DATA_DIR="$work/$name" VIBEGRAPHER_ADMIN_TOKEN="$token" DATABASE_URL="$(url_of "$database")" \
    sh -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' confine "$group" \
    java $flags -jar "$jar" --port "$port" --nocluster > "$work/$name.log" 2>&1 &
  pids+=($!)
  started[$name]=$SECONDS
  pid_of[$name]=$!
}

ready() {
  local name=$1 port=$2
  local t0=${started[$name]}
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    kill -0 "${pid_of[$name]}" 2>/dev/null || { echo "$name died; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    [ $((SECONDS - t0)) -lt 300 ] || { echo "$name not ready within 300 s; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "  $name ready in $((SECONDS - t0)) s on :$port"
}

serve() {
  launch "$@"
  ready "$1" "$3"
}

stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}

# projects PORT: the sample and 59 more.
projects() {
  local i
  for i in $(seq 1 59); do
    curl -s -o /dev/null -H "$auth" -H 'Content-Type: application/json' -d "{\"name\":\"p$i\"}" "http://127.0.0.1:$1/api/projects"
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

# together METHOD SECONDS PORTS...: one wrk -t1 -c8 per instance, all at once; each and the sum.
together() {
  local method=$1 secs=$2; shift 2
  local port wrks=() outs=()
  echo "  $method /api/projects on $# instance(s) at once, wrk -t1 -c8 -d${secs}s each, load $(load)"
  for port in "$@"; do
    load_one "$method" "$port" "$secs" "$work/together-$port.txt" -t1 -c8 &
    wrks+=($!)
    outs+=("$work/together-$port.txt")
  done
  wait "${wrks[@]}"
  for port in "$@"; do
    echo "   instance :$port"
    figures "$work/together-$port.txt"
  done
  echo "    sum Requests/sec: $(awk '/Requests\/sec/ {s += $2} END {printf "%.2f", s}' "${outs[@]}") (load after: $(load))"
}

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); flags: $flags; $cpus cores per instance ($quota/$period us)"
echo "warm-up ${warm}s, GET ${get_seconds}s, POST ${post_seconds}s"
if [ "$before" != - ]; then
  for round in $(seq 1 "$rounds"); do
    for build in before after; do
      jar=$before; [ "$build" = after ] && jar=$after
      database=bench_scaling_${$}_${round}_$build
      new_database "$database"
      echo "== per instance, round $round, $build ($jar), load $(load)"
      serve "r$round-$build" "$jar" "$base_port" "$database"
      projects "$base_port"
      wrk -t2 -c16 -d"$warm"s -H "$auth" "http://127.0.0.1:$base_port/api/projects" > /dev/null
      echo "  GET, wrk -t2 -c16 -d${get_seconds}s, load $(load)"
      load_one GET "$base_port" "$get_seconds" "$work/get.txt" -t2 -c16
      figures "$work/get.txt"
      wrk -t2 -c16 -d"$post_warm"s -H "$auth" -s bench/post-unique.lua "http://127.0.0.1:$base_port" -- warm > /dev/null
      echo "  POST, wrk -t2 -c16 -d${post_seconds}s, load $(load)"
      load_one POST "$base_port" "$post_seconds" "$work/post.txt" -t2 -c16
      figures "$work/post.txt"
      stop_all
      psql_admin "DROP DATABASE $database WITH (FORCE)"
    done
  done
fi

for count in $counts; do
  database=bench_scaling_${$}_n$count
  new_database "$database"
  ports=()
  for i in $(seq 1 "$count"); do ports+=($((base_port + i))); done
  echo "== growth: $count instance(s) of this build on one database, ports ${ports[*]}, load $(load)"
  # The first migrates the database and seeds the sample; the others join it, starting together.
  serve "n$count-instance1" "$after" "${ports[0]}" "$database"
  for i in $(seq 2 "$count"); do launch "n$count-instance$i" "$after" "${ports[$((i - 1))]}" "$database"; done
  for i in $(seq 2 "$count"); do ready "n$count-instance$i" "${ports[$((i - 1))]}"; done
  projects "${ports[0]}"
  warming=()
  for port in "${ports[@]}"; do
    (wrk -t1 -c8 -d"$warm"s -H "$auth" "http://127.0.0.1:$port/api/projects" > /dev/null
     wrk -t1 -c8 -d"$post_warm"s -H "$auth" -s bench/post-unique.lua "http://127.0.0.1:$port" -- "warm$port" > /dev/null) &
    warming+=($!)
  done
  wait "${warming[@]}"
  together GET "$get_seconds" "${ports[@]}"
  together POST "$post_seconds" "${ports[@]}"
  stop_all
  psql_admin "DROP DATABASE $database WITH (FORCE)"
done
