#!/usr/bin/env bash
# tcp_relay_test.sh DIR PORT: checks the tcp_relay built in DIR on 127.0.0.1:PORT (upstream) and PORT+1
# (subscribers): with -V, in batch and msg mode, every subscriber gets exactly the valid messages of a
# hand-made stream (invalid JSON, an empty frame, bad UTF-8 dropped; a message cut across two reads and a run
# with nothing to drop relayed whole) and bad= counts the dropped ones; without -V every complete message goes
# out unchanged and the summary has no bad=. Exit status 1 on the first wrong answer (bench scripts run it
# before they use tcp_relay -V as a baseline).
set -euo pipefail
dir=$1 up=$2 down=$(($2 + 1))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D=$'\x17'
ok1='{"type": "sample", "source": "a_power", "t": 1414150015.697648, "value": 47.0, "seq": 1}'
ok2='[1, 2.5e-3, -0, true, false, null, NaN, -Infinity]'
ok3=$'{"\xc3\xa9": "\xe2\x82\xac"}'
ok4='{"cut": "across two reads"}'
ok5='{"a": {"b": [[], {}]}}'
bad1='{"a": }' bad3=$'"\xc0\xaf"'
# first write: ok1, invalid JSON, ok2, an empty frame, ok3, bad UTF-8 (an overlong '/'), half of ok4;
# then (a second read) the rest of ok4, ok5 and a message without its delimiter (never complete: not relayed)
part1="$ok1$D$bad1$D$ok2$D$D$ok3$D$bad3$D${ok4:0:10}"
part2="${ok4:10}$D$ok5$D{\"unfinished\": 1"
valid="$ok1$D$ok2$D$ok3$D$ok4$D$ok5$D"
complete="$ok1$D$bad1$D$ok2$D$D$ok3$D$bad3$D$ok4$D$ok5$D"

# run CLIENTS ARGS...: the relay with ARGS, CLIENTS subscribers (their bytes in $tmp/sub<i>), the stream above
run() {
  local n=$1 i rp
  shift
  rm -f "$tmp/summary" "$tmp/err"   # not the previous run's "waiting" (the new relay truncates it only once started)
  "$dir/tcp_relay" -u "$up" -d "$down" -n "$n" -t 10 "$@" >"$tmp/summary" 2>"$tmp/err" & rp=$!
  for _ in $(seq 100); do grep -q waiting "$tmp/err" 2>/dev/null && break; sleep 0.05; done
  grep -q waiting "$tmp/err" 2>/dev/null || fail "tcp_relay $* did not start"
  local subs=()
  for i in $(seq "$n"); do cat </dev/tcp/127.0.0.1/"$down" >"$tmp/sub$i" & subs+=($!); done
  {
    printf '%s' "$part1"
    sleep 0.3   # the relay reads the first part on its own
    printf '%s' "$part2"
  } >/dev/tcp/127.0.0.1/"$up"
  wait "$rp" || fail "tcp_relay $* did not end well"
  wait "${subs[@]}" || fail "a subscriber of tcp_relay $* did not end well"
}
fail() { echo "tcp_relay_test: $*" >&2; cat "$tmp/summary" "$tmp/err" >&2 || true; exit 1; }
expect() { # WHAT CLIENTS EXPECTED_BYTES
  local i
  for i in $(seq "$2"); do
    [ "$(od -An -tx1 "$tmp/sub$i")" = "$(printf '%s' "$3" | od -An -tx1)" ] || fail "$1: subscriber $i got $(od -c "$tmp/sub$i")"
  done
}

run 2 -m batch -V
expect "-m batch -V" 2 "$valid"
grep -q ' msgs_in=8 .* bad=3 ' "$tmp/summary" || fail "-m batch -V: expected msgs_in=8 bad=3"
run 1 -m msg -V
expect "-m msg -V" 1 "$valid"
grep -q ' msgs_in=8 .* bad=3 ' "$tmp/summary" || fail "-m msg -V: expected msgs_in=8 bad=3"
run 2 -m batch
expect "-m batch" 2 "$complete"
grep -q ' msgs_in=8 ' "$tmp/summary" && ! grep -q 'bad=' "$tmp/summary" || fail "-m batch: expected msgs_in=8, no bad="
