#!/usr/bin/env bash
# Patch validation timings (docs/benchmarks.md): JMH on PatchBenchmark, apply alone and apply
# plus the CPython syntax check, for 100, 1,000 and 10,000-line Python files.
# Usage: bench/patch-jmh.sh [more JMH options], e.g. bench/patch-jmh.sh -p lines=1000
# Short settings by default (one fork, 3 warm-up and 5 measured 1 s iterations: a few minutes on
# 2 cores); JMH_OPTS replaces them. JVM_ARGS go to the JMH launcher, e.g. -Dpython=/usr/bin/python3;
# EXTRA_CLASSES is put first on the class path (to measure an older class against the current one).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
# JMH's forks load classes for minutes: run from a private copy, so a concurrent build in target/ cannot pull them away.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r target/classes "$work/classes"
cp -r target/test-classes "$work/test-classes"
# shellcheck disable=SC2086
java ${JVM_ARGS:-} -cp "${EXTRA_CLASSES:+$EXTRA_CLASSES:}$work/test-classes:$work/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main 'dev.vibegrapher.bench.PatchBenchmark' ${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s} "$@"
