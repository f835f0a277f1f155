"""A PyExpLabSys-style client: the standard socket module only, commands sent exactly as the PyExpLabSys
docs do, every reply checked byte for byte against the spec (pyexplabsys-sockets.md).

Usage: python3 pyexplabsys_client.py DATE_PULL_PORT PUSH_PORT DIRECT_PUSH_PORT
"""
import json
import socket
import sys

date_port, push_port, direct_port = (int(a) for a in sys.argv[1:4])
HOST = '127.0.0.1'

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(5)
failures = []
checked = 0


def ask(port, command):
    sock.sendto(command, (HOST, port))
    return sock.recv(65535)


def check(port, command, expected):
    global checked
    checked += 1
    got = ask(port, command)
    if got != expected:
        failures.append('{!r} on port {}: expected {!r}, got {!r}'.format(command, port, expected, got))


# Section 3, pull socket: temperature=(1414154338.172345, 21.5), pressure stale
check(date_port, b'name', b'my socket')
check(date_port, b'codenames_raw', b'temperature,pressure')
check(date_port, b'codenames_json', b'["temperature", "pressure"]')
check(date_port, b'raw', b'1414154338.172345,21.5;OLD_DATA')
check(date_port, b'json', b'[[1414154338.172345, 21.5], "OLD_DATA"]')
check(date_port, b'raw_wn', b'temperature:1414154338.172345,21.5;pressure:OLD_DATA')
check(date_port, b'json_wn', b'{"temperature": [1414154338.172345, 21.5], "pressure": "OLD_DATA"}')
check(date_port, b'temperature#raw', b'1414154338.172345,21.5')
check(date_port, b'temperature#json', b'[1414154338.172345, 21.5]')
check(date_port, b'pressure#raw', b'OLD_DATA')
check(date_port, b'pressure#json', b'"OLD_DATA"')
for unknown in (b'anything', b'nosuch#raw', b'temperature#JSON', b'#raw', b'temperature#', b'data',
                b'codenames', b'raw\n', b'raw ', b'RAW'):
    check(date_port, unknown, b'UNKNOWN_COMMMAND')
# the client's own parsing, as PyExpLabSys users do it
data = json.loads(ask(date_port, b'json_wn').decode('ascii'))
assert data['temperature'] == [1414154338.172345, 21.5], data
status = json.loads(ask(date_port, b'status'))
assert set(status) == {'system_status', 'socket_server_status'}, status
assert str(date_port) in status['socket_server_status'], status
entry = status['socket_server_status'][str(date_port)]
assert entry['name'] == 'my socket' and entry['type'] == 'date' and entry['status'] == 'OK', entry
assert 'load_average' in status['system_status'], status

# Section 4, push socket (store_last)
check(push_port, b'name', b'RET#pusher')
check(push_port, b'commands', b'RET#["json_wn#", "raw_wn#", "name", "status", "commands"]')
check(push_port, b'json_wn#{"greeting": "Live long and prosper", "number": 47}',
      b"ACK#{'greeting': 'Live long and prosper', 'number': 47}")
check(push_port, b'json_wn#{"a": 1e16, "b": true, "c": NaN, "n": null}',
      b"ACK#{'a': 1e+16, 'b': True, 'c': nan, 'n': None}")
check(push_port, b'raw_wn#greeting:str:Live long and prosper;numbers:int:47,42',
      b"ACK#{'greeting': 'Live long and prosper', 'numbers': [47, 42]}")
check(push_port, b'json_wn#nonsense', b"ERROR#The string 'nonsense' could not be decoded as JSON")
check(push_port, b'json_wn#[1, 2]',
      b"ERROR#The object '[1, 2]' returned after decoding the JSON string is not a dict")
check(push_port, b'json_wn#"nonsense"',
      b"ERROR#The object 'nonsense' returned after decoding the JSON string is not a dict")
check(push_port, b'raw_wn#a:int',
      b"ERROR#The data part 'a:int' did not match the expected format of 3 parts divided by ':'")
check(push_port, b'raw_wn#a:double:1',
      b"ERROR#The data type 'double' is unknown. Only dict_keys(['int', 'float', 'str', 'bool']) are allowed")
check(push_port, b'raw_wn#a:int:1.5',
      b"ERROR#Unable to convert values to 'int'. Error is: invalid literal for int() with base 10: '1.5'")
check(push_port, b'raw_wn#a:float:abc',
      b"ERROR#Unable to convert values to 'float'. Error is: could not convert string to float: 'abc'")
check(push_port, b'raw_wn#a:bool:yes',
      b"ERROR#Unable to convert values to 'bool'. Error is: Cannot translate the string 'yes' to a boolean. "
      b"Only the strings 'True' or 'False' are allowed")
check(push_port, b'nonsense', b'ERROR#UNKNOWN_COMMMAND')
# section 8: a '#' inside the payload is accepted (Python: ERROR#UNKNOWN_COMMMAND)
check(push_port, b'json_wn#{"a": "#"}', b"ACK#{'a': '#'}")
status = json.loads(ask(push_port, b'status'))
assert status['socket_server_status'][str(push_port)]['status'] == 'DISABLED', status

# callback_direct with return_format raw
check(direct_port, b'json_wn#{"n": 47}', b'RET#answer:int:42;values:int:42,47')
check(direct_port, b'raw_wn#n:int:5', b'RET#answer:int:42;values:int:42,5')
check(direct_port, b'json_wn#{}', b'EXCEP#no n given')

if failures:
    print('{} of {} replies differ:'.format(len(failures), checked))
    for f in failures:
        print('  ' + f)
    sys.exit(1)
print('all {} replies byte-identical'.format(checked))
