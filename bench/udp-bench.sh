#!/usr/bin/env bash
# UDP benchmark of labbridge's pull (json_wn) and push (json_wn#{...}) sockets against loopback-bench's C
# limit server (udp_srv), measured in the same run, alternating, at 1, 16 and 64 requests in flight.
#
#   bench/udp-bench.sh            # T=5 s per measurement, 1 s warm-up, 1 round
#   T=5 ROUNDS=3 bench/udp-bench.sh
#   JAVA_OPTS="-XX:+UseParallelGC" KS="16 64" bench/udp-bench.sh   # JVM options of the labbridge server, fewer levels
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
PUSH_MSG='json_wn#{"t": 21.5}'

WORK=$(mktemp -d /tmp/labbridge-udp-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. loopback-bench, built in a temp dir from its sources
SRC=${LOOPBACK_BENCH:-}
for cand in "$SRC" /work/shared/tools/loopback-bench "$ROOT/../shared/tools/loopback-bench"; do
  if [ -n "$cand" ] && [ -f "$cand/udp_load.c" ]; then SRC=$cand; break; fi
done
[ -f "$SRC/udp_load.c" ] || { echo "loopback-bench not found: set LOOPBACK_BENCH" >&2; exit 1; }
cp -r "$SRC" "$WORK/lb"
rm -f "$WORK/lb/udp_srv" "$WORK/lb/udp_load"
make -s -C "$WORK/lb" udp_srv udp_load >/dev/null

# 2. labbridge's benchmark server (bridge-server test classes)
# Offline first; online only if a plugin (maven-dependency-plugin's own dependencies) is not cached yet.
build_cp() {
  mvn -B -q "$@" -pl bridge-server -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >"$WORK/mvn.out" 2>&1
}
build_cp -o || build_cp || { cat "$WORK/mvn.out"; exit 1; }
CP="bridge-server/target/test-classes:bridge-server/target/classes:$(cat "$WORK/cp.txt")"
TOTAL=$(( (3 * $(echo $KS | wc -w) * (T + W + 1) + 30) * ROUNDS ))
java -Xmx256m ${JAVA_OPTS:-} -Dlabbridge.log.level=WARN -cp "$CP" org.labbridge.bench.UdpBench "$PULL_PORT" "$PUSH_PORT" "$TOTAL" \
    > "$WORK/java.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q ready "$WORK/java.out" 2>/dev/null && break; sleep 0.2; done
grep -q ready "$WORK/java.out" || { echo "benchmark server did not start:"; cat "$WORK/java.out"; exit 1; }

# 3. Warm the JIT (not measured), then alternate C / pull / push per in-flight level.
"$WORK/lb/udp_load" -p "$PULL_PORT" -k 16 -t 3 -w 1 >/dev/null
"$WORK/lb/udp_load" -p "$PUSH_PORT" -k 16 -t 3 -w 1 -m "$PUSH_MSG" >/dev/null

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
  printf '%s %s %s %s %s\n' "$1" "$3" "$(echo "$out" | field rate)" "$(echo "$out" | field p50_us)" \
      "$(echo "$out" | field p99_us)" "$(echo "$out" | field lost)" >> "$WORK/results.txt"
}
: > "$WORK/results.txt"
for r in $(seq "$ROUNDS"); do
  for k in $KS; do
    run c "$C_PORT" "$k"
    run pull "$PULL_PORT" "$k"
    run c "$C_PORT" "$k"
    run push "$PUSH_PORT" "$k" "$PUSH_MSG"
  done
done

echo "udp-bench: T=${T}s W=${W}s rounds=$ROUNDS cores=$(nproc) ($(date -u +%FT%TZ))"
awk '
  { key=$1" "$2; n[key]++; rate[key]+=$3; p50[key]+=$4; p99[key]+=$5; lost[key]+=$6 }
  END {
    printf "%-5s %4s %10s %8s %8s %6s   %s\n", "what", "k", "rate/s", "p50_us", "p99_us", "lost", "vs C (rate, p99)"
    split("'"$KS"'", ks, " ")
    for (i = 1; i in ks; i++) {
      k = ks[i]; c = "c " k
      cr = rate[c]/n[c]; c99 = p99[c]/n[c]
      printf "%-5s %4s %10.0f %8.1f %8.1f %6d\n", "c", k, cr, p50[c]/n[c], c99, lost[c]
      split("pull push", ws, " ")
      for (j = 1; j <= 2; j++) {
        w = ws[j]; key = w " " k
        if (!(key in n)) continue
        r = rate[key]/n[key]; q = p99[key]/n[key]
        printf "%-5s %4s %10.0f %8.1f %8.1f %6d   %.2fx rate, %.2fx p99\n", w, k, r, p50[key]/n[key], q, lost[key], r/cr, q/c99
      }
    }
  }' "$WORK/results.txt"
if [ -n "${RAW:-}" ]; then cat "$WORK/raw.txt"; fi
