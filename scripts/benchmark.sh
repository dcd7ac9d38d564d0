#!/usr/bin/env bash
# Inventory benchmark: naive sequential scan vs live scan vs credential-report triage, side by side on one emulated
# account per size, with a fixed latency in front of every call. Prints a Markdown table (also target/benchmark.md).
#   scripts/benchmark.sh                      # 1,000 and 5,000 users, 20 ms per call
#   scripts/benchmark.sh 1000 --sweep         # 1,000 users, and the live scan at concurrency 1..32
#   scripts/benchmark.sh 5000 --latency-ms 50
# The JVM runs with -Xmx400m: what fits there fits in a 512 MB function.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
setup_all
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
# run from a private copy, so a build during a long benchmark cannot pull classes from under it
bench=$(mktemp -d)
trap 'rm -rf "$bench"' EXIT
cp -r target/classes "$bench/classes" && cp -r target/test-classes "$bench/test-classes"
"$JAVA_HOME/bin/java" -Xmx400m -cp "$bench/test-classes:$bench/classes:$(cat target/test-classpath.txt)" \
  dev.iamkeyremediator.bench.InventoryBenchmark "$@"
