#!/usr/bin/env bash
# Whole-run benchmark: the packaged jar (enforce and dry-run) against a plain boto3 script, and any peer command given
# with --peer, side by side on one emulated account per size (seeded afresh for each system), with a fixed latency in
# front of every call. Prints a Markdown table (also target/benchmark.md).
#   scripts/benchmark.sh                      # 1,000 and 5,000 users, 20 ms per call
#   scripts/benchmark.sh 1000 --latency-ms 50
#   scripts/benchmark.sh 1000 --peer 'custodian=custodian run -s out policy.yml'
#   scripts/benchmark.sh --rollup 1000       # one organization roll-up of 1,000 member summaries
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
setup_all
./mvnw -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test >&2
# run from a private copy, so a build during a long benchmark cannot pull classes from under it
bench=$(mktemp -d)
trap 'rm -rf "$bench"' EXIT
cp -r target/classes "$bench/classes" && cp -r target/test-classes "$bench/test-classes"
cp target/iam-key-remediator.jar "$bench/iam-key-remediator.jar"
main=dev.iamkeyremediator.bench.RunBenchmark
if [ "${1:-}" = "--rollup" ]; then # one roll-up of N member summaries: scripts/benchmark.sh --rollup [N ...]
  main=dev.iamkeyremediator.bench.RollupBenchmark
  shift
fi
"$JAVA_HOME/bin/java" -Dremediator.jar="$bench/iam-key-remediator.jar" \
  -cp "$bench/test-classes:$bench/classes:$(cat target/test-classpath.txt)" "$main" "$@"
