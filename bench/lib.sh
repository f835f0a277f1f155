# Helpers shared by the bench scripts (sourced, not run). The caller has cd'd to the repository root.

# lb_build DIR: builds loopback-bench (LOOPBACK_BENCH, else ../shared/tools/loopback-bench) into DIR, with the
# changed tools of bench/c laid over it (see bench/c/README.md); the shared sources stay untouched.
lb_build() {
  local src=${LOOPBACK_BENCH:-} cand
  for cand in "$src" "$(pwd)/../shared/tools/loopback-bench" /work/shared/tools/loopback-bench; do
    if [ -n "$cand" ] && [ -f "$cand/udp_load.c" ]; then src=$cand; break; fi
  done
  [ -f "$src/udp_load.c" ] || { echo "loopback-bench not found: set LOOPBACK_BENCH" >&2; return 1; }
  mkdir -p "$1"
  cp "$src"/*.c "$src"/*.h "$src"/Makefile "$1"/
  cp bench/c/*.c bench/c/*.h "$1"/
  make -s -C "$1" >/dev/null
  # the validating ingest limit must answer as labbridge's validator does before it is used as a baseline
  ${CC:-cc} -O2 -std=gnu11 -o "$1/json_check_test" bench/c/json_check_test.c && "$1/json_check_test"
}

# dist_ensure [MODULE JAR]: a module's distribution (default: the daemon's, bridge-server/target/labbridge),
# rebuilt when a main source is newer than JAR.
dist_ensure() {
  local module=${1:-bridge-server} jar=${2:-bridge-server/target/labbridge/lib/bridge-server.jar} out
  [ -f "$jar" ] && [ -z "$(find . -path '*/src/main/*' -type f -newer "$jar" -print -quit)" ] && return 0
  out=$(mktemp)
  mvn -B -q -o -DskipTests -pl "$module" -am package >"$out" 2>&1 \
    || mvn -B -q -DskipTests -pl "$module" -am package >"$out" 2>&1 || { cat "$out"; rm -f "$out"; return 1; }
  rm -f "$out"
}

# listening PORT: whether something listens on TCP PORT of this host, read from /proc/net/tcp{,6}. Not by
# connecting: a port of the ephemeral range that nothing listens on yet can be connected to ITSELF (TCP
# simultaneous open, when the kernel picks that very port as the probe's source: successive probes walk the
# source ports), and the daemon then cannot bind it (seen here: "Address already in use" on a bench port).
listening() {
  local hex
  hex=$(printf ':%04X' "$1")
  awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# wait_listening PORT [TRIES]: waits (0.1 s steps, 150 by default) until something listens on PORT.
wait_listening() {
  local i
  for i in $(seq "${2:-150}"); do listening "$1" && return 0; sleep 0.1; done
  return 1
}

# cpu_ticks PID: user + system clock ticks of a process so far (getconf CLK_TCK per second).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# cpu_split PID: "user system" clock ticks of a process so far.
cpu_split() { awk '{print $14, $15}' "/proc/$1/stat"; }

# rss_kb PID: resident set size in KiB.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# live_heap_kb PID: the Java heap in use (KiB) right after a full GC (jcmd), i.e. what is still reachable.
live_heap_kb() {
  jcmd "$1" GC.run >/dev/null 2>&1 || return 0
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/generation|heap/ && /used/ {
    for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } } END { print s + 0 }'
}

# push_until_ack PORT MESSAGE [TRIES]: sends MESSAGE to the push socket on 127.0.0.1:PORT until it answers ACK#
# (0.2 s steps, 100 by default): a daemon that is starting, fed its first values.
push_until_ack() {
  local i
  for i in $(seq "${3:-100}"); do
    python3 - "$1" "$2" <<'PY' && return 0
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2)
s.sendto(sys.argv[2].encode(), ("127.0.0.1", int(sys.argv[1])))
try:
    sys.exit(0 if s.recv(65535).startswith(b"ACK#") else 1)
except OSError:
    sys.exit(1)
PY
    sleep 0.2
  done
  return 1
}
