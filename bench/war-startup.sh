#!/usr/bin/env bash
# Start-up of the uber jar before and after a change, and of the complete WAR on plain Payara Micro
# (docs/benchmarks.md, "The complete WAR"), alternating in one window. Each start is timed to the
# first 200 on /health/ready; RSS and the CPU seconds the JVM used are read 5 s after that (CPU
# time says more than wall time on a machine shared with other builds).
# Usage: bench/war-startup.sh BEFORE_JAR [rounds]   (after `mvn -B package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1")
rounds=${2:-2}
jvm_flags=${JVM_FLAGS:--Xmx512m}
port=${PORT:-18090}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
. bench/floors.sh
export VIBEGRAPHER_ADMIN_TOKEN="${VIBEGRAPHER_ADMIN_TOKEN:-bench-admin-token-0123456789abcdef}"

cpu() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; }
one() {
  local name=$1; shift
  rm -rf "$work/data"
  read -r s r pid < <(VIBEGRAPHER_DATA_DIR="$work/data" start "$name" "$port" "$@")
  echo "round $round $name: ready ${s}s rss ${r}MB cpu $(cpu "$pid")s load $(cut -d' ' -f1 /proc/loadavg)"
  stop "$pid"; pid=
}

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); flags: $jvm_flags"
for round in $(seq 1 "$rounds"); do
  one uber-before java $jvm_flags -jar "$before" --port "$port"
  one uber-after java $jvm_flags -jar target/vibegrapher.jar --port "$port"
  # The complete WAR as an operator deploys it on Payara Micro, with the uber jar's boot options.
  one war-on-micro java $jvm_flags -jar target/payara-micro.jar --port "$port" --deploy target/vibegrapher.war:/ \
    --prebootcommandfile payara-config/pre-boot-commands.asadmin --logproperties payara-config/logging.properties \
    --systemProperties payara-config/system.properties --nohazelcast --disablephonehome
done
