#!/usr/bin/env bash
# Memory on a reasoning model (docs/benchmarks.md): request bytes and input tokens per turn of a
# ten-turn coder session, as the product keeps memory (store: false, encrypted reasoning items)
# and with previous_response_id, against the fake OpenAI server estimating usage by the API's
# billing rules. Usage: bench/memory-tokens.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test
cp -r target/classes "$work/classes"
cp -r target/test-classes "$work/test-classes"
java -cp "$work/test-classes:$work/classes:$(cat "$work/classpath.txt")" dev.vibegrapher.bench.MemoryTokens
