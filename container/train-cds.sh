#!/bin/sh
# AppCDS training, run by the Dockerfile with the runtime image's own JVM (an archive only fits the
# JVM that wrote it): start the jar on a scratch data directory, wait until /health/ready answers
# 200, stop it with SIGTERM; at exit the JVM writes the classes it loaded into ARCHIVE, which later
# starts map instead of loading and verifying them again (docs/benchmarks.md: 2-3.5x faster on a busy machine, up to 20 % on a quiet one).
# Usage: train-cds.sh JAR ARCHIVE [JVM flags...]   (TRAINING_PORT: where the training start listens, 8089)
set -eu
jar=$1 archive=$2
shift 2
scratch=$(mktemp -d)
VIBEGRAPHER_DATA_DIR="$scratch/data" java "$@" -XX:ArchiveClassesAtExit="$archive" \
  -jar "$jar" --port "${TRAINING_PORT:-8089}" > "$scratch/training.log" 2>&1 &
pid=$!
python3 - "$pid" <<'PY'
import os, sys, time, urllib.request
pid, deadline = int(sys.argv[1]), time.time() + 600
while time.time() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("the training start died")
    try:
        if urllib.request.urlopen("http://127.0.0.1:%s/health/ready" % os.environ.get("TRAINING_PORT", "8089"), timeout=5).status == 200:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.5)
sys.exit("the training start was not ready in 10 minutes")
PY
kill "$pid"
wait "$pid" || true
# Payara Micro unpacked its runtime under java.io.tmpdir (as every start does, where the archive
# expects it: with another tmpdir most classes did not match); remove exactly that directory.
runtime=$(grep -o '/[^"]*payaramicro-rt[0-9]*tmp' "$scratch/training.log" | head -n 1)
[ -n "$runtime" ] && rm -rf "$runtime"
rm -rf "$scratch"
test -s "$archive" || { echo "no archive written" >&2; exit 1; }
echo "AppCDS archive: $(du -m "$archive" | cut -f1) MB"
