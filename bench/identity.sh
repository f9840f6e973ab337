#!/usr/bin/env bash
# Identity benchmark (docs/benchmarks.md): GET /api/projects under wrk on the build before identity
# (no credentials) and on this build with the admin token, an access token and a JWT of a local
# test issuer, alternating. Needs wrk. Run after `mvn -B package -DskipTests`.
# Usage: bench/identity.sh BEFORE_JAR [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1")
export MAVEN_OPTS="${MAVEN_OPTS:--XX:TieredStopAtLevel=1}"
mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test -Dvibegrapher.jar="$PWD/target/vibegrapher.jar" \
  -Dexec.mainClass=dev.vibegrapher.bench.IdentityCost -Dexec.args="$before ${2:-2}"
