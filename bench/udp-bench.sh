#!/usr/bin/env bash
# UDP benchmark of the labbridge daemon's pull (json_wn) and push (json_wn#{...}) sockets against
# loopback-bench's C limit server (udp_srv), measured in the same run, alternating, at 1, 16 and 64 requests
# in flight. Two daemons run from the built distribution: "pull"/"push" with the launcher's JVM options as
# shipped (both JITs), "pull-c1"/"push-c1" with the C1 JIT only (JAVA_OPTS=-XX:TieredStopAtLevel=1: the
# smallest footprint, for comparison). "netty" is bench/NettyUdpFloor.java: Netty's epoll datagram transport
# answering every datagram with a fixed reply and doing nothing else, i.e. the floor any Netty server has here.
# "push-routed" is a push socket routed as a lab routes it: each push also updates a date-pull socket (codenames:
# auto) and goes out on a bridge-server to one subscriber (loopback-bench's tcp_recv). It runs in a third daemon
# (shipped options): in the first one its warm-up would also train the JIT on the shared push code, and the
# plain push figure would then measure a different daemon from the runs before it.
#
#   bench/udp-bench.sh            # T=5 s per measurement, 1 s warm-up, 1 round
#   T=5 ROUNDS=3 bench/udp-bench.sh
#   JAVA_OPTS="-XX:+UseParallelGC" KS="16 64" bench/udp-bench.sh   # more JVM options for both daemons
#
# Needs: gcc/make, Java 17, Maven (offline is fine once dependencies are cached). Traffic: 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
T=${T:-5}
W=${W:-1}
ROUNDS=${ROUNDS:-1}
KS=${KS:-"1 16 64"}
C_PORT=${C_PORT:-19901}
PULL_PORT=${PULL_PORT:-19000}
PUSH_PORT=${PUSH_PORT:-18500}
FEED_PORT=${FEED_PORT:-18501}
C1_PULL_PORT=${C1_PULL_PORT:-19001}
C1_PUSH_PORT=${C1_PUSH_PORT:-18502}
C1_FEED_PORT=${C1_FEED_PORT:-18503}
NETTY_PORT=${NETTY_PORT:-19002}
ROUTED_PORT=${ROUTED_PORT:-18504}
LATEST_PORT=${LATEST_PORT:-19003}
BRIDGE_PORT=${BRIDGE_PORT:-18505}
R_PULL_PORT=${R_PULL_PORT:-19004}
R_PUSH_PORT=${R_PUSH_PORT:-18506}
R_FEED_PORT=${R_FEED_PORT:-18507}
PUSH_MSG='json_wn#{"t": 21.5}'
# what the feed socket gives the pull socket's two codenames: a json_wn reply of ~90 bytes
FEED_MSG='json_wn#{"temperature": [1414154338.172345, 21.5], "pressure": [1414154338.172345, 1.013e-7]}'

WORK=$(mktemp -d /tmp/labbridge-udp-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. loopback-bench, built in a temp dir from its sources
# shellcheck source=bench/lib.sh
. bench/lib.sh
lb_build "$WORK/lb"

# 2. labbridge as users run it: the built distribution's daemon (bin/labbridge, its own JVM options), twice:
#    "shipped" (the launcher's defaults) and "c1" (the same with JAVA_OPTS=-XX:TieredStopAtLevel=1, the C1
#    JIT only). The pull socket serves two codenames, so a
#    json_wn reply is a realistic ~90 bytes; the measured push socket stores its messages (store_last).
dist_ensure
start_daemon() { # profile pull-port push-port feed-port [JAVA_OPTS] [routed: yes]
  local routed_nodes="" routed_connection=""
  if [ -n "${6:-}" ]; then
    routed_nodes="
  - {kind: push, name: routed, port: $ROUTED_PORT, receive_buffer: 4MiB}
  - {kind: date-pull, name: latest, port: $LATEST_PORT, codenames: auto}
  - {kind: bridge-server, name: out, port: $BRIDGE_PORT}"
    routed_connection="
  - {from: routed, to: [latest, out]}"
  fi
  cat > "$WORK/$1.yaml" <<YAML
log_level: WARN
metrics: {enabled: false}
http: {enabled: false}
nodes:
  - {kind: date-pull, name: bench, port: $2, codenames: [temperature, pressure], receive_buffer: 4MiB}
  - {kind: push, name: input, port: $3, receive_buffer: 4MiB}
  - {kind: push, name: feed, port: $4}$routed_nodes
connections:
  - {from: feed, to: [bench]}$routed_connection
YAML
  JAVA_OPTS="${5:-}" LABBRIDGE_CDS=off bridge-server/target/labbridge/bin/labbridge run -c "$WORK/$1.yaml" \
      > "$WORK/$1.out" 2>&1 &
  PIDS+=($!)
  push_until_ack "$4" "$FEED_MSG" && return
  echo "labbridge ($1) did not start:"; cat "$WORK/$1.out"; exit 1
}
start_daemon shipped "$PULL_PORT" "$PUSH_PORT" "$FEED_PORT" "${JAVA_OPTS:-}"
start_daemon c1 "$C1_PULL_PORT" "$C1_PUSH_PORT" "$C1_FEED_PORT" "-XX:TieredStopAtLevel=1 ${JAVA_OPTS:-}"
start_daemon routed "$R_PULL_PORT" "$R_PUSH_PORT" "$R_FEED_PORT" "${JAVA_OPTS:-}" yes

# The Netty floor: a single-file Java program on the distribution's jars.
java -Dio.netty.leakDetection.level=disabled -cp "bridge-server/target/labbridge/lib/*" bench/NettyUdpFloor.java \
    "$NETTY_PORT" > "$WORK/netty.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q ready "$WORK/netty.out" && break; sleep 0.1; done
grep -q ready "$WORK/netty.out" || { echo "NettyUdpFloor did not start:"; cat "$WORK/netty.out"; exit 1; }
"$WORK/lb/udp_load" -p "$NETTY_PORT" -k 16 -t 3 -w 1 >/dev/null

# 3. Warm the JITs (not measured), then per in-flight level alternate: C, pull shipped, pull c1, C, push ...
for port in "$PULL_PORT" "$C1_PULL_PORT"; do "$WORK/lb/udp_load" -p "$port" -k 16 -t 3 -w 1 >/dev/null; done
# push-routed's bridge subscriber: connected for the whole run, stopped (SIGTERM: it prints its count) at the end
"$WORK/lb/tcp_recv" -C "$BRIDGE_PORT" -c 1 -t 36000 > "$WORK/sub.out" 2>&1 &
SUB=$!
PIDS+=($SUB)
for _ in $(seq 50); do grep -q connected "$WORK/sub.out" && break; sleep 0.1; done
grep -q connected "$WORK/sub.out" || { echo "the bridge subscriber did not connect:"; cat "$WORK/sub.out"; exit 1; }
for port in "$PUSH_PORT" "$C1_PUSH_PORT" "$ROUTED_PORT"; do
  "$WORK/lb/udp_load" -p "$port" -k 16 -t 3 -w 1 -m "$PUSH_MSG" >/dev/null
done
sleep 5 # the JIT compiles in the background for a while after the load: not while measuring the other daemon

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | head -1; }
start_c() { # a fresh C limit server per measurement: it exits after 1 s without traffic
  : > "$WORK/c.out"
  "$WORK/lb/udp_srv" -p "$C_PORT" -b 64 -t $((T + W + 5)) -i 1 >> "$WORK/c.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do grep -q ready "$WORK/c.out" && return; sleep 0.1; done
  echo "udp_srv did not start:"; cat "$WORK/c.out"; exit 1
}
run() { # target port k [message]
  local out
  if [ "$1" = c ]; then start_c; fi
  if [ -n "${4:-}" ]; then out=$("$WORK/lb/udp_load" -p "$2" -k "$3" -t "$T" -w "$W" -m "$4")
  else out=$("$WORK/lb/udp_load" -p "$2" -k "$3" -t "$T" -w "$W"); fi
  echo "$out" >> "$WORK/raw.txt"
  printf '%s %s %s %s %s %s %s\n' "$1" "$3" "$(echo "$out" | field rate)" "$(echo "$out" | field p50_us)" \
      "$(echo "$out" | field p99_us)" "$(echo "$out" | field lost)" "$r" >> "$WORK/results.txt"
}
: > "$WORK/results.txt"
# The push/pull ratio of the shipped daemon is issue 15's goal 1: its push and pull run back to back, between
# two C runs, first one then the other by round. This machine's speed drifts by up to a third over tens of
# seconds (user and kernel time per request together, in every process at once: 2026-12-06, four daemons
# measured in turn), so a ratio of two runs 15 s apart measured the drift as much as the daemon.
for r in $(seq "$ROUNDS"); do
  for k in $KS; do
    run c "$C_PORT" "$k"
    if [ $((r % 2)) = 1 ]; then
      run pull "$PULL_PORT" "$k"; run push "$PUSH_PORT" "$k" "$PUSH_MSG"
    else
      run push "$PUSH_PORT" "$k" "$PUSH_MSG"; run pull "$PULL_PORT" "$k"
    fi
    run c "$C_PORT" "$k"
    run pull-c1 "$C1_PULL_PORT" "$k"
    run push-c1 "$C1_PUSH_PORT" "$k" "$PUSH_MSG"
    run netty "$NETTY_PORT" "$k"
    run push-routed "$ROUTED_PORT" "$k" "$PUSH_MSG"
  done
done

echo "udp-bench: T=${T}s W=${W}s rounds=$ROUNDS cores=$(nproc) ($(date -u +%FT%TZ))"
awk '
  { key=$1" "$2; n[key]++; rate[key]+=$3; p50[key]+=$4; p99[key]+=$5; lost[key]+=$6 }
  END {
    printf "%-11s %4s %10s %8s %8s %6s   %s\n", "what", "k", "rate/s", "p50_us", "p99_us", "lost", "vs C (rate, p99)"
    split("'"$KS"'", ks, " ")
    for (i = 1; i in ks; i++) {
      k = ks[i]; c = "c " k
      cr = rate[c]/n[c]; c99 = p99[c]/n[c]
      printf "%-11s %4s %10.0f %8.1f %8.1f %6d\n", "c", k, cr, p50[c]/n[c], c99, lost[c]
      split("pull pull-c1 netty push push-c1 push-routed", ws, " ")
      for (j = 1; j <= 6; j++) {
        w = ws[j]; key = w " " k
        if (!(key in n)) continue
        r = rate[key]/n[key]; q = p99[key]/n[key]
        printf "%-11s %4s %10.0f %8.1f %8.1f %6d   %.2fx rate, %.2fx p99\n", w, k, r, p50[key]/n[key], q, lost[key], r/cr, q/c99
      }
    }
  }' "$WORK/results.txt"
# Goal 1 per round (push and pull back to back; p99 against the mean of the round's two C runs) and its median
awk '
  function median(list,   v, m, i, j, x) {
    m = split(list, v, " ")
    for (i = 2; i <= m; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > x + 0; j--) v[j + 1] = v[j]; v[j + 1] = x }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  { key = $7 " " $2; if ($1 == "c") { c99[key] += $5; nc[key]++ } else { rate[$1 " " key] = $3; p99[$1 " " key] = $5 } }
  END {
    split("'"$KS"'", ks, " ")
    for (i = 1; i in ks; i++) {
      k = ks[i]; ratios = ""; pulls = ""; pushes = ""
      for (r = 1; r <= '"$ROUNDS"'; r++) {
        key = r " " k
        if (!(("push " key) in rate) || !(("pull " key) in rate) || rate["pull " key] == 0) continue
        x = rate["push " key] / rate["pull " key]; c = c99[key] / nc[key]
        printf "round %d, %d in flight: push/pull %.2f; p99 vs C: pull %.2fx, push %.2fx\n", r, k, x, p99["pull " key] / c, p99["push " key] / c
        ratios = ratios " " x; pulls = pulls " " p99["pull " key] / c; pushes = pushes " " p99["push " key] / c
      }
      if (ratios != "") printf "%d in flight, median of the rounds: push/pull %.2f; p99 vs C: pull %.2fx, push %.2fx (issue 15: >= 0.9; <= 1.5x)\n", k, median(ratios), median(pulls), median(pushes)
    }
  }' "$WORK/results.txt"
kill -TERM "$SUB" 2>/dev/null || true
wait "$SUB" 2>/dev/null || true
received=$(field msgs < "$WORK/sub.out")
echo "push-routed: the bridge subscriber received ${received:-0} messages (every routed push, warm-up included)"
if [ "${received:-0}" = 0 ]; then echo "push-routed measured no routing: nothing reached the bridge" >&2; exit 1; fi
if [ -n "${RAW:-}" ]; then cat "$WORK/raw.txt"; fi
