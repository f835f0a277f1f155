#!/usr/bin/env bash
# Footprint of labbridge.plugin at N (1,000) dimensions per second: a Python PyExpLabSys-like pull socket with
# N codenames (changing values), the plugin from the dist layout with update_every 1 and its stdout to
# /dev/null (what Netdata would parse), stdin held open like Netdata does. After a warm-up, samples VmRSS
# every second and CPU time (utime+stime from /proc/<pid>/stat) over the measuring window.
#
# With BRIDGE=1 a second job reads a TCP bridge (a Python server sending one 0x17-framed JSON message of 10
# codenames per second), so the Netty-based bridge client is loaded and measured too.
#
# usage: [BRIDGE=1] [JOBS=1] bench/netdata-plugin-footprint.sh [N=1000] [SECONDS=30] [WARMUP=10]
# (JOBS=10 with N=10000: ten pull sockets and jobs of 1,000 codenames, as one json_wn reply must fit a datagram)
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
printf 'autodetect: false\njobs:\n' > "$tmp/labbridge.conf"
for j in $(seq "$jobs"); do
  python3 "$here/integration-tests/src/test/resources/org/labbridge/it/fake_pull_socket.py" 0 bench \
      $(( n / jobs + (j <= n % jobs ? 1 : 0) )) > "$tmp/py$j.out" &
  pids+=($!)
  for _ in $(seq 50); do grep -q ready "$tmp/py$j.out" 2>/dev/null && break; sleep 0.1; done
  printf '  bench%s:\n    pull: 127.0.0.1:%s\n' "$j" "$(awk '/ready/ {print $2}' "$tmp/py$j.out")" >> "$tmp/labbridge.conf"
done
if [ "${BRIDGE:-0}" = 1 ]; then
  python3 - > "$tmp/bridge.out" <<'PY' &
import json, random, socket, threading, time
srv = socket.create_server(("127.0.0.1", 0)); print("ready", srv.getsockname()[1], flush=True)
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
NETDATA_USER_CONFIG_DIR="$tmp" NETDATA_VERSION=v1.37.1 "$dist/bin/labbridge.plugin" 1 <&3 >/dev/null 2>"$tmp/err" &
plugin=$!; pids+=($plugin)
hz="$(getconf CLK_TCK)"
cpu() { awk '{print $14 + $15}' "/proc/$plugin/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$plugin/status"; }
sleep "$warm"
c0="$(cpu)"; t0="$(date +%s.%N)"; max=0; sum=0
for _ in $(seq "$secs"); do sleep 1; r="$(rss)"; sum=$((sum + r)); [ "$r" -gt "$max" ] && max="$r"; done
c1="$(cpu)"; t1="$(date +%s.%N)"
awk -v n="$n" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v max="$max" -v sum="$sum" -v s="$secs" -v bridge="$([ "${BRIDGE:-0}" = 1 ] && echo ' + 1 bridge job (10 codenames)')" 'BEGIN {
  printf "labbridge.plugin, %d dimensions/s%s, update_every 1, %d s window:\n", n, bridge, s
  printf "  RSS  max %.1f MB, mean %.1f MB (goal <= 64 MB)\n", max / 1024, sum / s / 1024
  printf "  CPU  %.2f %% of one core (goal <= 1 %%)\n", 100 * (c1 - c0) / hz / (t1 - t0) }'
grep -v '^$' "$tmp/err" | tail -3 || true
