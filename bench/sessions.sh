#!/usr/bin/env bash
# Sessions benchmark (docs/benchmarks.md): N sessions each send one message at once to a fake LLM
# that answers after a delay; wall time until all runs complete, 202 latency, threads, errors.
# The coder's model reasons (reasoning items with encrypted content) unless PLAIN=true.
# SHAPE=reviewed runs the product's full shape instead: one project per session, the coder submits
# a patch, the evaluator approves it, the client approves and commits each diff (ReviewedRuns).
# Run after `mvn -B package -DskipTests`. Usage: [ROUNDS=3] [PLAIN=true] [JAR=path] bench/sessions.sh [sessions] [delay ms] [KEY=VALUE...]
set -euo pipefail
cd "$(dirname "$0")/.."
# The fake LLM and the clients share the machine's cores with the server: C1 alone halves their CPU
# (C2 kept compiling in this process through every round), leaving the cores to what is measured.
export MAVEN_OPTS="${MAVEN_OPTS:--XX:TieredStopAtLevel=1}"
mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test \
  -Dvibegrapher.jar="${JAR:-$PWD/target/vibegrapher.jar}" -Dbench.plain="${PLAIN:-false}" \
  -Dbench.rounds="${ROUNDS:-3}" -Dexec.mainClass=dev.vibegrapher.bench.$([ "${SHAPE:-text}" = reviewed ] && echo ReviewedRuns || echo ConcurrentRuns) -Dexec.args="${*:-200 2000}"
