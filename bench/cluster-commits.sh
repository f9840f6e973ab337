#!/usr/bin/env bash
# Commits per second across instances (docs/benchmarks.md): K instances of the uber jar (default 3;
# 1 for comparison) on one new PostgreSQL database. N approved diffs (default 100) are prepared
# untimed (a fake LLM answering at once: the coder submits a patch, the evaluator approves it, the
# client approves each as the human), then all N are committed at once, spread round-robin over
# the instances (ClusterCommits): commits/s, p50/p99 latency, every answer that is not 200. Two
# shapes: N projects with one session each, and one project with N sessions, each on a branch of
# its own (all commits take the one project's lock in turn). Run after `mvn -B package -DskipTests`.
# Needs PostgreSQL at PGHOST:PGPORT (default 127.0.0.1:5432) whose user PGUSER (default postgres)
# may create databases; it creates one and drops it at the end.
# Usage: [ROUNDS=1] [WARMUP=20] [BATCH=20] [SHAPES=many,one] [JAR=path] bench/cluster-commits.sh [diffs] [instances]
set -euo pipefail
cd "$(dirname "$0")/.."
export VIBEGRAPHER_TEST_DATABASE_URL="${VIBEGRAPHER_TEST_DATABASE_URL:-jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/postgres}"
export VIBEGRAPHER_TEST_DATABASE_USER="${VIBEGRAPHER_TEST_DATABASE_USER:-${PGUSER:-postgres}}"
# The fake LLM and the clients share the machine's cores with the servers: C1 alone (as sessions.sh).
export MAVEN_OPTS="${MAVEN_OPTS:--XX:TieredStopAtLevel=1}"
mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test \
  -Dvibegrapher.jar="${JAR:-$PWD/target/vibegrapher.jar}" -Dbench.rounds="${ROUNDS:-1}" \
  -Dbench.warmup="${WARMUP:-20}" -Dbench.batch="${BATCH:-20}" -Dbench.shapes="${SHAPES:-many,one}" \
  -Dexec.mainClass=dev.vibegrapher.bench.ClusterCommits -Dexec.args="${1:-100} ${2:-3}"
