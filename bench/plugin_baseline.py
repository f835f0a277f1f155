#!/usr/bin/env python3
"""The trivial baseline of bench/netdata-plugin-footprint.sh: what labbridge.plugin does each second, in the
fewest lines of Python. Every second (on the wall clock's second, as the plugin) it sends json_wn to each pull
socket, parses the reply with the json module and prints a plugins.d BEGIN/SET/END block per codename (value
x 1000 as an integer) to stdout in one write. No decade scale, no declarations, no error handling beyond
skipping a socket that does not answer: a floor for "pull + parse + print", not a plugin.

usage: plugin_baseline.py PORT...   (pull sockets on 127.0.0.1)
"""
import json
import socket
import sys
import time

socks = []
for port in sys.argv[1:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("127.0.0.1", int(port)))
    s.settimeout(0.5)
    socks.append(s)
out = sys.stdout
while True:
    time.sleep(1 - time.time() % 1)
    lines = []
    for job, s in enumerate(socks, 1):
        try:
            s.send(b"json_wn")
            points = json.loads(s.recv(65535))
        except (OSError, ValueError):
            continue
        for codename, point in points.items():
            if isinstance(point, list) and len(point) > 1 and isinstance(point[1], (int, float)):
                lines.append("BEGIN labbridge_bench%d.%s\nSET %s = %d\nEND\n" % (job, codename, codename,
                                                                               round(point[1] * 1000)))
    out.write("".join(lines))
    out.flush()
