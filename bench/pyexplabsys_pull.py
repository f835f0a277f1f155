#!/usr/bin/env python3
"""The Python reference for bench/curves.sh's pull curve: PyExpLabSys's own DateDataPullSocket with N codenames
(c0000...), every point set as labbridge's are (20 + j / 7), serving until killed.

usage: pyexplabsys_pull.py PYEXPLABSYS_DIR PORT N   (PYEXPLABSYS_DIR holds the PyExpLabSys package)
Prints "ready" once serving.
"""
import sys
import time

sys.path.insert(0, sys.argv[1])
from PyExpLabSys.settings import Settings  # noqa: E402

# PyExpLabSys refuses to import its sockets until these user settings exist; none is used on loopback.
settings = Settings()
for key, value in (("util_log_warning_email", "x"), ("util_log_error_email", "x"), ("util_log_mail_host", "x"),
                   ("util_log_max_emails_per_period", 1)):
    setattr(settings, key, value)
from PyExpLabSys.common.sockets import DateDataPullSocket  # noqa: E402

port, n = int(sys.argv[2]), int(sys.argv[3])
names = ["c%04d" % j for j in range(n)]
sock = DateDataPullSocket("bench", names, port=port)
sock.start()
for j, name in enumerate(names):
    sock.set_point_now(name, 20 + j / 7)
print("ready", flush=True)
while True:
    time.sleep(3600)
