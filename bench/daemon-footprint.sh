#!/usr/bin/env bash
# Daemon footprint: time from exec to the first answered pull request, and idle RSS after a settle period.
#   bench/daemon-footprint.sh [CONFIG] [SETTLE_SECONDS]
# Uses the built distribution (./labbridge builds it on first use). Prints one line per run of 5.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
config="${1:-}"
settle="${2:-10}"
[ -x "$here/bridge-server/target/labbridge/bin/labbridge" ] || "$here/labbridge" version >/dev/null
bin="$here/bridge-server/target/labbridge/bin/labbridge"
port=9000
args=(run)
if [ -n "$config" ]; then args+=(-c "$config"); fi
python3 - "$bin" "$settle" "$port" "${args[@]}" <<'PY'
import os, signal, socket, statistics, subprocess, sys, time
bin_, settle, port, args = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
ready, rss = [], []
for run in range(5):
    t0 = time.monotonic()
    p = subprocess.Popen([bin_] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.05)
    deadline = t0 + 30
    while time.monotonic() < deadline:
        try:
            s.sendto(b"name", ("127.0.0.1", port)); s.recv(65535); break
        except OSError:
            pass
    t_ready = time.monotonic() - t0
    time.sleep(settle)  # idle: nothing is sent; the JVM settles (JIT, GC)
    with open(f"/proc/{p.pid}/status") as f:
        kb = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    p.send_signal(signal.SIGTERM); rc = p.wait(15)
    ready.append(t_ready); rss.append(kb / 1024)
    print(f"run {run}: serving after {t_ready*1000:.0f} ms, idle RSS {kb/1024:.1f} MiB, exit {rc}")
print(f"median: serving after {statistics.median(ready)*1000:.0f} ms, idle RSS {statistics.median(rss):.1f} MiB")
PY
