# Sourced by the start-up benchmarks (foundation.sh, container.sh), with $work set to a scratch
# directory and the working directory at the repository root, after `mvn -B package`.
#
# Two floors, each started on the same Payara Micro with the uber jar's boot options:
# - the empty WAR (bench/empty-app): one JAX-RS class and no CDI bean, so CDI, JPA, WebSocket and
#   MicroProfile never start; the floor the issues' start-up targets name;
# - the stack floor (bench/stack-floor): the smallest application on the stack Vibegrapher must
#   use: one CDI bean, one entity and named query through JPA, one Flyway migration on an H2 file,
#   one JAX-RS resource, one WebSocket endpoint, one readiness check, one fault-tolerance timeout.
#   What it costs above the empty WAR is the stack's; what the app costs above it is the app's.

api_jar=$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api/10.0.0 -name 'jakarta.jakartaee-api-10.0.0.jar' | head -n 1)
mp_jars=$(find ~/.m2/repository/org/eclipse/microprofile/health ~/.m2/repository/org/eclipse/microprofile/fault-tolerance -name 'microprofile-*-api-*.jar' | tr '\n' ':')

build_floors() {
  mkdir -p "$work/empty/WEB-INF/classes" "$work/stack/WEB-INF/classes" "$work/stack-lib"
  javac -d "$work/empty/WEB-INF/classes" -cp "$api_jar" bench/empty-app/src/Hello.java
  (cd "$work/empty" && jar cf "$work/empty.war" .)
  # Flyway and the Jackson 3 it configures itself with go on the server's class path, as in the app.
  cp target/server-lib/flyway-core-*.jar target/server-lib/jackson-core-3*.jar target/server-lib/jackson-databind-3*.jar "$work/stack-lib/"
  javac -d "$work/stack/WEB-INF/classes" -cp "$api_jar:$mp_jars$(ls "$work"/stack-lib/flyway-core-*.jar)" bench/stack-floor/src/floor/*.java
  cp -r bench/stack-floor/resources/. "$work/stack/WEB-INF/classes/"
  (cd "$work/stack" && jar cf "$work/stack.war" .)
}

# start NAME PORT COMMAND...: prints "seconds-to-ready rss-mb pid" once /health/ready answers 200,
# the RSS read RSS_AFTER seconds (default 5) after that; fails after READY_LIMIT seconds (300).
start() {
  local name=$1 port=$2; shift 2
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken" >&2; exit 1; fi
  local t0; t0=$(date +%s.%N)
  "$@" > "$work/$name.log" 2>&1 &
  local pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { echo "$name died; log:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    # A server whose application failed to deploy stays up, never ready.
    if [ "$(echo "$(date +%s.%N) - $t0 > ${READY_LIMIT:-300}" | bc)" = 1 ]; then
      echo "$name not ready within ${READY_LIMIT:-300} s; log:" >&2; tail -20 "$work/$name.log" >&2; kill $pid; exit 1
    fi
    sleep 0.1
  done
  local t1; t1=$(date +%s.%N)
  sleep "${RSS_AFTER:-5}"
  echo "$(echo "$t1 - $t0" | bc) $(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status) $pid"
}
# The JVMs are not this shell's children (started in a process substitution): poll until gone.
stop() { kill "$1"; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }

# start_empty NAME PORT JVM-FLAGS... / start_stack NAME PORT JVM-FLAGS...: a floor, as start does.
start_empty() {
  local name=$1 port=$2; shift 2
  start "$name" "$port" java "$@" -jar target/payara-micro.jar --nohazelcast --disablephonehome --port "$port" --deploy "$work/empty.war:/"
}
start_stack() {
  local name=$1 port=$2; shift 2
  # Its database is a fresh file under $work (the data source names a path relative to the JVM's).
  rm -rf "$work/stack-run" && mkdir -p "$work/stack-run"
  start "$name" "$port" env -C "$work/stack-run" java "$@" -jar "$PWD/target/payara-micro.jar" --nohazelcast --disablephonehome \
    --port "$port" --addLibs "$work/stack-lib" --deploy "$work/stack.war:/"
}
