#!/usr/bin/env bash
# Sandbox benchmark (docs/benchmarks.md): the time to run one test case through the API, one at a
# time, on the build before the sandbox and on this build, in turns. Run after
# `mvn -B package -DskipTests`; build the jar before the sandbox from its commit the same way.
# Usage: bench/test-run.sh BEFORE_JAR [rounds] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1")
export MAVEN_OPTS="${MAVEN_OPTS:--XX:TieredStopAtLevel=1}"
mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test -Dvibegrapher.jar="$PWD/target/vibegrapher.jar" \
  -Dexec.mainClass=dev.vibegrapher.bench.TestRunCost -Dexec.args="$before ${2:-3} ${3:-50}"
