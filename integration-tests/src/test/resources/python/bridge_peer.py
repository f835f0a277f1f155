#!/usr/bin/env python3
"""A datalogd-style socket bridge peer, written from the wire spec with the standard library only.

A message is json.dumps(value).encode('utf8') followed by b'\\x17', or, close-delimited, the whole
connection. Every value this peer receives is printed to stdout as one json.dumps line.

  bridge_peer.py client HOST PORT N     connect, send VALUES, print N received messages
  bridge_peer.py server N               listen on 127.0.0.1:0 (prints "PORT p"), print N received
                                        messages, then send VALUES and wait for the peer to close
  bridge_peer.py close-client HOST PORT one connection per value: connect, send, close
  bridge_peer.py close-server N         accept N connections, each one message (until EOF)

With PEER_TLS_CA in the environment, client and server speak TLS (Python's ssl module): the CA file
verifies the peer (client: its certificate must name HOST; server: a client certificate is required),
and PEER_TLS_CERT / PEER_TLS_KEY, if set, are this peer's own certificate and key.
"""
import json
import os
import socket
import ssl
import sys

DELIM = b'\x17'
VALUES = [
    {"t": 21.5, "name": "Ångström µ°C", "emoji": "\U0001F52C"},
    {"nan": float('nan'), "inf": float('inf'), "ninf": float('-inf')},
    [1, 2, "три", None, True],
    "plain string",
    12345678901234567890,
]


def report(value):
    print(json.dumps(value, ensure_ascii=False), flush=True)


def recv_messages(sock, n):
    buf = b''
    got = 0
    while got < n:
        data = sock.recv(65536)
        if not data:
            break
        buf += data
        while DELIM in buf and got < n:
            msg, buf = buf.split(DELIM, 1)
            report(json.loads(msg.decode('utf8')))
            got += 1


def tls_context(server_side):
    """The TLS context from the environment, or None for plain TCP."""
    ca = os.environ.get('PEER_TLS_CA')
    if not ca:
        return None
    if server_side:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(ca)
    else:
        ctx = ssl.create_default_context(cafile=ca)
    if os.environ.get('PEER_TLS_CERT'):
        ctx.load_cert_chain(os.environ['PEER_TLS_CERT'], os.environ['PEER_TLS_KEY'])
    return ctx


def listener():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(('127.0.0.1', 0))
    srv.listen(16)
    print('PORT %d' % srv.getsockname()[1], flush=True)
    return srv


def main():
    mode = sys.argv[1]
    if mode == 'client':
        sock = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=20)
        ctx = tls_context(False)
        if ctx:
            sock = ctx.wrap_socket(sock, server_hostname=sys.argv[2])
        for v in VALUES:
            sock.sendall(json.dumps(v).encode('utf8') + DELIM)
        recv_messages(sock, int(sys.argv[4]))
        sock.close()
    elif mode == 'server':
        srv = listener()
        conn, _ = srv.accept()
        conn.settimeout(20)
        ctx = tls_context(True)
        if ctx:
            conn = ctx.wrap_socket(conn, server_side=True)
        recv_messages(conn, int(sys.argv[2]))
        for v in VALUES:
            conn.sendall(json.dumps(v).encode('utf8') + DELIM)
        while conn.recv(65536):
            pass
        conn.close()
    elif mode == 'close-client':
        for v in VALUES:
            sock = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=20)
            sock.sendall(json.dumps(v).encode('utf8'))
            sock.close()
    elif mode == 'close-server':
        srv = listener()
        for _ in range(int(sys.argv[2])):
            conn, _ = srv.accept()
            conn.settimeout(20)
            chunks = []
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                chunks.append(data)
            conn.close()
            report(json.loads(b''.join(chunks).decode('utf8')))
    else:
        sys.exit('unknown mode ' + mode)


if __name__ == '__main__':
    main()
