#!/usr/bin/env bash
# Sandbox benchmark, the process alone (docs/benchmarks.md): one passing test run as the build
# before the sandbox started it and as the sandbox starts it, in turns. Needs bubblewrap.
# Usage: bench/sandbox-start.sh [rounds] [runs per round]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.vibegrapher.bench.SandboxStartCost -Dexec.args="${1:-3} ${2:-100}"
