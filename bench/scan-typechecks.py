#!/usr/bin/env python3
"""Share of a JVM's CPU samples spent in HotSpot's secondary-supers scan, by compiled method.

On Java 17 (HotSpot before JDK 23's hashed secondary supers) an `instanceof` or cast against an interface
that fails, or that misses the one-entry cache, scans the class's interface list with `repne scasq`: ~35 ns
per check on our machines. perf attributes that time to the compiled method the check was inlined into, so
it hides in plain sight. This counts the samples whose instruction is that scan (the bytes F2 48 AF at the
sampled IP, or just before it: the sample often lands on the next instruction), read from the live
process's memory, and names the methods.

Usage, while the JVM still runs (its JIT code must still be mapped):
    perf record -e cpu-clock -F 1999 -p PID -o perf.data -- sleep 5
    jcmd PID Compiler.perfmap            # names for JIT code (/tmp/perf-PID.map)
    bench/scan-typechecks.py PID perf.data
"""
import collections
import subprocess
import sys

SCAN = b'\xf2\x48\xaf'  # repne scasq


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pid, data = int(sys.argv[1]), sys.argv[2]
    out = subprocess.run(['perf', 'script', '-i', data, '-F', 'ip,sym'], capture_output=True, text=True,
                         check=True).stdout
    samples = collections.Counter()
    total = 0
    for line in out.splitlines():
        parts = line.strip().split(None, 1)
        if not parts:
            continue
        try:
            ip = int(parts[0], 16)
        except ValueError:
            continue
        total += 1
        samples[(ip, parts[1] if len(parts) > 1 else '?')] += 1
    hits = collections.Counter()
    in_scan = 0
    with open(f'/proc/{pid}/mem', 'rb') as mem:
        for (ip, sym), count in samples.items():
            try:
                mem.seek(ip - 3)
                around = mem.read(6)
            except (OSError, ValueError, OverflowError):
                continue  # unmapped by now (or kernel addresses)
            if around[3:6] == SCAN or around[0:3] == SCAN:
                hits[sym] += count
                in_scan += count
    print(f'{total} samples, {in_scan} in the secondary-supers scan ({100 * in_scan / max(total, 1):.1f} %)')
    for sym, count in hits.most_common(25):
        print(f'{100 * count / total:6.2f} %  {sym[:160]}')


if __name__ == '__main__':
    main()
