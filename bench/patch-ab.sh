#!/usr/bin/env bash
# Apply time of an earlier build of the applier against this one, in one JVM (docs/benchmarks.md).
# Usage: bench/patch-ab.sh BEFORE_COMMIT [seconds per size, default 70]
# The earlier commit is built from `git archive` in a temporary directory; both builds' classes are
# copied aside so that a concurrent build in target/ cannot pull them away.
set -euo pipefail
cd "$(dirname "$0")/.."
before_commit=${1:?usage: bench/patch-ab.sh BEFORE_COMMIT [seconds]}
seconds=${2:-70}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
mkdir -p "$work/after" "$work/src"
cp -r target/classes target/test-classes "$work/after/"
git archive "$before_commit" | tar -x -C "$work/src"
(cd "$work/src" && mvn -B -q -o test-compile -DskipTests)
mkdir -p "$work/before"
cp -r "$work/src/target/classes" "$work/src/target/test-classes" "$work/before/"
for lines in 100 1000 10000; do
  java -cp "$work/after/test-classes:$(cat target/test-classpath.txt)" dev.vibegrapher.bench.PatchApplyAB \
    "$work/before" "$work/after" "$(cat target/test-classpath.txt)" "$lines" "$seconds"
done
