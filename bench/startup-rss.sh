#!/usr/bin/env bash
# Start-up and idle memory against the build before (docs/benchmarks.md): BEFORE_JAR and this
# build's uber jar started alternately, ROUNDS times (default 3), each on the embedded H2 in a new
# data directory; with PG=1 also each on a new PostgreSQL database. Per start: the seconds from
# launching java to the first 200 from /health/ready, and the RSS (VmRSS) RSS_AFTER seconds
# (default 10) after that, idle. Uses bench/floors.sh's start and stop. Run after
# `mvn -B package -DskipTests`. With PG=1 it needs PostgreSQL at PGHOST:PGPORT (default
# 127.0.0.1:5432) whose user PGUSER (default postgres) may create databases; each is dropped after
# its start.
# Usage: [PG=1] [JVM_FLAGS=-Xmx512m] [APP_PORT=18120] bench/startup-rss.sh BEFORE_JAR [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/startup-rss.sh BEFORE_JAR [rounds]}
after=${JAR:-target/vibegrapher.jar}
rounds=${2:-3}
jvm_flags=${JVM_FLAGS:--Xmx512m}
port=${APP_PORT:-18120}
export RSS_AFTER=${RSS_AFTER:-10}
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_user=${PGUSER:-postgres}
work=$(mktemp -d)
pid=
database=
psql_admin() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "$1" postgres; }
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$database" ] && psql_admin "DROP DATABASE IF EXISTS $database WITH (FORCE)"
  rm -rf "$work"
}
trap cleanup EXIT
. bench/floors.sh
# An operator's token: the first start then prints none.
export VIBEGRAPHER_ADMIN_TOKEN="${VIBEGRAPHER_ADMIN_TOKEN:-bench-admin-token-0123456789abcdef}"
databases=h2
[ "${PG:-0}" = 1 ] && databases="h2 postgresql"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n 1); flags: $jvm_flags; RSS ${RSS_AFTER}s after ready"
for round in $(seq 1 "$rounds"); do
  for db in $databases; do
    for build in before after; do
      jar=$before; [ "$build" = after ] && jar=$after
      rm -rf "$work/data"
      url=
      if [ "$db" = postgresql ]; then
        database=bench_startup_${$}_${round}_$build
        psql_admin "CREATE DATABASE $database"
        url="jdbc:postgresql://$pg_host:$pg_port/$database?user=$pg_user"
      fi
      load=$(cut -d' ' -f1 /proc/loadavg)
      read -r s r pid < <(start "$build-$db" "$port" env VIBEGRAPHER_DATA_DIR="$work/data" ${url:+DATABASE_URL=$url} \
        java $jvm_flags -jar "$jar" --port "$port")
      printf "round %s %s %s: ready %.2f s, rss %s MB (load at launch %s)\n" "$round" "$db" "$build" "$s" "$r" "$load"
      stop "$pid"
      pid=
      if [ -n "$database" ]; then
        psql_admin "DROP DATABASE $database WITH (FORCE)"
        database=
      fi
    done
  done
done
