#!/usr/bin/env bash
# Disk spool append rate (fsync: interval 1s, 100-byte JSON records) as a ratio to plain 1 MiB FileChannel
# writes of the same bytes, fsynced once a second, on the same disk in the same run; then the read-back rate.
#
# Usage: bench/spool-bench.sh [RECORDS]   (env: DIR=where the files go [a temp dir under target/],
#        JAVA_OPTS=more JVM options)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-2000000}
mkdir -p target
tmp=$(mktemp -d "${DIR:-$PWD/target}/spool-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mvn -B -q -o -pl bridge-client -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$tmp/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="bridge-client/target/test-classes:bridge-client/target/classes:$(cat "$tmp/cp.txt")"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java -Xms256m -Xmx512m ${JAVA_OPTS:-} -Dlogback.configurationFile=protocol-codecs/src/test/resources/logback-test.xml \
    -cp "$CP" org.labbridge.bench.SpoolBench "$tmp/data" "$RECORDS"
