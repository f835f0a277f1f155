#!/usr/bin/env bash
# mqtt-publish's publish rate to a local Mosquitto next to `mosquitto_pub -l` (libmosquitto, C) fed the same
# messages, in the same run, at QoS 0 and QoS 1 (the ratio is what counts).
#
#   messages: N JSON objects {"seq": i, "t": 21.5} (22-26 bytes) on one fixed topic
#   C:    mosquitto_pub -l -q Q reads them from a file, one per line; timed from start to exit (connect and
#         disconnect included: a few ms). libmosquitto's default window: 20 QoS 1 publishes in flight.
#   Java: MqttBench, an in-process mqtt-publish node (HiveMQ client, max_inflight 64): N messages routed in,
#         timed until the broker had them all (QoS 0: written; QoS 1: acknowledged), after a warm-up round of
#         N (the JIT compiles the publish path, as in a long-running daemon).
#
# Usage: bench/mqtt-bench.sh   (env: N=messages per run [200000], QOS="0 1", JAVA_OPTS e.g. -Dbench.inflight=256)
# Needs: /usr/sbin/mosquitto, mosquitto_pub (apt-get install mosquitto mosquitto-clients).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-200000}
QOS=${QOS:-"0 1"}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
user $(id -un)
log_dest none
CONF
/usr/sbin/mosquitto -c "$tmp/mosquitto.conf" & pids+=($!)
# shellcheck source=bench/lib.sh
. bench/lib.sh
wait_listening "$port" || { echo "mosquitto did not listen on $port" >&2; exit 1; } # not a connect probe: see lib.sh

mvn -B -q -o -pl bridge-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$tmp/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="bridge-server/target/test-classes:bridge-server/target/classes:$(cat "$tmp/cp.txt")"
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "{\"seq\": %d, \"t\": 21.5}\n", i }' >"$tmp/messages.txt"

echo "mosquitto $(/usr/sbin/mosquitto -h | sed -n 1p | awk '{print $3}') on 127.0.0.1:$port, $N messages per run"
for q in $QOS; do
  t0=$(date +%s.%N)
  mosquitto_pub -h 127.0.0.1 -p "$port" -q "$q" -t bench/c -l <"$tmp/messages.txt"
  t1=$(date +%s.%N)
  c=$(awk -v a="$t0" -v b="$t1" -v n="$N" 'BEGIN { printf "%.0f", n / (b - a) }')
  echo "mosquitto_pub -l qos $q: $N messages in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') s = $c msg/s"
  line=$(java -Xmx512m ${JAVA_OPTS:-} -Dlogback.configurationFile=bridge-server/target/test-classes/logback-test.xml -cp "$CP" \
         org.labbridge.bench.MqttBench "127.0.0.1:$port" "$q" "$N" | grep '^labbridge')
  echo "$line"
  j=$(echo "$line" | sed -E 's/.* = ([0-9]+) msg\/s.*/\1/')
  echo "qos $q ratio labbridge / mosquitto_pub: $(awk -v j="$j" -v c="$c" 'BEGIN { printf "%.2f", j / c }')"
done
