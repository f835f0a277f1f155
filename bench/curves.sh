#!/usr/bin/env bash
# Cost curves (issue 15): how each cost grows with the work, labbridge next to a C baseline measured in the same
# run, ROUNDS interleaved rounds per point (tables give the range over rounds). Writes raw rows (TSV), a markdown
# table and an SVG plot per curve into OUT (bench/results), via bench/curves_report.py.
#
#   pull     the daemon's date-pull socket with 1, 10, 100, 1,000 codenames (timeouts: 600s) (json_wn, K in flight) vs udp_srv
#            answering the very reply labbridge gives (udp_srv -f, same bytes): rate, p50/p99, and server CPU
#            per request (user + system time of the server process / answered requests), whose slope against
#            reply bytes is the per-byte cost
#   fanout   the shipped daemon relaying (bridge-server up -> bridge-server down) 1 producer (tcp_send, 100-byte
#            JSON, B per write) to 1, 8, 64, 256 subscribers (tcp_recv) vs tcp_relay -m batch, which only splits
#            on 0x17, and vs tcp_relay -m batch -V, which also validates every message as labbridge does (bench/c),
#            and vs Netty relaying with labbridge's validator and nothing else (bench/NettyTcpFloor.java
#            relay-validating, "floorv", since 2026-12-06; FLOOR=0 leaves it out): aggregate delivered msg/s;
#            then RSS and live heap (after a full GC) of a fresh daemon before/after IDLE_SUBS (256) idle
#            subscribers connect
#   push     a push (one value) routed into a date-pull socket of 1, 10, 100, 1,000 codenames vs udp_srv answering
#            the same ACK: rate, p99 and server CPU per push (the pull state's write path: flat in the codenames)
#   nodes    idle RSS of the shipped daemon with 1, 10, 100 nodes (date-pull, push, bridge-server in turn)
#   netdata  labbridge.plugin at 100, 1,000, 10,000 dimensions per second (bench/netdata-plugin-footprint.sh,
#            1,000 codenames per pull job): CPU % of a core and RSS
#
#   bench/curves.sh                     # all five: T=3 ROUNDS=3, about 16 minutes
#   bench/curves.sh pull fanout         # some of them; CURVES are pull push fanout nodes netdata
#   T=5 ROUNDS=5 K=16 bench/curves.sh pull
#   CODENAMES="1 10 100 1000" SUBS="1 8 64 256" NODES="1 10 100" DIMS="100 1000 10000" (the defaults)
#   WARM=25 (s of unmeasured relay load before the fan-out curve)
#   OUT=/tmp/x bench/curves.sh          # write elsewhere; REPORT_ONLY=1 only redraws OUT from its raw rows
#   PYEXPLABSYS=/path/to/PyExpLabSys bench/curves.sh pull   # adds PyExpLabSys's DateDataPullSocket (the folder
#                                       # that holds the PyExpLabSys package, e.g. a git clone) to the pull curve
#
# Needs: gcc/make, Java 17, Maven (offline once dependencies are cached), python3. Traffic: 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${T:-3}
ROUNDS=${ROUNDS:-3}
K=${K:-16}
B=${B:-64}
CODENAMES=${CODENAMES:-"1 10 100 1000"}
SUBS=${SUBS:-"1 8 64 256"}
IDLE_SUBS=${IDLE_SUBS:-256}
NODES=${NODES:-"1 10 100"}
DIMS=${DIMS:-"100 1000 10000"}
SETTLE=${SETTLE:-8}
ND_WARMUP=${ND_WARMUP:-30}
WARM=${WARM:-25}       # s of relay load before the fan-out is measured: the daemon's JIT settles (bridge-bench.sh)
ND_SECONDS=${ND_SECONDS:-20}
PB=${PORT_BASE:-47300}
OUT=${OUT:-bench/results}
CURVES=${*:-pull push fanout nodes netdata}

# shellcheck source=bench/lib.sh
. bench/lib.sh
WORK=$(mktemp -d /tmp/labbridge-curves.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$OUT/raw"
want() { case " $CURVES " in *" $1 "*) return 0;; esac; return 1; }
field() { sed -n "s/.*[ ^]$1=\([0-9.]*\).*/\1/p" | head -1; }
hz=$(getconf CLK_TCK)
log() { echo "[$(date -u +%T)] $*" >&2; }

if [ -n "${REPORT_ONLY:-}" ]; then exec python3 bench/curves_report.py "$OUT"; fi

lb_build "$WORK/lb"
dist_ensure
LB=bridge-server/target/labbridge/bin/labbridge

# start_daemon NAME: runs the distribution's daemon on $WORK/NAME.yaml (as users run it, the launcher's JVM
# options), its pid in DAEMON.
start_daemon() {
  LABBRIDGE_CDS=off "$LB" run -c "$WORK/$1.yaml" >"$WORK/$1.out" 2>&1 &
  DAEMON=$!
  PIDS+=("$DAEMON")
}
stop_daemon() { kill "$DAEMON" 2>/dev/null || true; wait "$DAEMON" 2>/dev/null || true; }
# udp_ask PORT MESSAGE [FILE]: sends MESSAGE until a reply comes (30 s at most); the reply goes to FILE.
udp_ask() {
  python3 - "$@" <<'PY'
import socket, sys, time
port, msg = int(sys.argv[1]), sys.argv[2].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2)
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    s.sendto(msg, ("127.0.0.1", port))
    try:
        reply = s.recv(65535)
    except OSError:
        continue
    if len(sys.argv) > 3:
        open(sys.argv[3], "wb").write(reply)
    sys.exit(0)
sys.exit("no reply on port %d" % port)
PY
}
# feed_pull_yaml FILE PULL_PORT FEED_PORT: for each N of CODENAMES, a date-pull socket "pullN" of N codenames
# (c0000, c0001, ...; timeouts: 600s, as labs configure them, so the reply cache must hold with them) on
# PULL_PORT+i, fed by a push socket "feedN" on FEED_PORT+i routed to it.
feed_pull_yaml() {
  local i=0 n names
  {
    echo "log_level: WARN"
    echo "metrics: {enabled: false}"
    echo "http: {enabled: false}"
    echo "nodes:"
    for n in $CODENAMES; do
      names=$(python3 -c "import sys; print(', '.join('c%04d' % j for j in range(int(sys.argv[1]))))" "$n")
      echo "  - {kind: date-pull, name: pull$n, port: $(($2 + i)), codenames: [$names], receive_buffer: 4MiB, timeouts: 600s}"
      echo "  - {kind: push, name: feed$n, port: $(($3 + i)), receive_buffer: 4MiB}"
      i=$((i + 1))
    done
    echo "connections:"
    for n in $CODENAMES; do echo "  - {from: feed$n, to: [pull$n]}"; done
  } > "$1"
}
# all_points N: a push setting every codename of such a socket to a realistic point (so that a reply is what a
# lab sees, not the never-set default).
all_points() {
  python3 -c "import json, sys; print('json_wn#' + json.dumps({'c%04d' % j: 20 + j / 7 for j in range(int(sys.argv[1]))}))" "$1"
}
# c_server PORT FILE VAR: udp_srv on PORT answering json_wn with the bytes of FILE (the reply labbridge gave),
# its pid in the variable named VAR.
c_server() {
  "$WORK/lb/udp_srv" -p "$1" -b 64 -t 100000 -i 100000 -f "$2" >"$2.c.out" 2>&1 &
  PIDS+=($!)
  eval "$3=$!"
}
# udp_row ROUND N BYTES WHO PORT PID [udp_load options]: T s of udp_load (K in flight) against PORT, and one row of
# round, n, bytes, who, rate, p50, p99, cpu_us, lost, bad, user_us, sys_us: CPU per answered request of PID
# (user + system time of the server process / answered requests).
udp_row() {
  local r=$1 n=$2 bytes=$3 who=$4 port=$5 pid=$6 o u0 s0 u1 s1 answered
  shift 6
  read -r u0 s0 < <(cpu_split "$pid")
  o=$("$WORK/lb/udp_load" -p "$port" -k "$K" -t "$T" -w 0 "$@")
  read -r u1 s1 < <(cpu_split "$pid")
  answered=$(echo "$o" | field answered)
  per() { awk -v a="$answered" -v c="$1" -v hz="$hz" 'BEGIN { printf "%.3f", a ? c / hz * 1e6 / a : 0 }'; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$n" "$bytes" "$who" \
    "$(echo "$o" | field rate)" "$(echo "$o" | field p50_us)" "$(echo "$o" | field p99_us)" \
    "$(per $((u1 + s1 - u0 - s0)))" "$(echo "$o" | field lost)" "$(echo "$o" | field bad)" \
    "$(per $((u1 - u0)))" "$(per $((s1 - s0)))"
}
{
  echo "# bench/curves.sh $CURVES: T=$T ROUNDS=$ROUNDS K=$K B=$B, $(nproc) cores, $(date -u +%FT%TZ)"
  echo "# load before: $(uptime | sed 's/.*load average/load average/')"
} > "$WORK/meta.txt"

# ---------------------------------------------------------------------------------------------------------- pull
if want pull; then
  log "pull: codenames $CODENAMES"
  feed_pull_yaml "$WORK/pull.yaml" "$PB" $((PB + 10))
  start_daemon pull
  pull_pid=$DAEMON
  i=0
  : > "$OUT/raw/pull.tsv.new"
  for n in $CODENAMES; do
    udp_ask $((PB + 10 + i)) "$(all_points "$n")"
    udp_ask $((PB + i)) json_wn "$WORK/reply$n"
    bytes=$(stat -c %s "$WORK/reply$n")
    c_server $((PB + 20 + i)) "$WORK/reply$n" "c_pid_$n"
    "$WORK/lb/udp_load" -p $((PB + i)) -k "$K" -t 5 -w 0 -l 0 >/dev/null   # warm the JIT (not measured)
    if [ -n "${PYEXPLABSYS:-}" ]; then   # the Python reference, PyExpLabSys's own DateDataPullSocket
      python3 bench/pyexplabsys_pull.py "$PYEXPLABSYS" $((PB + 30 + i)) "$n" >"$WORK/py$n.out" 2>&1 &
      PIDS+=($!)
      eval "py_pid_$n=$!"
      udp_ask $((PB + 30 + i)) json_wn "$WORK/pyreply$n"
    fi
    i=$((i + 1))
  done
  sleep 3
  for r in $(seq "$ROUNDS"); do
    i=0
    for n in $CODENAMES; do
      bytes=$(stat -c %s "$WORK/reply$n")
      for who in c labbridge ${PYEXPLABSYS:+python}; do
        case $who in
          c) port=$((PB + 20 + i)); eval "pid=\$c_pid_$n";;
          labbridge) port=$((PB + i)); pid=$pull_pid;;
          python) port=$((PB + 30 + i)); eval "pid=\$py_pid_$n";;
        esac
        udp_row "$r" "$n" "$bytes" "$who" "$port" "$pid" -l 0 >> "$OUT/raw/pull.tsv.new"
      done
      i=$((i + 1))
    done
  done
  stop_daemon
  mv "$OUT/raw/pull.tsv.new" "$OUT/raw/pull.tsv"
fi

# ---------------------------------------------------------------------------------------------------------- push
# A push routed into a pull socket (the usual lab setup: instruments push, people and Netdata pull): one value per
# push, into a date-pull of N codenames (all set once, as in a running lab), against udp_srv answering the
# very ACK labbridge gives (to json_wn: it answers nothing else). Each push builds the pull socket's next snapshot, so this is where a per-codename
# cost on the write path shows (before 2026-12-06: ~20 ns per codename per push, 1,000 codenames ~4x one).
if want push; then
  log "push: routed into pull sockets of $CODENAMES codenames"
  msg='json_wn#{"c0000": 21.5}'
  feed_pull_yaml "$WORK/push.yaml" $((PB + 60)) $((PB + 50))
  start_daemon push
  push_pid=$DAEMON
  i=0
  : > "$OUT/raw/push.tsv.new"
  for n in $CODENAMES; do
    udp_ask $((PB + 50 + i)) "$(all_points "$n")"
    udp_ask $((PB + 50 + i)) "$msg" "$WORK/ack$n"
    c_server $((PB + 70 + i)) "$WORK/ack$n" "cpush_pid_$n"
    "$WORK/lb/udp_load" -p $((PB + 50 + i)) -k "$K" -t 5 -w 0 -m "$msg" >/dev/null   # warm the JIT (not measured)
    i=$((i + 1))
  done
  sleep 3
  for r in $(seq "$ROUNDS"); do
    i=0
    for n in $CODENAMES; do
      bytes=$(stat -c %s "$WORK/ack$n")
      for who in c labbridge; do
        # udp_srv answers only "json_wn" (with the ACK's bytes): its request is 15 bytes shorter than the push
        case $who in
          c) port=$((PB + 70 + i)); eval "pid=\$cpush_pid_$n"; req=json_wn;;
          labbridge) port=$((PB + 50 + i)); pid=$push_pid; req=$msg;;
        esac
        udp_row "$r" "$n" "$bytes" "$who" "$port" "$pid" -m "$req" -l "$bytes" >> "$OUT/raw/push.tsv.new"
      done
      i=$((i + 1))
    done
  done
  stop_daemon
  mv "$OUT/raw/push.tsv.new" "$OUT/raw/push.tsv"
fi

# -------------------------------------------------------------------------------------------------------- fanout
relay_yaml() { # NAME UP DOWN
  cat > "$WORK/$1.yaml" <<YAML
log_level: WARN
metrics: {enabled: false}
http: {enabled: false}
nodes:
  - {kind: bridge-server, name: up, port: $2}
  - {kind: bridge-server, name: down, port: $3, pending_messages: 100000, write_buffer_high: 8MiB}
connections: [{from: up, to: down}]
YAML
}
# through UP DOWN SUBSCRIBERS SECONDS: tcp_recv connects SUBSCRIBERS to DOWN, tcp_send writes to UP for SECONDS;
# prints the aggregate delivered msg/s (tcp_recv: all messages / first to last).
through() {
  "$WORK/lb/tcp_recv" -C "$2" -c "$3" -t $(($4 + 6)) >"$WORK/recv.out" 2>/dev/null &
  local rp=$!
  PIDS+=("$rp")
  sleep 0.5
  "$WORK/lb/tcp_send" -p "$1" -c 1 -b "$B" -t "$4" >/dev/null
  sleep 2                     # what is still queued drains (the daemon keeps its subscribers connected)
  kill -TERM "$rp" 2>/dev/null || true
  wait "$rp" || true
  field msgs_per_s < "$WORK/recv.out"
}
if want fanout; then
  log "fanout: subscribers $SUBS"
  relay_yaml relay $((PB + 40)) $((PB + 41))
  start_daemon relay
  wait_listening $((PB + 40)) 300
  # the validating relay must relay exactly the valid messages before it is used as a baseline
  bench/c/tcp_relay_test.sh "$WORK/lb" $((PB + 44))
  through $((PB + 40)) $((PB + 41)) 8 "$WARM" >/dev/null   # warm the JIT (not measured; see WARM in bridge-bench.sh)
  # floorv: Netty's epoll transport relaying with labbridge's validator on every message and nothing else
  # (bench/NettyTcpFloor.java relay-validating): what any Netty relay that validates reaches here
  # (compiled once; run with the launcher's JVM options, as the daemon it is compared with; FLOOR=0 skips it)
  if [ "${FLOOR:-1}" = 1 ]; then
    javac -d "$WORK/floor" -cp "bridge-server/target/labbridge/lib/*" bench/NettyTcpFloor.java
    java -Xms16m -Xmx128m -XX:+UseSerialGC -XX:CICompilerCount=2 -Xss512k -XX:ReservedCodeCacheSize=32m \
      -Dio.netty.leakDetection.level=disabled -cp "$WORK/floor:bridge-server/target/labbridge/lib/*" \
      NettyTcpFloor relay-validating $((PB + 38)) $((PB + 39)) 100000 >"$WORK/floor.out" 2>&1 &
    FLOOR_PID=$!
    PIDS+=("$FLOOR_PID")
    for _ in $(seq 1 300); do grep -q READY "$WORK/floor.out" && break; sleep 0.1; done
    through $((PB + 38)) $((PB + 39)) 8 "$WARM" >/dev/null   # the same warm-up for its JIT
  fi
  : > "$OUT/raw/fanout.tsv.new"
  runs=0
  for r in $(seq "$ROUNDS"); do
    for n in $SUBS; do
      # the C relays (c: tcp_relay -m batch; cv: the same with -V) take a fresh pair of ports each, cycling
      # through PB+44..PB+99: a relay exits at its producer's EOF, long before its ports come round again
      for who in c cv; do
        port=$((PB + 44 + 2 * (runs % 28)))
        runs=$((runs + 1))
        v=; [ "$who" = cv ] && v=-V
        "$WORK/lb/tcp_relay" -u "$port" -d $((port + 1)) -n "$n" -m batch $v -t $((T + 8)) >/dev/null 2>&1 &
        PIDS+=($!)
        # it listens on both ports before it waits for its clients; a fixed 0.3 s was too short 3 times in 24
        # on a loaded machine (then nothing was measured at that point)
        wait_listening "$port" 50 || true
        printf '%s\t%s\t%s\t%s\n' "$r" "$n" "$who" "$(through "$port" $((port + 1)) "$n" "$T")" >> "$OUT/raw/fanout.tsv.new"
      done
      l=$(through $((PB + 40)) $((PB + 41)) "$n" "$T")
      printf '%s\t%s\tlabbridge\t%s\n' "$r" "$n" "$l" >> "$OUT/raw/fanout.tsv.new"
      if [ "${FLOOR:-1}" = 1 ]; then
        f=$(through $((PB + 38)) $((PB + 39)) "$n" "$T")
        printf '%s\t%s\tfloorv\t%s\n' "$r" "$n" "$f" >> "$OUT/raw/fanout.tsv.new"
      fi
    done
  done
  stop_daemon
  if [ "${FLOOR:-1}" = 1 ]; then
    kill "$FLOOR_PID" 2>/dev/null || true; wait "$FLOOR_PID" 2>/dev/null || true
    if grep -Eq "invalid=[1-9]" "$WORK/floor.out"; then
      echo "NettyTcpFloor counted tcp_send's messages as invalid: not a floor" >&2; cat "$WORK/floor.out" >&2; exit 1
    fi
  fi
  mv "$OUT/raw/fanout.tsv.new" "$OUT/raw/fanout.tsv"

  log "fanout: memory per idle subscriber ($IDLE_SUBS)"
  : > "$OUT/raw/idle.tsv.new"
  for r in $(seq "$ROUNDS"); do
    relay_yaml idle $((PB + 42)) $((PB + 43))
    start_daemon idle
    wait_listening $((PB + 42)) 300
    sleep "$SETTLE"
    heap0=$(live_heap_kb "$DAEMON")
    sleep 4                   # the launcher trims the native heap every 3 s: RSS after the GC's shrink and a trim
    rss0=$(rss_kb "$DAEMON")
    "$WORK/lb/tcp_recv" -C $((PB + 43)) -c "$IDLE_SUBS" -t $((SETTLE + 20)) >/dev/null 2>&1 &
    rp=$!
    PIDS+=("$rp")
    sleep "$SETTLE"
    heap1=$(live_heap_kb "$DAEMON")
    sleep 4                   # the launcher trims the native heap every 3 s: RSS after the GC's shrink and a trim
    rss1=$(rss_kb "$DAEMON")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$IDLE_SUBS" "$rss0" "$rss1" "$heap0" "$heap1" >> "$OUT/raw/idle.tsv.new"
    kill "$rp" 2>/dev/null || true
    stop_daemon
  done
  mv "$OUT/raw/idle.tsv.new" "$OUT/raw/idle.tsv"
fi

# --------------------------------------------------------------------------------------------------------- nodes
if want nodes; then
  log "nodes: $NODES"
  : > "$OUT/raw/nodes.tsv.new"
  for r in $(seq "$ROUNDS"); do
    for n in $NODES; do
      {
        echo "log_level: WARN"
        echo "metrics: {enabled: false}"
        echo "http: {port: 0}"   # on, as by default (a free port)
        echo "nodes:"
        for j in $(seq 0 $((n - 1))); do
          case $((j % 3)) in
            0) echo "  - {kind: date-pull, name: n$j, port: $((PB + 200 + j)), codenames: [temperature, pressure]}";;
            1) echo "  - {kind: push, name: n$j, port: $((PB + 200 + j))}";;
            2) echo "  - {kind: bridge-server, name: n$j, port: $((PB + 200 + j))}";;
          esac
        done
      } > "$WORK/nodes.yaml"
      start_daemon nodes
      udp_ask $((PB + 200)) name
      sleep "$SETTLE"
      printf '%s\t%s\t%s\n' "$r" "$n" "$(rss_kb "$DAEMON")" >> "$OUT/raw/nodes.tsv.new"
      stop_daemon
    done
  done
  mv "$OUT/raw/nodes.tsv.new" "$OUT/raw/nodes.tsv"
fi

# ------------------------------------------------------------------------------------------------------- netdata
if want netdata; then
  dist_ensure netdata-adapter netdata-adapter/target/labbridge-plugin/lib/netdata-adapter.jar
  : > "$OUT/raw/netdata.tsv.new"
  for n in $DIMS; do
    log "netdata: $n dimensions (${ND_WARMUP} s warm-up, ${ND_SECONDS} s measured)"
    o=$(JOBS=$(( (n + 999) / 1000 )) bench/netdata-plugin-footprint.sh "$n" "$ND_SECONDS" "$ND_WARMUP")
    # round, dimensions, CPU %, RSS max MB, RSS mean MB, the python3 baseline's CPU % and RSS max MB
    printf '1\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$(echo "$o" | sed -n 's/.*CPU *\([0-9.]*\) %.*/\1/p')" \
      "$(echo "$o" | sed -n 's/.*RSS *max \([0-9.]*\) MB.*/\1/p')" \
      "$(echo "$o" | sed -n 's/.*mean \([0-9.]*\) MB.*/\1/p')" \
      "$(echo "$o" | sed -n 's/.*baseline.*: \([0-9.]*\) % of one core.*/\1/p')" \
      "$(echo "$o" | sed -n 's/.*baseline.*peak RSS \([0-9.]*\) MB.*/\1/p')" >> "$OUT/raw/netdata.tsv.new"
  done
  mv "$OUT/raw/netdata.tsv.new" "$OUT/raw/netdata.tsv"
fi

echo "# load after: $(uptime | sed 's/.*load average/load average/')" >> "$WORK/meta.txt"
for c in $CURVES; do cp "$WORK/meta.txt" "$OUT/raw/$c.meta"; done
python3 bench/curves_report.py "$OUT"
