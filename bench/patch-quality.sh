#!/usr/bin/env bash
# Apply quality (docs/benchmarks.md): the LLM-style patch corpus in
# src/test/resources/patch-corpus through our applier, git apply (plain, --recount,
# --ignore-whitespace, -C1), GNU patch (default fuzz, -l), java-diff-utils (applyTo, applyFuzzy)
# and JGit's ApplyCommand; prints markdown tables.
# Usage: bench/patch-quality.sh [--cases]   (--cases adds the per-case outcomes)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test
# Run from a private copy, so a concurrent build in target/ cannot pull classes away mid-run.
cp -r target/classes "$work/classes"
cp -r target/test-classes "$work/test-classes"
java -cp "$work/test-classes:$work/classes:$(cat "$work/classpath.txt")" \
  dev.vibegrapher.bench.PatchCorpusComparison "$@" src/test/resources/patch-corpus
