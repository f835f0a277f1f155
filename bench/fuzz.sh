#!/usr/bin/env bash
# The fuzz suite of issue 10 in its long mode: FuzzIT (integration-tests) against the shipped daemon with
# N hostile datagrams (default 10,000,000) at RATE per second (default 6000), N/200 hostile bridge frames
# and 16 slowloris connections, valid probes interleaved. Prints the seed, datagrams sent, probes
# answered/correct/dropped, RSS idle/after, log lines and the duration; fails as the test does.
#   N=1000000 RATE=6000 SEED=123 bench/fuzz.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n="${N:-10000000}"
rate="${RATE:-6000}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
echo "fuzz: $n datagrams at $rate/s (about $((n / rate)) s); load: $(uptime)"
args=(-B -q -o -pl integration-tests -am verify -Dit.test=FuzzIT -Dtest=none
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
      -Dfuzz.datagrams="$n" -Dfuzz.rate="$rate" -Dfuzz.report="$report")
if [ -n "${SEED:-}" ]; then args+=(-Dfuzz.seed="$SEED"); fi
rc=0
(cd "$here" && mvn "${args[@]}") || rc=$?
echo "fuzz: $(cat "$report" 2>/dev/null || echo 'no figures (see integration-tests/target/failsafe-reports)')"
echo "fuzz: daemon log in integration-tests/target/FuzzIT-daemon.log; load after: $(uptime)"
exit "$rc"
