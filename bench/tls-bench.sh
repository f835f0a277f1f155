#!/usr/bin/env bash
# The bridge relay with TLS as a ratio to the same relay in plain TCP, alternately in one JVM (ratios are
# what count): producer -> bridge server UP -> (sink publishes) -> bridge server DOWN -> consumer, 100-byte
# JSON messages, both hops TLS 1.3 with client certificates (JDK provider) in the TLS rounds.
#
# Usage: bench/tls-bench.sh [MESSAGES per round, 500000] [ROUNDS, 3]   (needs openssl for the certificates)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mvn -B -q -o -pl bridge-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$tmp/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="bridge-server/target/test-classes:bridge-server/target/classes:$(cat "$tmp/cp.txt")"
java -Xms512m -Xmx1g ${JAVA_OPTS:-} -Dio.netty.leakDetection.level=disabled \
    -Dlogback.configurationFile=bridge-server/target/test-classes/logback-test.xml -cp "$CP" \
    org.labbridge.bench.TlsRelayBench "${1:-500000}" "${2:-3}"
