#!/usr/bin/env python3
"""A tiny PyExpLabSys-like pull socket (DateDataPullSocket replies) for labbridge's tests and benchmarks.

usage: fake_pull_socket.py PORT NAME [N]   (N > 0: N codenames cn0000.. with changing values)
Commands: name, codenames_json, json_wn, raw; test extension: set#{"cn": value, ...} sets points (now, value).
Prints "ready <port>" on stdout once bound (PORT 0 picks a free port).
"""
import json
import math
import socket
import sys
import time

port, name = int(sys.argv[1]), sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
points = {}
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
print("ready", sock.getsockname()[1], flush=True)
while True:
    data, addr = sock.recvfrom(65535)
    req = data.decode("utf-8", "replace")
    now = time.time()
    if n:
        for i in range(n):
            points["cn%04d" % i] = (now, round(math.sin(now / 10 + i) * 100, 3))
    if req == "name":
        reply = name
    elif req == "codenames_json":
        reply = json.dumps(list(points))
    elif req == "json_wn":
        reply = json.dumps({k: list(v) for k, v in points.items()})
    elif req == "raw":
        reply = ";".join("%r,%r" % v for v in points.values())
    elif req.startswith("set#"):
        for k, v in json.loads(req[4:]).items():
            points[k] = (now, v)
        reply = "ACK"
    else:
        reply = "UNKNOWN_COMMMAND"
    sock.sendto(reply.encode("utf-8"), addr)
