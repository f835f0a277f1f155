#!/usr/bin/env bash
# Bridge throughput next to the C limits of loopback-bench, in the same run (ratios are what count).
#
#   relay:  tcp_send (1 conn, 100-byte JSON + 0x17, B msgs/write) -> relay -> 8 x tcp_recv
#           C: tcp_relay -m batch          Java: BridgeBench relay (server UP, sink publishes on server DOWN)
#           and a second C relay that validates too: tcp_relay -m batch -V (bench/c: each message checked with
#           json_check.h before it is relayed, invalid ones dropped, as labbridge's producer path does)
#   ingest: tcp_send (1 conn) -> receiver   C: tcp_recv -L           Java: BridgeBench ingest (validate + count)
#           and a second C limit that validates too: tcp_recv -L -V (bench/c: strict UTF-8 + JSON per message,
#           the rules of labbridge's JsonValidator in plain scalar C), so the ratio is also shown for equal work
#   daemon: the relay through the shipped daemon (bin/labbridge run, its JVM options): a bridge-server node
#           routed to another (every message is also read into values for the graph); DAEMON=0 skips it
#   floor:  the same relay and ingest in bench/NettyTcpFloor.java: Netty's epoll transport doing only what
#           the C tools do (relay: each read's complete messages to every subscriber; ingest: count 0x17),
#           and again with labbridge's validator on every message (relay-validating, ingest-validating), set
#           up as BridgeBench is; so labbridge / C splits into floor / C (Netty) and labbridge / floor
#           (labbridge's own work). FLOOR=0 skips it
#
# Usage: bench/bridge-bench.sh   (env: T=seconds per run [5], B=msgs per write [64], N=subscribers [8],
#        ROUNDS=rounds of all of it, interleaved, then a table of labbridge/C ratios per round [1],
#        WARM=seconds of warm-up load before each Java run, not measured [25],
#        JAVA_OPTS=more JVM options, e.g. -XX:TieredStopAtLevel=1 for the C1-only JIT of the shipped launcher [none],
#        PORT_BASE [47100], LOOPBACK_BENCH [../shared/tools/loopback-bench])
# The Java side is measured warm (its JIT compiles the hot paths during WARM), as a long-running daemon
# runs; the C tools need no warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${T:-5}
ROUNDS=${ROUNDS:-1}
B=${B:-64}
N=${N:-8}
# 25 s: under relay load the daemon's C2 compiler thread (CICompilerCount=2) took ~30 % of a core for the
# first ~10 s (per-thread /proc ticks), and -XX:+PrintCompilation showed ~100 compilations per second still
# at 10-15 s, ~45 at 15-25 s and ~5 from 25 s on (2026-12-06): a measurement from 15 s shared the 2 cores
# with the compiler (perf: C2 ~12 % of the daemon's samples). The relay is a long-running daemon: measured
# in its steady state.
WARM=${WARM:-25}
PB=${PORT_BASE:-47100}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

# A private build of the C tools (the shared directory stays untouched).
# shellcheck source=bench/lib.sh
. bench/lib.sh
lb_build "$tmp"
# the validating relay must relay exactly the valid messages before it is used as a baseline
bench/c/tcp_relay_test.sh "$tmp" $((PB+10))

mvn -B -q -o -pl bridge-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$tmp/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="bridge-server/target/test-classes:bridge-server/target/classes:$(cat "$tmp/cp.txt")"
# shellcheck disable=SC2206 # JAVA_OPTS is a list of options
JAVA=(java -Xms512m -Xmx1g ${JAVA_OPTS:-} -Dio.netty.leakDetection.level=disabled -Dbench.producers=2
      -Dlogback.configurationFile=bridge-server/target/test-classes/logback-test.xml -cp "$CP"
      org.labbridge.bench.BridgeBench)

# A relay listening on $1 (producers) and $2 (subscribers): WARM seconds of unmeasured load, then T measured
# seconds; tcp_recv's figures go to $3.
relay_through() {
  "$tmp/tcp_recv" -C "$2" -c "$N" -t $((WARM+2)) >/dev/null 2>&1 & r=$!; pids+=($r)
  sleep 0.3
  "$tmp/tcp_send" -p "$1" -c 1 -b "$B" -t "$WARM" >/dev/null; wait "$r" || true
  "$tmp/tcp_recv" -C "$2" -c "$N" -t $((T+5)) >"$3" 2>/dev/null & r=$!; pids+=($r)
  sleep 0.3
  "$tmp/tcp_send" -p "$1" -c 1 -b "$B" -t "$T" | sed 's/^/  /'; echo
  wait "$r" || true
}

wait_ready() { for _ in $(seq 1 200); do grep -q READY "$1" 2>/dev/null && return 0; sleep 0.05; done; echo "no READY in $1" >&2; cat "$1" >&2; exit 1; }

{ [ "${DAEMON:-1}" = 1 ] || [ "${FLOOR:-1}" = 1 ]; } && dist_ensure
if [ "${FLOOR:-1}" = 1 ]; then
  # compiled once here, not by the source launcher inside each measured JVM
  javac -d "$tmp/floor" -cp "bridge-server/target/labbridge/lib/*" bench/NettyTcpFloor.java
fi
# the floor with the JVM options of BridgeBench, which it is compared with
# shellcheck disable=SC2206 # JAVA_OPTS is a list of options
FLOOR_JAVA=(java -Xms512m -Xmx1g ${JAVA_OPTS:-} -Dio.netty.leakDetection.level=disabled
            -cp "$tmp/floor:bridge-server/target/labbridge/lib/*" NettyTcpFloor)
# floor_done MODE: ends the floor (it prints what it counted at exit), shows that, and stops the bench if the
# floor passed on nothing or counted a message as invalid or of another length (tcp_send sends one valid message)
floor_done() {
  kill "$j" 2>/dev/null || true; wait "$j" 2>/dev/null || true
  grep -v READY "$tmp/floor_$1.txt" | sed 's/^/  /'
  if ! grep -Eq "messages=[1-9]" "$tmp/floor_$1.txt" || grep -Eq "(invalid|wrong_length)=[1-9]" "$tmp/floor_$1.txt"; then
    echo "NettyTcpFloor $1 passed on nothing or rejected messages: not a floor" >&2; exit 1
  fi
}
field() { sed -n "s/.*[ ^]$1=\([0-9.]*\).*/\1/p" | head -1; }
: > "$tmp/summary.tsv"
: > "$tmp/floor.tsv"
for round in $(seq "$ROUNDS"); do
  [ "$ROUNDS" -gt 1 ] && echo "######## round $round of $ROUNDS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  PB=$((${PORT_BASE:-47100} + (round - 1) * 12))
  echo "== C relay (tcp_relay -m batch), 1 producer -> $N subscribers"
  "$tmp/tcp_relay" -u $((PB+1)) -d $((PB+2)) -n "$N" -t $((T+6)) >"$tmp/relay.txt" 2>&1 & pids+=($!)
  sleep 0.3
  "$tmp/tcp_recv" -C $((PB+2)) -c "$N" -t $((T+5)) >"$tmp/recv_c.txt" 2>/dev/null & r=$!; pids+=($r)
  sleep 0.3
  "$tmp/tcp_send" -p $((PB+1)) -c 1 -b "$B" -t "$T" | sed 's/^/  /'; echo
  wait "$r" || true; sed 's/^/  /' "$tmp/recv_c.txt"; grep '^tcp_relay mode' "$tmp/relay.txt" | sed 's/^/  /'; echo

  echo "== C relay with validation (tcp_relay -m batch -V: strict UTF-8 + JSON per message), 1 producer -> $N subscribers"
  "$tmp/tcp_relay" -u $((PB+10)) -d $((PB+11)) -n "$N" -m batch -V -t $((T+6)) >"$tmp/relay_v.txt" 2>/dev/null & rv=$!; pids+=($rv)
  sleep 0.3
  "$tmp/tcp_recv" -C $((PB+11)) -c "$N" -t $((T+5)) >"$tmp/recv_cv.txt" 2>/dev/null & r=$!; pids+=($r)
  sleep 0.3
  "$tmp/tcp_send" -p $((PB+10)) -c 1 -b "$B" -t "$T" | sed 's/^/  /'; echo
  wait "$r" || true; wait "$rv" || true; sed 's/^/  /' "$tmp/recv_cv.txt" "$tmp/relay_v.txt"; echo

  echo "== labbridge relay (BridgeServer up -> sink -> BridgeServer down), 1 producer -> $N subscribers"
  "${JAVA[@]}" relay $((PB+3)) $((PB+4)) $((WARM+T+6)) >"$tmp/java_relay.txt" 2>"$tmp/java_relay.err" & j=$!; pids+=($j)
  wait_ready "$tmp/java_relay.txt"
  relay_through $((PB+3)) $((PB+4)) "$tmp/recv_j.txt"
  wait "$j" || true
  sed 's/^/  /' "$tmp/recv_j.txt"; echo; grep -v READY "$tmp/java_relay.txt" | sed 's/^/  /'

  echo "== C ingest limit (tcp_recv -L), 1 connection"
  "$tmp/tcp_recv" -L $((PB+5)) -c 1 -t $((T+5)) >"$tmp/ingest_c.txt" 2>/dev/null & r=$!; pids+=($r)
  sleep 0.3
  "$tmp/tcp_send" -p $((PB+5)) -c 1 -b "$B" -t "$T" | tee "$tmp/send_ingest_c.txt" | sed 's/^/  /'; echo
  wait "$r" || true; sed 's/^/  /' "$tmp/ingest_c.txt"; echo

  echo "== C ingest limit with validation (tcp_recv -L -V: strict UTF-8 + JSON per message), 1 connection"
  "$tmp/tcp_recv" -L $((PB+9)) -c 1 -V -t $((T+5)) >"$tmp/ingest_cv.txt" 2>/dev/null & r=$!; pids+=($r)
  sleep 0.3
  "$tmp/tcp_send" -p $((PB+9)) -c 1 -b "$B" -t "$T" | tee "$tmp/send_ingest_cv.txt" | sed 's/^/  /'; echo
  wait "$r" || true; sed 's/^/  /' "$tmp/ingest_cv.txt"; echo
  echo "== labbridge ingest (BridgeServer, strict UTF-8 + JSON validation), 1 connection"
  "${JAVA[@]}" ingest $((PB+6)) $((WARM+T+4)) >"$tmp/java_ingest.txt" 2>"$tmp/java_ingest.err" & j=$!; pids+=($j)
  wait_ready "$tmp/java_ingest.txt"
  "$tmp/tcp_send" -p $((PB+6)) -c 1 -b "$B" -t "$WARM" >/dev/null
  "$tmp/tcp_send" -p $((PB+6)) -c 1 -b "$B" -t "$T" | tee "$tmp/send_ingest_j.txt" | sed 's/^/  /'; echo
  wait "$j" || true
  grep -v READY "$tmp/java_ingest.txt" | sed 's/^/  /'

  if [ "${DAEMON:-1}" = 1 ]; then
    echo "== labbridge daemon relay (bin/labbridge run: bridge-server up -> bridge-server down), 1 producer -> $N subscribers"
    cat > "$tmp/relay.yaml" <<YAML
log_level: WARN
metrics: {enabled: false}
http: {enabled: false}
nodes:
  - {kind: bridge-server, name: up, port: $((PB+7))}
  - {kind: bridge-server, name: down, port: $((PB+8)), pending_messages: 100000, write_buffer_high: 8MiB}
connections: [{from: up, to: down}]
YAML
    LABBRIDGE_CDS=off bridge-server/target/labbridge/bin/labbridge run -c "$tmp/relay.yaml" >"$tmp/daemon.out" 2>&1 &
    d=$!; pids+=($d)
    wait_listening $((PB+7)) 100 || true
    relay_through $((PB+7)) $((PB+8)) "$tmp/recv_d.txt"
    sed 's/^/  /' "$tmp/recv_d.txt"
    kill "$d" 2>/dev/null || true; wait "$d" 2>/dev/null || true
  fi
  if [ "${FLOOR:-1}" = 1 ]; then
    for mode in relay relay-validating; do
      echo "== Netty floor: $mode (bench/NettyTcpFloor.java), 1 producer -> $N subscribers"
      "${FLOOR_JAVA[@]}" "$mode" $((PB+3)) $((PB+4)) $((WARM+T+8)) >"$tmp/floor_$mode.txt" 2>&1 & j=$!; pids+=($j)
      wait_ready "$tmp/floor_$mode.txt"
      relay_through $((PB+3)) $((PB+4)) "$tmp/recv_floor_$mode.txt"
      sed 's/^/  /' "$tmp/recv_floor_$mode.txt"
      floor_done "$mode"; echo
    done
    for mode in ingest ingest-validating; do
      echo "== Netty floor: $mode (bench/NettyTcpFloor.java), 1 connection"
      "${FLOOR_JAVA[@]}" "$mode" $((PB+6)) $((WARM+T+4)) >"$tmp/floor_$mode.txt" 2>&1 & j=$!; pids+=($j)
      wait_ready "$tmp/floor_$mode.txt"
      "$tmp/tcp_send" -p $((PB+6)) -c 1 -b "$B" -t "$WARM" >/dev/null
      "$tmp/tcp_send" -p $((PB+6)) -c 1 -b "$B" -t "$T" | tee "$tmp/send_floor_$mode.txt" | sed 's/^/  /'
      floor_done "$mode"; echo
    done
  fi
  # one row per round: per-subscriber relay (tcp_recv's median connection), ingest (tcp_send's rate)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$(field per_conn_med < "$tmp/recv_c.txt")" \
    "$(field per_conn_med < "$tmp/recv_j.txt")" "$(field msgs_per_s < "$tmp/send_ingest_c.txt")" \
    "$(field msgs_per_s < "$tmp/send_ingest_j.txt")" \
    "$( [ -f "$tmp/recv_d.txt" ] && field per_conn_med < "$tmp/recv_d.txt")" \
    "$(field msgs_per_s < "$tmp/send_ingest_cv.txt")" "$(field per_conn_med < "$tmp/recv_cv.txt")" >> "$tmp/summary.tsv"
  if [ "${FLOOR:-1}" = 1 ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$(field per_conn_med < "$tmp/recv_c.txt")" \
      "$(field per_conn_med < "$tmp/recv_floor_relay.txt")" "$(field per_conn_med < "$tmp/recv_floor_relay-validating.txt")" \
      "$(field per_conn_med < "$tmp/recv_j.txt")" "$(field msgs_per_s < "$tmp/send_ingest_c.txt")" \
      "$(field msgs_per_s < "$tmp/send_floor_ingest.txt")" "$(field msgs_per_s < "$tmp/send_floor_ingest-validating.txt")" \
      "$(field msgs_per_s < "$tmp/send_ingest_j.txt")" >> "$tmp/floor.tsv"
  fi
done
echo
echo "== labbridge / C in the same round (relay and daemon: per subscriber, against tcp_relay -m batch, which only"
echo "   splits on 0x17, and against tcp_relay -m batch -V, which also validates each message; ingest: one"
echo "   connection, against tcp_recv -L and against tcp_recv -L -V, the same pair)"
awk -F'\t' '
  function r(a, b) { return (b > 0 && a > 0) ? sprintf("%.2f", a / b) : "-" }
  { printf "round %s: relay %.2fM/%.2fM = %s (validating C %.2fM: %s)   ingest %.2fM/%.2fM = %s (validating C %.2fM: %s)   daemon %.2fM/%.2fM = %s (validating C: %s)\n",
      $1, $3/1e6, $2/1e6, r($3,$2), $8/1e6, r($3,$8), $5/1e6, $4/1e6, r($5,$4), $7/1e6, r($5,$7),
      $6/1e6, $2/1e6, r($6,$2), r($6,$8) }' "$tmp/summary.tsv"
if [ -s "$tmp/floor.tsv" ]; then
  echo
  echo "== the Netty floor in the same round (relay per subscriber, ingest one connection): Netty alone / C, Netty"
  echo "   with labbridge's validator on every message / C, and labbridge / that validating floor"
  awk -F'\t' '
    function r(a, b) { return (b > 0 && a > 0) ? sprintf("%.2f", a / b) : "-" }
    { printf "round %s: relay C %.2fM  floor %s  floor+validation %s  labbridge/floor+validation %s   ingest C %.2fM  floor %s  floor+validation %s  labbridge/floor+validation %s\n",
        $1, $2/1e6, r($3,$2), r($4,$2), r($5,$4), $6/1e6, r($7,$6), r($8,$6), r($9,$8) }' "$tmp/floor.tsv"
fi
