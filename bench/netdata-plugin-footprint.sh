#!/usr/bin/env bash
# Footprint of labbridge.plugin at N (1,000) dimensions per second: a Python PyExpLabSys-like pull socket with
# N codenames (changing values), the plugin from the dist layout with update_every 1 and its stdout to
# /dev/null (what Netdata would parse), stdin held open like Netdata does. After a warm-up, samples VmRSS
# every second and CPU time (utime+stime from /proc/<pid>/stat) over the measuring window.
#
# Then, against the same pull sockets, the same for a trivial baseline (bench/plugin_baseline.py: python3 that
# pulls json_wn from every socket each second, json.loads it and prints BEGIN/SET/END per codename), and the
# ratio plugin / baseline of the two, measured in the same run; ROUNDS=n alternates the two n times.
# BASELINE=0 measures the plugin only.
#
# With BRIDGE=1 a second job reads a TCP bridge (a Python server sending one 0x17-framed JSON message of 10
# codenames per second), so the Netty-based bridge client is loaded and measured too (the baseline has no
# bridge job).
#
# usage: [BRIDGE=1] [JOBS=1] [ROUNDS=1] [BASELINE=1] [PORT_BASE=0] bench/netdata-plugin-footprint.sh [N=1000]
#        [SECONDS=30] [WARMUP=10]
# (JOBS=10 with N=10000: ten pull sockets and jobs of 1,000 codenames, as one json_wn reply must fit a datagram;
# PORT_BASE: the pull sockets listen on PORT_BASE, PORT_BASE+1, ..., and the bridge on PORT_BASE+JOBS; 0 = any
# free ports)
# needs: the dist (mvn -B -q -o -pl netdata-adapter -am package -DskipTests), python3
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-1000}"; secs="${2:-30}"; warm="${3:-10}"
dist="${DIST:-$here/netdata-adapter/target/labbridge-plugin}"
[ -x "$dist/bin/labbridge.plugin" ] || { echo "build the dist first: mvn -B -q -o -pl netdata-adapter -am package -DskipTests" >&2; exit 1; }
tmp="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

jobs="${JOBS:-1}"   # the N dimensions split over this many pull sockets and jobs (a datagram holds ~1,800)
port_base="${PORT_BASE:-0}"
port() { [ "$port_base" = 0 ] && echo 0 || echo $((port_base + $1)); }
printf 'autodetect: false\njobs:\n' > "$tmp/labbridge.conf"
pull_ports=()
for j in $(seq "$jobs"); do
  python3 "$here/integration-tests/src/test/resources/org/labbridge/it/fake_pull_socket.py" "$(port $((j - 1)))" bench \
      $(( n / jobs + (j <= n % jobs ? 1 : 0) )) > "$tmp/py$j.out" &
  pids+=($!)
  for _ in $(seq 50); do grep -q ready "$tmp/py$j.out" 2>/dev/null && break; sleep 0.1; done
  pull_ports+=("$(awk '/ready/ {print $2}' "$tmp/py$j.out")")
  printf '  bench%s:\n    pull: 127.0.0.1:%s\n' "$j" "${pull_ports[-1]}" >> "$tmp/labbridge.conf"
done
if [ "${BRIDGE:-0}" = 1 ]; then
  python3 - "$(port "$jobs")" > "$tmp/bridge.out" <<'PY' &
import json, random, socket, sys, threading, time
srv = socket.create_server(("127.0.0.1", int(sys.argv[1]))); print("ready", srv.getsockname()[1], flush=True)
def serve(c):
    try:
        while True:
            c.sendall(json.dumps({"b%d" % i: random.random() for i in range(10)}).encode() + b"\x17"); time.sleep(1)
    except OSError:
        c.close()
while True:
    threading.Thread(target=serve, args=(srv.accept()[0],), daemon=True).start()
PY
  pids+=($!)
  for _ in $(seq 50); do grep -q ready "$tmp/bridge.out" 2>/dev/null && break; sleep 0.1; done
  printf '  bridge:\n    bridge: 127.0.0.1:%s\n' "$(awk '/ready/ {print $2}' "$tmp/bridge.out")" >> "$tmp/labbridge.conf"
fi

mkfifo "$tmp/stdin"
exec 3<>"$tmp/stdin"   # keeps the plugin's stdin open, as Netdata does
hz="$(getconf CLK_TCK)"

# measure PID: after the warm-up, "CPU_PERCENT RSS_MAX_KB RSS_MEAN_KB" over the window
measure() {
  local pid=$1 c0 c1 t0 t1 max=0 sum=0 r
  sleep "$warm"
  c0="$(awk '{print $14 + $15}' "/proc/$pid/stat")"; t0="$(date +%s.%N)"
  for _ in $(seq "$secs"); do
    sleep 1; r="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")"; sum=$((sum + r)); [ "$r" -gt "$max" ] && max="$r"
  done
  c1="$(awk '{print $14 + $15}' "/proc/$pid/stat")"; t1="$(date +%s.%N)"
  awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v max="$max" -v sum="$sum" -v s="$secs" \
    'BEGIN { printf "%.3f %d %d\n", 100 * (c1 - c0) / hz / (t1 - t0), max, sum / s }'
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

for round in $(seq "${ROUNDS:-1}"); do
  NETDATA_USER_CONFIG_DIR="$tmp" NETDATA_VERSION=v1.37.1 "$dist/bin/labbridge.plugin" 1 <&3 >/dev/null 2>"$tmp/err" &
  plugin=$!; pids+=($plugin)
  read -r cpu max mean <<< "$(measure "$plugin")"
  stop "$plugin"
  awk -v n="$n" -v cpu="$cpu" -v max="$max" -v mean="$mean" -v s="$secs" -v r="$round" \
      -v bridge="$([ "${BRIDGE:-0}" = 1 ] && echo ' + 1 bridge job (10 codenames)')" 'BEGIN {
    printf "labbridge.plugin, %d dimensions/s%s, update_every 1, %d s window (round %d):\n", n, bridge, s, r
    printf "  RSS  max %.1f MB, mean %.1f MB (issue 15: <= 96 MB at 10,000)\n", max / 1024, mean / 1024
    printf "  CPU  %.2f %% of one core (issue 15: <= 2 %% at 10,000)\n", cpu }'
  grep -v '^$' "$tmp/err" | tail -3 || true
  if [ "${BASELINE:-1}" = 1 ]; then
    python3 "$here/bench/plugin_baseline.py" "${pull_ports[@]}" >/dev/null &
    base=$!; pids+=($base)
    read -r bcpu bmax bmean <<< "$(measure "$base")"
    stop "$base"
    awk -v cpu="$cpu" -v max="$max" -v bcpu="$bcpu" -v bmax="$bmax" 'BEGIN {
      printf "  baseline (bench/plugin_baseline.py, python3 pull + json.loads + print): %.2f %% of one core, peak RSS %.1f MB\n", bcpu, bmax / 1024
      if (bcpu > 0) printf "  plugin / baseline: CPU %.2fx, RSS %.1fx\n", cpu / bcpu, max / bmax; else printf "  plugin / baseline: CPU n/a (baseline below the clock tick), RSS %.1fx\n", max / bmax }'
  fi
done
